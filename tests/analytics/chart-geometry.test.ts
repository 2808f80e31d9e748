/**
 * The chart component's geometry (miniprogram/components/chart/geometry.ts) and drawing
 * (draw.ts), without a canvas: round axis steps, the value labels in 元, bars and dots inside the
 * plot, the tap's column, and the calls a 2d context receives.
 */
import fc from 'fast-check';
import { drawChart, type ChartContext } from '../../miniprogram/components/chart/draw';
import {
  chartGeometry,
  chartValueText,
  hitIndex,
  niceStep,
  type ChartInput,
} from '../../miniprogram/components/chart/geometry';

const input = (values: number[], overrides: Partial<ChartInput> = {}): ChartInput => ({
  kind: 'bar',
  unit: 'fen',
  points: values.map((value, index) => ({ label: `03-${String(index + 1).padStart(2, '0')}`, value })),
  width: 343,
  height: 180,
  ...overrides,
});

describe('chart geometry', () => {
  it('rounds the axis to 1, 2 or 5 × 10^k per step, whole 元 for money, whole units for counts', () => {
    expect(niceStep(24_000, 100)).toBe(10_000);
    expect(niceStep(3_900, 100)).toBe(1_000);
    expect(niceStep(0, 100)).toBe(100);
    expect(niceStep(7, 1)).toBe(2);
    expect(niceStep(0, 1)).toBe(1);
    const g = chartGeometry(input([0, 24_000, 12_000]));
    expect(g.max).toBe(40_000);
    expect(g.ticks.map((tick) => tick.label)).toEqual(['¥0', '¥100', '¥200', '¥300', '¥400']);
    expect(chartGeometry(input([3, 7], { unit: 'count' })).ticks.map((tick) => tick.label)).toEqual([
      '0',
      '2',
      '4',
      '6',
      '8',
    ]);
    expect(chartValueText(123_456, 'fen')).toBe('¥1,234.56');
    expect(chartValueText(12, 'count')).toBe('12');
  });

  it('puts a bar per point on the baseline, as tall as its share of the axis', () => {
    const g = chartGeometry(input([0, 20_000, 10_000]));
    // 20000 fen in 4 steps of 5000: the tallest bar fills the plot.
    expect(g.max).toBe(20_000);
    const plotHeight = g.plot.bottom - g.plot.top;
    expect(g.marks.map((mark) => mark.h)).toEqual([0, plotHeight, plotHeight / 2]);
    for (const mark of g.marks) expect(mark.y + mark.h).toBeCloseTo(g.plot.bottom);
    expect(g.xLabels.map((label) => label.label)).toEqual(['03-01', '03-02', '03-03']);
  });

  it('keeps every mark and label inside the canvas and every tap on a column, for any points', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat({ max: 10_000_000_000 }), { minLength: 1, maxLength: 90 }),
        fc.constantFrom<'line' | 'bar'>('line', 'bar'),
        fc.constantFrom<'fen' | 'count'>('fen', 'count'),
        (values, kind, unit) => {
          const g = chartGeometry(input(values, { kind, unit }));
          expect(g.max).toBeGreaterThanOrEqual(Math.max(...values));
          expect(g.plot.left).toBeLessThan(g.plot.right);
          for (const mark of g.marks) {
            expect(mark.cx).toBeGreaterThanOrEqual(g.plot.left);
            expect(mark.cx).toBeLessThanOrEqual(g.plot.right);
            expect(mark.cy).toBeGreaterThanOrEqual(g.plot.top - 1e-9);
            expect(mark.cy).toBeLessThanOrEqual(g.plot.bottom + 1e-9);
          }
          g.marks.forEach((mark, index) => expect(hitIndex(g, mark.cx)).toBe(index));
          expect(hitIndex(g, -50)).toBe(0);
          expect(hitIndex(g, 10_000)).toBe(values.length - 1);
        },
      ),
    );
  });

  it('answers no column without points, and draws only the axes', () => {
    const g = chartGeometry(input([]));
    expect(hitIndex(g, 100)).toBe(-1);
    expect(g.xLabels).toEqual([]);
  });
});

describe('drawChart', () => {
  /** A context that records what is drawn. */
  function recorder(): ChartContext & { calls: string[] } {
    const calls: string[] = [];
    const record =
      (name: string) =>
      (...args: unknown[]) =>
        void calls.push(`${name}(${args.map((arg) => (typeof arg === 'number' ? Math.round(arg) : arg)).join(',')})`);
    return {
      calls,
      fillStyle: '',
      strokeStyle: '',
      lineWidth: 1,
      font: '',
      textAlign: 'left',
      textBaseline: 'top',
      clearRect: record('clearRect'),
      fillRect: record('fillRect'),
      beginPath: record('beginPath'),
      moveTo: record('moveTo'),
      lineTo: record('lineTo'),
      arc: record('arc'),
      stroke: record('stroke'),
      fill: record('fill'),
      fillText: record('fillText'),
    };
  }

  it('draws the grid with its labels, a bar per point and the day labels', () => {
    const ctx = recorder();
    drawChart(ctx, chartGeometry(input([100, 300])));
    expect(ctx.calls[0]).toBe('clearRect(0,0,343,180)');
    expect(ctx.calls.filter((call) => call.startsWith('fillText(¥'))).toHaveLength(5);
    expect(ctx.calls.filter((call) => call.startsWith('fillRect'))).toHaveLength(2);
    expect(ctx.calls.filter((call) => call.startsWith('fillText(03-'))).toHaveLength(2);
  });

  it('draws a line through the points with a dot each, the selected one larger', () => {
    const ctx = recorder();
    drawChart(ctx, chartGeometry(input([100, 300, 200], { kind: 'line' })), 1);
    expect(ctx.calls.filter((call) => call.startsWith('lineTo')).length).toBeGreaterThanOrEqual(2);
    const dots = ctx.calls.filter((call) => call.startsWith('arc'));
    expect(dots.map((call) => call.split(',')[2])).toEqual(['2', '4', '2']);
  });
});
