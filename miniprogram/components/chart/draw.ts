/**
 * Draws a chart's geometry (geometry.ts) on a 2d canvas context: grid lines with the value
 * labels, the bars or the line with its dots, the day labels, and the tapped point highlighted.
 * Only the few context members below are used, so any context that has them can draw it.
 */
import type { ChartGeometry } from './geometry';

/** The part of a 2d canvas context the chart uses. */
export interface ChartContext {
  fillStyle: string;
  strokeStyle: string;
  lineWidth: number;
  font: string;
  textAlign: 'left' | 'right' | 'center';
  textBaseline: 'top' | 'middle' | 'bottom';
  clearRect(x: number, y: number, w: number, h: number): void;
  fillRect(x: number, y: number, w: number, h: number): void;
  beginPath(): void;
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  arc(x: number, y: number, radius: number, start: number, end: number): void;
  stroke(): void;
  fill(): void;
  fillText(text: string, x: number, y: number): void;
}

const BRAND = '#0052d9';
const HIGHLIGHT = '#e37318';
const GRID = '#e7e7e7';
const LABEL = '#8b8b8b';

function drawAxes(ctx: ChartContext, g: ChartGeometry): void {
  ctx.font = '10px sans-serif';
  ctx.fillStyle = LABEL;
  ctx.strokeStyle = GRID;
  ctx.lineWidth = 1;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const tick of g.ticks) {
    ctx.beginPath();
    ctx.moveTo(g.plot.left, tick.y);
    ctx.lineTo(g.plot.right, tick.y);
    ctx.stroke();
    ctx.fillText(tick.label, g.plot.left - 4, tick.y);
  }
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const label of g.xLabels) ctx.fillText(label.label, label.x, g.plot.bottom + 6);
}

function drawLine(ctx: ChartContext, g: ChartGeometry, selected: number): void {
  ctx.strokeStyle = BRAND;
  ctx.lineWidth = 2;
  ctx.beginPath();
  g.marks.forEach((mark, index) => (index === 0 ? ctx.moveTo(mark.cx, mark.cy) : ctx.lineTo(mark.cx, mark.cy)));
  ctx.stroke();
  g.marks.forEach((mark, index) => {
    ctx.fillStyle = index === selected ? HIGHLIGHT : BRAND;
    ctx.beginPath();
    ctx.arc(mark.cx, mark.cy, index === selected ? 4 : 2, 0, Math.PI * 2);
    ctx.fill();
  });
}

/** Draws the whole chart; `selected` is the tapped point's index, -1 for none. */
export function drawChart(ctx: ChartContext, g: ChartGeometry, selected = -1): void {
  ctx.clearRect(0, 0, g.width, g.height);
  drawAxes(ctx, g);
  if (g.kind === 'line') {
    drawLine(ctx, g, selected);
    return;
  }
  g.marks.forEach((mark, index) => {
    ctx.fillStyle = index === selected ? HIGHLIGHT : BRAND;
    ctx.fillRect(mark.x, mark.y, mark.w, mark.h);
  });
}
