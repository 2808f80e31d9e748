/**
 * Where the chart component puts everything, as a pure function of the points and the canvas
 * size: the plot area, the value axis with round ticks (labelled in 元 with formatFen for money,
 * plain numbers for counts), one mark per point (a bar, or a dot of the line) and the day labels
 * under the first, middle and last points. The component draws this (draw.ts) and answers taps
 * with hitIndex; tests check it without a canvas.
 */
import { formatFen } from '@shared/money';

export type ChartKind = 'line' | 'bar';
/** `fen`: money, labelled in 元; `count`: whole numbers. */
export type ChartUnit = 'fen' | 'count';

export interface ChartPoint {
  /** Shown under the axis and in the tap's tip, e.g. 03-31. */
  label: string;
  value: number;
}

export interface ChartInput {
  kind: ChartKind;
  unit: ChartUnit;
  points: ChartPoint[];
  /** The canvas size in CSS pixels. */
  width: number;
  height: number;
}

export interface ChartMark {
  /** The bar's box (for a line, a box around the dot); `cx`, `cy` the point itself. */
  x: number;
  y: number;
  w: number;
  h: number;
  cx: number;
  cy: number;
}

export interface ChartGeometry {
  kind: ChartKind;
  width: number;
  height: number;
  plot: { left: number; top: number; right: number; bottom: number };
  /** The value at the top of the axis: a round number at least every point's value. */
  max: number;
  ticks: Array<{ y: number; label: string }>;
  marks: ChartMark[];
  xLabels: Array<{ x: number; label: string }>;
}

const TICKS = 4;
const TOP = 10;
const RIGHT = 8;
const BOTTOM = 22;
/** An estimate of a label's width in the 10 px font: enough to keep labels off the plot. */
const CHAR_PX = 6;

/** A value as the chart writes it: 元 with formatFen (whole 元 on the axis), or a count. */
export function chartValueText(value: number, unit: ChartUnit, axis = false): string {
  if (unit === 'count') return String(value);
  const text = formatFen(value);
  return axis ? text.replace(/\.00$/, '') : text;
}

/** The smallest step of 1, 2 or 5 × 10^k (at least `least`) with TICKS steps covering `max`. */
export function niceStep(max: number, least: number): number {
  const raw = Math.max(max / TICKS, least);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((factor) => factor * power).find((candidate) => candidate >= raw) ?? raw;
  return Math.max(step, least);
}

export function chartGeometry(input: ChartInput): ChartGeometry {
  const { kind, unit, points, width, height } = input;
  const highest = Math.max(0, ...points.map((point) => point.value));
  // Money moves in whole 元 on the axis (100 fen), counts in whole units.
  const step = niceStep(highest, unit === 'fen' ? 100 : 1);
  const max = step * TICKS;
  const tickLabels = Array.from({ length: TICKS + 1 }, (_, index) => chartValueText(step * index, unit, true));
  const left = Math.max(...tickLabels.map((label) => label.length)) * CHAR_PX + 8;
  const plot = { left, top: TOP, right: width - RIGHT, bottom: height - BOTTOM };
  const plotHeight = plot.bottom - plot.top;
  const slot = points.length > 0 ? (plot.right - plot.left) / points.length : 0;
  const yOf = (value: number) => plot.bottom - (Math.max(0, value) / max) * plotHeight;
  const marks = points.map((point, index) => {
    const cx = plot.left + slot * (index + 0.5);
    const cy = yOf(point.value);
    if (kind === 'line') return { x: cx - slot / 2, y: cy - 3, w: slot, h: 6, cx, cy };
    const w = Math.max(1, slot * 0.6);
    return { x: cx - w / 2, y: cy, w, h: plot.bottom - cy, cx, cy };
  });
  const last = points.length - 1;
  const labelled = last < 0 ? [] : [...new Set([0, Math.floor(last / 2), last])];
  return {
    kind,
    width,
    height,
    plot,
    max,
    ticks: tickLabels.map((label, index) => ({ y: yOf(step * index), label })),
    marks,
    xLabels: labelled.map((index) => ({ x: marks[index]?.cx ?? 0, label: points[index]?.label ?? '' })),
  };
}

/** The point under a tap at `x` (canvas pixels): the nearest column; -1 without points. */
export function hitIndex(geometry: ChartGeometry, x: number): number {
  const count = geometry.marks.length;
  if (count === 0) return -1;
  const slot = (geometry.plot.right - geometry.plot.left) / count;
  return Math.min(count - 1, Math.max(0, Math.floor((x - geometry.plot.left) / slot)));
}
