/**
 * The money of a marketing order, computed by hand (docs/marketing.md): a 3-line order with a
 * 限时折扣, a 满减 tier and a coupon, bought by a shopper with a 3-level chain. Every line's base
 * and every level's commission is written out below and compared with the quote, the placed
 * order and, after paying and settling, the commissions. A coupon or activity that pays no
 * commission leaves its lines earning nothing.
 */
import type { CommissionDocument } from '@shared/ledger';
import type { OrderDocument } from '@shared/orders';
import { useEmulator } from '../helpers/emulator';
import { seedActivity, seedHeldCoupon } from '../helpers/marketing';
import { seedAddress, seedProduct } from '../helpers/orders';
import { seedRules, seedUsers } from '../helpers/referrals';
import { settlementDone } from '../helpers/settlement';
import { until } from '../helpers/teaShop';

const BUYER = 'oBuyer';
const COUPON = 'cpnTea_oBuyer_1';
const ITEMS = [
  { skuId: 'tea-250', quantity: 2 },
  { skuId: 'cup-1', quantity: 1 },
  { skuId: 'towel-1', quantity: 3 },
];

// By hand. Original prices: tea 2 × 128.00 = 25 600, cup 59.90, towel 3 × 39.90 = 11 970; goods 43 560.
// 限时折扣 on tea at 118.00: 2 × 10.00 = 2 000 off, tea now 23 600.
// 满减 满300减30 over the shop: 23 600 + 5 990 + 11 970 = 41 560 ≥ 30 000, 3 000 off, split
// 3000 × (23 600, 5 990, 11 970) / 41 560 = 1 703.56, 432.39, 864.05 → 1 703, 432, 864 (2 999);
// the fen left goes to the largest remainder (tea): 1 704, 432, 864.
// Coupon 满200减20 on tea and cups: measured before 满减, 23 600 + 5 990 = 29 590 ≥ 20 000; its base
// after 满减 is 21 896 + 5 558 = 27 454; 2 000 split 1 595.10, 404.90 → 1 595, 404, the fen to the cup: 405.
const HAND = {
  lines: [
    { lineTotalFen: 25_600, discountFen: 2_000 + 1_704 + 1_595, paidFen: 20_301 },
    { lineTotalFen: 5_990, discountFen: 432 + 405, paidFen: 5_153 },
    { lineTotalFen: 11_970, discountFen: 864, paidFen: 11_106 },
  ],
  goodsFen: 43_560,
  discountFen: 7_000,
  // Shipping is free from 200.00 after every discount: 36 560 ≥ 20 000.
  shippingFen: 0,
  payableFen: 36_560,
  // Rates 10%, 5%, 2% (cap 30% not reached), floored per level.
  commissions: [
    [2_030, 1_015, 406], // 20 301 × 10% = 2 030.1, × 5% = 1 015.05, × 2% = 406.02
    [515, 257, 103], // 5 153 → 515.3, 257.65, 103.06
    [1_110, 555, 222], // 11 106 → 1 110.6, 555.3, 222.12
  ],
};

describe('a marketing order, by hand', () => {
  const f = useEmulator({ functionEnv: { WXPAY_SUB_MCH_ID: '1900000109' } });
  const orderOf = (id: string) =>
    f.emu.emulator.store.scan('orders').find((doc) => doc._id === id) as unknown as OrderDocument;
  const commissionsOf = (id: string) =>
    (f.emu.emulator.store.scan('commissions') as unknown as CommissionDocument[]).filter((c) => c.orderId === id);

  function seedShop(commission: { sale: boolean; reduction: boolean; coupon: boolean }): void {
    f.emu.reset();
    seedRules(f.emu, {
      recruitment: 'apply',
      levels: 3,
      capBp: 3000,
      grades: [{ id: 'standard', name: '普通', rank: 0, ratesBp: [1000, 500, 200], upgradeWhen: {} }],
      defaultGradeId: 'standard',
      shipping: { flatFeeFen: 800, freeFromFen: 20_000 },
    });
    seedUsers(f.emu, [
      { id: 'oL3', status: 'approved' },
      { id: 'oL2', status: 'approved', referrerId: 'oL3', ancestors: ['oL3'] },
      { id: 'oL1', status: 'approved', referrerId: 'oL2', ancestors: ['oL2', 'oL3'] },
      { id: BUYER, referrerId: 'oL1', ancestors: ['oL1', 'oL2', 'oL3'] },
    ]);
    seedAddress(f.emu, BUYER);
    seedProduct(f.emu, { _id: 'p-tea', categoryId: 'cat-tea' }, [{ _id: 'tea-250', priceFen: 12_800, stock: 10 }]);
    seedProduct(f.emu, { _id: 'p-cup', categoryId: 'cat-cup' }, [{ _id: 'cup-1', priceFen: 5_990, stock: 10 }]);
    seedProduct(f.emu, { _id: 'p-towel', categoryId: 'cat-home' }, [{ _id: 'towel-1', priceFen: 3_990, stock: 10 }]);
    seedActivity(
      f.emu,
      'act-sale',
      '春茶限时折扣',
      { kind: 'timedDiscount', skus: [{ skuId: 'tea-250', productId: 'p-tea', priceFen: 11_800 }] },
      commission.sale,
    );
    seedActivity(
      f.emu,
      'act-mj',
      '满300减30',
      {
        kind: 'fullReduction',
        scope: { kind: 'shop' },
        tiers: [
          { thresholdFen: 20_000, offFen: 1_500 },
          { thresholdFen: 30_000, offFen: 3_000 },
        ],
      },
      commission.reduction,
    );
    seedHeldCoupon(f.emu, COUPON, BUYER, {
      name: '茶与茶具满200减20',
      kind: 'threshold',
      thresholdFen: 20_000,
      offFen: 2_000,
      scope: { kind: 'categories', categoryIds: ['cat-tea', 'cat-cup'] },
      commission: commission.coupon,
    });
  }

  async function quoteThenPlace(key: string) {
    const quoted = await f.emu.call('placeOrder', { $url: 'quote', items: ITEMS }, { openid: BUYER });
    const quote = (quoted.result as { ok: true; data: any }).data;
    const placed = await f.emu.call(
      'placeOrder',
      { items: ITEMS, addressId: `addr-${BUYER}`, idempotencyKey: key, couponId: quote.couponId },
      { openid: BUYER },
    );
    const orderId = (placed.result as { data: { orderId: string } }).data.orderId;
    return { quote, order: orderOf(orderId) };
  }

  async function payAndSettle(orderId: string): Promise<void> {
    await fetch(`${f.emu.url}/_emulator/payments/${orderId}/pay`, { method: 'POST' });
    await until(() => settlementDone(f.emu.emulator.store, orderId), 'settlement');
  }

  it('quotes, places and settles every line and level as computed by hand', async () => {
    seedShop({ sale: true, reduction: true, coupon: true });
    const { quote, order } = await quoteThenPlace('money-key-1');
    // The quote picked the coupon by default and priced exactly what the order charges.
    expect(quote.couponId).toBe(COUPON);
    expect(quote.coupons).toEqual([expect.objectContaining({ couponId: COUPON, amountFen: 2_000, usable: true })]);
    for (const priced of [quote, order]) {
      expect(priced).toMatchObject({
        goodsFen: HAND.goodsFen,
        discountFen: HAND.discountFen,
        shippingFen: HAND.shippingFen,
        payableFen: HAND.payableFen,
      });
      expect(
        priced.lines.map((line: any) => ({
          lineTotalFen: line.lineTotalFen,
          discountFen: line.discountFen,
          paidFen: line.paidFen,
        })),
      ).toEqual(HAND.lines);
      expect(priced.discounts).toEqual([
        { source: 'activity', id: 'act-sale', name: '春茶限时折扣', amountFen: 2_000 },
        { source: 'fullReduction', id: 'act-mj', name: '满300减30', amountFen: 3_000 },
        { source: 'coupon', id: COUPON, name: '茶与茶具满200减20', amountFen: 2_000 },
      ]);
    }
    expect(order.lines[0]).toMatchObject({
      activity: { id: 'act-sale', kind: 'timedDiscount', name: '春茶限时折扣', priceFen: 11_800 },
      discounts: [
        { source: 'activity', id: 'act-sale', name: '春茶限时折扣', amountFen: 2_000 },
        { source: 'fullReduction', id: 'act-mj', name: '满300减30', amountFen: 1_704 },
        { source: 'coupon', id: COUPON, name: '茶与茶具满200减20', amountFen: 1_595 },
      ],
    });
    expect(order.lines.map((line) => line.attribution.baseFen)).toEqual(HAND.lines.map((line) => line.paidFen));
    expect(order.lines.map((line) => line.attribution.levels.map((level) => level.amountFen))).toEqual(
      HAND.commissions,
    );
    await payAndSettle(order._id);
    const settled = commissionsOf(order._id);
    for (const [lineIndex, levels] of HAND.commissions.entries())
      for (const [index, amountFen] of levels.entries()) {
        const level = index + 1;
        expect(settled.find((c) => c.lineIndex === lineIndex && c.level === level)).toMatchObject({
          beneficiaryId: ['oL1', 'oL2', 'oL3'][index],
          baseFen: HAND.lines[lineIndex]?.paidFen,
          amountFen,
        });
      }
  });

  it('pays no commission on the lines a no-commission coupon discounted, nor on a no-commission activity line', async () => {
    seedShop({ sale: true, reduction: true, coupon: false });
    const { order } = await quoteThenPlace('money-key-2');
    // The same figures: commission changes nothing in the price.
    expect(order.payableFen).toBe(HAND.payableFen);
    // Tea and cup carry a share of the coupon: they earn nothing; the towel earns as before.
    expect(order.lines.map((line) => line.commission.mode === 'none')).toEqual([true, true, false]);
    expect(order.lines.map((line) => line.attribution.totalFen)).toEqual([0, 0, 1_110 + 555 + 222]);
    await payAndSettle(order._id);
    expect(
      commissionsOf(order._id)
        .filter((c) => c.amountFen > 0)
        .map((c) => c.lineIndex),
    ).toEqual([2, 2, 2]);

    seedShop({ sale: false, reduction: true, coupon: true });
    const second = await quoteThenPlace('money-key-3');
    expect(second.order.lines.map((line) => line.attribution.totalFen)).toEqual([
      0,
      515 + 257 + 103,
      1_110 + 555 + 222,
    ]);
  });
});
