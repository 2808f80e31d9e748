/**
 * 新建 / 编辑商品: the product form over `admin.saveProduct`. Opened with `?id=` to edit (the
 * product is read with `admin.listProducts`, searching its id) or without to create. Categories
 * come from the admin list (hidden ones too). The form is checked with the shared contract before sending
 * (form.ts); the function's refusals (编号已存在, 分类不存在, ...) are shown above the button.
 */
import type { AdminProductView, CategoryView } from '@shared/contracts/catalog';
import { admin, listProducts, saveProduct } from '../../services/admin';
import type { PageStatus } from '../../utils/page-state';
import { adminFailureMessage } from '../gate';
import type { ProductErrors, ProductForm } from './form';
import {
  commissionRules,
  earningsText,
  parseCommission,
  PRODUCT_MODES,
  SKU_MODES,
  type CommissionRules,
} from './commission';
import { checkProductForm, formFromProduct, newProductForm, newSkuForm } from './form';
import { yuanToFen } from '../rules/form';
import { chooseImages, MAX_IMAGES, moved, uploadProductImage, type ImageList } from './media';

type ImageEvent = WechatMiniprogram.BaseEvent<Record<string, never>, { list: ImageList; index?: number }>;

Page({
  data: {
    status: 'loading' as PageStatus,
    message: '',
    form: null as ProductForm | null,
    errors: {} as ProductErrors,
    serverError: '',
    categories: [] as CategoryView[],
    categoryIndex: -1,
    saving: false,
    /** Pictures still uploading (the save waits for them). */
    uploading: 0,
    /** The product as the function last answered it (null while creating). */
    base: null as AdminProductView | null,
    productId: '',
    /** The shop's levels, cap, default grade and rate limits (null until loaded). */
    commissionRules: null as CommissionRules | null,
    productModes: PRODUCT_MODES,
    skuModes: SKU_MODES,
    levelNames: ['一级', '二级', '三级'],
    levelIndexes: [] as number[],
    capText: '',
    productModeIndex: 0,
    skuModeIndexes: [] as number[],
    /** Per SKU: what each level earns on one unit at its price (佣金预览). */
    earnings: [] as string[],
    /** The shop's distributor grades, for the per-grade exclusive prices (empty until the rules are loaded). */
    grades: [] as Array<{ id: string; name: string }>,
  },

  onLoad(query: Record<string, string | undefined>) {
    this.setData({ productId: query.id ?? '' });
    void this.load();
  },

  async load() {
    this.setData({ status: 'loading' });
    const id = this.data.productId;
    const [categories, found, rules, limits] = await Promise.all([
      admin('listCategories', {}),
      id ? listProducts({ search: id, limit: 50 }) : Promise.resolve(null),
      admin('getRules', {}),
      admin('rulesLimits', {}),
    ]);
    // Without the rules the form still edits everything else; the commission card stays hidden
    // and the stored settings are sent back unchanged.
    const failure = !categories.ok ? categories.error : found && !found.ok ? found.error : null;
    if (failure) {
      this.setData({ status: 'error', message: adminFailureMessage(failure) });
      return;
    }
    const product = found && found.ok ? (found.data.items.find((item) => item.id === id) ?? null) : null;
    if (id && !product) {
      this.setData({ status: 'error', message: `商品 ${id} 不存在` });
      return;
    }
    // The merchant's list (hidden categories too, marked), not the shoppers': a product may stay in
    // a category while it is hidden.
    const items = categories.ok
      ? categories.data.items.map(({ id, name, sortOrder, hidden }) => ({
          id,
          name: hidden ? `${name}（已隐藏）` : name,
          sortOrder,
        }))
      : [];
    if (rules.ok && limits.ok) {
      const commission = commissionRules(rules.data.rules, limits.data.rateBp);
      this.setData({
        commissionRules: commission,
        levelIndexes: Array.from({ length: commission.levels }, (_, index) => index),
        capText: `${commission.capBp / 100}%`,
        grades: rules.data.rules.grades.map(({ id, name }) => ({ id, name })),
      });
    }
    this.show(product ? formFromProduct(product) : newProductForm(), product, items);
  },

  show(form: ProductForm, base: AdminProductView | null, categories: CategoryView[]) {
    void wx.setNavigationBarTitle({ title: base ? '编辑商品' : '新建商品' });
    this.setData({
      status: 'ready',
      form,
      base,
      categories,
      categoryIndex: categories.findIndex((category) => category.id === form.categoryId),
      errors: {},
      serverError: '',
    });
    this.refreshCommission();
  },

  /** The pickers' positions and the earnings preview, from the form as it is now. */
  refreshCommission() {
    const { form, commissionRules: rules } = this.data;
    if (!form || !rules) return;
    const parse = (commission: typeof form.commission) => {
      const parsed = commission ? parseCommission(commission, rules) : null;
      return parsed && parsed.ok ? parsed.commission : undefined;
    };
    const product = parse(form.commission);
    this.setData({
      productModeIndex: Math.max(
        0,
        PRODUCT_MODES.findIndex((option) => option.mode === form.commission?.mode),
      ),
      skuModeIndexes: form.skus.map((sku) =>
        Math.max(
          0,
          SKU_MODES.findIndex((option) => option.mode === sku.commission?.mode),
        ),
      ),
      earnings: form.skus.map((sku) => {
        const own = sku.commission?.mode === 'inherit' ? product : parse(sku.commission);
        return earningsText(own ?? (sku.commission ? undefined : product), yuanToFen(sku.price), rules);
      }),
    });
  },

  onCommissionModeChange(event: WechatMiniprogram.PickerChange) {
    const sku = Number((event.currentTarget.dataset as { sku: number }).sku);
    const options = sku < 0 ? PRODUCT_MODES : SKU_MODES;
    const mode = options[Number(event.detail.value)]?.mode ?? 'default';
    const path = sku < 0 ? 'form.commission' : `form.skus[${sku}].commission`;
    const key = sku < 0 ? 'commission' : `skus.${sku}.commission`;
    const errors = Object.fromEntries(Object.entries(this.data.errors).filter(([field]) => !field.startsWith(key)));
    this.setData({ [`${path}.mode`]: mode, errors });
    this.refreshCommission();
  },

  onCommissionValue(
    event: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { sku: number; level: number }>,
  ) {
    const sku = Number(event.currentTarget.dataset.sku);
    const level = Number(event.currentTarget.dataset.level);
    const path = sku < 0 ? 'form.commission' : `form.skus[${sku}].commission`;
    const key = sku < 0 ? `commission.${level}` : `skus.${sku}.commission.${level}`;
    this.setData({ [`${path}.values[${level}]`]: event.detail.value, errors: this.errorsWithout(key) });
    this.refreshCommission();
  },

  onField(event: WechatMiniprogram.CustomEvent<{ value: string | boolean }, Record<string, never>, { field: string }>) {
    const { field } = event.currentTarget.dataset;
    this.setData({ [`form.${field}`]: event.detail.value, errors: this.errorsWithout(field) });
  },

  onSkuField(
    event: WechatMiniprogram.CustomEvent<
      { value: string | boolean },
      Record<string, never>,
      { index: number; field: string }
    >,
  ) {
    const { index, field } = event.currentTarget.dataset;
    const keys: Record<string, string> = {
      price: 'priceFen',
      stock: 'initialStock',
      distributorPrice: 'distributorPriceFen',
    };
    const key = keys[field] ?? field;
    this.setData({
      [`form.skus[${index}].${field}`]: event.detail.value,
      errors: this.errorsWithout(`skus.${index}.${key}`),
    });
    if (field === 'price') this.refreshCommission();
  },

  /** A grade's own 分销专属价 of a SKU, typed in yuan. */
  onGradePrice(
    event: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { index: number; grade: string }>,
  ) {
    const { index, grade } = event.currentTarget.dataset;
    this.setData({
      [`form.skus[${index}].gradePrices.${grade}`]: event.detail.value,
      errors: this.errorsWithout(`skus.${index}.distributorPricesByGrade.${grade}`),
    });
  },

  /** Error keys contain dots (`skus.0.spec`), so the map is replaced, never set by path. */
  errorsWithout(key: string): ProductErrors {
    const errors = { ...this.data.errors };
    delete errors[key];
    return errors;
  },

  onCategoryChange(event: WechatMiniprogram.PickerChange) {
    const category = this.data.categories[Number(event.detail.value)];
    if (category)
      this.setData({
        'form.categoryId': category.id,
        categoryIndex: Number(event.detail.value),
        errors: this.errorsWithout('categoryId'),
      });
  },

  onAddSkuTap() {
    const form = this.data.form;
    if (form) this.setData({ 'form.skus': [...form.skus, newSkuForm()] });
    this.refreshCommission();
  },

  onRemoveSkuTap(event: WechatMiniprogram.BaseEvent<Record<string, never>, { index: number }>) {
    const form = this.data.form;
    if (!form) return;
    this.setData({
      'form.skus': form.skus.filter((_, index) => index !== event.currentTarget.dataset.index),
      errors: {},
    });
    this.refreshCommission();
  },

  /** Picks photos and uploads them one by one, appending each to the list as it arrives. */
  async onAddImageTap(event: ImageEvent) {
    const { list } = event.currentTarget.dataset;
    const form = this.data.form;
    if (!form || this.data.uploading > 0) return;
    const room = MAX_IMAGES[list] - form[list].length;
    if (room <= 0) {
      void wx.showToast({ title: `最多 ${MAX_IMAGES[list]} 张`, icon: 'none' });
      return;
    }
    const paths = await chooseImages(Math.min(room, 9));
    this.setData({ uploading: paths.length });
    for (const path of paths) {
      const uploaded = await uploadProductImage(form.id.trim(), path);
      this.setData({ uploading: this.data.uploading - 1 });
      if (!uploaded.ok) {
        this.setData({ uploading: 0 });
        void wx.showToast({ title: uploaded.message, icon: 'none' });
        return;
      }
      this.setData({ [`form.${list}`]: [...(this.data.form?.[list] ?? []), uploaded.fileId] });
    }
  },

  onMoveImageTap(
    event: WechatMiniprogram.BaseEvent<Record<string, never>, { list: ImageList; index: number; delta: number }>,
  ) {
    const { list, index, delta } = event.currentTarget.dataset;
    const form = this.data.form;
    if (form) this.setData({ [`form.${list}`]: moved(form[list], Number(index), Number(delta)) });
  },

  /** Removes a picture from the form; the function deletes its file when the product is saved without it. */
  onRemoveImageTap(event: ImageEvent) {
    const { list, index } = event.currentTarget.dataset;
    const form = this.data.form;
    if (form) this.setData({ [`form.${list}`]: form[list].filter((_, at) => at !== Number(index)) });
  },

  /** 推广素材 of this product (admin/materials, filtered to it). */
  onMaterialsTap() {
    const form = this.data.form;
    if (!form) return;
    const query = `productId=${form.id}&productName=${encodeURIComponent(form.name)}`;
    void wx.navigateTo({ url: `/admin/materials/materials?${query}` });
  },

  async onSaveTap() {
    const { form, base } = this.data;
    if (!form || this.data.saving || this.data.uploading > 0) return;
    const checked = checkProductForm(form, base, this.data.commissionRules ?? undefined);
    if (!checked.ok) {
      this.setData({ errors: checked.errors, serverError: '' });
      void wx.showToast({ title: '请修改标红的项目', icon: 'none' });
      return;
    }
    this.setData({ saving: true, serverError: '' });
    const result = await saveProduct(checked.input);
    this.setData({ saving: false });
    if (!result.ok) {
      this.setData({ serverError: adminFailureMessage(result.error) });
      return;
    }
    const titles = { created: '已创建', updated: '已保存', unchanged: '没有变化' };
    void wx.showToast({ title: titles[result.data.status], icon: 'success' });
    this.setData({ productId: result.data.product.id });
    this.show(formFromProduct(result.data.product), result.data.product, this.data.categories);
  },

  onRetry() {
    void this.load();
  },
});
