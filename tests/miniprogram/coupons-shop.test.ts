/**
 * @jest-environment-options {"customExportConditions": ["node", "require", "default"]}
 */
/**
 * The shopper's coupon pages against the emulator: 领券中心 lists and claims, opened through a
 * distributor's share it lists their exclusive coupon first and the claim binds; 我的优惠券 by
 * tab; the product page's 领券 row and popup; the 我的 entries; 专属优惠券 with its share card.
 */
import { chinaMidnight } from '@shared/chinaTime';
import type { EmulatorHandle } from '../../emulator/src/index';
import { claimsOf, couponDoc, seedClaim, seedCoupon } from '../helpers/coupons';
import { seedProduct } from '../helpers/orders';
import { seedRules, seedUsers, userDoc } from '../helpers/referrals';
import { renderPage, settle, tap, text, wx, type Rendered } from './helpers';
import { loaded, until, useCouponEmulator } from './coupons-fixtures';

const f = useCouponEmulator();

function seedShop(emu: EmulatorHandle): void {
  seedRules(emu, { recruitment: 'apply' });
  seedCoupon(emu, { _id: 'c-full', name: '满100减20', createdAt: new Date(Date.now() - 2000) });
  seedCoupon(emu, {
    _id: 'c-rate',
    name: '全场8.5折',
    kind: 'discount',
    thresholdFen: 0,
    offFen: 0,
    payRateBp: 8500,
    maxOffFen: 5000,
    totalQuantity: 50,
    claimedCount: 50,
    createdAt: new Date(Date.now() - 1000),
  });
}

/** The text of `inner` in each coupon card matching `cards` (a card is a component: queries stop at it). */
const inCards = (page: Rendered, cards: string, inner: string): string[] =>
  page.querySelectorAll(cards).map((card) => {
    // A button's label is inside the TDesign component.
    const button = inner === '.coupon-action' ? card.querySelector(inner) : undefined;
    return button ? text(button, '.t-button') : text(card, inner);
  });

/** Taps the action button of the n-th coupon card matching `selector`. */
async function tapCard(page: Rendered, selector: string, index = 0): Promise<void> {
  const card = page.querySelectorAll(selector)[index];
  if (!card) throw new Error(`no card ${selector}[${index}]`);
  card.querySelector('.coupon-action')!.querySelector('.t-button')!.dispatchEvent('tap');
  await settle(10);
}

describe('shop/coupons/coupons (领券中心)', () => {
  it('lists what may be claimed and claims with 领取', async () => {
    seedShop(f.emu);
    const page = await renderPage('shop/coupons/coupons');
    await loaded(page);
    expect(inCards(page, '.center-coupon', '.coupon-name')).toEqual(['满100减20']);
    expect(inCards(page, '.center-coupon', '.coupon-headline')).toEqual(['¥20.00']);
    expect(inCards(page, '.center-coupon', '.coupon-condition')).toEqual(['满¥100.00可用']);
    expect(inCards(page, '.center-coupon', '.coupon-validity')).toEqual(['领取后 7 天内有效']);
    expect(inCards(page, '.center-coupon', '.coupon-action')).toEqual(['领取']);
    await tapCard(page, '.center-coupon');
    await until(() => inCards(page, '.center-coupon', '.coupon-action')[0] === '已领取');
    expect(wx.showToast).toHaveBeenCalledWith({ title: '领取成功', icon: 'success' });
    expect(claimsOf(f.emu, 'c-full')).toEqual([expect.objectContaining({ userId: 'oSHOPPER', source: 'center' })]);
    expect(inCards(page, '.center-coupon', '.coupon-note')).toEqual(['剩余 99 张']);
  });

  it('opened through a distributor’s share: their exclusive coupon first, and the claim binds', async () => {
    seedShop(f.emu);
    const [dist] = seedUsers(f.emu, [{ id: 'oDIST', status: 'approved' }]);
    seedCoupon(f.emu, {
      _id: 'c-vip',
      name: '专属立减10元',
      kind: 'noThreshold',
      thresholdFen: 0,
      offFen: 1000,
      exclusiveDistributorId: 'oDIST',
    });
    const page = await renderPage('shop/coupons/coupons', { r: dist!.shareCode.toLowerCase() });
    await loaded(page);
    expect(text(page, '.share-banner')).toBe('好友分享的专属优惠券，领取后下单立减');
    expect(inCards(page, '.center-coupon', '.coupon-name')).toEqual(['专属立减10元', '满100减20']);
    expect(inCards(page, '.center-coupon', '.coupon-note')[0]).toBe('专属优惠券 · 剩余 100 张');
    await tapCard(page, '.center-coupon', 0);
    await until(() => claimsOf(f.emu, 'c-vip').length === 1);
    expect(claimsOf(f.emu, 'c-vip')[0]).toMatchObject({ source: 'share', sharerId: 'oDIST' });
    expect(await userDoc(f.emu, 'oSHOPPER')).toMatchObject({ referrerId: 'oDIST' });
  });

  it('shows fixed dates as the first and the last day a coupon can be used', async () => {
    seedRules(f.emu);
    // Valid from 2030-03-01 00:00 to 2030-04-01 00:00 China time: its last day is 03-31.
    const validity = { kind: 'fixed' as const, from: chinaMidnight('2030-03-01'), to: chinaMidnight('2030-04-01') };
    seedCoupon(f.emu, { _id: 'c-march', name: '三月券', validity });
    const page = await renderPage('shop/coupons/coupons');
    await loaded(page);
    expect(inCards(page, '.center-coupon', '.coupon-validity')).toEqual(['2030-03-01 至 2030-03-31']);
  });

  it('says so when there is nothing to claim', async () => {
    seedRules(f.emu);
    const page = await renderPage('shop/coupons/coupons');
    await loaded(page);
    expect(text(page, '.page-state')).toContain('暂无可领取的优惠券');
  });
});

describe('shop/myCoupons/myCoupons (我的优惠券)', () => {
  it('shows 可用, 已使用 and 已过期 tabs', async () => {
    seedShop(f.emu);
    const coupon = couponDoc(f.emu, 'c-full')!;
    seedClaim(f.emu, coupon, 'oSHOPPER', { _id: 'c-full_oSHOPPER_1' });
    seedClaim(f.emu, coupon, 'oSHOPPER', {
      _id: 'c-full_oSHOPPER_2',
      status: 'used',
      orderId: 'o1',
      usedAt: new Date(),
    });
    seedClaim(f.emu, coupon, 'oSHOPPER', { _id: 'c-full_oSHOPPER_3', days: -1 });
    const page = await renderPage('shop/myCoupons/myCoupons');
    await loaded(page);
    const tabs = page.querySelector('.tabs')!.querySelectorAll('.t-tabs__item');
    expect(tabs.map((tab) => tab.dom?.textContent?.trim())).toEqual(['可用', '已使用', '已过期']);
    expect(inCards(page, '.held-coupon', '.coupon-action')).toEqual(['去使用']);
    tabs[1]!.dispatchEvent('tap');
    await until(() => page.data.tab === 'used' && page.data.status !== 'loading');
    expect(inCards(page, '.held-coupon', '.coupon-stamp')).toEqual(['已使用']);
    expect(inCards(page, '.held-coupon', '.coupon-note')).toEqual(['已用于订单']);
    page.querySelector('.tabs')!.querySelectorAll('.t-tabs__item')[2]!.dispatchEvent('tap');
    await until(() => page.data.tab === 'expired' && page.data.status !== 'loading');
    expect(inCards(page, '.held-coupon', '.coupon-stamp')).toEqual(['已过期']);
    await tap(page, '.center-link');
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/shop/coupons/coupons' });
  });
});

describe('the product page’s 领券 row', () => {
  it('lists the coupons covering the product in a popup and claims from it', async () => {
    seedShop(f.emu);
    seedProduct(f.emu, { _id: 'p-tea', categoryId: 'cat-tea', name: '龙井' }, [
      { _id: 'p-tea-a', priceFen: 12800, stock: 5 },
    ]);
    seedCoupon(f.emu, { _id: 'c-snack', name: '零食券', scope: { kind: 'categories', categoryIds: ['cat-snack'] } });
    const page = await renderPage('shop/product/product', { id: 'p-tea' });
    await loaded(page);
    const row = page.querySelector('.coupon-row-entry')!;
    await until(() => (row.data.cards as unknown[]).length > 0);
    // The 8.5折 coupon is all claimed, and the snack coupon covers another category.
    expect(text(row, '.coupon-row')).toBe('领券满100减20共 1 张 ›');
    row.querySelector('.coupon-row')!.dispatchEvent('tap');
    await settle(10);
    expect(row.data.visible).toBe(true);
    expect(inCards(row, '.product-coupon', '.coupon-action')).toEqual(['领取']);
    row
      .querySelectorAll('.product-coupon')[0]!
      .querySelector('.coupon-action')!
      .querySelector('.t-button')!
      .dispatchEvent('tap');
    await until(() => claimsOf(f.emu, 'c-full').length === 1);
    expect(claimsOf(f.emu, 'c-full')[0]).toMatchObject({ source: 'product' });
    await until(() => inCards(row, '.product-coupon', '.coupon-action')[0] === '已领取');
  });

  it('stays hidden when nothing covers the product', async () => {
    seedRules(f.emu);
    seedProduct(f.emu, { _id: 'p-tea' }, [{ _id: 'p-tea-a', priceFen: 12800, stock: 5 }]);
    const page = await renderPage('shop/product/product', { id: 'p-tea' });
    await loaded(page);
    await settle(100);
    expect(page.querySelector('.coupon-row-entry')!.querySelector('.coupon-row')).toBeUndefined();
  });
});

describe('我的 and 专属优惠券', () => {
  it('我的 opens 我的优惠券 and 领券中心; a distributor also gets 专属优惠券', async () => {
    seedRules(f.emu, { recruitment: 'apply' });
    seedUsers(f.emu, [{ id: 'oDIST', status: 'approved' }]);
    f.as('oDIST');
    const page = await renderPage('pages/me/me');
    await loaded(page);
    await tap(page, '.my-coupons-entry', '.t-cell');
    await tap(page, '.coupon-center-entry', '.t-cell');
    await tap(page, '.exclusive-coupons-entry', '.t-cell');
    expect(wx.navigateTo.mock.calls.map(([options]) => options)).toEqual([
      { url: '/shop/myCoupons/myCoupons' },
      { url: '/shop/coupons/coupons' },
      { url: '/distributor/coupons/coupons' },
    ]);
  });

  it('专属优惠券 lists the distributor’s exclusive coupons and shares the coupon center with their code', async () => {
    seedRules(f.emu, { recruitment: 'apply' });
    const [dist] = seedUsers(f.emu, [{ id: 'oDIST', status: 'approved' }]);
    seedCoupon(f.emu, { _id: 'c-vip', name: '专属满减', exclusiveDistributorId: 'oDIST', claimedCount: 30 });
    f.as('oDIST');
    const page = await renderPage('distributor/coupons/coupons');
    await loaded(page);
    expect(text(page, '.share-code')).toBe(dist!.shareCode);
    expect(inCards(page, '.exclusive-coupon', '.coupon-name')).toEqual(['专属满减']);
    expect(inCards(page, '.exclusive-coupon', '.coupon-note')).toEqual(['专属优惠券 · 剩余 70 张']);
    expect(inCards(page, '.exclusive-coupon', '.coupon-action')).toEqual(['']);
    expect(page.instance.onShareAppMessage()).toEqual({
      title: '送你一张专属优惠券，领取后下单立减',
      path: `/shop/coupons/coupons?r=${dist!.shareCode}`,
    });
    await tap(page, '.copy-link');
    expect(wx.setClipboardData).toHaveBeenCalledWith({ data: dist!.shareCode });
  });

  it('专属优惠券 tells a shopper who is not a distributor', async () => {
    seedRules(f.emu, { recruitment: 'apply' });
    const page = await renderPage('distributor/coupons/coupons');
    await loaded(page);
    expect(text(page, '.page-state')).toContain('仅分销员可用');
  });
});
