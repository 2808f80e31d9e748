/**
 * 新建 / 编辑商品: the product form over `admin.saveProduct`. Opened with `?id=` to edit (the
 * product is read with `admin.listProducts`, searching its id) or without to create. Categories
 * come from the catalog. The form is checked with the shared contract before sending
 * (form.ts); the function's refusals (编号已存在, 分类不存在, ...) are shown above the button.
 */
import type { AdminProductView, CategoryView } from '@shared/contracts/catalog';
import { listProducts, saveProduct } from '../../services/admin';
import { catalog } from '../../services/catalog';
import type { PageStatus } from '../../utils/page-state';
import { adminFailureMessage } from '../gate';
import type { ProductErrors, ProductForm } from './form';
import { checkProductForm, formFromProduct, newProductForm, newSkuForm } from './form';
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
  },

  onLoad(query: Record<string, string | undefined>) {
    this.setData({ productId: query.id ?? '' });
    void this.load();
  },

  async load() {
    this.setData({ status: 'loading' });
    const id = this.data.productId;
    const [categories, found] = await Promise.all([
      catalog.categories(),
      id ? listProducts({ search: id, limit: 50 }) : Promise.resolve(null),
    ]);
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
    const items = categories.ok ? categories.data.items : [];
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
    const key = field === 'price' ? 'priceFen' : field === 'stock' ? 'initialStock' : field;
    this.setData({
      [`form.skus[${index}].${field}`]: event.detail.value,
      errors: this.errorsWithout(`skus.${index}.${key}`),
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
  },

  onRemoveSkuTap(event: WechatMiniprogram.BaseEvent<Record<string, never>, { index: number }>) {
    const form = this.data.form;
    if (!form) return;
    this.setData({
      'form.skus': form.skus.filter((_, index) => index !== event.currentTarget.dataset.index),
      errors: {},
    });
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

  async onSaveTap() {
    const { form, base } = this.data;
    if (!form || this.data.saving || this.data.uploading > 0) return;
    const checked = checkProductForm(form, base);
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
