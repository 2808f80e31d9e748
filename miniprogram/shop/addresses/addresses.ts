/**
 * 收货地址: the shopper's addresses (`address.list`, the default first) with 设为默认, 编辑 and
 * 删除. Opened by the checkout page with `select=1`: tapping an address chooses it for the order
 * (utils/address-choice.ts) and goes back.
 */
import type { AddressView } from '@shared/contracts/address';
import { address } from '../../services/address';
import { addressLine, chooseAddress } from '../../utils/address-choice';
import { loadPageData, type PageStatus } from '../../utils/page-state';
import { refreshed } from '../../utils/pull-down';

interface RowView {
  id: string;
  who: string;
  line: string;
  isDefault: boolean;
  selected: boolean;
}

function rows(items: ReadonlyArray<AddressView>, selectedId: string): RowView[] {
  return items.map((item) => ({
    id: item.id,
    who: `${item.name} ${item.phone}`,
    line: addressLine(item),
    isDefault: item.isDefault,
    selected: item.id === selectedId,
  }));
}

type RowEvent = WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>;

Page({
  data: {
    status: 'loading' as PageStatus,
    message: '',
    selectMode: false,
    selectedId: '',
    rows: [] as RowView[],
    busy: false,
  },

  onLoad(query: Record<string, string | undefined>) {
    this.setData({ selectMode: query.select === '1', selectedId: query.selectedId ?? '' });
    if (query.select === '1') void wx.setNavigationBarTitle({ title: '选择收货地址' });
  },

  onShow() {
    void this.load();
  },

  onPullDownRefresh() {
    return refreshed(this.load());
  },

  async load() {
    const list = await loadPageData(this, this.data.rows.length > 0, () => address.list());
    if (list)
      this.setData({
        status: list.items.length === 0 ? 'empty' : 'ready',
        rows: rows(list.items, this.data.selectedId),
      });
  },

  onRowTap(event: RowEvent) {
    if (!this.data.selectMode) return;
    chooseAddress(event.currentTarget.dataset.id);
    void wx.navigateBack();
  },

  onEditTap(event: RowEvent) {
    void wx.navigateTo({ url: `/shop/address/address?id=${event.currentTarget.dataset.id}` });
  },

  onAddTap() {
    void wx.navigateTo({ url: '/shop/address/address' });
  },

  async onDefaultTap(event: RowEvent) {
    if (this.data.busy) return;
    this.setData({ busy: true });
    const result = await address.setDefault({ id: event.currentTarget.dataset.id });
    this.setData({ busy: false });
    if (!result.ok) void wx.showToast({ title: result.error.message, icon: 'none' });
    await this.load();
  },

  async onRemoveTap(event: RowEvent) {
    const answer = await wx.showModal({ title: '提示', content: '确定删除该收货地址吗？', confirmText: '删除' });
    if (!answer.confirm) return;
    const result = await address.remove({ id: event.currentTarget.dataset.id });
    if (!result.ok) void wx.showToast({ title: result.error.message, icon: 'none' });
    await this.load();
  },

  onRetry() {
    void this.load();
  },
});
