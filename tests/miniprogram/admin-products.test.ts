/** admin/products/products (list, on/off sale, idempotent stock adjustment) and admin/product/product (the form). */
import { answerCalls, callsOf, fail, ok, renderPage, settle, stateText, tap, text, texts, wx } from './helpers';
import type { Rendered } from './helpers';
import { productView, skuView } from './admin-fixtures';

beforeEach(() => {
  jest.clearAllMocks();
  wx.clearStorageSync();
});

function input(page: Rendered, selector: string, value: string): void {
  page.querySelector(selector)!.dispatchEvent('input', { detail: { value } });
}

/** The merchant's list of categories, for the product form: hidden ones too. */
const ADMIN_CATEGORIES = ok({
  items: [
    { id: 'cat-fruit', name: '水果', sortOrder: 0, hidden: false, productCount: 1 },
    { id: 'cat-tea', name: '茶叶', sortOrder: 1, hidden: false, productCount: 1 },
  ],
});

describe('admin/products/products', () => {
  it('lists products with price range, stock per SKU and shelf state', async () => {
    answerCalls({ 'admin.listProducts': ok({ items: [productView()], nextOffset: null }) });
    const page = await renderPage('admin/products/products');
    expect(callsOf('admin.listProducts')).toEqual([{ $url: 'listProducts', limit: 20, offset: 0 }]);
    expect(text(page, '.product-name')).toBe('明前龙井');
    expect(text(page, '.price')).toBe('¥128.00 - ¥248.00');
    expect(text(page, '.total-stock')).toBe('25');
    expect(texts(page, '.sku-stock')).toEqual(['库存 20', '库存 5']);
    expect(text(page, '.shelf-state')).toBe('在售');
  });

  it('takes a product off sale and puts it back', async () => {
    answerCalls({
      'admin.listProducts': ok({ items: [productView()], nextOffset: null }),
      'admin.setOnSale': (data: Record<string, unknown>) =>
        ok({ status: 'changed', target: 'product', id: data.id, onSale: data.onSale }),
    });
    const page = await renderPage('admin/products/products');
    await tap(page, '.shelf-button', '.t-button');
    expect(callsOf('admin.setOnSale')).toEqual([{ $url: 'setOnSale', target: 'product', id: 'p-tea', onSale: false }]);
    expect(text(page, '.shelf-state')).toBe('已下架');
    await tap(page, '.shelf-button', '.t-button');
    expect(callsOf('admin.setOnSale')[1]).toMatchObject({ onSale: true });
    expect(text(page, '.shelf-state')).toBe('在售');
  });

  it('adjusts stock once per request id, reusing the id after a lost answer', async () => {
    let lost = true;
    answerCalls({
      'admin.listProducts': ok({ items: [productView()], nextOffset: null }),
      'admin.adjustStock': (data: Record<string, unknown>) => {
        if (lost) {
          lost = false;
          throw Object.assign(new Error('timeout'), { errMsg: 'request:fail timeout' });
        }
        return ok({ status: 'adjusted', sku: skuView('tea-500', { spec: '500g', stock: 5 + (data.delta as number) }) });
      },
    });
    const page = await renderPage('admin/products/products');
    wx.showModal.mockResolvedValueOnce({ confirm: true, cancel: false, content: '+10' });
    page.querySelectorAll('.stock-button')[1]!.querySelector('.t-button')!.dispatchEvent('tap');
    await settle(10);
    expect(wx.showModal).toHaveBeenLastCalledWith(expect.objectContaining({ title: '库存未调整' }));
    wx.showModal.mockResolvedValueOnce({ confirm: true, cancel: false, content: '10' });
    page.querySelectorAll('.stock-button')[1]!.querySelector('.t-button')!.dispatchEvent('tap');
    await settle(10);
    const calls = callsOf('admin.adjustStock');
    expect(calls).toHaveLength(2);
    expect(calls[0]).toMatchObject({ skuId: 'tea-500', delta: 10 });
    expect(calls[1]).toEqual(calls[0]);
    expect(texts(page, '.sku-stock')).toEqual(['库存 20', '库存 15']);
    expect(text(page, '.total-stock')).toBe('35');
    // A new adjustment gets a new request id.
    wx.showModal.mockResolvedValueOnce({ confirm: true, cancel: false, content: '-3' });
    page.querySelectorAll('.stock-button')[1]!.querySelector('.t-button')!.dispatchEvent('tap');
    await settle(10);
    expect(callsOf('admin.adjustStock')[2]!.requestId).not.toBe(calls[0]!.requestId);
  });

  it('refuses a delta that is no non-zero whole number, and shows the function’s refusal', async () => {
    answerCalls({
      'admin.listProducts': ok({ items: [productView()], nextOffset: null }),
      'admin.adjustStock': fail('INSUFFICIENT_STOCK', '库存不足 (stock would go below 0)'),
    });
    const page = await renderPage('admin/products/products');
    wx.showModal.mockResolvedValueOnce({ confirm: true, cancel: false, content: '0' });
    page.querySelectorAll('.stock-button')[0]!.querySelector('.t-button')!.dispatchEvent('tap');
    await settle(10);
    expect(callsOf('admin.adjustStock')).toEqual([]);
    expect(wx.showToast).toHaveBeenCalledWith({ title: '请输入不为 0 的整数', icon: 'none' });
    wx.showModal.mockResolvedValueOnce({ confirm: true, cancel: false, content: '-100' });
    page.querySelectorAll('.stock-button')[0]!.querySelector('.t-button')!.dispatchEvent('tap');
    await settle(10);
    expect(wx.showModal).toHaveBeenLastCalledWith({
      title: '库存未调整',
      content: '库存不足 (stock would go below 0)',
      showCancel: false,
    });
  });

  it('searches, filters, opens the form, and shows the empty state', async () => {
    answerCalls({
      'admin.listProducts': (data: Record<string, unknown>) =>
        ok({ items: data.search ? [] : [productView()], nextOffset: null }),
    });
    const page = await renderPage('admin/products/products');
    await tap(page, '.edit-button', '.t-button');
    expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/admin/product/product?id=p-tea' });
    await tap(page, '.create-button', '.t-button');
    expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/admin/product/product' });
    page.querySelectorAll('.filter')[2]!.dispatchEvent('tap');
    await settle(10);
    expect(callsOf('admin.listProducts')[1]).toEqual({ $url: 'listProducts', onSale: false, limit: 20, offset: 0 });
    page.instance.onSearch({ detail: { value: ' 红茶 ' } });
    await settle(10);
    expect(callsOf('admin.listProducts')[2]).toEqual({
      $url: 'listProducts',
      search: '红茶',
      onSale: false,
      limit: 20,
      offset: 0,
    });
    expect(stateText(page)).toBe('没有商品');
  });
});

describe('admin/product/product', () => {
  it('creates a product with its SKUs after checking the form', async () => {
    answerCalls({
      'admin.listCategories': ADMIN_CATEGORIES,
      'admin.saveProduct': (data: Record<string, unknown>) =>
        ok({
          status: 'created',
          product: productView({
            id: (data.product as { id: string }).id,
            name: '红茶',
            skus: [skuView('x', { spec: '100g', priceFen: 1_990, stock: 8 })],
          }),
        }),
    });
    const page = await renderPage('admin/product/product');
    expect(page.data.form.mode).toBe('create');
    input(page, '.product-id', 'p-black');
    input(page, '.name', ' 红茶 ');
    page.querySelector('.category')!.dispatchEvent('change', { detail: { value: 1 } });
    input(page, '.sku-spec', '100g');
    input(page, '.sku-price', '19.9');
    input(page, '.sku-stock', '8');
    await settle();
    await tap(page, '.save-button', '.t-button');
    const [call] = callsOf('admin.saveProduct') as Array<{
      mode: string;
      product: Record<string, unknown>;
      skus: Array<Record<string, unknown>>;
    }>;
    expect(call?.mode).toBe('create');
    expect(call?.product).toMatchObject({
      id: 'p-black',
      name: '红茶',
      categoryId: 'cat-tea',
      onSale: true,
      sortOrder: 0,
      images: [],
    });
    expect(call?.skus).toEqual([
      {
        id: expect.stringMatching(/^sku-/),
        spec: '100g',
        priceFen: 1_990,
        onSale: true,
        commission: null,
        initialStock: 8,
      },
    ]);
    expect(wx.showToast).toHaveBeenCalledWith({ title: '已创建', icon: 'success' });
    expect(page.data.form.mode).toBe('update');
  });

  it('refuses what the contract refuses, field by field, before sending', async () => {
    answerCalls({ 'admin.listCategories': ADMIN_CATEGORIES });
    const page = await renderPage('admin/product/product');
    input(page, '.product-id', 'p black!');
    input(page, '.sku-price', '12.345');
    input(page, '.sku-stock', '-1');
    await tap(page, '.save-button', '.t-button');
    expect(callsOf('admin.saveProduct')).toEqual([]);
    expect(text(page, '.id-error')).toBe('商品编号为 1-19 位字母、数字、_ 或 -');
    expect(text(page, '.name-error')).toBe('请填写商品名称（1-60 个字）');
    expect(text(page, '.category-error')).toBe('请选择分类');
    expect(text(page, '.sku-spec-error')).toBe('请填写规格名称（1-40 个字）');
    expect(text(page, '.sku-price-error')).toBe('请填写价格（0.01-1000000 元，最多两位小数）');
    expect(text(page, '.sku-stock-error')).toBe('库存为 0-10000000 的整数');
  });

  it('edits a product found by id, keeps what it does not edit, adds a SKU and shows a refusal', async () => {
    const product = productView({
      images: ['cloud://env.bucket/products/p-tea/a.jpg'],
      commission: { mode: 'percent', ratesBp: [1000] },
    });
    answerCalls({
      'admin.listCategories': ADMIN_CATEGORIES,
      'admin.listProducts': ok({ items: [productView({ id: 'p-tea-2' }), product], nextOffset: null }),
      'admin.saveProduct': fail('SKU_TAKEN', '规格编号已被占用 (SKU id taken)'),
    });
    const page = await renderPage('admin/product/product', { id: 'p-tea' });
    expect(callsOf('admin.listProducts')).toEqual([{ $url: 'listProducts', search: 'p-tea', limit: 50 }]);
    expect(text(page, '.picker-value')).toBe('茶叶 ▾');
    expect(page.data.form.skus.map((sku: { price: string }) => sku.price)).toEqual(['128', '248']);
    expect(page.querySelector('.product-id')).toBeUndefined();
    await tap(page, '.add-sku', '.t-button');
    input(page, '.sku-2 .sku-spec', '1kg');
    input(page, '.sku-2 .sku-price', '458');
    await settle();
    await tap(page, '.save-button', '.t-button');
    const [call] = callsOf('admin.saveProduct') as Array<{
      mode: string;
      product: Record<string, unknown>;
      skus: Array<Record<string, unknown>>;
    }>;
    expect(call?.mode).toBe('update');
    expect(call?.product).toMatchObject({
      id: 'p-tea',
      slug: 'p-tea',
      images: product.images,
      commission: { mode: 'percent', ratesBp: [1000] },
    });
    expect(call?.skus.map((sku) => [sku.spec, sku.priceFen, 'initialStock' in sku])).toEqual([
      ['250g', 12_800, false],
      ['500g', 24_800, false],
      ['1kg', 45_800, true],
    ]);
    expect(text(page, '.server-error')).toBe('规格编号已被占用 (SKU id taken)');
  });

  it('says so when the product does not exist, or the caller is no admin', async () => {
    answerCalls({
      'admin.listCategories': ADMIN_CATEGORIES,
      'admin.listProducts': ok({ items: [], nextOffset: null }),
    });
    let page = await renderPage('admin/product/product', { id: 'p-gone' });
    expect(stateText(page)).toBe('加载失败 商品 p-gone 不存在');
    answerCalls({ 'admin.listCategories': ADMIN_CATEGORIES, 'admin.listProducts': fail('FORBIDDEN') });
    page = await renderPage('admin/product/product', { id: 'p-tea' });
    expect(stateText(page)).toMatch(/^加载失败 仅限本店管理员使用/);
  });
});
