/** 推广海报: QR code from `poster`, nickname from `profile.get`, drawn on a canvas, saved to the album. */
import { answerCalls, callsOf, fail, ok, renderPage, settle, stateText, tap, wx } from './helpers';
import { profileView } from './fixtures';

/** A canvas node that records what is drawn; images "load" on the next tick, or fail for bad URLs. */
function fakeCanvas() {
  const drawn: string[] = [];
  const context = {
    fillStyle: '',
    font: '',
    textAlign: '',
    scale: (x: number, y: number) => drawn.push(`scale ${x},${y}`),
    fillRect: () => undefined,
    fillText: (value: string) => drawn.push(`text ${value}`),
    drawImage: (image: { src: string }, x: number, y: number, width: number) =>
      drawn.push(`image ${image.src} at ${x},${y} size ${width}`),
  };
  const canvas = {
    width: 0,
    height: 0,
    getContext: () => context,
    createImage: () => {
      const image = {
        src: '',
        onload: null as null | (() => void),
        onerror: null as null | ((error: unknown) => void),
      };
      return new Proxy(image, {
        set(target, key, value) {
          (target as Record<string | symbol, unknown>)[key] = value;
          if (key === 'src')
            setTimeout(
              () => (String(value).includes('broken') ? target.onerror?.(new Error('404')) : target.onload?.()),
              0,
            );
          return true;
        },
      });
    },
  };
  return { canvas, drawn };
}

function provideCanvas(canvas: unknown): void {
  const query = {
    select: () => query,
    fields: () => query,
    exec: (callback: (answers: unknown[]) => void) =>
      setTimeout(() => callback([{ node: canvas, width: 300, height: 480 }]), 0),
  };
  wx.createSelectorQuery = jest.fn(() => query);
  wx.getWindowInfo = jest.fn(() => ({ pixelRatio: 3 }));
}

const code = {
  fileID: 'cloud://env/posters/o1/home.png',
  tempFileURL: 'https://tmp.example/home.png',
  scene: 'r=ABCD2345',
  page: 'home',
};

beforeEach(() => {
  jest.clearAllMocks();
  wx.clearStorageSync();
});

describe('distributor/poster/poster', () => {
  it('draws the code from the poster function with the nickname', async () => {
    const { canvas, drawn } = fakeCanvas();
    provideCanvas(canvas);
    answerCalls({ poster: ok(code), 'profile.get': ok(profileView({ nickname: '阿明' })) });
    const page = await renderPage('distributor/poster/poster');
    await settle(20);
    expect(callsOf('poster')).toEqual([{ page: 'home' }]);
    expect(canvas.width).toBe(900);
    expect(drawn).toEqual(
      expect.arrayContaining([
        'scale 3,3',
        'text 分销商城',
        'text 阿明',
        'image https://tmp.example/home.png at 190,350 size 96',
      ]),
    );
    expect(page.data.status).toBe('ready');
  });

  it('draws a product poster with the product image and asks for the product code', async () => {
    const { canvas, drawn } = fakeCanvas();
    provideCanvas(canvas);
    answerCalls({ poster: ok({ ...code, page: 'product' }), 'profile.get': ok(profileView()) });
    await renderPage('distributor/poster/poster', {
      productId: 'p-longjing',
      name: encodeURIComponent('明前龙井'),
      image: encodeURIComponent('https://img.example/lj.png'),
    });
    await settle(20);
    expect(callsOf('poster')).toEqual([{ page: 'product', productId: 'p-longjing' }]);
    expect(drawn).toEqual(
      expect.arrayContaining(['image https://img.example/lj.png at 30,60 size 240', 'text 明前龙井']),
    );
  });

  it('saves the canvas to the album', async () => {
    const { canvas } = fakeCanvas();
    provideCanvas(canvas);
    answerCalls({ poster: ok(code), 'profile.get': ok(profileView()) });
    wx.canvasToTempFilePath.mockResolvedValueOnce({ tempFilePath: 'http://tmp/poster.png' });
    const page = await renderPage('distributor/poster/poster');
    await settle(20);
    await tap(page, '.save-button', '.t-button');
    expect(wx.canvasToTempFilePath).toHaveBeenCalledWith({ canvas });
    expect(wx.saveImageToPhotosAlbum).toHaveBeenCalledWith({ filePath: 'http://tmp/poster.png' });
    expect(wx.showToast).toHaveBeenCalledWith({ title: '已保存到相册', icon: 'success' });
  });

  it('leads to the settings when the album permission was refused', async () => {
    const { canvas } = fakeCanvas();
    provideCanvas(canvas);
    answerCalls({ poster: ok(code), 'profile.get': ok(profileView()) });
    wx.canvasToTempFilePath.mockResolvedValueOnce({ tempFilePath: 'http://tmp/poster.png' });
    wx.saveImageToPhotosAlbum.mockRejectedValueOnce({ errMsg: 'saveImageToPhotosAlbum:fail auth deny' });
    wx.showModal.mockResolvedValueOnce({ confirm: true, cancel: false });
    const page = await renderPage('distributor/poster/poster');
    await settle(20);
    await tap(page, '.save-button', '.t-button');
    expect(wx.showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '需要相册权限' }));
    expect(wx.openSetting).toHaveBeenCalled();
  });

  it('says the privacy guide must be agreed to when the privacy popup was refused', async () => {
    const { canvas } = fakeCanvas();
    provideCanvas(canvas);
    answerCalls({ poster: ok(code), 'profile.get': ok(profileView()) });
    wx.canvasToTempFilePath.mockResolvedValueOnce({ tempFilePath: 'http://tmp/poster.png' });
    wx.saveImageToPhotosAlbum.mockRejectedValueOnce({
      errMsg: 'saveImageToPhotosAlbum:fail privacy permission is not authorized',
    });
    const page = await renderPage('distributor/poster/poster');
    await settle(20);
    await tap(page, '.save-button', '.t-button');
    expect(wx.showToast).toHaveBeenCalledWith({ title: '同意隐私保护指引后才能保存到相册', icon: 'none' });
    expect(wx.showModal).not.toHaveBeenCalled();
    expect(wx.openSetting).not.toHaveBeenCalled();
  });

  it('shows why a shopper gets no poster', async () => {
    provideCanvas(fakeCanvas().canvas);
    answerCalls({ poster: fail('NOT_DISTRIBUTOR', '成为分销员后才能生成推广海报'), 'profile.get': ok(profileView()) });
    const page = await renderPage('distributor/poster/poster');
    expect(stateText(page)).toBe('加载失败 成为分销员后才能生成推广海报');
  });

  it('shows an error when the code image cannot be loaded', async () => {
    provideCanvas(fakeCanvas().canvas);
    answerCalls({
      poster: ok({ ...code, tempFileURL: 'https://tmp.example/broken.png' }),
      'profile.get': ok(profileView()),
    });
    const page = await renderPage('distributor/poster/poster');
    await settle(20);
    expect(stateText(page)).toBe('加载失败 海报图片加载失败，请重试');
  });
});
