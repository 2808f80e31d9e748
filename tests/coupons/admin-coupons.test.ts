/**
 * The admin's coupon routes against the emulator: creating (and replaying) a coupon, every
 * validation refusal with its code, edits that reach only later claims, pause / resume / end,
 * the list, and a coupon's results after an order holding one of its claims was paid.
 */
import { useEmulator, type EmulatorFixture } from '../helpers/emulator';
import { claimsOf, couponDoc, seedClaim } from '../helpers/coupons';
import { seedOrder, seedProduct } from '../helpers/orders';
import { seedRules, seedUsers } from '../helpers/referrals';

type Answer = { ok: boolean; data?: any; error?: { code: string; message: string } };
const ADMIN = 'oADMIN';

const BASE = {
  mode: 'create',
  couponId: 'c1',
  name: '满100减20',
  terms: { kind: 'threshold', thresholdFen: 10_000, offFen: 2_000 },
  scope: { kind: 'shop' },
  validity: { kind: 'afterClaim', days: 7 },
  totalQuantity: 100,
  perUserLimit: 1,
  exclusiveShareCode: null,
  commission: true,
};

function seedAdmin(f: EmulatorFixture): void {
  f.emu.insert('admins', [
    { _id: ADMIN, addedBy: 'test', addedAt: new Date(f.emu.emulator.options.clock.now()), note: '' },
  ]);
}

describe('admin: coupons', () => {
  const f = useEmulator();
  const admin = async ($url: string, input: object = {}, openid = ADMIN): Promise<Answer> =>
    (await f.emu.call('admin', { $url, ...input }, { openid })).result as Answer;
  const shopper = async (openid: string, $url: string, input: object): Promise<Answer> =>
    (await f.emu.call('coupon', { $url, ...input }, { openid })).result as Answer;

  beforeEach(() => {
    f.emu.reset();
    seedRules(f.emu);
    seedAdmin(f);
  });

  it('creates a coupon, answers a retried create as a replay, and refuses another definition under its id', async () => {
    const created = await admin('saveCoupon', BASE);
    expect(created).toMatchObject({ ok: true, data: { status: 'created' } });
    expect(created.data.coupon).toMatchObject({
      couponId: 'c1',
      headline: '¥20.00',
      condition: '满¥100.00可用',
      thresholdFen: 10_000,
      offFen: 2_000,
      payRateBp: 0,
      maxOffFen: 0,
      status: 'active',
      claimedCount: 0,
      validity: { kind: 'afterClaim', days: 7, from: null, to: null },
    });
    expect((await admin('saveCoupon', BASE)).data.status).toBe('replayed');
    expect((await admin('saveCoupon', { ...BASE, name: '另一张' })).error?.code).toBe('COUPON_EXISTS');
    expect((await admin('saveCoupon', BASE, 'oNOBODY')).error?.code).toBe('FORBIDDEN');
  });

  it('refuses terms, scopes, validity, quantities and distributors that are wrong, writing nothing', async () => {
    seedUsers(f.emu, [{ id: 'oPLAIN' }]);
    const plainCode = f.emu.emulator.store.scan('users')[0]?.shareCode as string;
    const invalid = [
      { terms: { kind: 'threshold', thresholdFen: 2_000, offFen: 2_000 } },
      { terms: { kind: 'discount', payRateBp: 10_000, maxOffFen: 100 } },
      { terms: { kind: 'discount', payRateBp: 8_000, maxOffFen: 0 } },
      { terms: { kind: 'noThreshold', offFen: 0 } },
      { validity: { kind: 'fixed', from: '2026-12-10T00:00:00+08:00', to: '2026-12-01T00:00:00+08:00' } },
      { validity: { kind: 'afterClaim', days: 366 } },
      { perUserLimit: 0 },
      { totalQuantity: 0 },
      { scope: { kind: 'categories', categoryIds: [] } },
    ];
    for (const change of invalid)
      expect([change, (await admin('saveCoupon', { ...BASE, ...change })).error?.code]).toEqual([
        change,
        'INVALID_INPUT',
      ]);
    const refused = async (change: object) => (await admin('saveCoupon', { ...BASE, ...change })).error?.code;
    expect(await refused({ scope: { kind: 'products', productIds: ['p-none'] } })).toBe('COUPON_SCOPE_UNKNOWN');
    expect(await refused({ scope: { kind: 'categories', categoryIds: ['cat-none'] } })).toBe('COUPON_SCOPE_UNKNOWN');
    expect(await refused({ exclusiveShareCode: plainCode })).toBe('COUPON_DISTRIBUTOR_INVALID');
    expect(await refused({ exclusiveShareCode: '23456789' })).toBe('COUPON_DISTRIBUTOR_INVALID');
    expect(await refused({ mode: 'update' })).toBe('COUPON_NOT_FOUND');
    expect(f.emu.emulator.store.count('coupons')).toBe(0);
  });

  it('an edit reaches later claims only, and never lowers the total below the claims', async () => {
    seedProduct(f.emu, { _id: 'p1' }, [{ _id: 'p1-a', priceFen: 100, stock: 1 }]);
    const [dist] = seedUsers(f.emu, [{ id: 'oDIST', status: 'approved' }]);
    await admin('saveCoupon', { ...BASE, perUserLimit: 5 });
    await shopper('oA', 'claim', { couponId: 'c1', source: 'center' });
    await shopper('oB', 'claim', { couponId: 'c1', source: 'center' });
    const edit = {
      ...BASE,
      mode: 'update',
      terms: { kind: 'noThreshold', offFen: 500 },
      scope: { kind: 'products', productIds: ['p1'] },
      exclusiveShareCode: dist!.shareCode,
    };
    expect((await admin('saveCoupon', { ...edit, totalQuantity: 1 })).error?.code).toBe(
      'COUPON_QUANTITY_BELOW_CLAIMED',
    );
    const updated = await admin('saveCoupon', { ...edit, totalQuantity: 2 });
    expect(updated.data).toMatchObject({ status: 'updated', coupon: { kind: 'noThreshold', claimedCount: 2 } });
    expect(updated.data.coupon.exclusive).toMatchObject({ distributorId: 'oDIST', shareCode: dist!.shareCode });
    expect((await admin('saveCoupon', { ...edit, totalQuantity: 2 })).data.status).toBe('unchanged');
    // The claims hold the terms they were claimed with.
    expect(claimsOf(f.emu, 'c1').map((claim) => claim.terms)).toEqual([
      expect.objectContaining({ kind: 'threshold', offFen: 2_000, scope: { kind: 'shop' } }),
      expect.objectContaining({ kind: 'threshold', offFen: 2_000, scope: { kind: 'shop' } }),
    ]);
    expect(couponDoc(f.emu, 'c1')).toMatchObject({
      kind: 'noThreshold',
      thresholdFen: 0,
      offFen: 500,
      claimedCount: 2,
    });
  });

  it('pauses, resumes and ends; an ended coupon stays ended', async () => {
    await admin('saveCoupon', BASE);
    const step = async (action: string) => admin('setCouponStatus', { couponId: 'c1', action });
    expect((await step('pause')).data).toMatchObject({ status: 'changed', coupon: { status: 'paused' } });
    expect((await shopper('oA', 'claim', { couponId: 'c1', source: 'center' })).error?.code).toBe('COUPON_UNAVAILABLE');
    expect((await step('pause')).data.status).toBe('unchanged');
    expect((await step('resume')).data).toMatchObject({ status: 'changed', coupon: { status: 'active' } });
    expect((await step('end')).data).toMatchObject({ status: 'changed', coupon: { status: 'ended' } });
    expect((await step('resume')).error?.code).toBe('COUPON_ENDED');
    expect((await admin('saveCoupon', { ...BASE, mode: 'update', name: '改名' })).error?.code).toBe('COUPON_ENDED');
    expect((await admin('setCouponStatus', { couponId: 'nope', action: 'end' })).error?.code).toBe('COUPON_NOT_FOUND');
  });

  it('lists coupons newest first with claims and uses', async () => {
    await admin('saveCoupon', BASE);
    f.emu.emulator.options.clock.advance(1000);
    await admin('saveCoupon', { ...BASE, couponId: 'c2', name: '第二张' });
    const coupon = couponDoc(f.emu, 'c1')!;
    seedClaim(f.emu, coupon, 'oA', { status: 'used', orderId: 'order-a' });
    seedClaim(f.emu, coupon, 'oB');
    const list = await admin('listCoupons', { limit: 1 });
    expect(list.data).toMatchObject({ items: [{ couponId: 'c2' }], nextOffset: 1 });
    const next = await admin('listCoupons', { limit: 1, offset: 1 });
    expect(next.data).toMatchObject({ items: [{ couponId: 'c1', usedCount: 1 }], nextOffset: null });
    expect((await admin('listCoupons', { status: 'paused' })).data.items).toEqual([]);
  });

  it('results: claims, uses, and the sales and commission of paid orders holding it', async () => {
    seedProduct(f.emu, { _id: 'p-test', categoryId: 'cat-tea' }, [{ _id: 'sku-1', priceFen: 10_000, stock: 9 }]);
    seedProduct(f.emu, { _id: 'p-other', categoryId: 'cat-snack' }, [{ _id: 'sku-2', priceFen: 5_000, stock: 9 }]);
    f.emu.insert('categories', [{ _id: 'cat-tea', name: '茶叶', sortOrder: 0, hidden: false }]);
    await admin('saveCoupon', { ...BASE, scope: { kind: 'categories', categoryIds: ['cat-tea'] } });
    const coupon = couponDoc(f.emu, 'c1')!;
    f.emu.emulator.put('coupons', 'c1', { ...coupon, claimedCount: 3 } as unknown as Record<string, unknown>);
    seedClaim(f.emu, coupon, 'oA', { status: 'used', orderId: 'paid-1' });
    seedClaim(f.emu, coupon, 'oB', { status: 'used', orderId: 'open-1' });
    seedClaim(f.emu, coupon, 'oC');
    // Paid: a tea line the coupon took 2000 off, and a snack line outside its scope.
    seedOrder(f.emu, { _id: 'paid-1', buyerId: 'oA', status: 'paid', couponId: 'c1_oA_1', chain: ['oDIST'] }, [
      { skuId: 'sku-1', productId: 'p-test', unitPriceFen: 10_000, paidFen: 8_000 },
      { skuId: 'sku-2', productId: 'p-other', unitPriceFen: 5_000 },
    ]);
    f.emu.emulator.put('orders', 'paid-1', {
      ...(f.emu.emulator.store.scan('orders').find((row) => row._id === 'paid-1') as object),
      payment: { params: null, transactionId: 'tx-1', paidFen: 13_000, paidAt: new Date() },
    } as Record<string, unknown>);
    seedOrder(f.emu, { _id: 'open-1', buyerId: 'oB', couponId: 'c1_oB_1' });
    const commission = (lineIndex: number, amountFen: number, reversedFen = 0) => ({
      _id: `c:paid-1:${lineIndex}:1`,
      orderId: 'paid-1',
      lineIndex,
      level: 1,
      beneficiaryId: 'oDIST',
      buyerId: 'oA',
      amountFen,
      reversedFen,
      clawedBackFen: 0,
    });
    f.emu.insert('commissions', [commission(0, 800, 100), commission(1, 500)]);
    const answer = await admin('couponResults', { couponId: 'c1' });
    expect(answer.data.results).toEqual({ claimed: 3, used: 2, paidOrders: 1, salesFen: 13_000, commissionFen: 700 });

    // An order whose lines record their discounts by source: only lines the coupon took a share of count,
    // whatever their scope (line 0 is in scope but only a 满减 reduced it).
    seedClaim(f.emu, coupon, 'oD', { _id: 'c1_oD_1', status: 'used', orderId: 'paid-2' });
    const recorded = (discounts: Array<{ source: string; amountFen: number }>) =>
      ({ discounts: discounts.map((discount) => ({ ...discount, id: 'x', name: 'x' })) }) as object;
    seedOrder(f.emu, { _id: 'paid-2', buyerId: 'oD', status: 'completed', couponId: 'c1_oD_1' }, [
      {
        skuId: 'sku-1',
        productId: 'p-test',
        paidFen: 9_500,
        ...recorded([{ source: 'fullReduction', amountFen: 500 }]),
      },
      { skuId: 'sku-1', productId: 'p-test', paidFen: 9_000, ...recorded([{ source: 'coupon', amountFen: 1_000 }]) },
    ]);
    f.emu.insert('commissions', [
      { ...commission(0, 950), _id: 'c:paid-2:0:1', orderId: 'paid-2' },
      { ...commission(1, 900), _id: 'c:paid-2:1:1', orderId: 'paid-2' },
    ]);
    const both = await admin('couponResults', { couponId: 'c1' });
    expect(both.data.results).toMatchObject({
      used: 3,
      paidOrders: 2,
      salesFen: 13_000 + 18_500,
      commissionFen: 700 + 900,
    });
    expect((await admin('couponResults', { couponId: 'nope' })).error?.code).toBe('COUPON_NOT_FOUND');
  });
});
