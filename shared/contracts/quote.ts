/**
 * placeOrder › quote: what placeOrder would charge for these items right now (确认订单的金额),
 * so the checkout page shows totals computed by the server, never by the page. Read-only: it
 * reads the SKUs, their products, the rules, the live activities and the shopper's coupons, and
 * writes nothing (not even default rules).
 *
 * The pricing is the same code placeOrder runs: the same item checks in the same order as
 * shared/orderBuilder.ts (SKU_NOT_FOUND, then NOT_ON_SALE), the same choice of coupon
 * (chooseCoupon), then its priceItems (shared/checkoutPricing.ts priceCheckout and the line
 * snapshot) with the same activities and the rules' shipping. tests/orders/quote.test.ts places
 * the quoted items and compares every amount.
 *
 * Called as `placeOrder` with `{ $url: 'quote', items }`: a route of placeOrder's route table,
 * PLACE_ORDER_CONTRACTS, which is declared here because the quote's input is built from
 * placeOrder's. An event without `$url` places the order (route `place`).
 */
import { z } from 'zod';
import type { ProductDocument, SkuDocument } from '../catalog';
import type { CouponOption } from '../checkoutPricing';
import type { UserCouponDocument } from '../coupons';
import { flashLineActivity } from '../checkoutActivities';
import {
  chooseCoupon,
  priceItems,
  type CheckoutItem,
  type CouponChoiceContext,
  type PricedOrderLine,
} from '../orderBuilder';
import { CouponAmountsView } from './coupon';
import { DiscountView, OrderLineView } from './order';
import { PlaceOrderInput, PlaceOrderOutput, type PlaceOrderError } from './placeOrder';

export const QuoteInput = z.strictObject({
  /** Exactly placeOrder's items: 1-20 lines, each SKU once, 1-99 units. */
  items: PlaceOrderInput.shape.items,
  /**
   * The coupon (a userCoupons id of the caller): absent picks the best usable one, null uses none,
   * an id uses that one (COUPON_INVALID when it cannot be used on these items now).
   */
  couponId: z.string().min(1).max(64).nullable().optional(),
  /** Price with points (积分抵扣), as placeOrder's `usePoints` would; absent: without. */
  usePoints: z.boolean().optional(),
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

/** Why a held coupon cannot be used on this cart (shared/checkoutPricing.ts CouponRefusal). */
export const CouponRefusalSchema = z.enum([
  'USED',
  'NOT_STARTED',
  'EXPIRED',
  'OUT_OF_SCOPE',
  'BELOW_THRESHOLD',
  'NO_DISCOUNT',
]);

/** One coupon the shopper holds, as the checkout's coupon picker lists it. */
export const QuoteCoupon = z.object({
  /** The userCoupons id: what placeOrder's `couponId` takes. */
  couponId: z.string(),
  ...CouponAmountsView.shape,
  /** The end of validity (exclusive), ISO time. */
  validTo: z.string(),
  /** What it takes off these items now, fen (0 when not usable). */
  amountFen: z.number().int(),
  usable: z.boolean(),
  reason: CouponRefusalSchema.nullable(),
});
export type QuoteCoupon = z.infer<typeof QuoteCoupon>;

export const QuoteOutput = z.object({
  lines: z.array(QuoteLine),
  /** Σ lineTotalFen (original prices), in fen. */
  goodsFen: z.number().int(),
  /** Every discount together (activity prices, 满减, the coupon), in fen. */
  discountFen: z.number().int(),
  /** Every discount with its name, source and amount in fen (限时折扣 lines first, then 满减, then the coupon). */
  discounts: z.array(DiscountView),
  /** The shipping fee of the current rules, in fen (free-from measured after every discount). */
  shippingFen: z.number().int(),
  /** What placeOrder would charge: goods − discount + shipping, in fen. */
  payableFen: z.number().int(),
  /** The coupon priced in (send it to placeOrder as `couponId`), or null. */
  couponId: z.string().nullable(),
  /** The shopper's available coupons: usable ones first (largest amount first), then the others with their reason. */
  coupons: z.array(QuoteCoupon),
  /**
   * Points (积分), present when the rules have them on: the shopper's available points, what the
   * order would spend and take off with the switch on (使用 N 积分抵 ¥X), and whether the totals
   * above include them (`applied`, the input's usePoints).
   */
  points: z
    .object({
      availablePoints: z.number().int(),
      usedPoints: z.number().int(),
      offFen: z.number().int(),
      applied: z.boolean(),
    })
    .optional(),
  /**
   * The shopper's balance (余额) now, fen: 余额支付 is offered when it covers `payableFen`
   * (advisory: the payment itself decides on the balance it reads).
   */
  balanceFen: z.number().int(),
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
 * The codes quote answers with `ok: false`: INVALID_INPUT, UNAUTHENTICATED, the first item
 * that cannot be ordered as it is (SKU_NOT_FOUND, NOT_ON_SALE, FLASH_NOT_LIVE for a 秒杀 item whose
 * session is not live or does not list the SKU, OUT_OF_STOCK; the message names the product), and
 * COUPON_INVALID for a chosen coupon that cannot be used on these items.
 * placeOrder answers the same way for the same items and coupon.
 */
export type QuoteError = Extract<
  PlaceOrderError,
  'SKU_NOT_FOUND' | 'NOT_ON_SALE' | 'OUT_OF_STOCK' | 'COUPON_INVALID' | 'FLASH_NOT_LIVE'
>;

export type QuoteSku = SkuDocument & { product: ProductDocument | null };

export type QuoteResult =
  { ok: true; quote: QuoteOutput } | { ok: false; code: QuoteError; skuId: string; name: string };

/** What the quote prices with besides the items: activities, the shopper's coupons and their choice. */
export type QuoteContext = CouponChoiceContext & { balanceFen?: number };

function couponList(coupons: readonly UserCouponDocument[], options: readonly CouponOption[]): QuoteCoupon[] {
  const listed = coupons.map((coupon, index): QuoteCoupon => {
    const option = options[index] as CouponOption;
    const { name, kind, thresholdFen, offFen, payRateBp, maxOffFen } = coupon.terms;
    return {
      couponId: coupon._id,
      ...{ name, kind, thresholdFen, offFen, payRateBp, maxOffFen },
      validTo: coupon.validTo.toISOString(),
      amountFen: option.amountFen,
      usable: option.usable,
      reason: option.reason,
    };
  });
  // Usable first, the largest amount first; then the others; each group by validTo, then id.
  return listed.sort(
    (a, b) =>
      Number(b.usable) - Number(a.usable) ||
      b.amountFen - a.amountFen ||
      a.validTo.localeCompare(b.validTo) ||
      a.couponId.localeCompare(b.couponId),
  );
}

/** Pure: prices the items as placeOrder would, or names the first item (or the coupon) that cannot be ordered. */
export function quoteOrder(
  items: ReadonlyArray<CheckoutItem>,
  skus: ReadonlyMap<string, QuoteSku>,
  context: QuoteContext,
): QuoteResult {
  for (const { skuId, quantity, activityId } of items) {
    const sku = skus.get(skuId);
    if (!sku || !sku.product) return { ok: false, code: 'SKU_NOT_FOUND', skuId, name: sku?.product?.name ?? '' };
    if (!sku.onSale || !sku.product.onSale) return { ok: false, code: 'NOT_ON_SALE', skuId, name: sku.product.name };
    if (activityId && !flashLineActivity(context.activities, activityId, skuId))
      return { ok: false, code: 'FLASH_NOT_LIVE', skuId, name: sku.product.name };
    if (sku.stock < quantity) return { ok: false, code: 'OUT_OF_STOCK', skuId, name: sku.product.name };
  }
  const choice = chooseCoupon(items, skus, context);
  if (!choice.ok) return { ok: false, code: 'COUPON_INVALID', skuId: '', name: '' };
  const { price, lines: priced } = priceItems(items, skus, { ...context, coupon: choice.coupon });
  const lines = priced.map(({ sku, line }): QuoteLine => ({ ...line, stock: Math.max(0, sku.stock) }));
  return {
    ok: true,
    quote: {
      lines,
      goodsFen: price.goodsFen,
      discountFen: price.discountFen,
      discounts: price.discounts,
      shippingFen: price.shippingFen,
      payableFen: price.payableFen,
      couponId: choice.coupon?.id ?? null,
      coupons: couponList(context.coupons, choice.options),
      ...(context.points
        ? { points: { ...price.points, availablePoints: context.points.availablePoints, applied: true } }
        : {}),
      balanceFen: context.balanceFen ?? 0,
    },
  };
}
