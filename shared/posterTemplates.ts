/**
 * The poster templates (海报模板): each is layout data only, a list of rectangles, texts and
 * images placed in poster units (one unit = one CSS px of a POSTER_WIDTH x POSTER_HEIGHT
 * canvas), drawn in order by the one renderer of the poster page
 * (miniprogram/distributor/poster/draw.ts). Every template shows the product (or, on a home
 * poster, a placeholder panel), its price, the distributor's nickname and the mini-program code
 * the poster function answers. Pure, so tests/materials/poster-templates.test.ts can check that
 * every element fits the canvas and that the code is large, clear of text and on white.
 */

export const POSTER_WIDTH = 300;
export const POSTER_HEIGHT = 480;

/**
 * The smallest side of the code, in poster units: saved at a pixel ratio of 2 or more, that is
 * at least 160 device pixels, which WeChat's long-press recognition reads reliably.
 */
export const MIN_CODE_SIZE = 80;

/** What a text element shows; an empty value (a home poster has no product or price) is not drawn. */
export type PosterField = 'shopName' | 'productName' | 'price' | 'nickname' | 'tagline' | 'scanHint';

export interface PosterRect {
  type: 'rect';
  x: number;
  y: number;
  width: number;
  height: number;
  color: string;
}

export interface PosterText {
  type: 'text';
  field: PosterField;
  /** The anchor: the left end, the centre or the right end of the line, by `align`. */
  x: number;
  /** The baseline. */
  y: number;
  maxWidth: number;
  sizePx: number;
  bold: boolean;
  color: string;
  align: 'left' | 'center' | 'right';
}

export interface PosterImageSlot {
  type: 'image';
  /** `product`: the product's cover (a placeholder panel without one); `code`: the mini-program code. */
  source: 'product' | 'code';
  x: number;
  y: number;
  width: number;
  height: number;
}

export type PosterElement = PosterRect | PosterText | PosterImageSlot;

export type PosterTemplateId = 'simple' | 'large' | 'card';

export interface PosterTemplate {
  id: PosterTemplateId;
  /** The name on the page's switch. */
  name: string;
  /** Drawn in order: later elements cover earlier ones. */
  elements: readonly PosterElement[];
  /** The panel drawn in place of the product image on a home poster. */
  placeholder: { color: string; textColor: string };
}

/** The fixed texts every template may show. */
export const POSTER_TEXTS = {
  tagline: '邀请你一起逛逛',
  scanHint: '长按识别小程序码',
  placeholder: '好物推荐 · 邀你逛逛',
} as const;

const rect = (x: number, y: number, width: number, height: number, color: string): PosterRect => ({
  type: 'rect',
  x,
  y,
  width,
  height,
  color,
});

type TextStyle = Pick<PosterText, 'sizePx' | 'bold' | 'color' | 'align'>;
const text = (field: PosterField, x: number, y: number, maxWidth: number, style: TextStyle): PosterText => ({
  type: 'text',
  field,
  x,
  y,
  maxWidth,
  ...style,
});

const image = (source: PosterImageSlot['source'], x: number, y: number, size: number, height = size) =>
  ({ type: 'image', source, x, y, width: size, height }) satisfies PosterImageSlot;

const INK = '#1f1f1f';
const MUTED = '#888888';
const PRICE = '#e34d59';

/** 简约: white, the product large in the middle, the code bottom right (the original poster). */
const SIMPLE: PosterTemplate = {
  id: 'simple',
  name: '简约',
  placeholder: { color: '#f2f3ff', textColor: '#0052d9' },
  elements: [
    rect(0, 0, POSTER_WIDTH, POSTER_HEIGHT, '#ffffff'),
    text('shopName', 150, 40, 268, { sizePx: 20, bold: true, color: INK, align: 'center' }),
    image('product', 30, 60, 240),
    text('productName', 150, 322, 268, { sizePx: 14, bold: false, color: INK, align: 'center' }),
    image('code', 190, 350, 96),
    text('price', 20, 362, 160, { sizePx: 18, bold: true, color: PRICE, align: 'left' }),
    text('nickname', 20, 390, 160, { sizePx: 15, bold: true, color: INK, align: 'left' }),
    text('tagline', 20, 410, 160, { sizePx: 12, bold: false, color: MUTED, align: 'left' }),
    text('scanHint', 20, 430, 160, { sizePx: 12, bold: false, color: MUTED, align: 'left' }),
  ],
};

/** 大图: the product fills the top, a dark band below carries the name, the price and the code on white. */
const LARGE: PosterTemplate = {
  id: 'large',
  name: '大图',
  placeholder: { color: '#0052d9', textColor: '#ffffff' },
  elements: [
    rect(0, 0, POSTER_WIDTH, POSTER_HEIGHT, '#1f1f1f'),
    image('product', 0, 0, POSTER_WIDTH, 330),
    rect(0, 0, POSTER_WIDTH, 36, 'rgba(0, 0, 0, 0.35)'),
    text('shopName', 14, 24, 272, { sizePx: 14, bold: true, color: '#ffffff', align: 'left' }),
    text('productName', 16, 362, 168, { sizePx: 15, bold: true, color: '#ffffff', align: 'left' }),
    text('price', 16, 392, 168, { sizePx: 20, bold: true, color: '#ff9f43', align: 'left' }),
    text('nickname', 16, 424, 168, { sizePx: 13, bold: false, color: '#ffffff', align: 'left' }),
    text('scanHint', 16, 448, 168, { sizePx: 12, bold: false, color: '#bbbbbb', align: 'left' }),
    rect(190, 344, 100, 100, '#ffffff'),
    image('code', 196, 350, 88),
  ],
};

/** 卡片: a white card on the brand colour, the product above, the code and the nickname side by side below. */
const CARD: PosterTemplate = {
  id: 'card',
  name: '卡片',
  placeholder: { color: '#f2f3ff', textColor: '#0052d9' },
  elements: [
    rect(0, 0, POSTER_WIDTH, POSTER_HEIGHT, '#0052d9'),
    rect(20, 20, 260, 440, '#ffffff'),
    text('shopName', 150, 52, 236, { sizePx: 17, bold: true, color: INK, align: 'center' }),
    image('product', 40, 68, 220),
    text('productName', 150, 312, 236, { sizePx: 14, bold: false, color: INK, align: 'center' }),
    text('price', 150, 338, 200, { sizePx: 17, bold: true, color: PRICE, align: 'center' }),
    rect(40, 354, 220, 1, '#e7e7e7'),
    image('code', 40, 366, 84),
    text('nickname', 136, 392, 124, { sizePx: 14, bold: true, color: INK, align: 'left' }),
    text('tagline', 136, 414, 124, { sizePx: 12, bold: false, color: MUTED, align: 'left' }),
    text('scanHint', 136, 436, 124, { sizePx: 12, bold: false, color: MUTED, align: 'left' }),
  ],
};

export const POSTER_TEMPLATES: readonly PosterTemplate[] = [SIMPLE, LARGE, CARD];

/** The template of an id, the first one for anything else (an old link, a typo). */
export function posterTemplate(id: string | undefined): PosterTemplate {
  return POSTER_TEMPLATES.find((template) => template.id === id) ?? SIMPLE;
}

/** The box an element covers: a text's is its line (size plus a quarter below the baseline). */
export function elementBox(element: PosterElement): { x: number; y: number; width: number; height: number } {
  if (element.type !== 'text') return { x: element.x, y: element.y, width: element.width, height: element.height };
  const left =
    element.align === 'left'
      ? element.x
      : element.align === 'center'
        ? element.x - element.maxWidth / 2
        : element.x - element.maxWidth;
  return { x: left, y: element.y - element.sizePx, width: element.maxWidth, height: element.sizePx * 1.25 };
}
