/**
 * The figures of the analytics pages (数据分析 for the merchant, 数据 for a distributor), as pure
 * computation: the China-day window of a range, the zero-filled daily series, the conversion
 * funnel, and every rate in basis points (floor, held to [0, 10000]). The database groups rows by
 * a day index relative to the window's first China midnight (plain millisecond arithmetic, as
 * shared/earnings.ts does for the distributor center); this module turns those rows into figures.
 *
 * No zod here: the mini-program imports these helpers, and a schema value would bundle zod.
 */
import { chinaDay, chinaDayStart } from './chinaTime';
import { BASIS_POINTS_PER_WHOLE } from './money';
import { mulDiv } from './exactMath';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The distributor's trends cover the last 30 days. */
export const DISTRIBUTOR_ANALYTICS_DAYS = 30;

/** How many products and distributors the merchant's tops list. */
export const TOP_LIMIT = 10;

export interface AnalyticsWindow {
  /** China midnight of the first day. */
  startsAt: Date;
  /** China midnight after today: the range is [startsAt, endsAt). */
  endsAt: Date;
  days: number;
  /** The first and the last day, YYYY-MM-DD. */
  from: string;
  to: string;
}

/** The `days` China days ending today (inclusive) at `now`; whole days, since China has no DST. */
export function analyticsWindow(now: Date, days: number): AnalyticsWindow {
  const today = chinaDayStart(now);
  const startsAt = new Date(today.getTime() - (days - 1) * DAY_MS);
  const endsAt = new Date(today.getTime() + DAY_MS);
  return { startsAt, endsAt, days, from: chinaDay(startsAt), to: chinaDay(today) };
}

/**
 * A China day as the number YYYYMMDD: the day part of a productDailyStats or shareDailyStats `_id`
 * and their `day` field.
 */
export function dayNumber(at: Date | number): number {
  return Number(chinaDay(at).replace(/-/g, ''));
}

/** The productDailyStats `_id` of a product on the China day of `at`: `<productId>:<YYYYMMDD>`. */
export function productDayId(productId: string, at: Date | number): string {
  return `${productId}:${dayNumber(at)}`;
}

/** The shareDailyStats `_id` of a sharer on the China day of `at`: `<sharerOpenid>:<YYYYMMDD>`. */
export function shareDayId(sharerId: string, at: Date | number): string {
  return `${sharerId}:${dayNumber(at)}`;
}

/**
 * `part` as a share of `whole` in basis points, floored and held to [0, 10000]; null when the
 * whole is 0 (no share to speak of). A part above its whole (buy-now orders that skipped the
 * cart, for one) reads as 100%.
 */
export function shareBp(part: number, whole: number): number | null {
  if (whole <= 0) return null;
  if (part <= 0) return 0;
  if (part >= whole) return BASIS_POINTS_PER_WHOLE;
  return mulDiv(part, BASIS_POINTS_PER_WHOLE, whole).quotient;
}

/** One daily row as the database grouped it: the day index from the window's first day. */
export interface DayIndexRow {
  _id: number;
  [figure: string]: number;
}

/**
 * One point per day of the window, oldest first, with every named figure summed from the rows of
 * its day index and 0 on days without rows. Rows outside the window are left out.
 */
export function dailySeries<F extends string>(
  window: AnalyticsWindow,
  rows: readonly DayIndexRow[],
  figures: readonly F[],
): Array<{ day: string } & Record<F, number>> {
  const byIndex = new Map<number, DayIndexRow>();
  for (const row of rows) byIndex.set(row._id, row);
  return Array.from({ length: window.days }, (_, index) => {
    const row = byIndex.get(index);
    const point = { day: chinaDay(window.startsAt.getTime() + index * DAY_MS) } as { day: string } & Record<F, number>;
    for (const figure of figures) (point as Record<string, number | string>)[figure] = row?.[figure] ?? 0;
    return point;
  });
}

export const FUNNEL_STAGES = ['views', 'cartAdds', 'ordered', 'paid'] as const;
export type FunnelStage = (typeof FUNNEL_STAGES)[number];

export interface FunnelStep {
  stage: FunnelStage;
  count: number;
  /** This stage as a share of the stage before it, bp; null for the first stage or after a 0. */
  stepBp: number | null;
  /** This stage as a share of the first stage (views), bp; null when there were no views. */
  overallBp: number | null;
}

/** The funnel 浏览 → 加购 → 下单 → 支付 from the four counts of the range. */
export function funnelOf(counts: Record<FunnelStage, number>): FunnelStep[] {
  return FUNNEL_STAGES.map((stage, index) => {
    const previous = index > 0 ? counts[FUNNEL_STAGES[index - 1] as FunnelStage] : 0;
    return {
      stage,
      count: counts[stage],
      stepBp: index === 0 ? null : shareBp(counts[stage], previous),
      overallBp: index === 0 ? null : shareBp(counts[stage], counts.views),
    };
  });
}

/**
 * A product's counters on one China day (collection productDailyStats), written only by
 * increments (`_.inc`), never read back by the hot paths that count.
 */
export interface ProductDailyStatsDocument {
  /** `<productId>:<YYYYMMDD>` (productDayId). */
  _id: string;
  productId: string;
  /** The China day, YYYYMMDD as a number (dayNumber), so a range of days is a range query. */
  day: number;
  /** Product pages opened (the product page's first load asks the catalog to count it). */
  views: number;
  /** Adds to the cart from the product page. */
  cartAdds: number;
}

/**
 * A sharer's visits on one China day (collection shareDailyStats), written only by increments
 * (`_.inc`) from bindReferrer and read back only by the sharer's analytics (数据).
 */
export interface ShareDailyStatsDocument {
  /** `<sharerOpenid>:<YYYYMMDD>` (shareDayId). */
  _id: string;
  /** The OPENID of the share code's owner, whose shares were opened. */
  sharerId: string;
  /** The China day, YYYYMMDD as a number (dayNumber), so a range of days is a range query. */
  day: number;
  /**
   * Entries into the mini-program through the sharer's links, mini-program codes and posters
   * that day: one per bindReferrer call by someone other than the sharer, whatever it decided.
   */
  visits: number;
}
