/**
 * 活动编辑: the form of a 满减 (scope: whole shop, categories or products; 1-5 tiers) or a
 * 限时折扣 (SKUs picked by searching products, each with its activity price), with the window as
 * China date and time pickers and whether distributors earn on it. Opened with `?kind=` to
 * create or `?id=` to edit (`admin.getActivity`); saved with `admin.saveActivity` under an id
 * chosen once, so a save resent after a lost answer is a replay. The rules are form.ts's.
 */
import type { AdminProductView } from '@shared/contracts/catalog';
import { admin } from '../../services/admin';
import type { PageStatus } from '../../utils/page-state';
import { adminFailureMessage } from '../gate';
import { fenToYuan } from '../rules/form';
import { blankForm, formOf, MAX_SKUS, MAX_TIERS, saveInputOf, type ActivityForm, type SkuForm } from './form';

interface Choice {
  id: string;
  name: string;
  checked: boolean;
}

type Tap = WechatMiniprogram.BaseEvent<
  Record<string, never>,
  { id?: string; index?: number; field?: string; kind?: string }
>;

/** A product's SKUs on sale as picker rows. */
function candidatesOf(products: AdminProductView[]): SkuForm[] {
  return products.flatMap((product) =>
    product.skus
      .filter((sku) => sku.onSale)
      .map((sku) => ({
        skuId: sku.id,
        productId: product.id,
        label: `${product.name} ${sku.spec}`,
        originalPriceFen: sku.priceFen,
        originalPrice: `原价 ¥${fenToYuan(sku.priceFen)}`,
        price: '',
        stock: '',
        limit: '1',
      })),
  );
}

Page({
  data: {
    status: 'loading' as PageStatus,
    message: '',
    form: blankForm('fullReduction') as ActivityForm,
    categories: [] as Choice[],
    products: [] as Choice[],
    keyword: '',
    candidates: [] as SkuForm[],
    saving: false,
    maxTiers: MAX_TIERS,
    maxSkus: MAX_SKUS,
    /** What the page was opened with (`id` or `kind`), for 重试. */
    query: {} as Record<string, string | undefined>,
  },

  async onLoad(query: Record<string, string | undefined>) {
    this.setData({ query, status: 'loading' });
    if (query.id) {
      const loaded = await admin('getActivity', { id: query.id });
      if (!loaded.ok) {
        this.setData({ status: 'error', message: adminFailureMessage(loaded.error) });
        return;
      }
      this.setData({ form: formOf(loaded.data) });
      void wx.setNavigationBarTitle({ title: '编辑活动' });
    } else {
      const kind =
        query.kind === 'timedDiscount' || query.kind === 'flashSale' || query.kind === 'groupBuy'
          ? query.kind
          : 'fullReduction';
      this.setData({ form: blankForm(kind) });
    }
    await this.loadChoices();
    this.setData({ status: 'ready' });
  },

  /** The categories and products a 满减's scope may name, checked as the form has them. */
  async loadChoices() {
    if (this.data.form.kind !== 'fullReduction') return;
    const [categories, products] = await Promise.all([
      admin('listCategories', {}),
      admin('listProducts', { limit: 50 }),
    ]);
    const picked = new Set(this.data.form.scopeIds);
    this.setData({
      categories: categories.ok
        ? categories.data.items.map((item) => ({ id: item.id, name: item.name, checked: picked.has(item.id) }))
        : [],
      products: products.ok
        ? products.data.items.map((item) => ({ id: item.id, name: item.name, checked: picked.has(item.id) }))
        : [],
    });
  },

  set(path: string, value: unknown) {
    this.setData({ [`form.${path}`]: value });
  },

  /** 拼团's terms: 成团人数, 成团时限 (minutes), 团长优惠 (yuan). */
  onGroupInput(event: WechatMiniprogram.Input & { currentTarget: { dataset: { field?: string } } }) {
    const field = event.currentTarget.dataset.field;
    if (field === 'groupSize' || field === 'timeLimitMinutes' || field === 'leaderBonus')
      this.set(field, event.detail.value);
  },

  onNameInput(event: WechatMiniprogram.Input) {
    this.set('name', event.detail.value);
  },

  onCommissionChange(event: WechatMiniprogram.SwitchChange) {
    this.set('commission', event.detail.value);
  },

  onWindowChange(event: WechatMiniprogram.PickerChange & { currentTarget: { dataset: { field?: string } } }) {
    const field = event.currentTarget.dataset.field;
    if (field === 'startDay' || field === 'startTime' || field === 'endDay' || field === 'endTime')
      this.set(field, String(event.detail.value));
  },

  onScopeTap(event: Tap) {
    const kind = event.currentTarget.dataset.kind as ActivityForm['scopeKind'];
    const choices = kind === 'categories' ? this.data.categories : this.data.products;
    this.setData({
      'form.scopeKind': kind,
      'form.scopeIds': choices.filter((choice) => choice.checked).map((choice) => choice.id),
    });
  },

  onChoiceTap(event: Tap) {
    const list = this.data.form.scopeKind === 'categories' ? 'categories' : 'products';
    const choices = this.data[list].map((choice) =>
      choice.id === event.currentTarget.dataset.id ? { ...choice, checked: !choice.checked } : choice,
    );
    this.setData({
      [list]: choices,
      'form.scopeIds': choices.filter((choice) => choice.checked).map((choice) => choice.id),
    });
  },

  onTierInput(event: WechatMiniprogram.Input & { currentTarget: { dataset: { index?: number; field?: string } } }) {
    const { index, field } = event.currentTarget.dataset;
    if (index !== undefined && (field === 'threshold' || field === 'off'))
      this.set(`tiers[${index}].${field}`, event.detail.value);
  },

  onAddTierTap() {
    if (this.data.form.tiers.length < MAX_TIERS)
      this.set('tiers', [...this.data.form.tiers, { threshold: '', off: '' }]);
  },

  onRemoveTierTap(event: Tap) {
    this.set(
      'tiers',
      this.data.form.tiers.filter((_tier, index) => index !== Number(event.currentTarget.dataset.index)),
    );
  },

  onKeywordInput(event: WechatMiniprogram.Input) {
    this.setData({ keyword: event.detail.value });
  },

  /** Finds products by name (or id) and lists their SKUs on sale to pick from. */
  async onSearchTap() {
    const search = this.data.keyword.trim();
    const result = await admin('listProducts', search ? { search, limit: 20 } : { limit: 20 });
    if (!result.ok) {
      void wx.showModal({ title: '搜索失败', content: adminFailureMessage(result.error), showCancel: false });
      return;
    }
    const chosen = new Set(this.data.form.skus.map((sku) => sku.skuId));
    this.setData({ candidates: candidatesOf(result.data.items).filter((sku) => !chosen.has(sku.skuId)) });
  },

  onCandidateTap(event: Tap) {
    const sku = this.data.candidates.find((candidate) => candidate.skuId === event.currentTarget.dataset.id);
    if (!sku || this.data.form.skus.length >= MAX_SKUS) return;
    this.setData({
      'form.skus': [...this.data.form.skus, sku],
      candidates: this.data.candidates.filter((candidate) => candidate.skuId !== sku.skuId),
    });
  },

  /** An SKU row's field: `price`, and for a 秒杀 session `stock` and `limit`. */
  onSkuPriceInput(event: WechatMiniprogram.Input & { currentTarget: { dataset: { index?: number; field?: string } } }) {
    const { index, field = 'price' } = event.currentTarget.dataset;
    if (index !== undefined && ['price', 'stock', 'limit'].includes(field))
      this.set(`skus[${index}].${field}`, event.detail.value);
  },

  onRemoveSkuTap(event: Tap) {
    this.set(
      'skus',
      this.data.form.skus.filter((sku) => sku.skuId !== event.currentTarget.dataset.id),
    );
  },

  async onSaveTap() {
    if (this.data.saving) return;
    const built = saveInputOf(this.data.form);
    if ('problem' in built) {
      void wx.showToast({ title: built.problem, icon: 'none' });
      return;
    }
    this.setData({ saving: true });
    const result = await admin('saveActivity', built.input);
    this.setData({ saving: false });
    if (!result.ok) {
      void wx.showModal({ title: '活动未保存', content: adminFailureMessage(result.error), showCancel: false });
      return;
    }
    void wx.showToast({ title: '已保存', icon: 'success' });
    void wx.navigateBack();
  },

  onRetry() {
    void this.onLoad(this.data.query);
  },
});
