/**
 * 商品详情: catalog.detail rendered; the SKU picker (stock, sold-out options disabled, quantity);
 * add to cart with a request id (the same id again after a lost answer); buy now to checkout;
 * share carrying the share code; the commission hint only when the function sends it.
 */
import {
  answerCalls,
  callsOf,
  fail,
  ok,
  renderPage,
  settle,
  stateText,
  tap,
  tapRetry,
  text,
  texts,
  wx,
  type Rendered,
} from './helpers';
import { profileView } from './fixtures';
import { detailView, sku } from './shop-browse-fixtures';

const CART = ok({ lines: [], totals: { lineCount: 1, availableLineCount: 1, quantity: 1, goodsFen: 6900 } });

function answers(overrides: Record<string, unknown> = {}): void {
  answerCalls({ 'catalog.detail': ok(detailView()), 'profile.get': ok(profileView()), 'cart.add': CART, ...overrides });
}

/** The picker's options as shown (spec, 已售罄), with [x] for disabled and * for the selected one. */
const options = (page: Rendered) =>
  page.querySelectorAll('.sku-option').map((option) => {
    const html = option.dom!.outerHTML;
    const label = option.dom!.textContent!.replace(/\s+/g, ' ').trim();
    return `${label}${html.includes('sku-option-disabled') ? '[x]' : ''}${html.includes('sku-option-selected') ? '*' : ''}`;
  });

const pickSku = async (page: Rendered, index: number) => {
  page.querySelectorAll('.sku-option')[index]!.dispatchEvent('tap');
  await settle();
};

const confirm = (page: Rendered) => tap(page, '.confirm-button', '.t-button');

beforeEach(() => {
  jest.clearAllMocks();
  wx.clearStorageSync();
});

describe('shop/product/product: showing the product', () => {
  it('shows images, the price range, name, description and the default SKU', async () => {
    answers();
    const page = await renderPage('shop/product/product', { id: 'p1' });
    expect(callsOf('catalog.detail')).toEqual([{ $url: 'detail', productId: 'p1', countView: true }]);
    expect(page.querySelectorAll('.gallery-item')).toHaveLength(2);
    expect(text(page, '.price')).toBe('¥69.00 - ¥199.00');
    expect(text(page, '.name')).toBe('云南普洱');
    expect(text(page, '.description-text')).toBe('十年陈香');
    expect(text(page, '.spec-chosen')).toBe('已选：100g 小饼 × 1');
  });

  it('opens from a mini-program code’s scene', async () => {
    answers();
    await renderPage('shop/product/product', { scene: encodeURIComponent('r=ABCD2345&p=p1') });
    expect(callsOf('catalog.detail')).toEqual([{ $url: 'detail', productId: 'p1', countView: true }]);
  });

  it('shows the commission hint only when the function sends an estimate (distributors)', async () => {
    answers();
    const shopper = await renderPage('shop/product/product', { id: 'p1' });
    expect(shopper.querySelector('.commission-hint')).toBeUndefined();

    jest.clearAllMocks();
    const estimated = detailView({
      skus: [
        sku('p1-small', '100g 小饼', 6900, 5, { commissionEstimateFen: 690 }),
        sku('p1-big', '357g 饼', 19900, 3, { commissionEstimateFen: 1990 }),
      ],
      commissionEstimate: { minFen: 690, maxFen: 1990 },
    });
    answers({ 'catalog.detail': ok(estimated) });
    const distributor = await renderPage('shop/product/product', { id: 'p1' });
    expect(text(distributor, '.commission-hint')).toBe('分享预计赚 ¥6.90 - ¥19.90');
    expect(text(distributor, '.picker-commission')).toBe('分享预计赚 ¥6.90');
    await pickSku(distributor, 1);
    expect(text(distributor, '.picker-commission')).toBe('分享预计赚 ¥19.90');
  });

  it('shows no hint when the estimate is zero (a product without commission)', async () => {
    answers({
      'catalog.detail': ok(
        detailView({
          skus: [sku('p1-small', '100g', 6900, 5, { commissionEstimateFen: 0 })],
          commissionEstimate: { minFen: 0, maxFen: 0 },
        }),
      ),
    });
    const page = await renderPage('shop/product/product', { id: 'p1' });
    expect(page.querySelector('.commission-hint')).toBeUndefined();
    expect(page.querySelector('.picker-commission')).toBeUndefined();
  });

  it('says 暂无可售规格 and disables buying when no SKU is on sale', async () => {
    answers({ 'catalog.detail': ok(detailView({ skus: [] })) });
    const page = await renderPage('shop/product/product', { id: 'p1' });
    expect(text(page, '.spec-chosen')).toBe('暂无可售规格');
    expect(page.querySelector('.add-cart-button')!.querySelector('.t-button')!.dom!.outerHTML).toMatch(
      /t-button--disabled/,
    );
  });

  it('shows NOT_ON_SALE as the error state, and reloads with 重试', async () => {
    let answer: unknown = fail('NOT_ON_SALE', '商品已下架');
    answers({ 'catalog.detail': () => answer });
    const page = await renderPage('shop/product/product', { id: 'p1' });
    expect(stateText(page)).toBe('加载失败 商品已下架');
    answer = ok(detailView());
    await tapRetry(page);
    expect(text(page, '.name')).toBe('云南普洱');
  });

  it('shows an error without a product id, calling nothing', async () => {
    answers();
    const page = await renderPage('shop/product/product', {});
    expect(stateText(page)).toBe('加载失败 商品不存在');
    expect(callsOf('catalog.detail')).toEqual([]);
  });
});

describe('shop/product/product: the SKU picker', () => {
  it('shows each SKU with its stock, sold-out ones disabled and not selectable', async () => {
    answers();
    const page = await renderPage('shop/product/product', { id: 'p1' });
    await tap(page, '.add-cart-button', '.t-button');
    expect(page.data.pickerVisible).toBe(true);
    expect(options(page)).toEqual(['100g 小饼*', '357g 饼', '礼盒已售罄[x]']);
    expect(text(page, '.picker-price')).toBe('¥69.00');
    expect(text(page, '.picker-stock')).toBe('库存 999+');
    await pickSku(page, 2);
    expect(options(page)).toEqual(['100g 小饼*', '357g 饼', '礼盒已售罄[x]']);
    await pickSku(page, 1);
    expect(options(page)).toEqual(['100g 小饼', '357g 饼*', '礼盒已售罄[x]']);
    expect(text(page, '.picker-price')).toBe('¥199.00');
    expect(text(page, '.picker-stock')).toBe('库存 3');
  });

  it('limits the quantity to the stock shown', async () => {
    answers();
    const page = await renderPage('shop/product/product', { id: 'p1' });
    await tap(page, '.add-cart-button', '.t-button');
    await pickSku(page, 1);
    const plus = page.querySelector('.quantity-stepper')!.querySelector('.t-stepper__plus')!;
    for (let i = 0; i < 4; i += 1) plus.dispatchEvent('tap');
    await settle();
    expect(page.data.quantity).toBe(3);
    expect(text(page, '.spec-chosen')).toBe('已选：357g 饼 × 3');
  });

  it('starts on the cheapest SKU in stock, and offers nothing when all are sold out', async () => {
    answers({ 'catalog.detail': ok(detailView({ skus: [sku('a', '小', 100, 0), sku('b', '大', 200, 0)] })) });
    const page = await renderPage('shop/product/product', { id: 'p1' });
    expect(text(page, '.spec-chosen')).toBe('已售罄');
    await tap(page, '.buy-button', '.t-button');
    expect(options(page)).toEqual(['小已售罄[x]', '大已售罄[x]']);
    expect(text(page.querySelector('.confirm-button')!, '.t-button')).toBe('已售罄');
    await confirm(page);
    expect(wx.navigateTo).not.toHaveBeenCalled();
  });
});

describe('shop/product/product: add to cart and buy now', () => {
  it('adds the chosen SKU and quantity with a request id, then closes the picker', async () => {
    answers();
    const page = await renderPage('shop/product/product', { id: 'p1' });
    await tap(page, '.add-cart-button', '.t-button');
    await pickSku(page, 1);
    page.querySelector('.quantity-stepper')!.querySelector('.t-stepper__plus')!.dispatchEvent('tap');
    await settle();
    await confirm(page);
    const [call] = callsOf('cart.add');
    expect(call).toEqual({
      $url: 'add',
      skuId: 'p1-big',
      quantity: 2,
      requestId: expect.stringMatching(/^[A-Za-z0-9_-]{8,64}$/),
      countAdd: true,
    });
    expect(page.data.pickerVisible).toBe(false);
    expect(wx.showToast).toHaveBeenCalledWith({ title: '已加入购物车', icon: 'success' });
  });

  it('sends a new request id for each add, but the same one again after a lost answer', async () => {
    let answer: unknown = fail('NETWORK', '网络不给力，请稍后重试');
    answers({ 'cart.add': () => answer });
    const page = await renderPage('shop/product/product', { id: 'p1' });
    await tap(page, '.add-cart-button', '.t-button');
    await confirm(page);
    expect(wx.showToast).toHaveBeenLastCalledWith({ title: '网络不给力，请稍后重试', icon: 'none' });
    expect(page.data.pickerVisible).toBe(true);
    answer = CART;
    await confirm(page);
    await confirm(page);
    const ids = callsOf('cart.add').map((call) => call.requestId);
    expect(ids).toHaveLength(3);
    expect(ids[1]).toBe(ids[0]);
    expect(ids[2]).not.toBe(ids[1]);
  });

  it('shows a refusal and forgets its request id', async () => {
    answers({ 'cart.add': fail('OUT_OF_STOCK', '库存不足') });
    const page = await renderPage('shop/product/product', { id: 'p1' });
    await tap(page, '.add-cart-button', '.t-button');
    await confirm(page);
    await confirm(page);
    expect(wx.showToast).toHaveBeenLastCalledWith({ title: '库存不足', icon: 'none' });
    const ids = callsOf('cart.add').map((call) => call.requestId);
    expect(ids[1]).not.toBe(ids[0]);
  });

  it('buy now goes to checkout with the SKU and quantity, without touching the cart', async () => {
    answers();
    const page = await renderPage('shop/product/product', { id: 'p1' });
    await tap(page, '.buy-button', '.t-button');
    expect(text(page.querySelector('.confirm-button')!, '.t-button')).toBe('立即购买');
    await pickSku(page, 1);
    page.querySelector('.quantity-stepper')!.querySelector('.t-stepper__plus')!.dispatchEvent('tap');
    await settle();
    await confirm(page);
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/shop/checkout/checkout?skuId=p1-big&quantity=2' });
    expect(callsOf('cart.add')).toEqual([]);
  });

  it('the 购物车 entry switches to the cart tab', async () => {
    answers();
    const page = await renderPage('shop/product/product', { id: 'p1' });
    await tap(page, '.cart-tab');
    expect(wx.switchTab).toHaveBeenCalledWith({ url: '/pages/cart/cart' });
  });
});

describe('shop/product/product: sharing', () => {
  it('shares the product with the caller’s share code as r, and the first image link', async () => {
    answers();
    const page = await renderPage('shop/product/product', { id: 'p1' });
    expect(page.instance.onShareAppMessage()).toEqual({
      title: '云南普洱',
      path: '/shop/product/product?id=p1&r=ABCD2345',
      imageUrl: 'https://tmp.example/a.png',
    });
  });

  it('offers distributors a product poster with the name, first image and price; shoppers get no poster button', async () => {
    answers();
    const shopper = await renderPage('shop/product/product', { id: 'p1' });
    expect(shopper.querySelector('.poster-button')).toBeUndefined();

    jest.clearAllMocks();
    answers({
      'catalog.detail': ok(
        detailView({
          skus: [sku('p1-small', '100g 小饼', 6900, 5, { commissionEstimateFen: 690 })],
          commissionEstimate: { minFen: 690, maxFen: 690 },
        }),
      ),
    });
    const distributor = await renderPage('shop/product/product', { id: 'p1' });
    distributor.querySelector('.poster-button')!.dispatchEvent('tap');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(wx.navigateTo).toHaveBeenCalledWith({
      url: `/distributor/poster/poster?productId=p1&name=${encodeURIComponent('云南普洱')}&image=${encodeURIComponent('https://tmp.example/a.png')}&price=${encodeURIComponent('¥69.00 - ¥199.00')}`,
    });
  });

  it("leads distributors to the product's 推广素材", async () => {
    answers({
      'catalog.detail': ok(
        detailView({
          skus: [sku('p1-small', '100g 小饼', 6900, 5, { commissionEstimateFen: 690 })],
          commissionEstimate: { minFen: 690, maxFen: 690 },
        }),
      ),
    });
    const distributor = await renderPage('shop/product/product', { id: 'p1' });
    distributor.querySelector('.materials-button')!.dispatchEvent('tap');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/distributor/materials/materials?productId=p1' });
  });

  it('still shares the product when the profile could not be read', async () => {
    answers({ 'profile.get': fail('NETWORK', '网络不给力，请稍后重试') });
    const page = await renderPage('shop/product/product', { id: 'p1' });
    expect(text(page, '.name')).toBe('云南普洱');
    expect(page.instance.onShareAppMessage().path).toBe('/shop/product/product?id=p1');
  });

  it('reloads on pull-down, keeping the chosen SKU, without asking for the share code again', async () => {
    answers();
    const page = await renderPage('shop/product/product', { id: 'p1' });
    await pickSku(page, 1);
    await page.instance.onPullDownRefresh();
    await settle();
    expect(callsOf('catalog.detail')).toHaveLength(2);
    // Only the first load counts a view for the merchant's funnel.
    expect(callsOf('catalog.detail')[1]).toEqual({ $url: 'detail', productId: 'p1' });
    expect(callsOf('profile.get')).toHaveLength(1);
    expect(texts(page, '.spec-chosen')).toEqual(['已选：357g 饼 × 1']);
    expect(wx.stopPullDownRefresh).toHaveBeenCalledTimes(1);
  });
});
