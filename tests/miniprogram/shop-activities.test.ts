/**
 * Activities on the shopper's pages: a card with a live 限时折扣 shows the activity price, the
 * original struck through and a 限时折扣 tag (首页, 分类 and 搜索 share the card); the product page
 * shows the selected SKU's activity price, the original, a countdown from the server's clock
 * (not the phone's) and the 满减 tiers covering the product.
 */
import { countdownText } from '../../miniprogram/shop/product/activity';
import { answerCalls, ok, renderPage, settle, text, texts, wx, type Rendered } from './helpers';
import { profileView } from './fixtures';
import { detailView, homeView, productCard, sku } from './shop-browse-fixtures';

beforeEach(() => {
  jest.clearAllMocks();
  wx.clearStorageSync();
});

const HOUR_MS = 3600 * 1000;

describe('product cards with a live 限时折扣', () => {
  it('show the activity price, the original struck through and the tag; other cards are unchanged', async () => {
    const home = homeView();
    home.sections[0]!.products[0] = {
      ...productCard('t1', '西湖龙井', 12800, 25600),
      activity: {
        activityId: 'td1',
        name: '春季',
        priceFen: 9900,
        originalPriceFen: 12800,
        endAt: '2030-01-01T00:00:00.000Z',
      },
    };
    answerCalls({ 'catalog.home': ok(home) });
    const page = await renderPage('pages/index/index');
    const [discounted, plain] = page.querySelectorAll('.section-products')[0]!.querySelectorAll('.grid-item');
    expect(text(discounted!, '.product-price')).toBe('¥99.00');
    expect(text(discounted!, '.product-original')).toBe('¥128.00');
    expect(text(discounted!, '.product-tag')).toBe('限时折扣');
    expect(discounted!.querySelector('.product-original')!.dom!.outerHTML).toContain('product-original');
    expect(text(plain!, '.product-price')).toBe('¥69.00 起');
    expect(plain!.querySelector('.product-original')).toBeUndefined();
    expect(plain!.querySelector('.product-tag')).toBeUndefined();
  });
});

describe('shop/product/product: activities', () => {
  let page: Rendered | undefined;
  afterEach(() => {
    // The countdown ticks every second until the page goes away.
    page?.instance.onUnload?.();
    page = undefined;
  });

  /** The phone's clock is 3 hours behind the server's: the countdown must still show what is really left. */
  function answersWithActivity(): void {
    const serverNow = Date.now() + 3 * HOUR_MS;
    const endAt = new Date(serverNow + HOUR_MS + 2 * 60_000 + 3_500).toISOString();
    answerCalls({
      'profile.get': ok(profileView()),
      'catalog.detail': ok(
        detailView({
          skus: [
            sku('p1-small', '100g 小饼', 6900, 5, {
              activity: { activityId: 'td1', name: '限时折扣', priceFen: 5900, endAt },
            }),
            sku('p1-big', '357g 饼', 19900, 3),
          ],
          reductions: [
            {
              activityId: 'fr1',
              name: '满减',
              endAt,
              tiers: [
                { thresholdFen: 19900, offFen: 2000, label: '满199减20' },
                { thresholdFen: 29900, offFen: 4000, label: '满299减40' },
              ],
            },
          ],
          serverTime: new Date(serverNow).toISOString(),
        }),
      ),
    });
  }

  it('shows the selected SKU’s activity price, the original, a countdown from server time and the 满减 tiers', async () => {
    answersWithActivity();
    page = await renderPage('shop/product/product', { id: 'p1' });
    expect(text(page, '.activity-price')).toBe('¥59.00');
    expect(text(page, '.activity-original')).toBe('¥69.00');
    expect(text(page, '.activity-tag')).toBe('限时折扣');
    expect(text(page, '.activity-countdown')).toMatch(/^距结束 01:02:0[23]$/);
    expect(page.querySelector('.price')).toBeUndefined();
    expect(texts(page, '.reduction-tier')).toEqual(['满199减20，满299减40']);
    expect(text(page, '.picker-price')).toBe('¥59.00');
  });

  it('picking a SKU without an activity shows its own price and stops the banner', async () => {
    answersWithActivity();
    page = await renderPage('shop/product/product', { id: 'p1' });
    page.querySelectorAll('.sku-option')[1]!.dispatchEvent('tap');
    await settle();
    expect(page.querySelector('.activity-banner')).toBeUndefined();
    expect(text(page, '.price')).toBe('¥69.00 - ¥199.00');
    expect(text(page, '.picker-price')).toBe('¥199.00');
    // The 满减 row does not depend on the SKU.
    expect(texts(page, '.reduction-tier')).toEqual(['满199减20，满299减40']);
  });

  it('a product without activities shows neither the banner nor the 满减 row', async () => {
    answerCalls({ 'profile.get': ok(profileView()), 'catalog.detail': ok(detailView()) });
    page = await renderPage('shop/product/product', { id: 'p1' });
    expect(page.querySelector('.activity-banner')).toBeUndefined();
    expect(page.querySelector('.reduction-row')).toBeUndefined();
  });
});

describe('countdownText', () => {
  const end = Date.UTC(2030, 0, 2, 0, 0, 0);
  it('counts from the server clock: the phone time plus the offset measured when the catalog answered', () => {
    // The phone is 1 hour fast (offset −1 h): 2 hours left by the server are 2 hours, not 1.
    expect(countdownText(end, -HOUR_MS, end - HOUR_MS)).toBe('距结束 02:00:00');
    expect(countdownText(end, 0, end - (26 * HOUR_MS + 61_000))).toBe('距结束 1天 02:01:01');
    expect(countdownText(end, 0, end)).toBe('活动已结束');
    expect(countdownText(end, 5_000, end - 4_000)).toBe('活动已结束');
  });
});
