/**
 * The coupon function against the emulator: the coupon center and a product's coupons list what
 * may be claimed, a claim copies the terms and takes one unit, every refusal has its code and
 * writes nothing, an exclusive coupon needs its distributor's share code and claiming through it
 * binds as bindReferrer does, 我的优惠券 sorts claims into tabs, and a distributor sees their
 * exclusive coupons with the share path.
 */
import { useEmulator } from '../helpers/emulator';
import { claimsOf, couponDoc, seedClaim, seedCoupon } from '../helpers/coupons';
import { seedProduct } from '../helpers/orders';
import { seedRules, seedUsers, userDoc } from '../helpers/referrals';

type Answer = { ok: boolean; data?: any; error?: { code: string; message: string } };
const DAY_MS = 24 * 60 * 60 * 1000;

describe('coupon: listing and claiming', () => {
  const f = useEmulator();
  const call = async (openid: string, $url: string, input: object = {}): Promise<Answer> =>
    (await f.emu.call('coupon', { $url, ...input }, { openid })).result as Answer;
  const now = (): number => f.emu.emulator.options.clock.now();

  beforeEach(() => {
    f.emu.reset();
    seedRules(f.emu, { recruitment: 'apply' });
  });

  it('the center lists what anyone may claim now, with whether the caller still may', async () => {
    seedCoupon(f.emu, { _id: 'open', perUserLimit: 2 });
    seedCoupon(f.emu, { _id: 'paused', status: 'paused' });
    seedCoupon(f.emu, { _id: 'gone', claimedCount: 100 });
    seedCoupon(f.emu, {
      _id: 'over',
      validity: { kind: 'fixed', from: new Date(now() - 2 * DAY_MS), to: new Date(now() - 1) },
    });
    seedCoupon(f.emu, { _id: 'mine-only', exclusiveDistributorId: 'oDIST' });
    seedCoupon(f.emu, { _id: 'taken' });
    seedClaim(f.emu, couponDoc(f.emu, 'taken')!, 'oSHOP');
    const answer = await call('oSHOP', 'center');
    expect(answer.ok).toBe(true);
    const byId = Object.fromEntries(answer.data.items.map((item: any) => [item.couponId, item]));
    expect(Object.keys(byId).sort()).toEqual(['open', 'taken']);
    expect(byId.open).toMatchObject({
      headline: '¥20.00',
      condition: '满¥100.00可用',
      scope: '全场通用',
      validDays: 7,
    });
    expect(byId.open).toMatchObject({ remaining: 100, perUserLimit: 2, held: 0, canClaim: true, exclusive: false });
    expect(byId.taken).toMatchObject({ held: 1, canClaim: false });
  });

  it('a claim copies the terms, takes one unit, and the per-user limit holds on a retry', async () => {
    seedCoupon(f.emu, { _id: 'c1', kind: 'discount', thresholdFen: 0, offFen: 0, payRateBp: 8500, maxOffFen: 1000 });
    const first = await call('oSHOP', 'claim', { couponId: 'c1', source: 'center' });
    expect(first).toMatchObject({ ok: true, data: { binding: 'none' } });
    expect(first.data.coupon).toMatchObject({
      id: 'c1_oSHOP_1',
      headline: '8.5折',
      condition: '最高减¥10.00',
      state: 'available',
    });
    expect(Date.parse(first.data.coupon.validTo) - Date.parse(first.data.coupon.validFrom)).toBe(7 * DAY_MS);
    const [claim] = claimsOf(f.emu, 'c1');
    expect(claim).toMatchObject({ userId: 'oSHOP', status: 'available', source: 'center', sharerId: null });
    expect(claim?.terms).toMatchObject({ kind: 'discount', payRateBp: 8500, maxOffFen: 1000, scope: { kind: 'shop' } });
    const retry = await call('oSHOP', 'claim', { couponId: 'c1', source: 'center' });
    expect(retry.error?.code).toBe('COUPON_LIMIT_REACHED');
    expect(couponDoc(f.emu, 'c1')?.claimedCount).toBe(1);
    expect(claimsOf(f.emu, 'c1')).toHaveLength(1);
  });

  it('refuses with a stable code and writes nothing', async () => {
    seedCoupon(f.emu, { _id: 'paused', status: 'paused' });
    seedCoupon(f.emu, { _id: 'ended', status: 'ended' });
    seedCoupon(f.emu, { _id: 'gone', claimedCount: 100 });
    seedCoupon(f.emu, {
      _id: 'over',
      validity: { kind: 'fixed', from: new Date(now() - 2 * DAY_MS), to: new Date(now() - 1) },
    });
    seedCoupon(f.emu, { _id: 'exclusive', exclusiveDistributorId: 'oDIST' });
    const before = JSON.stringify(f.emu.emulator.store.scan('coupons'));
    const codes = [];
    for (const couponId of ['missing', 'paused', 'ended', 'gone', 'over', 'exclusive'])
      codes.push((await call('oSHOP', 'claim', { couponId, source: 'center' })).error?.code);
    expect(codes).toEqual([
      'COUPON_NOT_FOUND',
      'COUPON_UNAVAILABLE',
      'COUPON_UNAVAILABLE',
      'COUPON_SOLD_OUT',
      'COUPON_UNAVAILABLE',
      'COUPON_EXCLUSIVE',
    ]);
    expect((await call('oSHOP', 'claim', { couponId: 'paused', source: 'share' })).error?.code).toBe('INVALID_INPUT');
    expect(JSON.stringify(f.emu.emulator.store.scan('coupons'))).toBe(before);
    expect(f.emu.emulator.store.count('userCoupons')).toBe(0);
  });

  it('an exclusive coupon: refused without its distributor’s code, claimed with it, and the share binds', async () => {
    const [dist, other] = seedUsers(f.emu, [
      { id: 'oDIST', status: 'approved' },
      { id: 'oOTHER', status: 'approved' },
    ]);
    seedCoupon(f.emu, { _id: 'vip', exclusiveDistributorId: 'oDIST' });
    const wrong = await call('oNEW', 'claim', { couponId: 'vip', source: 'share', shareCode: other!.shareCode });
    expect(wrong.error?.code).toBe('COUPON_EXCLUSIVE');
    expect(await userDoc(f.emu, 'oNEW')).toBeNull();
    const claimed = await call('oNEW', 'claim', { couponId: 'vip', source: 'share', shareCode: dist!.shareCode });
    expect(claimed).toMatchObject({ ok: true, data: { binding: 'bound', coupon: { id: 'vip_oNEW_1' } } });
    expect(claimsOf(f.emu, 'vip')[0]).toMatchObject({ source: 'share', sharerId: 'oDIST' });
    // The binding is the one bindReferrer makes from the same code.
    expect(await userDoc(f.emu, 'oNEW')).toMatchObject({
      referrerId: 'oDIST',
      ancestors: ['oDIST'],
      bindingVersion: 1,
    });
    const center = await call('oNEW', 'center', { shareCode: dist!.shareCode });
    expect(center.data.items.map((item: any) => item.couponId)).toEqual(['vip']);
  });

  it('a shopper bound elsewhere keeps the binding and still gets the coupon', async () => {
    const [dist] = seedUsers(f.emu, [
      { id: 'oDIST', status: 'approved' },
      { id: 'oFIRST', status: 'approved' },
      { id: 'oBOUND', referrerId: 'oFIRST' },
    ]);
    seedCoupon(f.emu, { _id: 'vip', exclusiveDistributorId: 'oDIST' });
    const claimed = await call('oBOUND', 'claim', { couponId: 'vip', source: 'share', shareCode: dist!.shareCode });
    expect(claimed).toMatchObject({ ok: true, data: { binding: 'kept' } });
    expect(await userDoc(f.emu, 'oBOUND')).toMatchObject({ referrerId: 'oFIRST', ancestors: ['oFIRST'] });
  });

  it('a product page lists the coupons whose scope covers the product', async () => {
    seedProduct(f.emu, { _id: 'p1', categoryId: 'cat-tea' }, [{ _id: 'p1-a', priceFen: 100, stock: 5 }]);
    seedCoupon(f.emu, { _id: 'shop' });
    seedCoupon(f.emu, { _id: 'tea', scope: { kind: 'categories', categoryIds: ['cat-tea'] } });
    seedCoupon(f.emu, { _id: 'snack', scope: { kind: 'categories', categoryIds: ['cat-snack'] } });
    seedCoupon(f.emu, { _id: 'p1-only', scope: { kind: 'products', productIds: ['p1'] } });
    seedCoupon(f.emu, { _id: 'p2-only', scope: { kind: 'products', productIds: ['p2'] } });
    const answer = await call('oSHOP', 'forProduct', { productId: 'p1' });
    expect(answer.data.items.map((item: any) => item.couponId).sort()).toEqual(['p1-only', 'shop', 'tea']);
    expect((await call('oSHOP', 'forProduct', { productId: 'nope' })).data.items).toEqual([]);
  });

  it('我的优惠券 sorts claims into available, used (with the order) and expired', async () => {
    const coupon = seedCoupon(f.emu, { _id: 'c1', perUserLimit: 3 });
    seedClaim(f.emu, coupon, 'oSHOP', { _id: 'c1_oSHOP_1' });
    seedClaim(f.emu, coupon, 'oSHOP', {
      _id: 'c1_oSHOP_2',
      status: 'used',
      orderId: 'order-1',
      usedAt: new Date(now()),
    });
    seedClaim(f.emu, coupon, 'oSHOP', { _id: 'c1_oSHOP_3', days: -1 });
    seedClaim(f.emu, coupon, 'oELSE', { _id: 'c1_oELSE_1' });
    const tab = async (name: string) => (await call('oSHOP', 'mine', { tab: name })).data;
    expect(await tab('available')).toMatchObject({
      items: [{ id: 'c1_oSHOP_1', state: 'available' }],
      page: 1,
      hasMore: false,
    });
    expect(await tab('used')).toMatchObject({ items: [{ id: 'c1_oSHOP_2', state: 'used', orderId: 'order-1' }] });
    expect(await tab('expired')).toMatchObject({ items: [{ id: 'c1_oSHOP_3', state: 'expired' }] });
  });

  it('a distributor sees their exclusive coupons and the share path; others are refused', async () => {
    const [dist] = seedUsers(f.emu, [{ id: 'oDIST', status: 'approved' }, { id: 'oPLAIN' }]);
    seedCoupon(f.emu, { _id: 'vip', exclusiveDistributorId: 'oDIST', claimedCount: 40 });
    seedCoupon(f.emu, { _id: 'open' });
    const answer = await call('oDIST', 'distributorCoupons');
    expect(answer.data).toMatchObject({
      shareCode: dist!.shareCode,
      sharePath: `/shop/coupons/coupons?r=${dist!.shareCode}`,
      items: [{ couponId: 'vip', remaining: 60, exclusive: true }],
    });
    expect(answer.data.items).toHaveLength(1);
    expect((await call('oPLAIN', 'distributorCoupons')).error?.code).toBe('NOT_DISTRIBUTOR');
  });
});
