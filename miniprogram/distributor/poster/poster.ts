/**
 * 推广海报: the distributor's poster for the home page, or for a product when opened with
 * `?productId=&name=&image=&price=` (the product page passes them). The mini-program code comes
 * from the `poster` function (its scene carries the share code), the nickname from `profile.get`;
 * the distributor picks one of the templates of shared/posterTemplates.ts (简约 / 大图 / 卡片),
 * draw.ts draws it on the canvas, and 保存到相册 saves what is shown.
 */
import type { PosterInput } from '@shared/contracts/poster';
import { POSTER_HEIGHT, POSTER_TEMPLATES, POSTER_WIDTH, posterTemplate } from '@shared/posterTemplates';
import { poster } from '../../services/poster';
import { profile } from '../../services/profile';
import { explainSaveFailure } from '../../utils/album';
import { displayName } from '../../utils/format';
import type { PageStatus } from '../../utils/page-state';
import type { PosterCanvas, PosterContent } from './draw';
import { drawPoster } from './draw';

const SHOP_NAME = '分销商城';

/** The canvas node, once the page has laid it out (kept off `data`: it is not renderable). */
let canvasNode: PosterCanvas | undefined;

/** What the poster shows, kept to redraw it in another template without asking again. */
let content: PosterContent | undefined;

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
    drawing: false,
    input: { page: 'home' } as PosterInput,
    product: {} as Pick<PosterContent, 'productName' | 'productImageUrl' | 'price'>,
    templates: POSTER_TEMPLATES.map(({ id, name }) => ({ id, name })),
    templateId: POSTER_TEMPLATES[0]?.id ?? '',
  },

  onLoad(query: Record<string, string | undefined>) {
    if (query.productId) {
      const productName = query.name ? decodeURIComponent(query.name) : '';
      const productImageUrl = query.image ? decodeURIComponent(query.image) : undefined;
      const price = query.price ? decodeURIComponent(query.price) : undefined;
      this.setData({
        input: { page: 'product', productId: query.productId },
        product: { productName, productImageUrl, price },
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
    content = {
      shopName: SHOP_NAME,
      nickname: displayName(me.data.nickname),
      codeUrl: code.data.tempFileURL,
      ...this.data.product,
    };
    await this.draw();
  },

  /** Draws the poster in the chosen template; the save button waits until it is done. */
  async draw() {
    if (!canvasNode || !content) return;
    this.setData({ drawing: true });
    try {
      await drawPoster(canvasNode, posterTemplate(this.data.templateId), content, pixelRatio());
      this.setData({ drawing: false });
    } catch {
      this.setData({ status: 'error', message: '海报图片加载失败，请重试', drawing: false });
    }
  },

  onTemplateTap(event: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
    const templateId = event.currentTarget.dataset.id;
    if (templateId === this.data.templateId || this.data.drawing || this.data.saving) return;
    this.setData({ templateId });
    void this.draw();
  },

  async onSaveTap() {
    if (!canvasNode || this.data.saving || this.data.drawing) return;
    this.setData({ saving: true });
    try {
      const image = await wx.canvasToTempFilePath({ canvas: canvasNode as unknown as WechatMiniprogram.Canvas });
      await wx.saveImageToPhotosAlbum({ filePath: image.tempFilePath });
      void wx.showToast({ title: '已保存到相册', icon: 'success' });
    } catch (error) {
      await explainSaveFailure(error);
    } finally {
      this.setData({ saving: false });
    }
  },

  onRetry() {
    void this.load();
  },
});
