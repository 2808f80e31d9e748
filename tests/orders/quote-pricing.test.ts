/**
 * quoteOrder (the checkout page's totals) against buildOrder (what placeOrder stores), both pure:
 * for any catalog, quantities, shipping rule and discount, every amount of the quote equals the
 * order's. Had the quote priced on its own, a change to pricing would show the shopper one total
 * and charge another; this property catches that.
 */
import fc from 'fast-check';
import type { ProductDocument, SkuDocument } from '@shared/catalog';
import { quoteOrder, type QuoteSku } from '@shared/contracts/quote';
import { buildOrder } from '@shared/orderBuilder';
import { DEFAULT_RULES, type RulesDocument } from '@shared/rules';
import { newUser } from '@shared/users';

const NOW = new Date('2026-03-01T00:00:00Z');

function sku(index: number, priceFen: number, stock: number): QuoteSku {
  const product = {
    _id: `p${index}`,
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
  discountFen: fc.integer({ min: 0, max: 10_000_000 }),
});

describe('quoteOrder prices exactly like buildOrder', () => {
  it('gives the same goods, discount, shipping, payable and per-line amounts', () => {
    fc.assert(
      fc.property(scenario, ({ lines, flatFeeFen, freeFromFen, discountFen }) => {
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
        const quoted = quoteOrder(items, skus, shipping, discountFen);
        const built = buildOrder({
          orderId: 'o1',
          idempotencyKey: 'k',
          buyer: newUser('oBuyer', '23456789', NOW),
          ancestors: [],
          rules,
          address: { name: '', phone: '', province: '', city: '', district: '', detail: '' },
          items,
          skus,
          discountFen,
          couponId: null,
          note: '',
          now: NOW,
        });
        if (!quoted.ok || !built.ok) throw new Error('both must price in-stock, on-sale items');
        const { order } = built;
        expect([
          quoted.quote.goodsFen,
          quoted.quote.discountFen,
          quoted.quote.shippingFen,
          quoted.quote.payableFen,
        ]).toEqual([order.goodsFen, order.discountFen, order.shippingFen, order.payableFen]);
        expect(quoted.quote.lines.map((line) => [line.lineTotalFen, line.discountFen, line.paidFen])).toEqual(
          order.lines.map((line) => [line.lineTotalFen, line.discountFen, line.paidFen]),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('refuses what buildOrder refuses, with the same code, and stock buildOrder leaves to the reservation', () => {
    const tea = sku(0, 1000, 2);
    const off = { ...sku(1, 1000, 5), onSale: false } as QuoteSku;
    const skus = new Map<string, QuoteSku>([
      ['s0', tea],
      ['s1', off],
    ]);
    expect(quoteOrder([{ skuId: 'missing', quantity: 1 }], skus, DEFAULT_RULES.shipping)).toMatchObject({
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
        DEFAULT_RULES.shipping,
      ),
    ).toMatchObject({ ok: false, code: 'NOT_ON_SALE', name: '商品1' });
    expect(quoteOrder([{ skuId: 's0', quantity: 3 }], skus, DEFAULT_RULES.shipping)).toMatchObject({
      ok: false,
      code: 'OUT_OF_STOCK',
      skuId: 's0',
    });
  });
});
