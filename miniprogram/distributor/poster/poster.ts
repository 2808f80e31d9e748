/**
 * 推广海报: the distributor's poster for the home page, or for a product when opened with
 * `?productId=&name=&image=` (the product page passes them). The mini-program code comes from the
 * `poster` function (its scene carries the share code), the nickname from `profile.get`; the
 * canvas is drawn by draw.ts and saved to the album on 保存到相册.
 */
import type { PosterInput } from '@shared/contracts/poster';
import { poster } from '../../services/poster';
import { profile } from '../../services/profile';
import { displayName } from '../../utils/format';
import type { PageStatus } from '../../utils/page-state';
import type { PosterCanvas, PosterContent } from './draw';
import { drawPoster, POSTER_HEIGHT, POSTER_WIDTH } from './draw';

const SHOP_NAME = '分销商城';

/** The canvas node, once the page has laid it out (kept off `data`: it is not renderable). */
let canvasNode: PosterCanvas | undefined;

function findCanvas(): Promise<PosterCanvas | undefined> {
  return new Promise((resolve) => {
    wx.createSelectorQuery()
      .select('#poster')
      .fields({ node: true, size: true })
      .exec((answers: Array<{ node?: PosterCanvas } | null>) => resolve(answers[0]?.node ?? undefined));
  });
}

function pixelRatio(): number {
  try {
    return wx.getWindowInfo().pixelRatio || 2;
  } catch {
    return 2;
  }
}

Page({
  data: {
    status: 'loading' as PageStatus,
    message: '',
    width: POSTER_WIDTH,
    height: POSTER_HEIGHT,
    saving: false,
    input: { page: 'home' } as PosterInput,
    product: {} as Pick<PosterContent, 'productName' | 'productImageUrl'>,
  },

  onLoad(query: Record<string, string | undefined>) {
    if (query.productId) {
      const productName = query.name ? decodeURIComponent(query.name) : '';
      const productImageUrl = query.image ? decodeURIComponent(query.image) : undefined;
      this.setData({
        input: { page: 'product', productId: query.productId },
        product: { productName, productImageUrl },
      });
    }
    void this.load();
  },

  async load() {
    this.setData({ status: 'loading' });
    const [code, me] = await Promise.all([poster(this.data.input), profile.get()]);
    if (!code.ok || !me.ok) {
      const failure = !code.ok ? code.error : !me.ok ? me.error : undefined;
      this.setData({ status: 'error', message: failure?.message ?? '' });
      return;
    }
    // The canvas is only in the tree when the status is ready, so show it first, then find it.
    this.setData({ status: 'ready' });
    canvasNode = await findCanvas();
    if (!canvasNode) {
      this.setData({ status: 'error', message: '画布不可用，请更新微信后重试' });
      return;
    }
    const content: PosterContent = {
      shopName: SHOP_NAME,
      nickname: displayName(me.data.nickname),
      codeUrl: code.data.tempFileURL,
      ...this.data.product,
    };
    try {
      await drawPoster(canvasNode, content, pixelRatio());
    } catch {
      this.setData({ status: 'error', message: '海报图片加载失败，请重试' });
    }
  },

  async onSaveTap() {
    if (!canvasNode || this.data.saving) return;
    this.setData({ saving: true });
    try {
      const image = await wx.canvasToTempFilePath({ canvas: canvasNode as unknown as WechatMiniprogram.Canvas });
      await wx.saveImageToPhotosAlbum({ filePath: image.tempFilePath });
      void wx.showToast({ title: '已保存到相册', icon: 'success' });
    } catch (error) {
      await this.explainSaveFailure(error);
    } finally {
      this.setData({ saving: false });
    }
  },

  /** A refused album permission can only be granted again in the settings page. */
  async explainSaveFailure(error: unknown) {
    const text = String((error as { errMsg?: string }).errMsg ?? '');
    // 拒绝 in the privacy popup: the settings page cannot change that, the next save asks again.
    if (/privacy/i.test(text)) {
      void wx.showToast({ title: '同意隐私保护指引后才能保存到相册', icon: 'none' });
      return;
    }
    if (!/auth|authorize/i.test(text)) {
      void wx.showToast({ title: '保存失败，请重试', icon: 'none' });
      return;
    }
    const answer = await wx.showModal({
      title: '需要相册权限',
      content: '请在设置中允许保存到相册',
      confirmText: '去设置',
    });
    if (answer.confirm) void wx.openSetting();
  },

  onRetry() {
    void this.load();
  },
});
