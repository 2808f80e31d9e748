/**
 * Pictures for the demo store, drawn here so that seeding needs no network and copies nothing:
 * a square PNG per picture, a diagonal gradient in the product's colour with a soft disc in the
 * middle (a stand-in for the goods) and a short Latin label in a 5x7 bitmap font (Chinese names
 * would need a font file, so the label is the product's pinyin or initials).
 */
import { encodePng } from '../emulator/src/openapi/png';

type Rgb = [number, number, number];

/** An 8-bit RGB PNG of `size` x `size` px, no filtering, one IDAT chunk. */
function rgbPng(size: number, pixel: (x: number, y: number) => Rgb): Buffer {
  const stride = size * 3 + 1;
  const raw = Buffer.alloc(stride * size);
  for (let y = 0; y < size; y += 1) {
    raw[y * stride] = 0; // Filter type "none".
    for (let x = 0; x < size; x += 1) raw.set(pixel(x, y), y * stride + 1 + x * 3);
  }
  return encodePng(size, 'rgb', raw);
}

/** 5x7 glyphs, one row per entry, the high bit (16) being the leftmost pixel. */
const FONT: Record<string, number[]> = {
  A: [14, 17, 17, 31, 17, 17, 17],
  B: [30, 17, 17, 30, 17, 17, 30],
  C: [14, 17, 16, 16, 16, 17, 14],
  D: [30, 17, 17, 17, 17, 17, 30],
  E: [31, 16, 16, 30, 16, 16, 31],
  F: [31, 16, 16, 30, 16, 16, 16],
  G: [14, 17, 16, 23, 17, 17, 15],
  H: [17, 17, 17, 31, 17, 17, 17],
  I: [14, 4, 4, 4, 4, 4, 14],
  J: [7, 2, 2, 2, 2, 18, 12],
  K: [17, 18, 20, 24, 20, 18, 17],
  L: [16, 16, 16, 16, 16, 16, 31],
  M: [17, 27, 21, 21, 17, 17, 17],
  N: [17, 17, 25, 21, 19, 17, 17],
  O: [14, 17, 17, 17, 17, 17, 14],
  P: [30, 17, 17, 30, 16, 16, 16],
  Q: [14, 17, 17, 17, 21, 18, 13],
  R: [30, 17, 17, 30, 20, 18, 17],
  S: [15, 16, 16, 14, 1, 1, 30],
  T: [31, 4, 4, 4, 4, 4, 4],
  U: [17, 17, 17, 17, 17, 17, 14],
  V: [17, 17, 17, 17, 17, 10, 4],
  W: [17, 17, 17, 21, 21, 21, 10],
  X: [17, 17, 10, 4, 10, 17, 17],
  Y: [17, 17, 10, 4, 4, 4, 4],
  Z: [31, 1, 2, 4, 8, 16, 31],
  '0': [14, 17, 19, 21, 25, 17, 14],
  '1': [4, 12, 4, 4, 4, 4, 14],
  '2': [14, 17, 1, 2, 4, 8, 31],
  '3': [31, 2, 4, 2, 1, 17, 14],
  '4': [2, 6, 10, 18, 31, 2, 2],
  '5': [31, 16, 30, 1, 1, 17, 14],
  '6': [6, 8, 16, 30, 17, 17, 14],
  '7': [31, 1, 2, 4, 8, 8, 8],
  '8': [14, 17, 17, 14, 17, 17, 14],
  '9': [14, 17, 17, 15, 1, 2, 12],
  ' ': [0, 0, 0, 0, 0, 0, 0],
};

/** True where `text`, drawn with `scale`-px dots centred on (cx, cy), has a dot. */
function textMask(text: string, scale: number, cx: number, cy: number): (x: number, y: number) => boolean {
  const glyphs = [...text.toUpperCase()].map((char) => FONT[char] ?? (FONT[' '] as number[]));
  const advance = 6 * scale;
  const left = Math.round(cx - (glyphs.length * advance - scale) / 2);
  const top = Math.round(cy - (7 * scale) / 2);
  return (x, y) => {
    const column = Math.floor((x - left) / scale);
    const row = Math.floor((y - top) / scale);
    if (x < left || y < top || row >= 7 || column < 0) return false;
    const glyph = glyphs[Math.floor(column / 6)];
    const bit = column % 6;
    return glyph !== undefined && bit < 5 && (((glyph[row] as number) >> (4 - bit)) & 1) === 1;
  };
}

const mix = (a: Rgb, b: Rgb, t: number): Rgb => [0, 1, 2].map((i) => Math.round(a[i]! + (b[i]! - a[i]!) * t)) as Rgb;

export interface DemoPicture {
  /** The big label, e.g. the pinyin of the name. */
  title: string;
  /** The small label below it, e.g. the size. */
  caption: string;
  /** The product's colour, as RGB. */
  colour: Rgb;
  /** 0 for the cover; other variants move the disc, so a product's pictures differ. */
  variant: number;
}

/** A 480 x 480 PNG of the picture. */
export function demoPicture({ title, caption, colour, variant }: DemoPicture): Buffer {
  const size = 480;
  const light = mix(colour, [255, 255, 255], 0.55);
  const dark = mix(colour, [0, 0, 0], 0.35);
  const disc = { x: size * (0.5 + 0.12 * Math.sin(variant * 2.1)), y: size * (0.42 + 0.08 * Math.cos(variant * 2.1)) };
  const bigText = textMask(title, title.length > 8 ? 6 : 8, size / 2, size * 0.78);
  const smallText = textMask(caption, 4, size / 2, size * 0.9);
  return rgbPng(size, (x, y) => {
    if (bigText(x, y) || smallText(x, y)) return [255, 255, 255];
    const distance = Math.hypot(x - disc.x, y - disc.y) / (size * 0.26);
    if (distance < 1) return mix(light, [255, 255, 255], 0.5 * (1 - distance));
    return mix(light, dark, (x + y) / (2 * size));
  });
}
