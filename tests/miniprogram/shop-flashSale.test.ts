/**
 * The 秒杀 page: sessions with countdowns from the server's clock (not the phone's), each SKU with
 * its flash price, the original struck through, the sold progress and its button (马上抢 opens the
 * checkout for one unit in that session; 已抢光 and 即将开始 do nothing); the home page's entry;
 * and the checkout, opened from 马上抢, quoting and placing the item with its session.
 */
import type { FlashSalesOutput } from '@shared/contracts/flashSale';
import { answerCalls, callsOf, ok, renderPage, settle, tap, text, texts, wx, type Rendered } from './helpers';
import { profileView } from './fixtures';
import { detailView, homeView, sku } from './shop-browse-fixtures';
import { addressView, quoteView } from './shop-buy-fixtures';

const HOUR_MS = 3600 * 1000;

beforeEach(() => {
  jest.clearAllMocks();
  wx.clearStorageSync();
});

/** The server's clock is 3 hours ahead of the phone's. */
function sessions(): FlashSalesOutput {
  const serverNow = Date.now() + 3 * HOUR_MS;
  const at = (offsetMs: number) => new Date(serverNow + offsetMs).toISOString();
  const item = {
    productId: 'p1',
    name: '西湖龙井',
    spec: '250g',
    coverUrl: null,
    originalPriceFen: 12800,
    perUserLimit: 1,
  };
  return {
    serverTime: at(0),
    sessions: [
      {
        id: 'fs10',
        name: '10点场',
        startAt: at(-HOUR_MS),
        endAt: at(HOUR_MS + 2 * 60_000 + 3_500),
        state: 'running',
        items: [
          { ...item, skuId: 'tea-250', priceFen: 6900, stock: 100, soldCount: 37 },
          { ...item, skuId: 'tea-500', spec: '500g', priceFen: 9900, stock: 10, soldCount: 10 },
        ],
      },
      {
        id: 'fs14',
        name: '14点场',
        startAt: at(4 * HOUR_MS),
        endAt: at(5 * HOUR_MS),
        state: 'upcoming',
        items: [{ ...item, skuId: 'tea-250', priceFen: 5900, stock: 50, soldCount: 0 }],
      },
    ],
  };
}

describe('shop/flashSale/flashSale', () => {
  let page: Rendered | undefined;
  afterEach(() => {
    page?.instance.onUnload?.();
    page = undefined;
  });

  it('shows each session’s countdown from server time, prices, progress and buttons', async () => {
    answerCalls({ 'catalog.flashSales': ok(sessions()) });
    page = await renderPage('shop/flashSale/flashSale');
    expect(texts(page, '.session-name')).toEqual(['10点场', '14点场']);
    expect(texts(page, '.session-state')).toEqual(['抢购中', '即将开始']);
    const [running, upcoming] = texts(page, '.session-countdown');
    expect(running).toMatch(/^距结束 01:02:0[23]$/);
    expect(upcoming).toMatch(/^距开始 0[34]:[05]\d:\d\d$/);
    expect(texts(page, '.flash-price')).toEqual(['¥69.00', '¥99.00', '¥59.00']);
    expect(texts(page, '.flash-original')).toEqual(['¥128.00', '¥128.00', '¥128.00']);
    expect(texts(page, '.flash-progress-text')).toEqual(['已抢 37%', '已抢光', '已抢 0%']);
    expect(texts(page, '.flash-action')).toEqual(['马上抢', '已抢光', '即将开始']);
  });

  it('马上抢 opens the checkout for one unit in the session; a sold-out or upcoming item does nothing', async () => {
    answerCalls({ 'catalog.flashSales': ok(sessions()) });
    page = await renderPage('shop/flashSale/flashSale');
    const buttons = page.querySelectorAll('.flash-action');
    buttons[1]!.dispatchEvent('tap');
    buttons[2]!.dispatchEvent('tap');
    await settle();
    expect(wx.navigateTo).not.toHaveBeenCalled();
    buttons[0]!.dispatchEvent('tap');
    await settle();
    expect(wx.navigateTo).toHaveBeenCalledWith({
      url: '/shop/checkout/checkout?skuId=tea-250&quantity=1&activityId=fs10',
    });
  });

  it('says so when there is no session', async () => {
    answerCalls({ 'catalog.flashSales': ok({ serverTime: new Date().toISOString(), sessions: [] }) });
    page = await renderPage('shop/flashSale/flashSale');
    expect(page.querySelector('.flash-sale')).toBeUndefined();
    expect(page.querySelector('.page-state')).toBeDefined();
  });
});

describe('the 秒杀 entry and the checkout of a session item', () => {
  it('the home page opens the 秒杀 page', async () => {
    answerCalls({ 'catalog.home': ok(homeView()) });
    const page = await renderPage('pages/index/index');
    page.querySelector('.flash-entry')!.dispatchEvent('tap');
    await settle();
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/shop/flashSale/flashSale' });
  });

  it('the checkout quotes the item with its session', async () => {
    answerCalls({
      'placeOrder.quote': ok(quoteView([{ skuId: 'tea-250', quantity: 1, unitPriceFen: 12800 }], 0)),
      'address.list': ok({ items: [addressView({ id: 'addr_home', isDefault: true })] }),
    });
    await renderPage('shop/checkout/checkout', { skuId: 'tea-250', quantity: '1', activityId: 'fs10' });
    expect(callsOf('placeOrder.quote')).toEqual([
      { $url: 'quote', items: [{ skuId: 'tea-250', quantity: 1, activityId: 'fs10' }] },
    ]);
  });
});

describe('shop/product/product opened from the 秒杀 page', () => {
  let page: Rendered | undefined;
  afterEach(() => {
    page?.instance.onUnload?.();
    page = undefined;
  });

  function answers(): void {
    answerCalls({
      'profile.get': ok(profileView()),
      'catalog.detail': ok(detailView({ skus: [sku('tea-250', '250g', 12800, 5), sku('tea-500', '500g', 19900, 5)] })),
      'catalog.flashSales': ok(sessions()),
    });
  }

  it('shows the session’s flash price, the 秒杀 tag and a countdown to the session’s end (server time)', async () => {
    answers();
    page = await renderPage('shop/product/product', { id: 'p1', flash: 'fs10' });
    expect(text(page, '.activity-tag')).toBe('秒杀');
    expect(text(page, '.activity-price')).toBe('¥69.00');
    expect(text(page, '.activity-original')).toBe('¥128.00');
    expect(text(page, '.activity-countdown')).toMatch(/^距结束 01:02:0[23]$/);
  });

  it('立即购买 buys the SKU in the session', async () => {
    answers();
    page = await renderPage('shop/product/product', { id: 'p1', flash: 'fs10' });
    await tap(page, '.buy-button', '.t-button');
    await tap(page, '.confirm-button', '.t-button');
    expect(wx.navigateTo).toHaveBeenCalledWith({
      url: '/shop/checkout/checkout?skuId=tea-250&quantity=1&activityId=fs10',
    });
  });

  it('opened without the session, the same product shows no 秒杀 price', async () => {
    answers();
    page = await renderPage('shop/product/product', { id: 'p1' });
    expect(page.querySelector('.activity-banner')).toBeUndefined();
    expect(callsOf('catalog.flashSales')).toEqual([]);
  });
});
