/** 购物车: lines with stepper and selection, invalid lines apart, the selected total, removing, checkout. */
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
} from './helpers';
import { cartLine, cartView } from './shop-buy-fixtures';

const LINES = [
  cartLine({ skuId: 'tea-250', name: '普洱茶', unitPriceFen: 12800, quantity: 1 }),
  cartLine({ skuId: 'towel-white', name: '毛巾', unitPriceFen: 3990, quantity: 2 }),
  cartLine({ skuId: 'cup-1', name: '杯子', status: 'offSale' }),
  cartLine({ skuId: 'gone-1', name: '', unitPriceFen: null, status: 'gone', productId: null }),
  cartLine({ skuId: 'pen-1', name: '钢笔', quantity: 5, stock: 3, status: 'insufficientStock' }),
];

beforeEach(() => {
  jest.clearAllMocks();
  wx.clearStorageSync();
});

describe('pages/cart/cart', () => {
  it('lists orderable lines, shows invalid ones apart, and totals every orderable line at first', async () => {
    answerCalls({ 'cart.get': ok(cartView(LINES)) });
    const page = await renderPage('pages/cart/cart');
    expect(callsOf('cart.get')).toEqual([{ $url: 'get' }]);
    expect(texts(page, '.lines .line-name')).toEqual(['普洱茶', '毛巾', '钢笔']);
    expect(texts(page, '.lines .line-note')).toEqual(['库存仅剩 3 件']);
    expect(texts(page, '.invalid .line-name')).toEqual(['杯子', '商品已失效']);
    expect(texts(page, '.invalid-note')).toEqual(['商品已下架', '商品已失效']);
    expect(text(page, '.total-amount')).toBe('¥207.80');
    expect(page.dom!.outerHTML).toContain('结算(3)');
    expect(page.querySelectorAll('.check.checked')).toHaveLength(3); // two lines + 全选
  });

  it('recomputes the total when a line is unticked and when 全选 is tapped', async () => {
    answerCalls({ 'cart.get': ok(cartView(LINES)) });
    const page = await renderPage('pages/cart/cart');
    await tap(page, '.lines .check');
    expect(text(page, '.total-amount')).toBe('¥79.80');
    expect(page.data.allSelected).toBe(false);
    await tap(page, '.select-all');
    expect(text(page, '.total-amount')).toBe('¥207.80');
    await tap(page, '.select-all');
    expect(text(page, '.total-amount')).toBe('¥0.00');
    expect(page.data.selectedCount).toBe(0);
    await tap(page, '.checkout-button', '.t-button');
    expect(wx.navigateTo).not.toHaveBeenCalled();
  });

  it('sends the absolute quantity with setQuantity and shows the cart it answers', async () => {
    const after = cartView([
      LINES[0] as never,
      cartLine({ skuId: 'towel-white', name: '毛巾', unitPriceFen: 3990, quantity: 3 }),
    ]);
    answerCalls({ 'cart.get': ok(cartView(LINES.slice(0, 2))), 'cart.setQuantity': ok(after) });
    const page = await renderPage('pages/cart/cart');
    const stepper = page.querySelectorAll('.stepper')[1]!;
    stepper.querySelector('.t-stepper__plus')!.dispatchEvent('tap');
    await settle(10);
    expect(callsOf('cart.setQuantity')).toContainEqual({ $url: 'setQuantity', skuId: 'towel-white', quantity: 3 });
    expect(text(page, '.total-amount')).toBe('¥247.70');
  });

  it('shows the refusal of a quantity change and the cart as it is', async () => {
    answerCalls({ 'cart.get': ok(cartView(LINES.slice(0, 2))), 'cart.setQuantity': fail('OUT_OF_STOCK', '库存不足') });
    const page = await renderPage('pages/cart/cart');
    page.querySelectorAll('.stepper')[0]!.querySelector('.t-stepper__plus')!.dispatchEvent('tap');
    await settle(10);
    expect(wx.showToast).toHaveBeenCalledWith({ title: '库存不足', icon: 'none' });
    expect(callsOf('cart.get')).toHaveLength(2);
    expect(text(page, '.total-amount')).toBe('¥207.80');
  });

  it('goes to the checkout with the selected lines', async () => {
    answerCalls({ 'cart.get': ok(cartView(LINES)) });
    const page = await renderPage('pages/cart/cart');
    await tap(page, '.lines .check'); // untick 普洱茶
    await tap(page, '.checkout-button', '.t-button');
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/shop/checkout/checkout?from=cart&items=towel-white:2' });
  });

  it('removes the selected lines in 管理 mode and clears the invalid ones, after confirmation', async () => {
    wx.showModal.mockResolvedValue({ confirm: true, cancel: false });
    answerCalls({
      'cart.get': ok(cartView(LINES)),
      'cart.remove': (data: Record<string, unknown>) =>
        ok(cartView(LINES.filter((line) => !(data.skuIds as string[]).includes(line.skuId)))),
    });
    const page = await renderPage('pages/cart/cart');
    await tap(page, '.clear-invalid');
    expect(callsOf('cart.remove')).toEqual([{ $url: 'remove', skuIds: ['cup-1', 'gone-1'] }]);
    expect(page.querySelector('.invalid')).toBeUndefined();
    await tap(page, '.manage');
    await tap(page, '.remove-button', '.t-button');
    expect(callsOf('cart.remove')[1]).toEqual({ $url: 'remove', skuIds: ['tea-250', 'towel-white'] });
    expect(texts(page, '.lines .line-name')).toEqual(['钢笔']);
  });

  it('says the cart is empty and leads back to the shop', async () => {
    answerCalls({ 'cart.get': ok(cartView([])) });
    const page = await renderPage('pages/cart/cart');
    expect(stateText(page)).toBe('购物车还是空的');
    await tap(page, '.shop-button', '.t-button');
    expect(wx.switchTab).toHaveBeenCalledWith({ url: '/pages/index/index' });
  });

  it('shows the error and loads again on 重试', async () => {
    answerCalls({ 'cart.get': fail('BUSY', '购物车正忙，请重试') });
    const page = await renderPage('pages/cart/cart');
    expect(stateText(page)).toBe('加载失败 购物车正忙，请重试');
    answerCalls({ 'cart.get': ok(cartView(LINES)) });
    await tapRetry(page);
    expect(page.data.status).toBe('ready');
  });
});
