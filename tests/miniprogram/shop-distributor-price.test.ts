/**
 * 分销专属价 on the shopper's pages: the catalog sends a SKU's exclusive price, and a card's, only
 * to a distributor it recognises from their OPENID (tests/orders/distributorPrice.test.ts); the
 * product page then shows it in the price banner with the normal price struck through and no
 * countdown, the picker charges it, and a SKU without it shows its own price. A shopper who is
 * sent none sees the normal price everywhere.
 */
import { answerCalls, ok, renderPage, settle, text, wx, type Rendered } from './helpers';
import { profileView } from './fixtures';
import { detailView, homeView, productCard, sku } from './shop-browse-fixtures';

beforeEach(() => {
  jest.clearAllMocks();
  wx.clearStorageSync();
});

const SKUS = (exclusive: boolean) => [
  sku('p1-small', '100g 小饼', 6900, 5, exclusive ? { distributorPriceFen: 5900 } : {}),
  sku('p1-big', '357g 饼', 19900, 3),
];

describe('shop/product/product: 分销专属价', () => {
  let page: Rendered | undefined;
  afterEach(() => {
    page?.instance.onUnload?.();
    page = undefined;
  });

  it('shows a distributor their price with the normal one struck through, without a countdown', async () => {
    answerCalls({ 'profile.get': ok(profileView()), 'catalog.detail': ok(detailView({ skus: SKUS(true) })) });
    page = await renderPage('shop/product/product', { id: 'p1' });
    expect(text(page, '.activity-tag')).toBe('分销专属价');
    expect(text(page, '.activity-price')).toBe('¥59.00');
    expect(text(page, '.activity-original')).toBe('¥69.00');
    expect(page.querySelector('.activity-countdown')).toBeUndefined();
    expect(page.querySelector('.price')).toBeUndefined();
    expect(text(page, '.picker-price')).toBe('¥59.00');
    expect(text(page, '.picker-original')).toBe('¥69.00');
    // A SKU without an exclusive price shows its own price.
    page.querySelectorAll('.sku-option')[1]!.dispatchEvent('tap');
    await settle();
    expect(page.querySelector('.activity-banner')).toBeUndefined();
    expect(text(page, '.picker-price')).toBe('¥199.00');
  });

  it('shows everyone else the normal price', async () => {
    answerCalls({ 'profile.get': ok(profileView()), 'catalog.detail': ok(detailView({ skus: SKUS(false) })) });
    page = await renderPage('shop/product/product', { id: 'p1' });
    expect(page.querySelector('.activity-banner')).toBeUndefined();
    expect(text(page, '.price')).toBe('¥69.00 - ¥199.00');
    expect(text(page, '.picker-price')).toBe('¥69.00');
    expect(page.querySelector('.picker-original')).toBeUndefined();
  });
});

describe('product cards with 分销专属价', () => {
  it('show a distributor their price and tag over a 限时折扣; cards without one are unchanged', async () => {
    const home = homeView();
    home.sections[0]!.products[0] = {
      ...productCard('t1', '西湖龙井', 12800, 25600),
      activity: {
        activityId: 'td1',
        name: '春季',
        priceFen: 11000,
        originalPriceFen: 12800,
        endAt: '2030-01-01T00:00:00.000Z',
      },
      distributorPrice: { priceFen: 9900, originalPriceFen: 12800 },
    };
    answerCalls({ 'catalog.home': ok(home) });
    const page = await renderPage('pages/index/index');
    const [exclusive, plain] = page.querySelectorAll('.section-products')[0]!.querySelectorAll('.grid-item');
    expect(text(exclusive!, '.product-tag')).toBe('分销专属价');
    expect(text(exclusive!, '.product-price')).toBe('¥99.00');
    expect(text(exclusive!, '.product-original')).toBe('¥128.00');
    expect(text(plain!, '.product-price')).toBe('¥69.00 起');
    expect(plain!.querySelector('.product-tag')).toBeUndefined();
  });
});
