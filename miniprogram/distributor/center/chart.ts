/**
 * The 30-day earnings chart of the distributor center as bars drawn with plain views: this module
 * computes each bar's height as a percentage of a round axis top, the few day labels under them
 * and the figures beside them, so the page needs no chart library and the geometry is tested
 * without rendering.
 */
import { formatFen } from '@shared/money';

export interface ChartPoint {
  /** China calendar day, YYYY-MM-DD. */
  day: string;
  earnedFen: number;
}

export interface ChartBar {
  key: string;
  day: string;
  /** Under the bar: MM-DD every 7 days counted back from today (今天), '' otherwise. */
  label: string;
  /** 0-100, one decimal; a positive day is at least MIN_VISIBLE_PCT so it never vanishes. */
  heightPct: number;
  amount: string;
  isMax: boolean;
}

export interface ChartView {
  bars: ChartBar[];
  /** The axis top, a round amount at or above the best day. */
  topLabel: string;
  /** The sum of the 30 days. */
  totalLabel: string;
  /** True when every day earned nothing: the page says so instead of flat bars. */
  empty: boolean;
}

export const MIN_VISIBLE_PCT = 2;
const LABEL_EVERY_DAYS = 7;
/** The axis never goes below ¥1.00, so a few fen do not fill the chart. */
const MIN_TOP_FEN = 100;

/** The smallest 1, 2 or 5 × 10^k fen at or above `fen` (and at least MIN_TOP_FEN). */
export function roundTopFen(fen: number): number {
  let magnitude = 1;
  for (;;) {
    for (const step of [1, 2, 5]) {
      const top = step * magnitude;
      if (top >= fen && top >= MIN_TOP_FEN) return top;
    }
    magnitude *= 10;
  }
}

/** A day's bar height: proportional to the top, one decimal, small positive days kept visible. */
export function barHeightPct(earnedFen: number, topFen: number): number {
  if (earnedFen <= 0) return 0;
  const pct = Math.round((earnedFen * 1000) / topFen) / 10;
  return Math.max(MIN_VISIBLE_PCT, Math.min(100, pct));
}

function dayLabel(day: string, daysBeforeToday: number): string {
  if (daysBeforeToday % LABEL_EVERY_DAYS !== 0) return '';
  return daysBeforeToday === 0 ? '今天' : day.slice(5);
}

/** The chart of `points` (oldest first, today last, as distributor.center answers them). */
export function earningsChart(points: ReadonlyArray<ChartPoint>): ChartView {
  const bestFen = points.reduce((best, point) => Math.max(best, point.earnedFen), 0);
  const topFen = roundTopFen(bestFen);
  const totalFen = points.reduce((sum, point) => sum + point.earnedFen, 0);
  const bars = points.map((point, index) => ({
    key: point.day,
    day: point.day,
    label: dayLabel(point.day, points.length - 1 - index),
    heightPct: barHeightPct(point.earnedFen, topFen),
    amount: formatFen(point.earnedFen),
    isMax: bestFen > 0 && point.earnedFen === bestFen,
  }));
  return { bars, topLabel: formatFen(topFen), totalLabel: formatFen(totalFen), empty: bestFen <= 0 };
}
