/**
 * 购物车 (tab page): the cart kept by the `cart` function, reloaded on every show. Lines that
 * can be ordered are listed with a stepper and a check mark; lines that cannot (gone, off sale,
 * sold out) are listed apart under 失效商品. The total is the sum of the selected lines' totals
 * as the server priced them; the checkout page asks the server again (placeOrder › quote).
 *
 * Quantity changes send the absolute quantity (`setQuantity`), so a retry cannot count twice;
 * the function applies it with a compare-and-set. Only the answer to the latest change is shown,
 * so quick taps never leave an older cart on screen.
 */
import type { CartLineView, CartView } from '@shared/contracts/cart';
import { formatFen } from '@shared/money';
import type { Result } from '@shared/result';
import { cart } from '../../services/cart';
import { loadPageData, type PageStatus } from '../../utils/page-state';
import { refreshed } from '../../utils/pull-down';
import { CART_LINE_NOTES, checkoutUrl, isInvalidLine, MAX_LINE_UNITS } from './lines';

interface LineView {
  skuId: string;
  productId: string;
  name: string;
  spec: string;
  cover: string;
  price: string;
  quantity: number;
  max: number;
  /** Selectable: it can be ordered as it is. */
  orderable: boolean;
  selected: boolean;
  note: string;
}

function lineView(line: CartLineView, selected: boolean): LineView {
  return {
    skuId: line.skuId,
    productId: line.productId ?? '',
    name: line.name || '商品已失效',
    spec: line.spec,
    cover: line.cover ?? '',
    price: line.unitPriceFen === null ? '' : formatFen(line.unitPriceFen),
    quantity: line.quantity,
    max: Math.max(1, Math.min(MAX_LINE_UNITS, line.stock)),
    orderable: line.status === 'available',
    selected: line.status === 'available' && selected,
    note: line.status === 'insufficientStock' ? `库存仅剩 ${line.stock} 件` : (CART_LINE_NOTES[line.status] ?? ''),
  };
}

Page({
  data: {
    status: 'loading' as PageStatus,
    message: '',
    lines: [] as LineView[],
    invalidLines: [] as LineView[],
    /** The cart as last answered: the totals below are computed from its line totals. */
    view: null as CartView | null,
    /** SKUs the shopper unticked; every other orderable line is selected. */
    unselected: [] as string[],
    allSelected: false,
    selectedCount: 0,
    total: formatFen(0),
    managing: false,
    /** Increases with every change sent; an answer to an older change is not shown. */
    changeSeq: 0,
  },

  onShow() {
    void this.load();
  },

  onPullDownRefresh() {
    return refreshed(this.load());
  },

  async load() {
    const view = await loadPageData(this, this.data.view !== null, () => cart.get());
    if (view) this.show(view);
  },

  /** Renders a cart answered by the function, keeping the shopper's selection. */
  show(view: CartView) {
    const unselected = this.data.unselected.filter((skuId) => view.lines.some((line) => line.skuId === skuId));
    const lines = view.lines
      .filter((line) => !isInvalidLine(line))
      .map((line) => lineView(line, !unselected.includes(line.skuId)));
    const invalidLines = view.lines.filter(isInvalidLine).map((line) => lineView(line, false));
    const chosen = view.lines.filter((line) => line.status === 'available' && !unselected.includes(line.skuId));
    const orderable = lines.filter((line) => line.orderable);
    this.setData({
      status: view.lines.length === 0 ? 'empty' : 'ready',
      view,
      lines,
      invalidLines,
      unselected,
      allSelected: orderable.length > 0 && chosen.length === orderable.length,
      selectedCount: chosen.reduce((sum, line) => sum + line.quantity, 0),
      total: formatFen(chosen.reduce((sum, line) => sum + (line.lineTotalFen ?? 0), 0)),
    });
  },

  /** Shows the answer to a change, unless a later change was sent meanwhile. */
  async apply(change: Promise<Result<CartView>>) {
    const seq = this.data.changeSeq + 1;
    this.setData({ changeSeq: seq });
    const result = await change;
    if (seq !== this.data.changeSeq) return;
    if (!result.ok) {
      void wx.showToast({ title: result.error.message, icon: 'none' });
      await this.load();
      return;
    }
    this.show(result.data);
  },

  onQuantityChange(event: WechatMiniprogram.CustomEvent<{ value: number }, Record<string, never>, { sku: string }>) {
    const quantity = Number(event.detail.value);
    const skuId = event.currentTarget.dataset.sku;
    const line = this.data.lines.find((candidate) => candidate.skuId === skuId);
    if (!line || quantity === line.quantity || !Number.isInteger(quantity) || quantity < 1) return;
    void this.apply(cart.setQuantity({ skuId, quantity }));
  },

  onSelectTap(event: WechatMiniprogram.BaseEvent<Record<string, never>, { sku: string }>) {
    const skuId = event.currentTarget.dataset.sku;
    const line = this.data.lines.find((candidate) => candidate.skuId === skuId);
    if (!line?.orderable || !this.data.view) return;
    const unselected = line.selected
      ? [...this.data.unselected, skuId]
      : this.data.unselected.filter((id) => id !== skuId);
    this.setData({ unselected });
    this.show(this.data.view);
  },

  onSelectAllTap() {
    if (!this.data.view) return;
    const orderable = this.data.lines.filter((line) => line.orderable).map((line) => line.skuId);
    this.setData({ unselected: this.data.allSelected ? orderable : [] });
    this.show(this.data.view);
  },

  onManageTap() {
    this.setData({ managing: !this.data.managing });
  },

  async confirmRemove(skuIds: string[], content: string) {
    if (skuIds.length === 0) return;
    const answer = await wx.showModal({ title: '提示', content, confirmText: '删除' });
    if (answer.confirm) await this.apply(cart.remove({ skuIds }));
  },

  onRemoveSelectedTap() {
    const skuIds = this.data.lines.filter((line) => line.selected).map((line) => line.skuId);
    void this.confirmRemove(skuIds, `确定删除选中的 ${skuIds.length} 种商品吗？`);
  },

  onClearInvalidTap() {
    void this.confirmRemove(
      this.data.invalidLines.map((line) => line.skuId),
      '确定清空失效商品吗？',
    );
  },

  onLineTap(event: WechatMiniprogram.BaseEvent<Record<string, never>, { product: string }>) {
    const productId = event.currentTarget.dataset.product;
    if (productId) void wx.navigateTo({ url: `/shop/product/product?id=${encodeURIComponent(productId)}` });
  },

  onCheckoutTap() {
    const items = this.data.lines
      .filter((line) => line.selected)
      .map((line) => ({ skuId: line.skuId, quantity: line.quantity }));
    if (items.length === 0) {
      void wx.showToast({ title: '请选择要结算的商品', icon: 'none' });
      return;
    }
    void wx.navigateTo({ url: checkoutUrl(items) });
  },

  onShopTap() {
    void wx.switchTab({ url: '/pages/index/index' });
  },

  onRetry() {
    void this.load();
  },
});
