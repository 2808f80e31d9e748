/**
 * 商品详情: images, price range, description and, for distributors, the commission hint
 * (分享预计赚, from `catalog.detail`). 加入购物车 and 立即购买 open the SKU picker (规格, stock
 * shown, sold-out options disabled, quantity); its confirm adds to the cart (`cart.add` with a
 * request id) or goes to checkout with the SKU and quantity. Sharing carries the caller's
 * share code (`r`, read by utils/share-entry.ts on the friend's side).
 *
 * Opened with `?id=<productId>` (links, shares) or with a mini-program code's `scene`
 * (`r=<code>&p=<productId>`; app.ts has already captured the share code).
 */
import { decodeScene } from '@shared/shareCode';
import { isTransportFailure } from '../../services/call';
import { cart } from '../../services/cart';
import { catalog } from '../../services/catalog';
import { profile } from '../../services/profile';
import type { PageStatus } from '../../utils/page-state';
import { refreshed } from '../../utils/pull-down';
import { newRequestId } from '../../utils/request-id';
import { groupRow, openGroupUrl, type GroupRow } from './group';
import { CART_TAB, checkoutUrl, materialsUrl, productPosterUrl, productSharePath } from '../../utils/shop-routes';
import { defaultSku, productView, skuOption, type ProductView, type SkuOption } from './view';
import { countdownText, promotionView, shownDiscount, type PromotionView, type SkuDiscount } from './activity';
import { withFlashSession } from './flash';

/** The countdown's ticker (one per page instance, cleared when the page goes away). */
const tickers = new WeakMap<object, number>();

function stopTicker(page: object): void {
  const ticker = tickers.get(page);
  if (ticker !== undefined) clearInterval(ticker);
  tickers.delete(page);
}

type PickerMode = 'cart' | 'buy' | 'group';

/** An add whose answer never came: tapping again with the same choice resends the same request id. */
interface PendingAdd {
  skuId: string;
  quantity: number;
  requestId: string;
}

function productIdOf(query: Record<string, string | undefined>): string {
  if (query.id) return query.id;
  return (query.scene && decodeScene(query.scene)?.productId) || '';
}

Page({
  data: {
    productId: '',
    /** The 秒杀 session the page was opened from (`?flash=`), or ''. */
    flashId: '',
    status: 'loading' as PageStatus,
    message: '',
    product: null as ProductView | null,
    skus: [] as SkuOption[],
    selected: null as SkuOption | null,
    quantity: 1,
    pickerVisible: false,
    pickerMode: 'cart' as PickerMode,
    adding: false,
    pendingAdd: null as PendingAdd | null,
    /** The caller's share code, for the share path; '' until the profile answered. */
    shareCode: '',
    /** Activities (activity.ts): the live 限时折扣 per SKU and the 满减 tiers, the one shown and its countdown. */
    promotion: null as PromotionView | null,
    /** The product's live 拼团 (发起拼团), or null. */
    group: null as GroupRow | null,
    discount: null as SkuDiscount | null,
    countdown: '',
  },

  onLoad(query: Record<string, string | undefined>) {
    this.setData({ productId: productIdOf(query), flashId: query.flash ? decodeURIComponent(query.flash) : '' });
    void this.load();
  },

  onPullDownRefresh() {
    return refreshed(this.load());
  },

  async load() {
    const productId = this.data.productId;
    if (!productId) {
      this.setData({ status: 'error', message: '商品不存在' });
      return;
    }
    if (!this.data.product) this.setData({ status: 'loading' });
    const flashId = this.data.flashId;
    // The first load counts the view for the merchant's funnel; a refresh reads only.
    const countView = this.data.product === null;
    const [detail, , flash] = await Promise.all([
      catalog.detail(countView ? { productId, countView } : { productId }),
      this.loadShareCode(),
      flashId ? catalog.flashSales() : Promise.resolve(null),
    ]);
    if (!detail.ok) {
      this.setData({ status: 'error', message: detail.error.message });
      return;
    }
    const skus = detail.data.skus.map(skuOption);
    const kept = skus.find((sku) => sku.id === this.data.selected?.id && !sku.soldOut);
    const selected = kept ?? defaultSku(skus);
    this.setData({
      status: 'ready',
      product: productView(detail.data),
      group: groupRow(detail.data.groupBuy),
      skus,
      selected,
      quantity: this.clampQuantity(this.data.quantity, selected),
    });
    const phoneNow = Date.now();
    const promotion = promotionView(detail.data, phoneNow);
    this.showPromotion(flash?.ok ? withFlashSession(promotion, flash.data, flashId, productId, phoneNow) : promotion);
  },

  /** Shows the activity of the selected SKU and counts down to its end, every second. */
  showPromotion(promotion: PromotionView | null) {
    const view = promotion ?? this.data.promotion;
    if (!view) return;
    const discount = shownDiscount(view, this.data.selected?.id ?? null);
    const endAtMs = discount?.endAtMs ?? null;
    const tick = () =>
      this.setData({ countdown: endAtMs !== null ? countdownText(endAtMs, view.clockOffsetMs, Date.now()) : '' });
    this.setData({ promotion: view, discount });
    tick();
    stopTicker(this);
    if (endAtMs !== null) tickers.set(this, setInterval(tick, 1000) as unknown as number);
  },

  onUnload() {
    stopTicker(this);
  },

  /** The share code, once; without it a share still opens the product, only unattributed. */
  async loadShareCode() {
    if (this.data.shareCode) return;
    const me = await profile.get();
    if (me.ok) this.setData({ shareCode: me.data.shareCode });
  },

  clampQuantity(quantity: number, sku: SkuOption | null): number {
    return Math.max(1, Math.min(quantity, sku ? sku.maxQuantity : 1));
  },

  onAddToCartTap() {
    this.setData({ pickerVisible: true, pickerMode: 'cart' });
  },

  onBuyNowTap() {
    this.setData({ pickerVisible: true, pickerMode: 'buy' });
  },

  onOpenGroupTap() {
    this.setData({ pickerVisible: true, pickerMode: 'group' });
  },

  onSpecTap() {
    this.setData({ pickerVisible: true });
  },

  onPickerVisibleChange(event: WechatMiniprogram.CustomEvent<{ visible: boolean }>) {
    this.setData({ pickerVisible: event.detail.visible });
  },

  onPickerClose() {
    this.setData({ pickerVisible: false });
  },

  onSkuTap(event: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
    const sku = this.data.skus.find((option) => option.id === event.currentTarget.dataset.id);
    if (!sku || sku.soldOut) return;
    this.setData({ selected: sku, quantity: this.clampQuantity(this.data.quantity, sku) });
    this.showPromotion(null);
  },

  onQuantityChange(event: WechatMiniprogram.CustomEvent<{ value: number | string }>) {
    this.setData({ quantity: this.clampQuantity(Number(event.detail.value) || 1, this.data.selected) });
  },

  /** The picker's confirm: add to the cart or buy now, with the chosen SKU and quantity. */
  onConfirmTap() {
    const sku = this.data.selected;
    if (!sku || sku.soldOut || this.data.adding) return;
    if (this.data.pickerMode === 'buy') {
      this.setData({ pickerVisible: false });
      // A SKU of the 秒杀 session the page was opened from is bought in that session.
      const activityId = this.data.promotion?.discounts[sku.id]?.activityId;
      const url = checkoutUrl(sku.id, this.data.quantity);
      void wx.navigateTo({ url: activityId ? `${url}&activityId=${encodeURIComponent(activityId)}` : url });
      return;
    }
    const group = this.data.group;
    if (this.data.pickerMode === 'group') {
      // A SKU the 拼团 does not list is bought at its own price: 立即购买.
      if (!group?.skuIds.includes(sku.id)) return void wx.showToast({ title: '该规格不参与拼团', icon: 'none' });
      this.setData({ pickerVisible: false });
      void wx.navigateTo({ url: openGroupUrl(group.activityId, sku.id, this.data.quantity) });
      return;
    }
    void this.addToCart(sku.id, this.data.quantity);
  },

  async addToCart(skuId: string, quantity: number) {
    const pending = this.data.pendingAdd;
    const requestId =
      pending && pending.skuId === skuId && pending.quantity === quantity ? pending.requestId : newRequestId();
    this.setData({ adding: true, pendingAdd: { skuId, quantity, requestId } });
    // countAdd: an add from the product page counts in the merchant's funnel (加购).
    const result = await cart.add({ skuId, quantity, requestId, countAdd: true });
    // A transport failure may hide an add that went through: keep the id for the next tap.
    this.setData({
      adding: false,
      pendingAdd: !result.ok && isTransportFailure(result) ? { skuId, quantity, requestId } : null,
    });
    if (!result.ok) {
      void wx.showToast({ title: result.error.message, icon: 'none' });
      return;
    }
    this.setData({ pickerVisible: false });
    void wx.showToast({ title: '已加入购物车', icon: 'success' });
  },

  onCartTabTap() {
    void wx.switchTab({ url: CART_TAB });
  },

  /** Previews the tapped image among its own list (the gallery, or the detail images). */
  onImageTap(event: WechatMiniprogram.BaseEvent<Record<string, never>, { index: number; list?: string }>) {
    const product = this.data.product;
    const images = (event.currentTarget.dataset.list === 'detail' ? product?.detailImages : product?.images) ?? [];
    const urls = images.map((image) => image.url).filter((url): url is string => url !== null);
    const current = images[Number(event.currentTarget.dataset.index)]?.url;
    if (urls.length > 0) void wx.previewImage({ urls, current: current ?? urls[0] });
  },

  /** Distributors (the ones shown a commission hint) may make a poster of this product. */
  onPosterTap() {
    const product = this.data.product;
    if (!product) return;
    const imageUrl = product.images.find((image) => image.url !== null)?.url ?? undefined;
    void wx.navigateTo({ url: productPosterUrl(product.id, product.name, imageUrl, product.price) });
  },

  /** Distributors find the product's selling points, images and articles (推广素材) here. */
  onMaterialsTap() {
    const productId = this.data.product?.id ?? this.data.productId;
    if (productId) void wx.navigateTo({ url: materialsUrl(productId) });
  },

  onShareAppMessage() {
    const product = this.data.product;
    const productId = product?.id ?? this.data.productId;
    const imageUrl = product?.images.find((image) => image.url !== null)?.url ?? undefined;
    return {
      title: product?.name ?? '分销商城',
      path: productSharePath(productId, this.data.shareCode || undefined),
      imageUrl,
    };
  },

  onRetry() {
    void this.load();
  },
});
