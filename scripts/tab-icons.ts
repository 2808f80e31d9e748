/**
 * `npm run mp:tab-icons`: draws the tab bar's icons (miniprogram/images/tab-*.png, named by
 * app.json's tabBar) as simple line drawings, grey for a tab that is not selected and the brand
 * blue for the selected one, 81×81 px as WeChat recommends. Nothing is copied from elsewhere: each
 * icon is a few strokes on a 24-unit grid, anti-aliased by sampling every pixel 4×4 times.
 * tests/miniprogram/node/tab-icons.test.ts checks the committed PNGs are what this draws.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { PROJECT_ROOT } from './paths';

type Point = readonly [number, number];
/** A stroke: an open polyline, a closed polygon, or a circle (optionally only its upper half). */
type Stroke =
  | { kind: 'line'; points: readonly Point[]; closed?: boolean }
  | { kind: 'circle'; center: Point; radius: number; upperHalf?: boolean };

const SIZE_PX = 81;
const PADDING_PX = 10;
const GRID = 24;
const STROKE_UNITS = 1.8;
const SAMPLES = 4;
const COLORS = { normal: [0x66, 0x66, 0x66], selected: [0x00, 0x52, 0xd9] } as const;

const square = (x: number, y: number, side: number): Stroke => ({
  kind: 'line',
  points: [
    [x, y],
    [x + side, y],
    [x + side, y + side],
    [x, y + side],
  ],
  closed: true,
});

/** The icons by file name stem, in the tab bar's order (首页, 分类, 购物车, 我的). */
export const TAB_ICONS: Readonly<Record<string, readonly Stroke[]>> = {
  home: [
    {
      kind: 'line',
      points: [
        [3, 11],
        [12, 3],
        [21, 11],
      ],
    },
    {
      kind: 'line',
      points: [
        [5, 9.5],
        [5, 21],
        [19, 21],
        [19, 9.5],
      ],
    },
    {
      kind: 'line',
      points: [
        [10, 21],
        [10, 15],
        [14, 15],
        [14, 21],
      ],
    },
  ],
  category: [square(3, 3, 7.5), square(13.5, 3, 7.5), square(3, 13.5, 7.5), square(13.5, 13.5, 7.5)],
  cart: [
    {
      kind: 'line',
      points: [
        [1.5, 3.5],
        [4.5, 3.5],
        [7.2, 15.5],
        [19, 15.5],
        [21.5, 7],
        [5.5, 7],
      ],
    },
    { kind: 'circle', center: [9, 20], radius: 1.6 },
    { kind: 'circle', center: [17.5, 20], radius: 1.6 },
  ],
  me: [
    { kind: 'circle', center: [12, 7.5], radius: 4.5 },
    { kind: 'circle', center: [12, 22], radius: 8.5, upperHalf: true },
  ],
};

function segmentDistance(p: Point, a: Point, b: Point): number {
  const [dx, dy] = [b[0] - a[0], b[1] - a[1]];
  const length2 = dx * dx + dy * dy;
  const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length2));
  return Math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy));
}

/** Distance (grid units) from a point to the stroke's centre line. */
function strokeDistance(p: Point, stroke: Stroke): number {
  if (stroke.kind === 'circle') {
    const [cx, cy] = stroke.center;
    if (stroke.upperHalf && p[1] > cy) {
      const ends: Point[] = [
        [cx - stroke.radius, cy],
        [cx + stroke.radius, cy],
      ];
      return Math.min(...ends.map((end) => Math.hypot(p[0] - end[0], p[1] - end[1])));
    }
    return Math.abs(Math.hypot(p[0] - cx, p[1] - cy) - stroke.radius);
  }
  const points = stroke.closed ? [...stroke.points, stroke.points[0] as Point] : stroke.points;
  let best = Infinity;
  for (let i = 1; i < points.length; i += 1)
    best = Math.min(best, segmentDistance(p, points[i - 1] as Point, points[i] as Point));
  return best;
}

/** One icon as an 81×81 RGBA PNG in the given colour on a transparent background. */
export function drawIcon(strokes: readonly Stroke[], color: readonly number[]): Buffer {
  const png = new PNG({ width: SIZE_PX, height: SIZE_PX });
  const scale = (SIZE_PX - 2 * PADDING_PX) / GRID;
  for (let y = 0; y < SIZE_PX; y += 1) {
    for (let x = 0; x < SIZE_PX; x += 1) {
      let covered = 0;
      for (let sy = 0; sy < SAMPLES; sy += 1) {
        for (let sx = 0; sx < SAMPLES; sx += 1) {
          const p: Point = [
            (x + (sx + 0.5) / SAMPLES - PADDING_PX) / scale,
            (y + (sy + 0.5) / SAMPLES - PADDING_PX) / scale,
          ];
          if (strokes.some((stroke) => strokeDistance(p, stroke) <= STROKE_UNITS / 2)) covered += 1;
        }
      }
      const offset = (y * SIZE_PX + x) * 4;
      png.data.set([...color, Math.round((255 * covered) / (SAMPLES * SAMPLES))], offset);
    }
  }
  return PNG.sync.write(png);
}

/** Every tab icon file (name → PNG bytes): `tab-<icon>.png` and `tab-<icon>-active.png`. */
export function drawTabIcons(): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const [name, strokes] of Object.entries(TAB_ICONS)) {
    files.set(`tab-${name}.png`, drawIcon(strokes, COLORS.normal));
    files.set(`tab-${name}-active.png`, drawIcon(strokes, COLORS.selected));
  }
  return files;
}

export const TAB_ICONS_DIR = join(PROJECT_ROOT, 'miniprogram', 'images');

if (require.main === module) {
  for (const [name, bytes] of drawTabIcons()) {
    writeFileSync(join(TAB_ICONS_DIR, name), bytes);
    console.log(`wrote miniprogram/images/${name}`);
  }
}
