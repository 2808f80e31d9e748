/**
 * Draws the promotion poster (推广海报) on a 2d canvas from a template of
 * shared/posterTemplates.ts: the one renderer of every template. A template is layout data
 * (rectangles, texts and image slots in poster units); this file fills the texts from the
 * content, loads the images and paints the elements in order. The canvas is scaled by the
 * device pixel ratio so the saved image is sharp.
 */
import {
  POSTER_HEIGHT,
  POSTER_TEXTS,
  POSTER_WIDTH,
  type PosterField,
  type PosterImageSlot,
  type PosterTemplate,
  type PosterText,
} from '@shared/posterTemplates';

/** The parts of a canvas node (type="2d") the poster uses. */
export interface PosterCanvas {
  width: number;
  height: number;
  getContext(kind: '2d'): PosterContext;
  createImage(): PosterImage;
}

export interface PosterImage {
  src: string;
  onload: (() => void) | null;
  onerror: ((error: unknown) => void) | null;
}

export interface PosterContext {
  fillStyle: string;
  font: string;
  textAlign: string;
  scale(x: number, y: number): void;
  fillRect(x: number, y: number, width: number, height: number): void;
  fillText(text: string, x: number, y: number, maxWidth?: number): void;
  drawImage(image: PosterImage, x: number, y: number, width: number, height: number): void;
}

export interface PosterContent {
  shopName: string;
  nickname: string;
  /** HTTPS link of the mini-program code (canvas cannot draw cloud:// ids). */
  codeUrl: string;
  /** Product posters: the product's name, image and price as shown (¥128.00). */
  productName?: string;
  productImageUrl?: string;
  price?: string;
}

function loadImage(canvas: PosterCanvas, src: string): Promise<PosterImage> {
  return new Promise((resolve, reject) => {
    const image = canvas.createImage();
    image.onload = () => resolve(image);
    image.onerror = (error) => reject(error);
    image.src = src;
  });
}

function fieldValue(field: PosterField, content: PosterContent): string {
  switch (field) {
    case 'shopName':
      return content.shopName;
    case 'nickname':
      return content.nickname;
    case 'productName':
      return content.productName ?? '';
    case 'price':
      return content.price ?? '';
    case 'tagline':
      return POSTER_TEXTS.tagline;
    case 'scanHint':
      return POSTER_TEXTS.scanHint;
  }
}

function drawText(context: PosterContext, element: PosterText, value: string): void {
  if (value === '') return;
  context.fillStyle = element.color;
  context.font = `${element.bold ? 'bold ' : ''}${element.sizePx}px sans-serif`;
  context.textAlign = element.align;
  context.fillText(value, element.x, element.y, element.maxWidth);
}

/** The panel a home poster shows where a product poster has the product's image. */
function drawPlaceholder(context: PosterContext, slot: PosterImageSlot, template: PosterTemplate): void {
  context.fillStyle = template.placeholder.color;
  context.fillRect(slot.x, slot.y, slot.width, slot.height);
  context.fillStyle = template.placeholder.textColor;
  context.font = 'bold 18px sans-serif';
  context.textAlign = 'center';
  context.fillText(POSTER_TEXTS.placeholder, slot.x + slot.width / 2, slot.y + slot.height / 2, slot.width - 20);
}

/** Draws the whole poster with `template`; rejects when an image cannot be loaded. */
export async function drawPoster(
  canvas: PosterCanvas,
  template: PosterTemplate,
  content: PosterContent,
  pixelRatio: number,
): Promise<void> {
  // Both images load before anything is painted, so a failure leaves no half-drawn poster.
  const [code, product] = await Promise.all([
    loadImage(canvas, content.codeUrl),
    content.productImageUrl ? loadImage(canvas, content.productImageUrl) : Promise.resolve(null),
  ]);
  canvas.width = POSTER_WIDTH * pixelRatio;
  canvas.height = POSTER_HEIGHT * pixelRatio;
  const context = canvas.getContext('2d');
  context.scale(pixelRatio, pixelRatio);
  for (const element of template.elements) {
    if (element.type === 'rect') {
      context.fillStyle = element.color;
      context.fillRect(element.x, element.y, element.width, element.height);
    } else if (element.type === 'text') {
      drawText(context, element, fieldValue(element.field, content));
    } else if (element.source === 'code') {
      context.drawImage(code, element.x, element.y, element.width, element.height);
    } else if (product) {
      context.drawImage(product, element.x, element.y, element.width, element.height);
    } else {
      drawPlaceholder(context, element, template);
    }
  }
}
