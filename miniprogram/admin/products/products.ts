/**
 * 商品管理: every product, on sale or not (`admin.listProducts`, 20 a page, search by name or
 * id, pull down to reload), put on or taken off sale (`admin.setOnSale`), stock adjusted per
 * SKU by a signed number of units (`admin.adjustStock`, idempotent by request id: stock.ts), and
 * the product form (admin/product) for creating and editing. Reloaded on every show, so an edit
 * made in the form is seen on return.
 */
import type { AdminProductView } from '@shared/contracts/catalog';
import { formatFen } from '@shared/money';
import { adjustStock, listProducts, setOnSale } from '../../services/admin';
import { isTransportFailure } from '../../services/call';
import { filterBarListPage } from '../../utils/list-page';
import { listData } from '../../utils/paged-list';
import { adminFailureMessage } from '../gate';
import { adminSource, PAGE_SIZE, replaceRow, runRowAction } from '../list';
import type { PendingAdjustment } from './stock';
import { adjustmentInput } from './stock';

type Filter = 'all' | 'onSale' | 'offSale';

const FILTERS: Array<{ value: Filter; label: string }> = [
  { value: 'all', label: '全部' },
  { value: 'onSale', label: '在售' },
  { value: 'offSale', label: '已下架' },
];

interface SkuRow {
  id: string;
  spec: string;
  price: string;
  stock: number;
  onSale: boolean;
}

interface Row {
  id: string;
  name: string;
  cover: string;
  price: string;
  onSale: boolean;
  totalStock: number;
  skus: SkuRow[];
}

function rowOf(product: AdminProductView): Row {
  const { minPriceFen, maxPriceFen } = product;
  return {
    id: product.id,
    name: product.name,
    cover: product.images[0] ?? '',
    price:
      minPriceFen === maxPriceFen ? formatFen(minPriceFen) : `${formatFen(minPriceFen)} - ${formatFen(maxPriceFen)}`,
    onSale: product.onSale,
    totalStock: product.skus.reduce((sum, sku) => sum + sku.stock, 0),
    skus: product.skus.map((sku) => ({
      id: sku.id,
      spec: sku.spec,
      price: formatFen(sku.priceFen),
      stock: sku.stock,
      onSale: sku.onSale,
    })),
  };
}

Page({
  ...filterBarListPage({
    data: {
      ...listData<Row>(),
      filter: 'all' as Filter,
      search: '',
      busyId: '',
      /** The adjustment whose answer never arrived: resent with the same request id. */
      pendingAdjustment: null as PendingAdjustment | null,
    },
    filters: FILTERS,
    loadOn: 'show',
    onReload: 'clear',
    source: ({ filter, search }) => {
      const query = { ...(search ? { search } : {}), ...(filter === 'all' ? {} : { onSale: filter === 'onSale' }) };
      return adminSource((offset) => listProducts({ ...query, limit: PAGE_SIZE, offset }), rowOf);
    },
  }),

  onSearch(event: WechatMiniprogram.CustomEvent<{ value: string }>) {
    this.setData({ search: event.detail.value.trim() });
    void this.reload();
  },

  onSearchClear() {
    this.setData({ search: '' });
    void this.reload();
  },

  onCreateTap() {
    void wx.navigateTo({ url: '/admin/product/product' });
  },

  onEditTap(event: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
    void wx.navigateTo({ url: `/admin/product/product?id=${event.currentTarget.dataset.id}` });
  },

  async onShelfTap(event: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
    const row = this.data.rows.find((candidate) => candidate.id === event.currentTarget.dataset.id);
    if (!row) return;
    await runRowAction(this, {
      id: row.id,
      send: () => setOnSale({ target: 'product', id: row.id, onSale: !row.onSale }),
      rowOf: (answer) => ({ ...row, onSale: answer.onSale }),
      done: (answer) => (answer.onSale ? '已上架' : '已下架'),
    });
  },

  async onStockTap(event: WechatMiniprogram.BaseEvent<Record<string, never>, { product: string; sku: string }>) {
    const { product, sku } = event.currentTarget.dataset;
    const answer = await wx.showModal({
      title: '调整库存',
      editable: true,
      placeholderText: '增加填正数如 10，减少填负数如 -3',
      confirmText: '调整',
    });
    if (!answer.confirm) return;
    const input = adjustmentInput(sku, answer.content ?? '', this.data.pendingAdjustment);
    if (!input) {
      void wx.showToast({ title: '请输入不为 0 的整数', icon: 'none' });
      return;
    }
    this.setData({ busyId: sku, pendingAdjustment: { skuId: sku, delta: input.delta, requestId: input.requestId } });
    const result = await adjustStock(input);
    this.setData({ busyId: '' });
    if (!result.ok) {
      if (!isTransportFailure(result)) this.setData({ pendingAdjustment: null });
      const retry = isTransportFailure(result) ? '\n库存是否已调整未知：再次输入相同数量重试，不会重复调整。' : '';
      void wx.showModal({
        title: '库存未调整',
        content: `${adminFailureMessage(result.error)}${retry}`,
        showCancel: false,
      });
      return;
    }
    this.setData({ pendingAdjustment: null });
    this.updateSku(product, result.data.sku.id, result.data.sku.stock);
    void wx.showToast({ title: `库存 ${result.data.sku.stock}`, icon: 'success' });
  },

  updateSku(productId: string, skuId: string, stock: number) {
    const row = this.data.rows.find((candidate) => candidate.id === productId);
    if (!row) return;
    const skus = row.skus.map((sku) => (sku.id === skuId ? { ...sku, stock } : sku));
    this.setData({
      rows: replaceRow(this.data.rows, { ...row, skus, totalStock: skus.reduce((sum, sku) => sum + sku.stock, 0) }),
    });
  },
});
