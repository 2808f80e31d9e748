/**
 * 推广海报's templates: the page offers 简约 / 大图 / 卡片, draws the chosen one with the product,
 * its price, the nickname and the code from the poster function, redraws on a switch without
 * asking the functions again, and saves the template shown.
 */
import { POSTER_TEMPLATES } from '@shared/posterTemplates';
import { canvasNode, provideCanvas } from './canvas-node';
import { profileView } from './fixtures';
import { answerCalls, callsOf, ok, renderPage, settle, tap, texts, wx, type Rendered } from './helpers';

/** A canvas node that records what is drawn (texts with their place, images with their box). */
function fakeCanvas() {
  const drawn: string[] = [];
  const context = {
    fillStyle: '',
    font: '',
    textAlign: '',
    scale: () => undefined,
    fillRect: () => undefined,
    fillText: (value: string, x: number, y: number) => drawn.push(`text ${value} at ${x},${y}`),
    drawImage: (image: { src: string }, x: number, y: number, width: number, height: number) =>
      drawn.push(`image ${image.src} at ${x},${y} size ${width}x${height}`),
  };
  const canvas = canvasNode(context);
  return { canvas, drawn };
}

const code = {
  fileID: 'cloud://env/posters/o1/product-p1.png',
  tempFileURL: 'https://tmp.example/code.png',
  scene: 'r=ABCD2345&p=p1',
  page: 'product',
};

async function productPoster(): Promise<{ page: Rendered; drawn: string[] }> {
  const { canvas, drawn } = fakeCanvas();
  provideCanvas(canvas);
  answerCalls({ poster: ok(code), 'profile.get': ok(profileView({ nickname: '阿明' })) });
  const page = await renderPage('distributor/poster/poster', {
    productId: 'p1',
    name: encodeURIComponent('明前龙井'),
    image: encodeURIComponent('https://img.example/lj.png'),
    price: encodeURIComponent('¥128.00'),
  });
  await settle(20);
  return { page, drawn };
}

beforeEach(() => {
  jest.clearAllMocks();
  wx.clearStorageSync();
});

describe('distributor/poster/poster templates', () => {
  it('offers every template and draws the first with the product, price, nickname and code', async () => {
    const { page, drawn } = await productPoster();
    expect(texts(page, '.template-option')).toEqual(['简约', '大图', '卡片']);
    expect(page.data.templateId).toBe('simple');
    expect(drawn).toEqual(
      expect.arrayContaining([
        'image https://img.example/lj.png at 30,60 size 240x240',
        'image https://tmp.example/code.png at 190,350 size 96x96',
        'text 明前龙井 at 150,322',
        'text ¥128.00 at 20,362',
        'text 阿明 at 20,390',
      ]),
    );
  });

  it.each([
    [
      'large',
      'image https://img.example/lj.png at 0,0 size 300x330',
      'image https://tmp.example/code.png at 196,350 size 88x88',
    ],
    [
      'card',
      'image https://img.example/lj.png at 40,68 size 220x220',
      'image https://tmp.example/code.png at 40,366 size 84x84',
    ],
  ])('redraws in %s without asking again, and saves it', async (id, product, qr) => {
    const { page, drawn } = await productPoster();
    drawn.length = 0;
    page.querySelector(`.template-${id}`)!.dispatchEvent('tap');
    await settle(20);
    expect(page.data.templateId).toBe(id);
    expect(drawn).toEqual(expect.arrayContaining([product, qr, 'text ¥128.00 at ' + priceAnchor(id)]));
    expect(callsOf('poster')).toHaveLength(1);
    wx.canvasToTempFilePath.mockResolvedValueOnce({ tempFilePath: 'http://tmp/poster.png' });
    await tap(page, '.save-button', '.t-button');
    expect(wx.saveImageToPhotosAlbum).toHaveBeenCalledWith({ filePath: 'http://tmp/poster.png' });
  });

  it('draws a placeholder panel instead of the product on a home poster, with no price', async () => {
    const { canvas, drawn } = fakeCanvas();
    provideCanvas(canvas);
    answerCalls({ poster: ok({ ...code, page: 'home' }), 'profile.get': ok(profileView()) });
    await renderPage('distributor/poster/poster');
    await settle(20);
    expect(drawn).toContain('text 好物推荐 · 邀你逛逛 at 150,180');
    expect(drawn.some((line) => line.startsWith('text ¥'))).toBe(false);
  });
});

/** Where each template anchors the price (shared/posterTemplates.ts). */
function priceAnchor(id: string): string {
  const template = POSTER_TEMPLATES.find((candidate) => candidate.id === id)!;
  const price = template.elements.find((element) => element.type === 'text' && element.field === 'price')!;
  return `${price.x},${price.y}`;
}
