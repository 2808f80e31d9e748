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
 * Called as `placeOrder` with `{ $url: 'quote', items }`; placeOrder's own input is strict and
 * has no `$url`, so the two can never be confused.
 */
import { z } from 'zod';
import type { ProductDocument, SkuDocument } from '../catalog';
import { priceItems, type PricedOrderLine } from '../orderBuilder';
import type { ShippingRule } from '../pricing';
import { PlaceOrderInput } from './placeOrder';

export const QUOTE_ROUTE = 'quote';

export const QuoteInput = z.strictObject({
  $url: z.literal(QUOTE_ROUTE),
  /** Exactly placeOrder's items: 1-20 lines, each SKU once, 1-99 units. */
  items: PlaceOrderInput.shape.items,
});
export type QuoteInput = z.input<typeof QuoteInput>;

/** A line as placeOrder would write it (shared/orders.ts OrderLine, the amounts in fen at the current price), with the stock. */
export interface QuoteLine extends PricedOrderLine {
  /** Units in stock now (advisory: placeOrder reserves, the quote does not). */
  stock: number;
}

export interface QuoteOutput {
  lines: QuoteLine[];
  /** Σ lineTotalFen, in fen. */
  goodsFen: number;
  /** The order discount, in fen (0 until coupons exist). */
  discountFen: number;
  /** The shipping fee of the current rules, in fen. */
  shippingFen: number;
  /** What placeOrder would charge: goods − discount + shipping, in fen. */
  payableFen: number;
}

/**
 * The codes quote answers with `ok: false`: INVALID_INPUT, UNAUTHENTICATED, and the first item
 * that cannot be ordered as it is (SKU_NOT_FOUND, NOT_ON_SALE, OUT_OF_STOCK; the message names
 * the product). placeOrder answers the first two the same way for the same items.
 */
export type QuoteError = 'INVALID_INPUT' | 'UNAUTHENTICATED' | 'SKU_NOT_FOUND' | 'NOT_ON_SALE' | 'OUT_OF_STOCK';

export type QuoteSku = SkuDocument & { product: ProductDocument | null };

export type QuoteResult = { ok: true; quote: QuoteOutput } | { ok: false; code: Exclude<QuoteError, 'INVALID_INPUT' | 'UNAUTHENTICATED'>; skuId: string; name: string };

/** Pure: prices the items as placeOrder would, or names the first item that cannot be ordered. */
export function quoteOrder(items: ReadonlyArray<{ skuId: string; quantity: number }>, skus: ReadonlyMap<string, QuoteSku>, shipping: ShippingRule, discountFen = 0): QuoteResult {
  for (const { skuId, quantity } of items) {
    const sku = skus.get(skuId);
    if (!sku || !sku.product) return { ok: false, code: 'SKU_NOT_FOUND', skuId, name: sku?.product?.name ?? '' };
    if (!sku.onSale || !sku.product.onSale) return { ok: false, code: 'NOT_ON_SALE', skuId, name: sku.product.name };
    if (sku.stock < quantity) return { ok: false, code: 'OUT_OF_STOCK', skuId, name: sku.product.name };
  }
  const { price, lines: priced } = priceItems(items, skus, discountFen, shipping);
  const lines = priced.map(({ sku, line }): QuoteLine => ({ ...line, stock: Math.max(0, sku.stock) }));
  return { ok: true, quote: { lines, goodsFen: price.goodsFen, discountFen: price.discountFen, shippingFen: price.shippingFen, payableFen: price.payableFen } };
}
