/**
 * A distributor's earnings on the China calendar (UTC+8), for the distributor center: today,
 * this month, in total, and a daily series for the 30-day chart.
 *
 * Earnings of a commission are what it is worth to the distributor in the end: its amount net of
 * reversals and clawbacks (`netEarnedFen`), counted on the day the commission was created (the
 * order's settlement). A refund therefore lowers the figure of the day the commission was earned,
 * not the day of the refund: the chart shows what each day's sales finally brought.
 *
 * The database groups commissions by a day index relative to the window's first China midnight
 * (plain millisecond arithmetic, no time-zone support needed); this module builds the window and
 * turns the grouped rows into figures. Pure: no clock, no I/O. China days come from ./chinaTime.
 */
import { chinaDay, chinaDayStart, chinaMonthStart } from './chinaTime';
import type { CommissionDocument } from './ledger';

// Their home is ./chinaTime; re-exported for the callers that found them here.
export { chinaDateTime, chinaDay, chinaDayStart, chinaMonthStart } from './chinaTime';
export const DAY_MS = 24 * 60 * 60 * 1000;
/** Points of the earnings chart: today and the 29 days before it. */
export const CHART_DAYS = 30;

/** What a commission finally earns: its amount less what refunds reversed or clawed back, fen. */
export function netEarnedFen(
  commission: Pick<CommissionDocument, 'amountFen' | 'reversedFen' | 'clawedBackFen'>,
): number {
  return commission.amountFen - commission.reversedFen - commission.clawedBackFen;
}

export interface EarningsWindow {
  /** China midnight of the window's first day: the earlier of the chart's first day and the month's first day. */
  startsAt: Date;
  /** Days from `startsAt` to today inclusive (30 or 31). */
  days: number;
  /** Day index (from `startsAt`) of today, of the chart's first day and of the month's first day. */
  todayIndex: number;
  chartStartIndex: number;
  monthStartIndex: number;
}

/**
 * The days the center needs at `now`: the chart's 30 days and the current month, which may start
 * one day before the chart does (on the 31st of a month). Every index is a whole number of days
 * because China has no daylight-saving time.
 */
export function earningsWindow(now: Date): EarningsWindow {
  const today = chinaDayStart(now);
  const chartStart = new Date(today.getTime() - (CHART_DAYS - 1) * DAY_MS);
  const monthStart = chinaMonthStart(now);
  const startsAt = monthStart < chartStart ? monthStart : chartStart;
  const index = (at: Date): number => Math.round((at.getTime() - startsAt.getTime()) / DAY_MS);
  return {
    startsAt,
    days: index(today) + 1,
    todayIndex: index(today),
    chartStartIndex: index(chartStart),
    monthStartIndex: index(monthStart),
  };
}

export interface DayRow {
  /** floor((createdAt − window.startsAt) / DAY_MS), as the database grouped it. */
  dayIndex: number;
  netFen: number;
}

export interface Earnings {
  todayFen: number;
  monthFen: number;
  /** CHART_DAYS points, oldest first, zero-filled. */
  chart: Array<{ day: string; earnedFen: number }>;
}

/** Today's, this month's and the chart's figures from the rows grouped by day index. */
export function earningsFromDays(window: EarningsWindow, rows: readonly DayRow[]): Earnings {
  const byIndex = new Map<number, number>();
  for (const row of rows) byIndex.set(row.dayIndex, (byIndex.get(row.dayIndex) ?? 0) + row.netFen);
  const at = (index: number): number => byIndex.get(index) ?? 0;
  let monthFen = 0;
  for (let index = window.monthStartIndex; index <= window.todayIndex; index += 1) monthFen += at(index);
  const chart = Array.from({ length: CHART_DAYS }, (_, offset) => {
    const index = window.chartStartIndex + offset;
    return { day: chinaDay(new Date(window.startsAt.getTime() + index * DAY_MS)), earnedFen: at(index) };
  });
  return { todayFen: at(window.todayIndex), monthFen, chart };
}
