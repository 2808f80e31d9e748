/**
 * Builds a new order from what placeOrder read: prices (shared/checkoutPricing.ts) and, per line and
 * level, the commission attribution (shared/attribution.ts) under the current rules. Pure: the
 * caller supplies the id, the time and every document.
 */
import { attributeLine, beneficiaryChain, type Beneficiary, type ProductCommission } from './attribution';
import type { ActivityDocument } from './activities';
import type { ProductDocument, SkuDocument } from './catalog';
import {
  flashLineActivity,
  fullReductionsOf,
  groupLineActivity,
  lineActivityFor,
  type GroupChoice,
} from './checkoutActivities';
import {
  bestCoupon,
  couponOptions,
  priceCheckout,
  type CouponOption,
  type CheckoutInput,
  type CheckoutLine,
  type CheckoutPrice,
  type HeldCoupon,
  type PricedCheckoutLine,
} from './checkoutPricing';
import type { UserCouponDocument } from './coupons';
import { distributorBuyer, distributorPriceFor, type DistributorBuyer } from './distributorPrice';
import type { OrderAddress, OrderDiscount, OrderDocument, OrderLine, OrderLineActivity } from './orders';
import { ORDER_MACHINE } from './orderStates';
import type { ShippingRule } from './pricing';
import type { PointsOffer } from './points';
import { pointsRulesOf, type RulesDocument } from './rules';
import type { UserDocument } from './users';

export interface BuildOrderInput {
  orderId: string;
  idempotencyKey: string;
  buyer: UserDocument;
  ancestors: UserDocument[];
  rules: RulesDocument;
  address: OrderAddress;
  items: CheckoutItem[];
  skus: ReadonlyMap<string, SkuDocument & { product: ProductDocument | null }>;
  /** The live activities (cloudfunctions/_lib/activities.ts liveActivities). */
  activities: readonly ActivityDocument[];
  /** The shopper's coupons the choice may name (userCoupons). */
  coupons: readonly UserCouponDocument[];
  /** The coupon the order takes (a userCoupons id), or null for none; it must be usable on these items. */
  couponId: string | null;
  note: string;
  now: Date;
  /** Whether the shopper spends points (积分抵扣); ignored when the rules have points off. */
  usePoints?: boolean;
  /** The shopper's available points (their pointsAccounts document's `available`; 0 without one). */
  availablePoints?: number;
}

/** One item of a cart: a SKU, its units and, when bought in a 秒杀 session, that session's id, or in a 拼团, the group. */
export interface CheckoutItem {
  skuId: string;
  quantity: number;
  activityId?: string | null | undefined;
  group?: GroupChoice | undefined;
}

export type BuildOrderResult =
  | { ok: true; order: OrderDocument }
  | { ok: false; code: 'SKU_NOT_FOUND' | 'NOT_ON_SALE' | 'FLASH_NOT_LIVE'; skuId: string }
  | { ok: false; code: 'COUPON_INVALID'; skuId: '' };

const MINUTE_MS = 60_000;

/**
 * What a new order has not lived yet: no payment, shipment, completion, closing or settlement.
 * placeOrder's orders and the tests' seeded orders both start from it, so a lifecycle field is
 * added in one place.
 */
export function newOrderLifecycle(): Pick<
  OrderDocument,
  'payment' | 'shipping' | 'completedAt' | 'autoConfirmAt' | 'closedAt' | 'closeReason' | 'settlement'
> {
  return {
    payment: { params: null, transactionId: null, paidFen: null, paidAt: null },
    shipping: null,
    completedAt: null,
    autoConfirmAt: null,
    closedAt: null,
    closeReason: null,
    settlement: { state: 'none', settledAt: null },
  };
}

function checkItems(input: BuildOrderInput): BuildOrderResult | undefined {
  for (const { skuId, activityId } of input.items) {
    const sku = input.skus.get(skuId);
    if (!sku || !sku.product) return { ok: false, code: 'SKU_NOT_FOUND', skuId };
    if (!sku.onSale || !sku.product.onSale) return { ok: false, code: 'NOT_ON_SALE', skuId };
    if (activityId && !flashLineActivity(input.activities, activityId, skuId))
      return { ok: false, code: 'FLASH_NOT_LIVE', skuId };
  }
  return undefined;
}

/** A line's snapshot of its SKU and product, priced: what an order line and a quote line share. */
export type PricedOrderLine = Pick<
  OrderLine,
  | 'skuId'
  | 'productId'
  | 'name'
  | 'spec'
  | 'image'
  | 'unitPriceFen'
  | 'quantity'
  | 'lineTotalFen'
  | 'discountFen'
  | 'paidFen'
> & { activity: OrderLineActivity | null; discounts: OrderDiscount[] };

/** What prices a cart besides its SKUs: the live activities, the coupon (or none), shipping, the time, the buyer. */
export interface PricingContext {
  /** The live activities (cloudfunctions/_lib/activities.ts liveActivities). */
  activities: readonly ActivityDocument[];
  /**
   * The buyer when they get distributor-exclusive prices (shared/distributorPrice.ts
   * distributorBuyer, decided on the server from the caller's own user document); null or absent:
   * everyone's price.
   */
  distributor?: DistributorBuyer | null;
  coupon: HeldCoupon | null;
  shipping: ShippingRule;
  now: Date;
  /** The shopper's points to spend (last, after the coupon); absent or null: none. */
  points?: PointsOffer | null;
}

type KnownSku = SkuDocument & { product: ProductDocument };

/** A held coupon as the pricing takes it. */
export function heldCoupon(coupon: UserCouponDocument): HeldCoupon {
  return {
    id: coupon._id,
    terms: coupon.terms,
    validFrom: coupon.validFrom,
    validTo: coupon.validTo,
    status: coupon.status,
  };
}

/** The cart as the pricing takes it. Every item's SKU must be known and have its product (checked first). */
export function checkoutInput(
  items: ReadonlyArray<CheckoutItem>,
  skus: ReadonlyMap<string, SkuDocument & { product: ProductDocument | null }>,
  context: Omit<PricingContext, 'coupon'>,
): CheckoutInput & { skus: KnownSku[] } {
  const known = items.map((item) => skus.get(item.skuId) as KnownSku);
  const lines = items.map((item, index): CheckoutLine => {
    const sku = known[index] as KnownSku;
    return {
      productId: sku.productId,
      categoryId: sku.product.categoryId,
      unitPriceFen: sku.priceFen,
      quantity: item.quantity,
      // A 秒杀 price only when the shopper buys through the session, a group price only for a
      // group purchase (both checked live beforehand); otherwise the line's 限时折扣, if any.
      activity: item.activityId
        ? flashLineActivity(context.activities, item.activityId, sku._id)
        : item.group
          ? groupLineActivity(context.activities, item.group, { skuId: sku._id, priceFen: sku.priceFen })
          : lineActivityFor(context.activities, { skuId: sku._id, priceFen: sku.priceFen }),
      // A candidate of the line price; the pricing leaves it out where a 秒杀 or 拼团 prices the line.
      distributorPriceFen: distributorPriceFor(sku, context.distributor ?? null),
    };
  });
  return {
    lines,
    fullReductions: fullReductionsOf(context.activities),
    shipping: context.shipping,
    now: context.now,
    points: context.points ?? null,
    skus: known,
  };
}

/**
 * Prices the items as an order charges them (shared/checkoutPricing.ts priceCheckout) and
 * snapshots each line's SKU and product; placeOrder and its quote both price through here, so the
 * checkout's totals are the order's. The coupon must be usable on these items (the callers check
 * with couponOptions first).
 */
export function priceItems(
  items: ReadonlyArray<CheckoutItem>,
  skus: ReadonlyMap<string, SkuDocument & { product: ProductDocument | null }>,
  context: PricingContext,
): { price: CheckoutPrice; lines: Array<{ sku: KnownSku; line: PricedOrderLine; earnsCommission: boolean }> } {
  const input = checkoutInput(items, skus, context);
  const price = priceCheckout(input, context.coupon);
  const lines = input.skus.map((sku, index) => {
    const priced = price.lines[index] as PricedCheckoutLine;
    // The line keeps its activity only when the activity priced it (the distributor price may win).
    const activity = priced.pricedBy === 'activity' ? (input.lines[index] as CheckoutLine).activity : null;
    const line: PricedOrderLine = {
      skuId: sku._id,
      productId: sku.productId,
      name: sku.product.name,
      spec: sku.spec,
      image: sku.product.images[0] ?? '',
      unitPriceFen: sku.priceFen,
      quantity: (items[index] as { quantity: number }).quantity,
      lineTotalFen: priced.lineTotalFen,
      discountFen: priced.discountFen,
      paidFen: priced.paidFen,
      activity: activity && { id: activity.id, kind: activity.kind, name: activity.name, priceFen: activity.priceFen },
      discounts: priced.discounts,
    };
    return { sku, line, earnsCommission: priced.earnsCommission };
  });
  return { price, lines };
}

/** What chooses the coupon besides the items: the pricing context, the shopper's coupons and their choice. */
export interface CouponChoiceContext extends Omit<PricingContext, 'coupon'> {
  /** The shopper's coupons (userCoupons). */
  coupons: readonly UserCouponDocument[];
  /** undefined: the best usable one; null: none; an id: that one. */
  couponChoice: string | null | undefined;
}

export type CouponChoice =
  { ok: true; coupon: HeldCoupon | null; options: CouponOption[] } | { ok: false; options: CouponOption[] };

/**
 * The coupon a checkout uses (docs/marketing.md): the shopper's choice when it can be used on these
 * items now, none when they chose none, the best by default (bestCoupon). Items must be known SKUs
 * with their products (checked first). `options` follows the order of `coupons`.
 */
export function chooseCoupon(
  items: ReadonlyArray<CheckoutItem>,
  skus: ReadonlyMap<string, SkuDocument & { product: ProductDocument | null }>,
  context: CouponChoiceContext,
): CouponChoice {
  const held = context.coupons.map(heldCoupon);
  const options = couponOptions(checkoutInput(items, skus, context), held);
  const wanted = context.couponChoice === undefined ? bestCoupon(options, held) : context.couponChoice;
  if (wanted === null) return { ok: true, coupon: null, options };
  const option = options.find((candidate) => candidate.couponId === wanted);
  if (!option?.usable) return { ok: false, options };
  return { ok: true, coupon: held.find((coupon) => coupon.id === wanted) ?? null, options };
}

/** The points offer of a checkout: the shopper's available points under the rules, when on and chosen. */
export function pointsOfferFor(
  rules: Pick<RulesDocument, 'points'>,
  usePoints: boolean,
  availablePoints: number,
): PointsOffer | null {
  const points = pointsRulesOf(rules);
  if (!points.enabled || !usePoints) return null;
  return { availablePoints, pointsPerYuan: points.pointsPerYuan, maxDeductBp: points.maxDeductBp };
}

/** What the order records of points (OrderPoints), absent when the rules have points off. */
function orderPointsOf(rules: RulesDocument, price: CheckoutPrice): Pick<OrderDocument, 'points'> {
  const points = pointsRulesOf(rules);
  if (!points.enabled) return {};
  return { points: { ...price.points, earnPerYuan: points.earnPerYuan } };
}

export function buildOrder(input: BuildOrderInput): BuildOrderResult {
  const refused = checkItems(input);
  if (refused) return refused;
  const { rules, buyer, now } = input;
  const pricing = {
    activities: input.activities,
    shipping: rules.shipping,
    now,
    distributor: distributorBuyer(buyer, rules),
  };
  const choice = chooseCoupon(input.items, input.skus, {
    ...pricing,
    coupons: input.coupons,
    couponChoice: input.couponId,
  });
  if (!choice.ok) return { ok: false, code: 'COUPON_INVALID', skuId: '' };
  const points = pointsOfferFor(rules, input.usePoints ?? false, input.availablePoints ?? 0);
  const { price, lines: priced } = priceItems(input.items, input.skus, { ...pricing, coupon: choice.coupon, points });
  const chain = beneficiaryChain(buyer, rules);
  const beneficiaries = new Map<string, Beneficiary>([buyer, ...input.ancestors].map((user) => [user._id, user]));
  const lines = priced.map(({ sku, line, earnsCommission }, lineIndex) => {
    // A line whose activity, 满减 or coupon pays no commission is attributed as a product that pays none.
    const commission: ProductCommission = earnsCommission
      ? (sku.commission ?? sku.product.commission)
      : { mode: 'none' };
    const attribution = attributeLine({
      chain,
      beneficiaries,
      rules,
      commission,
      baseFen: line.paidFen,
      quantity: line.quantity,
    });
    return { lineIndex, ...line, commission, attribution, refundedFen: 0, refundedQuantity: 0 };
  });
  const order: OrderDocument = {
    _id: input.orderId,
    buyerId: buyer._id,
    idempotencyKey: input.idempotencyKey,
    status: ORDER_MACHINE.initial,
    reservation: 'reserving',
    lines,
    goodsFen: price.goodsFen,
    discountFen: price.discountFen,
    discounts: price.discounts,
    shippingFen: price.shippingFen,
    payableFen: price.payableFen,
    address: input.address,
    rulesVersion: rules.version,
    chain,
    couponId: choice.coupon?.id ?? null,
    ...orderPointsOf(rules, price),
    note: input.note,
    createdAt: now,
    payDeadline: new Date(now.getTime() + rules.unpaidTimeoutMinutes * MINUTE_MS),
    ...newOrderLifecycle(),
    updatedAt: now,
  };
  return { ok: true, order };
}
