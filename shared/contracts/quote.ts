/**
 * placeOrder › quote: what placeOrder would charge for these items right now (确认订单的金额),
 * so the checkout page shows totals computed by the server, never by the page. Read-only: it
 * reads the SKUs, their products and the rules, and writes nothing (not even default rules).
 *
 * The pricing is the same code placeOrder runs: the same item checks in the same order as
 * shared/orderBuilder.ts (SKU_NOT_FOUND, then NOT_ON_SALE), then shared/pricing.ts priceOrder
 * with the same discount (the coupon hook, 0 today) and the rules' shipping. tests/orders/quote.test.ts
 * places the quoted items and compares every amount.
 *
 * Called as `placeOrder` with `{ $url: 'quote', items }`; placeOrder's own input is strict and
 * has no `$url`, so the two can never be confused.
 */
import { z } from 'zod';
import type { ProductDocument, SkuDocument } from '../catalog';
import { priceOrder, type ShippingRule } from '../pricing';
import { PlaceOrderInput } from './placeOrder';

export const QUOTE_ROUTE = 'quote';

export const QuoteInput = z.strictObject({
  $url: z.literal(QUOTE_ROUTE),
  /** Exactly placeOrder's items: 1-20 lines, each SKU once, 1-99 units. */
  items: PlaceOrderInput.shape.items,
});
export type QuoteInput = z.input<typeof QuoteInput>;

export interface QuoteLine {
  skuId: string;
  productId: string;
  name: string;
  spec: string;
  /** The product's first image ('' when it has none). */
  image: string;
  /** The current price, in fen. */
  unitPriceFen: number;
  quantity: number;
  /** unitPriceFen × quantity, in fen. */
  lineTotalFen: number;
  /** This line's share of the order discount, in fen (largest remainder). */
  discountFen: number;
  /** lineTotalFen − discountFen, in fen. */
  paidFen: number;
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
  const entries = items.map((item) => ({ item, sku: skus.get(item.skuId) as SkuDocument & { product: ProductDocument } }));
  const price = priceOrder(entries.map(({ item, sku }) => ({ unitPriceFen: sku.priceFen, quantity: item.quantity })), discountFen, shipping);
  const lines = entries.map(({ item, sku }, index): QuoteLine => {
    const priced = price.lines[index] as (typeof price.lines)[number];
    return {
      skuId: sku._id,
      productId: sku.productId,
      name: sku.product.name,
      spec: sku.spec,
      image: sku.product.images[0] ?? '',
      unitPriceFen: sku.priceFen,
      quantity: item.quantity,
      ...priced,
      stock: Math.max(0, sku.stock),
    };
  });
  return { ok: true, quote: { lines, goodsFen: price.goodsFen, discountFen: price.discountFen, shippingFen: price.shippingFen, payableFen: price.payableFen } };
}
