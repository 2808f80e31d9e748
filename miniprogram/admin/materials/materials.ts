/**
 * 素材管理 (merchant): the materials library, by sort order, filtered to 全部, 通用 (shop-wide)
 * or one product's (opened from the product form with `?productId=&productName=`). 新建 and
 * 编辑 open the form (admin/material); 停用 / 启用 (`admin.setMaterialEnabled`) and 删除
 * (`admin.deleteMaterial`, after a confirmation) act on the row. Reloaded on every show, so what
 * the form saved is seen on return.
 */
import { admin } from '../../services/admin';
import { filterBarListPage } from '../../utils/list-page';
import { listData } from '../../utils/paged-list';
import { adminFailureMessage } from '../gate';
import { adminSource, PAGE_SIZE, runRowAction } from '../list';
import { materialRow, type MaterialRow } from './rows';

type Filter = 'all' | 'shop' | 'product';
type RowEvent = WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>;

const SHOP_FILTERS: Array<{ value: Filter; label: string }> = [
  { value: 'all', label: '全部' },
  { value: 'shop', label: '通用' },
];

/** The list route's product filter: absent for all, null for shop-wide, else the product's id. */
function productFilter(filter: Filter, productId: string): string | null | undefined {
  if (filter === 'shop') return null;
  return filter === 'product' ? productId : undefined;
}

Page({
  ...filterBarListPage({
    data: { ...listData<MaterialRow>(), filter: 'all' as Filter, busyId: '', productId: '', productName: '' },
    filters: SHOP_FILTERS,
    loadOn: 'show',
    onReload: 'clear',
    source: ({ filter, productId }) =>
      adminSource(
        (offset) => admin('listMaterials', { productId: productFilter(filter, productId), limit: PAGE_SIZE, offset }),
        materialRow,
      ),
  }),

  onLoad(query: Record<string, string | undefined>) {
    if (!query.productId) return;
    const productName = query.productName ? decodeURIComponent(query.productName) : query.productId;
    // Opened from a product: its own material first, the other filters one tap away.
    this.setData({
      productId: query.productId,
      productName,
      filter: 'product',
      filters: [...SHOP_FILTERS, { value: 'product', label: productName }],
    });
  },

  onCreateTap() {
    const { productId, productName } = this.data;
    const query = productId ? `?productId=${productId}&productName=${encodeURIComponent(productName)}` : '';
    void wx.navigateTo({ url: `/admin/material/material${query}` });
  },

  onEditTap(event: RowEvent) {
    void wx.navigateTo({ url: `/admin/material/material?id=${event.currentTarget.dataset.id}` });
  },

  async onEnabledTap(event: RowEvent) {
    const row = this.data.rows.find((candidate) => candidate.id === event.currentTarget.dataset.id);
    if (!row) return;
    await runRowAction(this, {
      id: row.id,
      send: () => admin('setMaterialEnabled', { materialId: row.id, enabled: !row.enabled }),
      rowOf: (answer) => materialRow(answer.material),
      done: (answer) => (answer.material.enabled ? '已启用' : '已停用'),
    });
  },

  async onDeleteTap(event: RowEvent) {
    const id = event.currentTarget.dataset.id;
    if (this.data.busyId) return;
    const answer = await wx.showModal({
      title: '删除素材',
      content: '删除后推广员不再看到它，图片也会一并删除，且不能恢复。',
      confirmText: '删除',
    });
    if (!answer.confirm) return;
    this.setData({ busyId: id });
    const result = await admin('deleteMaterial', { materialId: id });
    this.setData({ busyId: '' });
    if (!result.ok) {
      void wx.showModal({ title: '操作未完成', content: adminFailureMessage(result.error), showCancel: false });
      return;
    }
    this.setData({ rows: this.data.rows.filter((row) => row.id !== id) });
    void wx.showToast({ title: '已删除', icon: 'success' });
  },
});
