/**
 * quoteOrder (the checkout page's totals) against buildOrder (what placeOrder stores), both pure:
 * for any catalog, quantities, shipping rule, live activities and coupon, every amount of the
 * quote equals the order's. Had the quote priced on its own, a change to pricing would show the
 * shopper one total and charge another; this property catches that. Each line's commission base
 * is what was paid for it.
 */
import fc from 'fast-check';
import type { ActivityDocument } from '@shared/activities';
import type { ProductDocument, SkuDocument } from '@shared/catalog';
import type { UserCouponDocument } from '@shared/coupons';
import { quoteOrder, type QuoteSku } from '@shared/contracts/quote';
import { buildOrder } from '@shared/orderBuilder';
import { DEFAULT_RULES, type RulesDocument } from '@shared/rules';
import { newUser } from '@shared/users';
import type { ReductionTier, Scope } from '@shared/activities';
import type { HeldCoupon } from '@shared/checkoutPricing';
import { couponsArb, NOW, reductionArb, scopeArb } from '../helpers/checkoutArbitraries';

function sku(index: number, priceFen: number, stock: number): QuoteSku {
  const product = {
    _id: `p${index}`,
    categoryId: `c${index % 3}`,
    name: `商品${index}`,
    images: [],
    onSale: true,
    commission: { mode: 'default' },
  } as unknown as ProductDocument;
  return {
    _id: `s${index}`,
    productId: product._id,
    spec: '',
    priceFen,
    stock,
    onSale: true,
    commission: null,
    product,
  } as unknown as SkuDocument & { product: ProductDocument };
}

const scenario = fc.record({
  lines: fc.array(
    fc.record({ priceFen: fc.integer({ min: 1, max: 5_000_000 }), quantity: fc.integer({ min: 1, max: 99 }) }),
    { minLength: 1, maxLength: 20 },
  ),
  flatFeeFen: fc.integer({ min: 0, max: 5_000 }),
  freeFromFen: fc.option(fc.integer({ min: 0, max: 100_000_000 }), { nil: null }),
  activities: fc.array(
    fc.record({
      sale: fc.boolean(),
      skuIndex: fc.integer({ min: 0, max: 19 }),
      priceFen: fc.integer({ min: 1, max: 5_000_000 }),
      scope: scopeArb,
      tiers: reductionArb.map((reduction) => reduction.tiers),
      commission: fc.boolean(),
    }),
    { maxLength: 4 },
  ),
  coupons: couponsArb,
  /** -1: the best coupon; otherwise that coupon if it exists (none when not). */
  couponIndex: fc.integer({ min: -1, max: 4 }),
});

function activityDocs(
  activities: Array<{
    sale: boolean;
    skuIndex: number;
    priceFen: number;
    scope: Scope;
    tiers: readonly ReductionTier[];
    commission: boolean;
  }>,
): ActivityDocument[] {
  return activities.map((activity, index) => {
    const base = {
      _id: `act${index}`,
      name: `活动${index}`,
      startAt: NOW,
      endAt: new Date(NOW.getTime() + 86_400_000),
      status: 'active' as const,
      commission: activity.commission,
      createdAt: NOW,
      updatedAt: NOW,
    };
    return activity.sale
      ? {
          ...base,
          kind: 'timedDiscount',
          skus: [{ skuId: `s${activity.skuIndex}`, productId: `p${activity.skuIndex}`, priceFen: activity.priceFen }],
        }
      : { ...base, kind: 'fullReduction', scope: activity.scope, tiers: [...activity.tiers] };
  });
}

function couponDocs(coupons: HeldCoupon[]): UserCouponDocument[] {
  return coupons.map((coupon) => ({
    _id: coupon.id,
    couponId: 'c',
    userId: 'oBuyer',
    terms: coupon.terms,
    validFrom: coupon.validFrom,
    validTo: coupon.validTo,
    status: coupon.status,
    orderId: null,
    source: 'center',
    sharerId: null,
    claimedAt: NOW,
    usedAt: null,
    updatedAt: NOW,
  }));
}

describe('quoteOrder prices exactly like buildOrder', () => {
  it('gives the same goods, discount, shipping, payable and per-line amounts', () => {
    fc.assert(
      fc.property(scenario, ({ lines, flatFeeFen, freeFromFen, activities, coupons, couponIndex }) => {
        const skus = new Map(lines.map((line, index) => [`s${index}`, sku(index, line.priceFen, 1_000)]));
        const items = lines.map((line, index) => ({ skuId: `s${index}`, quantity: line.quantity }));
        const shipping = { flatFeeFen, freeFromFen };
        const rules = {
          ...DEFAULT_RULES,
          shipping,
          _id: 'current',
          version: 1,
          updatedAt: NOW,
          updatedBy: 'test',
        } as RulesDocument;
        const pricing = { activities: activityDocs(activities), coupons: couponDocs(coupons), now: NOW };
        const couponChoice = couponIndex < 0 ? undefined : (coupons[couponIndex]?.id ?? null);
        const quoted = quoteOrder(items, skus, { ...pricing, shipping, couponChoice });
        const build = (couponId: string | null) =>
          buildOrder({
            orderId: 'o1',
            idempotencyKey: 'k',
            buyer: newUser('oBuyer', '23456789', NOW),
            ancestors: [],
            rules,
            address: { name: '', phone: '', province: '', city: '', district: '', detail: '' },
            items,
            skus,
            ...pricing,
            couponId,
            note: '',
            now: NOW,
          });
        if (!quoted.ok && quoted.code === 'COUPON_INVALID') {
          // A coupon the quote refuses, placeOrder refuses too.
          expect(build(couponChoice as string)).toMatchObject({ ok: false, code: 'COUPON_INVALID' });
          return;
        }
        if (!quoted.ok) throw new Error('the quote must price in-stock, on-sale items');
        const built = build(quoted.quote.couponId);
        if (!built.ok) throw new Error('both must price in-stock, on-sale items');
        const { order } = built;
        expect(order.couponId).toBe(quoted.quote.couponId);
        expect([
          quoted.quote.goodsFen,
          quoted.quote.discountFen,
          quoted.quote.shippingFen,
          quoted.quote.payableFen,
        ]).toEqual([order.goodsFen, order.discountFen, order.shippingFen, order.payableFen]);
        expect(quoted.quote.discounts).toEqual(order.discounts);
        expect(quoted.quote.lines.map((line) => [line.lineTotalFen, line.discountFen, line.paidFen])).toEqual(
          order.lines.map((line) => [line.lineTotalFen, line.discountFen, line.paidFen]),
        );
        expect(quoted.quote.lines.map((line) => line.discounts)).toEqual(order.lines.map((line) => line.discounts));
        // The commission base of every line is what was paid for it.
        for (const line of order.lines) expect(line.attribution.baseFen).toBe(line.paidFen);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses what buildOrder refuses, with the same code, and stock buildOrder leaves to the reservation', () => {
    const context = {
      activities: [],
      coupons: [],
      couponChoice: undefined,
      shipping: DEFAULT_RULES.shipping,
      now: NOW,
    };
    const tea = sku(0, 1000, 2);
    const off = { ...sku(1, 1000, 5), onSale: false } as QuoteSku;
    const skus = new Map<string, QuoteSku>([
      ['s0', tea],
      ['s1', off],
    ]);
    expect(quoteOrder([{ skuId: 'missing', quantity: 1 }], skus, context)).toMatchObject({
      ok: false,
      code: 'SKU_NOT_FOUND',
    });
    expect(
      quoteOrder(
        [
          { skuId: 's0', quantity: 1 },
          { skuId: 's1', quantity: 1 },
        ],
        skus,
        context,
      ),
    ).toMatchObject({ ok: false, code: 'NOT_ON_SALE', name: '商品1' });
    expect(quoteOrder([{ skuId: 's0', quantity: 3 }], skus, context)).toMatchObject({
      ok: false,
      code: 'OUT_OF_STOCK',
      skuId: 's0',
    });
  });
});
