/**
 * placeOrder › quote: what placeOrder would charge for these items right now (确认订单的金额),
 * so the checkout page shows totals computed by the server, never by the page. Read-only: it
 * reads the SKUs, their products and the rules, and writes nothing (not even default rules).
 *
 * The pricing is the same code placeOrder runs: the same item checks in the same order as
 * shared/orderBuilder.ts (SKU_NOT_FOUND, then NOT_ON_SALE), then its priceItems (shared/pricing.ts
 * priceOrder and the line snapshot) with the same discount (the coupon hook, 0 today) and the
 * rules' shipping. tests/orders/quote.test.ts places the quoted items and compares every amount.
 *
 * Called as `placeOrder` with `{ $url: 'quote', items }`: a route of placeOrder's route table,
 * PLACE_ORDER_CONTRACTS, which is declared here because the quote's input is built from
 * placeOrder's. An event without `$url` places the order (route `place`).
 */
import { z } from 'zod';
import type { ProductDocument, SkuDocument } from '../catalog';
import { priceItems, type PricedOrderLine } from '../orderBuilder';
import type { ShippingRule } from '../pricing';
import { OrderLineView } from './order';
import { PlaceOrderInput, PlaceOrderOutput, type PlaceOrderError } from './placeOrder';

export const QuoteInput = z.strictObject({
  /** Exactly placeOrder's items: 1-20 lines, each SKU once, 1-99 units. */
  items: PlaceOrderInput.shape.items,
});
export type QuoteInput = z.input<typeof QuoteInput>;

/**
 * A line as placeOrder would write it (shared/orders.ts OrderLine, the amounts in fen at the current price):
 * the order's line view without what only a placed order has (its index and refunds), with the stock.
 */
export const QuoteLine = OrderLineView.omit({ lineIndex: true, refundedFen: true, refundedQuantity: true }).extend({
  /** Units in stock now (advisory: placeOrder reserves, the quote does not). */
  stock: z.number().int(),
});
export type QuoteLine = z.infer<typeof QuoteLine> & PricedOrderLine;

export const QuoteOutput = z.object({
  lines: z.array(QuoteLine),
  /** Σ lineTotalFen, in fen. */
  goodsFen: z.number().int(),
  /** The order discount, in fen (0 until coupons exist). */
  discountFen: z.number().int(),
  /** The shipping fee of the current rules, in fen. */
  shippingFen: z.number().int(),
  /** What placeOrder would charge: goods − discount + shipping, in fen. */
  payableFen: z.number().int(),
});
export type QuoteOutput = z.infer<typeof QuoteOutput>;

/** The placeOrder function's route table (cloudfunctions/placeOrder/index.ts serves it). */
export const PLACE_ORDER_CONTRACTS = {
  /** Places the order; also what an event without `$url` does. */
  place: { input: PlaceOrderInput, output: PlaceOrderOutput },
  quote: { input: QuoteInput, output: QuoteOutput },
} as const;
export type PlaceOrderRoute = keyof typeof PLACE_ORDER_CONTRACTS;

/**
 * The codes quote answers with `ok: false`: INVALID_INPUT, UNAUTHENTICATED, and the first item
 * that cannot be ordered as it is (SKU_NOT_FOUND, NOT_ON_SALE, OUT_OF_STOCK; the message names
 * the product). placeOrder answers the first two the same way for the same items.
 */
export type QuoteError = Extract<PlaceOrderError, 'SKU_NOT_FOUND' | 'NOT_ON_SALE' | 'OUT_OF_STOCK'>;

export type QuoteSku = SkuDocument & { product: ProductDocument | null };

export type QuoteResult =
  { ok: true; quote: QuoteOutput } | { ok: false; code: QuoteError; skuId: string; name: string };

/** Pure: prices the items as placeOrder would, or names the first item that cannot be ordered. */
export function quoteOrder(
  items: ReadonlyArray<{ skuId: string; quantity: number }>,
  skus: ReadonlyMap<string, QuoteSku>,
  shipping: ShippingRule,
  discountFen = 0,
): QuoteResult {
  for (const { skuId, quantity } of items) {
    const sku = skus.get(skuId);
    if (!sku || !sku.product) return { ok: false, code: 'SKU_NOT_FOUND', skuId, name: sku?.product?.name ?? '' };
    if (!sku.onSale || !sku.product.onSale) return { ok: false, code: 'NOT_ON_SALE', skuId, name: sku.product.name };
    if (sku.stock < quantity) return { ok: false, code: 'OUT_OF_STOCK', skuId, name: sku.product.name };
  }
  const { price, lines: priced } = priceItems(items, skus, discountFen, shipping);
  const lines = priced.map(({ sku, line }): QuoteLine => ({ ...line, stock: Math.max(0, sku.stock) }));
  return {
    ok: true,
    quote: {
      lines,
      goodsFen: price.goodsFen,
      discountFen: price.discountFen,
      shippingFen: price.shippingFen,
      payableFen: price.payableFen,
    },
  };
}
