/**
 * A small chart drawn on a 2d canvas: a line or bars over daily points, a value axis labelled in
 * 元 (formatFen) or in counts, and a tip above it with the tapped point's day and value (the
 * latest point until a tap). The geometry is a pure function (geometry.ts) and the drawing a few
 * canvas calls (draw.ts): no chart library, a few kilobytes in the package.
 *
 * The canvas is measured once laid out; where there is no canvas node (a test's renderer), the
 * chart keeps its default size, its tip and its `spec` (what it would draw) all the same.
 */
import { drawChart, type ChartContext } from './draw';
import { chartGeometry, chartValueText, hitIndex, type ChartInput, type ChartPoint } from './geometry';

/** The size before the canvas is measured: a phone's content width, and the height property in px. */
const DEFAULT_WIDTH = 343;

interface CanvasNode {
  width: number;
  height: number;
  getContext(kind: '2d'): ChartContext & { scale(x: number, y: number): void };
}

/** Each chart's canvas node, once measured (kept off `data`: a node is not renderable). */
const canvases = new WeakMap<object, CanvasNode>();

function pixelRatio(): number {
  try {
    return wx.getWindowInfo().pixelRatio || 2;
  } catch {
    return 2;
  }
}

function tipOf(point: ChartPoint | undefined, unit: ChartInput['unit']): string {
  return point ? `${point.label}  ${chartValueText(point.value, unit)}` : '暂无数据';
}

Component({
  properties: {
    kind: { type: String, value: 'line' },
    unit: { type: String, value: 'fen' },
    points: { type: Array, value: [] },
    /** The chart's height in rpx. */
    height: { type: Number, value: 360 },
  },
  data: {
    /** What the canvas shows: the geometry's input (also read by the screenshot renderer). */
    spec: null as ChartInput | null,
    tip: '',
    selected: -1,
  },
  observers: {
    'kind, unit, points, height'() {
      this.layout(this.data.spec?.width ?? DEFAULT_WIDTH);
    },
  },
  lifetimes: {
    ready() {
      this.measure();
    },
  },
  methods: {
    layout(width: number) {
      const points = this.data.points as ChartPoint[];
      const spec: ChartInput = {
        kind: this.data.kind === 'bar' ? 'bar' : 'line',
        unit: this.data.unit === 'count' ? 'count' : 'fen',
        points,
        width,
        height: Math.round((this.data.height as number) / 2),
      };
      this.setData({ spec, selected: -1, tip: tipOf(points[points.length - 1], spec.unit) });
      this.draw();
    },
    measure() {
      try {
        this.createSelectorQuery()
          .select('.chart-canvas')
          .fields({ node: true, size: true })
          .exec((answers: Array<{ node?: CanvasNode; width?: number; height?: number } | null>) => {
            const answer = answers?.[0];
            if (!answer?.node) return;
            canvases.set(this, answer.node);
            this.layout(answer.width ?? DEFAULT_WIDTH);
          });
      } catch {
        // No canvas here: the tip and the spec stand without a drawing.
      }
    },
    draw() {
      const canvas = canvases.get(this);
      const spec = this.data.spec;
      if (!canvas || !spec) return;
      const ratio = pixelRatio();
      canvas.width = spec.width * ratio;
      canvas.height = spec.height * ratio;
      const ctx = canvas.getContext('2d');
      ctx.scale(ratio, ratio);
      drawChart(ctx, chartGeometry(spec), this.data.selected);
    },
    /** A touch on the canvas (x in canvas pixels) selects the column under it. */
    onTouch(event: WechatMiniprogram.TouchCanvas | { touches?: Array<{ x: number }>; detail?: { x?: number } }) {
      const spec = this.data.spec;
      const x = (event as { touches?: Array<{ x: number }> }).touches?.[0]?.x;
      if (!spec || x === undefined) return;
      this.select(hitIndex(chartGeometry(spec), x));
    },
    select(index: number) {
      const spec = this.data.spec;
      if (!spec || index < 0) return;
      this.setData({ selected: index, tip: tipOf(spec.points[index], spec.unit) });
      this.draw();
    },
  },
});
