/**
 * The chart component's drawing as an SVG picture, for the screenshots: simulate has no canvas,
 * so the renderer runs the component's own drawChart (miniprogram/components/chart/draw.ts) on a
 * context that writes SVG elements instead of pixels, from the spec the component keeps on its
 * canvas (`data-spec`). The picture is then what the canvas shows on a phone.
 */
import { drawChart, type ChartContext } from '../../../miniprogram/components/chart/draw';
import { chartGeometry, type ChartInput } from '../../../miniprogram/components/chart/geometry';

const escape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const round = (value: number): number => Math.round(value * 10) / 10;

/** A 2d context that records what is drawn as SVG elements. */
function svgContext(): ChartContext & { elements: string[] } {
  const elements: string[] = [];
  let path: string[] = [];
  const anchor = { left: 'start', right: 'end', center: 'middle' } as const;
  const baseline = { top: 'hanging', middle: 'central', bottom: 'text-after-edge' } as const;
  const ctx = {
    elements,
    fillStyle: '#000',
    strokeStyle: '#000',
    lineWidth: 1,
    font: '10px sans-serif',
    textAlign: 'left' as ChartContext['textAlign'],
    textBaseline: 'top' as ChartContext['textBaseline'],
    clearRect: () => undefined,
    fillRect: (x: number, y: number, w: number, h: number) =>
      void elements.push(
        `<rect x="${round(x)}" y="${round(y)}" width="${round(w)}" height="${round(h)}" fill="${ctx.fillStyle}"/>`,
      ),
    beginPath: () => void (path = []),
    moveTo: (x: number, y: number) => void path.push(`M${round(x)} ${round(y)}`),
    lineTo: (x: number, y: number) => void path.push(`L${round(x)} ${round(y)}`),
    arc: (x: number, y: number, radius: number) =>
      void path.push(
        `M${round(x - radius)} ${round(y)}a${radius} ${radius} 0 1 0 ${radius * 2} 0a${radius} ${radius} 0 1 0 ${-radius * 2} 0`,
      ),
    stroke: () =>
      void elements.push(
        `<path d="${path.join('')}" fill="none" stroke="${ctx.strokeStyle}" stroke-width="${ctx.lineWidth}"/>`,
      ),
    fill: () => void elements.push(`<path d="${path.join('')}" fill="${ctx.fillStyle}"/>`),
    fillText: (text: string, x: number, y: number) =>
      void elements.push(
        `<text x="${round(x)}" y="${round(y)}" fill="${ctx.fillStyle}" font-size="10" font-family="sans-serif" ` +
          `text-anchor="${anchor[ctx.textAlign]}" dominant-baseline="${baseline[ctx.textBaseline]}">${escape(text)}</text>`,
      ),
  };
  return ctx;
}

/** The chart of `spec` (with `selected` highlighted) as a data: URL of an SVG image. */
export function chartSvgUrl(spec: ChartInput, selected: number): string {
  const ctx = svgContext();
  drawChart(ctx, chartGeometry(spec), selected);
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${spec.width} ${spec.height}" ` +
    `width="${spec.width}" height="${spec.height}">${ctx.elements.join('')}</svg>`;
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
}
