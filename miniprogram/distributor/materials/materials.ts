/**
 * 推广素材: the material the merchant prepared for promoting (distributor.materials). Opened from
 * the product page (`?productId=`: that product's material and the shop's) or the distributor
 * center (the shop's). Texts are copied with one tap (wx.setClipboardData), images saved to the
 * album (downloaded, then wx.saveImageToPhotosAlbum: the page shows the privacy popup), and a
 * training article opens in a reading view on the same page.
 */
import { materials } from '../../services/materials';
import { saveLinksToAlbum } from '../../utils/album';
import type { PageStatus } from '../../utils/page-state';
import { materialSections, type MaterialCard, type MaterialSection } from './view';

type CardEvent = WechatMiniprogram.BaseEvent<Record<string, never>, { key: string }>;

Page({
  data: {
    status: 'loading' as PageStatus,
    message: '',
    productId: '',
    productName: '',
    sections: [] as MaterialSection[],
    /** The article being read, or null for the list. */
    article: null as MaterialCard | null,
    /** The key of the image material being saved. */
    savingKey: '',
  },

  onLoad(query: Record<string, string | undefined>) {
    this.setData({ productId: query.productId ?? '' });
    void this.load();
  },

  async load() {
    this.setData({ status: 'loading' });
    const productId = this.data.productId;
    const answer = await materials(productId ? { productId } : {});
    if (!answer.ok) {
      this.setData({ status: 'error', message: answer.error.message });
      return;
    }
    const sections = materialSections(answer.data);
    this.setData({
      status: sections.length > 0 ? 'ready' : 'empty',
      productName: answer.data.product?.name ?? '',
      sections,
    });
  },

  cardOf(key: string): MaterialCard | undefined {
    for (const section of this.data.sections) {
      const card = section.cards.find((candidate) => candidate.key === key);
      if (card) return card;
    }
    return undefined;
  },

  async onCopyTap(event: CardEvent) {
    const card = this.cardOf(event.currentTarget.dataset.key);
    if (!card) return;
    try {
      await wx.setClipboardData({ data: card.text });
    } catch {
      // Refused in the privacy popup, or the system refused: the toast says it was not copied.
      void wx.showToast({ title: '复制失败，请重试', icon: 'none' });
    }
  },

  async onSaveImagesTap(event: CardEvent) {
    const card = this.cardOf(event.currentTarget.dataset.key);
    if (!card || this.data.savingKey) return;
    this.setData({ savingKey: card.key });
    const saved = await saveLinksToAlbum(card.images);
    this.setData({ savingKey: '' });
    if (saved === card.images.length) void wx.showToast({ title: `已保存 ${saved} 张图片`, icon: 'success' });
  },

  onImageTap(event: WechatMiniprogram.BaseEvent<Record<string, never>, { key: string; index: number }>) {
    const card = this.cardOf(event.currentTarget.dataset.key);
    const current = card?.images[Number(event.currentTarget.dataset.index)];
    if (card && current) void wx.previewImage({ urls: card.images, current });
  },

  onArticleTap(event: CardEvent) {
    const article = this.cardOf(event.currentTarget.dataset.key);
    if (article) this.setData({ article });
  },

  onCloseArticle() {
    this.setData({ article: null });
  },

  onRetry() {
    void this.load();
  },
});
