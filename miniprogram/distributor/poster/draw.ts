/**
 * Draws the promotion poster (推广海报) on a 2d canvas: shop name, product image (product
 * posters), the distributor's nickname, and the mini-program code from the `poster` function,
 * whose scene carries their share code. Layout in poster units (one unit = one CSS px of a
 * 300 x 480 canvas); the canvas is scaled by the device pixel ratio so the saved image is sharp.
 */

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
  /** Product posters: the product's name and image. */
  productName?: string;
  productImageUrl?: string;
}

export const POSTER_WIDTH = 300;
export const POSTER_HEIGHT = 480;

function loadImage(canvas: PosterCanvas, src: string): Promise<PosterImage> {
  return new Promise((resolve, reject) => {
    const image = canvas.createImage();
    image.onload = () => resolve(image);
    image.onerror = (error) => reject(error);
    image.src = src;
  });
}

/** Draws the whole poster; rejects when an image cannot be loaded. */
export async function drawPoster(canvas: PosterCanvas, content: PosterContent, pixelRatio: number): Promise<void> {
  canvas.width = POSTER_WIDTH * pixelRatio;
  canvas.height = POSTER_HEIGHT * pixelRatio;
  const context = canvas.getContext('2d');
  context.scale(pixelRatio, pixelRatio);
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, POSTER_WIDTH, POSTER_HEIGHT);

  context.fillStyle = '#1f1f1f';
  context.textAlign = 'center';
  context.font = 'bold 20px sans-serif';
  context.fillText(content.shopName, POSTER_WIDTH / 2, 40, POSTER_WIDTH - 32);

  if (content.productImageUrl) {
    const product = await loadImage(canvas, content.productImageUrl);
    context.drawImage(product, 30, 60, 240, 240);
    context.font = '14px sans-serif';
    context.fillText(content.productName ?? '', POSTER_WIDTH / 2, 322, POSTER_WIDTH - 32);
  } else {
    context.fillStyle = '#f2f3ff';
    context.fillRect(30, 60, 240, 240);
    context.fillStyle = '#0052d9';
    context.font = 'bold 18px sans-serif';
    context.fillText('好物推荐 · 邀你逛逛', POSTER_WIDTH / 2, 185, 220);
  }

  const code = await loadImage(canvas, content.codeUrl);
  context.drawImage(code, 190, 350, 96, 96);
  context.textAlign = 'left';
  context.fillStyle = '#1f1f1f';
  context.font = 'bold 15px sans-serif';
  context.fillText(content.nickname, 20, 380, 160);
  context.fillStyle = '#888888';
  context.font = '12px sans-serif';
  context.fillText('邀请你一起逛逛', 20, 402, 160);
  context.fillText('长按识别小程序码', 20, 424, 160);
}
