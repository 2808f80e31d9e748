/**
 * Checkout pricing under the stacking rule (docs/marketing.md): per line one line price (the
 * SKU's, its activity's or the buyer's distributor-exclusive price, see linePriceOf), then the
 * live full reductions (满减), then at most one coupon, then the shopper's points (积分抵扣, last;
 * docs/wallet.md section 4); every order-level discount is apportioned over its lines exactly
 * (shared/pricing.ts apportion, largest remainder), so the lines of each source sum to the
 * order's figure and no line goes below zero. The shipping fee's free-from threshold is measured
 * on the goods after every discount but points. Pure: the caller reads the
 * activities and the shopper's coupons and passes `now`.
 *
 * placeOrder, its quote and the property tests all price through `priceCheckout`, so the checkout
 * shows exactly what the order charges. All amounts are integer fen.
 */
import { inScope, type ReductionTier, type Scope } from './activities';
import type { CouponTerms } from './coupons';
import { mulDiv } from './exactMath';
import { pointsDeduction, type PointsOffer } from './points';
import { BASIS_POINTS_PER_WHOLE } from './money';
import { DISTRIBUTOR_PRICE_NAME, DISTRIBUTOR_PRICE_SOURCE } from './distributorPrice';
import { apportion, type ShippingRule } from './pricing';

/**
 * Where a discount comes from: the line's activity price, the buyer's distributor-exclusive price
 * (分销专属价), a full reduction, the coupon, or points (积分).
 */
export type DiscountSource = 'activity' | typeof DISTRIBUTOR_PRICE_SOURCE | 'fullReduction' | 'coupon' | 'points';

/**
 * The one activity that prices a line. 限时折扣 (`timedDiscount`) allows 满减 and a coupon on
 * top; activities that price a line on their own terms (a flash sale, a group price) will say
 * `allowsOrderDiscounts: false`.
 */
export interface LineActivity {
  id: string;
  kind: string;
  name: string;
  /** The activity's unit price, fen. A price at or above the line's unit price gives no discount. */
  priceFen: number;
  /** Whether distributors earn commission on the line. */
  commission: boolean;
  allowsOrderDiscounts: boolean;
}

export interface CheckoutLine {
  productId: string;
  categoryId: string;
  /** The SKU's own price, fen (the original price the order line keeps). */
  unitPriceFen: number;
  quantity: number;
  activity: LineActivity | null;
  /**
   * The buyer's distributor-exclusive unit price for this SKU, fen (shared/distributorPrice.ts
   * distributorPriceFor), or null/absent when the buyer gets none. A candidate of the line price
   * like a 限时折扣 (linePriceOf); never on a line a 秒杀 or 拼团 prices.
   */
  distributorPriceFen?: number | null;
}

/** What priced a line at the first step: its SKU's own price, its activity, or the distributor price. */
export type LinePricedBy = 'sku' | 'activity' | typeof DISTRIBUTOR_PRICE_SOURCE;

/** A live 满减 as the pricing needs it. */
export interface FullReduction {
  id: string;
  name: string;
  /** Earlier-starting reductions pick their lines first (then by id). */
  startAt: Date;
  scope: Scope;
  tiers: readonly ReductionTier[];
  commission: boolean;
}

/** A coupon the shopper holds (collection userCoupons), as the pricing needs it. */
export interface HeldCoupon {
  /** The userCoupons `_id`. */
  id: string;
  terms: CouponTerms;
  validFrom: Date;
  /** Exclusive end of validity. */
  validTo: Date;
  status: 'available' | 'used';
}

/** One discount with its name: on a line, that line's share; on the order, the whole amount. */
export interface NamedDiscount {
  source: DiscountSource;
  /** The activity's `_id`, or the userCoupons `_id` of the coupon. */
  id: string;
  name: string;
  amountFen: number;
}

export interface PricedCheckoutLine {
  /** unitPriceFen × quantity (the original price). */
  lineTotalFen: number;
  /** What priced the line (linePriceOf); `activityDiscountFen` is 0 unless it is `activity`. */
  pricedBy: LinePricedBy;
  activityDiscountFen: number;
  /** What the distributor-exclusive price took off the line; 0 unless `pricedBy` says so. */
  distributorPriceDiscountFen: number;
  fullReductionDiscountFen: number;
  couponDiscountFen: number;
  /** This line's share of the points deduction (积分抵扣), fen; 0 without points. */
  pointsDiscountFen: number;
  /** The shares together. */
  discountFen: number;
  /** lineTotalFen − discountFen: what the shopper pays for the line, the commission base. */
  paidFen: number;
  /** False when the line's activity, or a 满减 or coupon that took a share of it, says no commission. */
  earnsCommission: boolean;
  /** The discounts that took a non-zero share of this line. */
  discounts: NamedDiscount[];
}

export interface CheckoutPrice {
  lines: PricedCheckoutLine[];
  /** Σ lineTotalFen. */
  goodsFen: number;
  /** Σ every line's discountFen. */
  discountFen: number;
  shippingFen: number;
  /** goodsFen − discountFen + shippingFen. */
  payableFen: number;
  /** Every discount that took something, in the order line prices (activities, 分销专属价), 满减, coupon, points. */
  discounts: NamedDiscount[];
  /** The points the order spends and the fen they take off (both 0 without points). */
  points: { usedPoints: number; offFen: number };
}

/** The id and name of the points discount (it has no document of its own). */
export const POINTS_DISCOUNT = { source: 'points', id: 'points', name: '积分抵扣' } as const;

/** Why a held coupon takes nothing off this cart. */
export type CouponRefusal = 'USED' | 'NOT_STARTED' | 'EXPIRED' | 'OUT_OF_SCOPE' | 'BELOW_THRESHOLD' | 'NO_DISCOUNT';

export interface CouponOption {
  couponId: string;
  /** What it would take off this cart now, fen (0 when not usable). */
  amountFen: number;
  usable: boolean;
  reason: CouponRefusal | null;
}

export interface CheckoutInput {
  lines: readonly CheckoutLine[];
  fullReductions: readonly FullReduction[];
  shipping: ShippingRule;
  now: Date;
  /**
   * The shopper's points to spend, applied last (after activity prices, 满减 and the coupon) on the
   * lines that take order discounts; absent or null: none.
   */
  points?: PointsOffer | null;
}

/** The cart after line prices and 满减: what a coupon is measured on. */
interface Stage {
  totals: number[];
  /** What priced each line (linePriceOf). */
  pricedBy: LinePricedBy[];
  /** Each line's amount after its line price (activity or distributor price). */
  afterActivity: number[];
  /** Each line's amount after its activity price and 满减. */
  afterReduction: number[];
  reductionShares: Array<{ reduction: FullReduction; share: number } | null>;
  reductions: NamedDiscount[];
}

function checkLine(line: CheckoutLine): void {
  if (!Number.isSafeInteger(line.unitPriceFen) || line.unitPriceFen < 0)
    throw new RangeError('unitPriceFen must be a non-negative integer');
  if (!Number.isSafeInteger(line.quantity) || line.quantity < 1)
    throw new RangeError('quantity must be a positive integer');
}

function takesOrderDiscounts(line: CheckoutLine): boolean {
  return line.activity === null || line.activity.allowsOrderDiscounts;
}

/**
 * Step 1 of the rule, the line price: the lowest of the candidates. A 秒杀 or 拼团 activity
 * (one that allows no order discounts) prices its line on its own terms, and nothing else is a
 * candidate. Otherwise the candidates are the SKU's price, the line's 限时折扣 price and the
 * buyer's distributor-exclusive price; on a tie the activity keeps the line, and a price not
 * below the SKU's is no discount. A line the distributor price wins takes 满减 and a coupon like
 * a 限时折扣 line, and its activity neither prices it nor decides its commission.
 */
export function linePriceOf(line: CheckoutLine): { pricedBy: LinePricedBy; unitFen: number } {
  const { activity, unitPriceFen } = line;
  const activityUnit = activity ? Math.max(0, Math.min(activity.priceFen, unitPriceFen)) : unitPriceFen;
  if (activity && !activity.allowsOrderDiscounts) return { pricedBy: 'activity', unitFen: activityUnit };
  const distributorUnit = line.distributorPriceFen ?? null;
  if (distributorUnit !== null && distributorUnit >= 0 && distributorUnit < activityUnit)
    return { pricedBy: DISTRIBUTOR_PRICE_SOURCE, unitFen: distributorUnit };
  return { pricedBy: activity ? 'activity' : 'sku', unitFen: activityUnit };
}

function inScopeOf(scope: Scope, line: CheckoutLine): boolean {
  return inScope(scope, { productId: line.productId, categoryId: line.categoryId });
}

/** The highest tier `amountFen` reaches, or undefined. */
function reachedTier(tiers: readonly ReductionTier[], amountFen: number): ReductionTier | undefined {
  let best: ReductionTier | undefined;
  for (const tier of tiers)
    if (tier.thresholdFen <= amountFen && (!best || tier.thresholdFen > best.thresholdFen)) best = tier;
  return best;
}

function byStartThenId(a: FullReduction, b: FullReduction): number {
  const at = a.startAt.getTime() - b.startAt.getTime();
  return at !== 0 ? at : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Steps 1 and 2 of the rule: activity prices, then each 满减 in turn over the lines no earlier
 * one took. A 满减 takes its lines only when it reaches a tier, so a shop-wide 满减 below its
 * lowest tier leaves the lines to a narrower one that applies.
 */
function stageOf(input: CheckoutInput): Stage {
  input.lines.forEach(checkLine);
  const totals = input.lines.map((line) => line.unitPriceFen * line.quantity);
  const linePrices = input.lines.map(linePriceOf);
  const pricedBy = linePrices.map((price) => price.pricedBy);
  const afterActivity = input.lines.map((line, index) => {
    const price = linePrices[index] as { pricedBy: LinePricedBy; unitFen: number };
    return price.pricedBy === 'sku' ? (totals[index] as number) : price.unitFen * line.quantity;
  });
  const afterReduction = [...afterActivity];
  const reductionShares: Stage['reductionShares'] = input.lines.map(() => null);
  const reductions: NamedDiscount[] = [];
  for (const reduction of [...input.fullReductions].sort(byStartThenId)) {
    const eligible = input.lines
      .map((line, index) => ({ line, index }))
      .filter(
        ({ line, index }) => !reductionShares[index] && takesOrderDiscounts(line) && inScopeOf(reduction.scope, line),
      )
      .map(({ index }) => index);
    const weights = eligible.map((index) => afterActivity[index] as number);
    const amountFen = weights.reduce((sum, weight) => sum + weight, 0);
    const tier = reachedTier(reduction.tiers, amountFen);
    const offFen = tier ? Math.min(tier.offFen, amountFen) : 0;
    if (offFen <= 0) continue;
    apportion(offFen, weights).forEach((share, position) => {
      const index = eligible[position] as number;
      reductionShares[index] = { reduction, share };
      afterReduction[index] = (afterReduction[index] as number) - share;
    });
    reductions.push({ source: 'fullReduction', id: reduction.id, name: reduction.name, amountFen: offFen });
  }
  return { totals, pricedBy, afterActivity, afterReduction, reductionShares, reductions };
}

interface CouponEvaluation extends CouponOption {
  /** The lines the coupon covers (indexes into the cart). */
  eligible: number[];
}

function refused(coupon: HeldCoupon, reason: CouponRefusal, eligible: number[] = []): CouponEvaluation {
  return { couponId: coupon.id, amountFen: 0, usable: false, reason, eligible };
}

/** Step 3 of the rule: what one coupon takes off the staged cart, or why it takes nothing. */
function evaluate(lines: readonly CheckoutLine[], stage: Stage, coupon: HeldCoupon, now: Date): CouponEvaluation {
  if (coupon.status !== 'available') return refused(coupon, 'USED');
  if (now.getTime() < coupon.validFrom.getTime()) return refused(coupon, 'NOT_STARTED');
  if (now.getTime() >= coupon.validTo.getTime()) return refused(coupon, 'EXPIRED');
  const { terms } = coupon;
  const eligible = lines
    .map((line, index) => ({ line, index }))
    .filter(({ line }) => takesOrderDiscounts(line) && inScopeOf(terms.scope, line))
    .map(({ index }) => index);
  const thresholdBase = eligible.reduce((sum, index) => sum + (stage.afterActivity[index] as number), 0);
  if (thresholdBase <= 0) return refused(coupon, 'OUT_OF_SCOPE');
  if (terms.kind === 'threshold' && thresholdBase < terms.thresholdFen)
    return refused(coupon, 'BELOW_THRESHOLD', eligible);
  const base = eligible.reduce((sum, index) => sum + (stage.afterReduction[index] as number), 0);
  const off =
    terms.kind === 'discount'
      ? Math.min(
          mulDiv(base, BASIS_POINTS_PER_WHOLE - terms.payRateBp, BASIS_POINTS_PER_WHOLE).quotient,
          terms.maxOffFen,
        )
      : terms.offFen;
  const amountFen = Math.max(0, Math.min(off, base));
  if (amountFen === 0) return refused(coupon, 'NO_DISCOUNT', eligible);
  return { couponId: coupon.id, amountFen, usable: true, reason: null, eligible };
}

/** What each held coupon would take off this cart (0 and a reason when it cannot be used). */
export function couponOptions(input: CheckoutInput, coupons: readonly HeldCoupon[]): CouponOption[] {
  const stage = stageOf(input);
  return coupons.map((coupon) => {
    const { eligible: _eligible, ...option } = evaluate(input.lines, stage, coupon, input.now);
    return option;
  });
}

/** The coupon a checkout picks by default: the largest amount off; ties: earliest validTo, then id. */
export function bestCoupon(options: readonly CouponOption[], coupons: readonly HeldCoupon[]): string | null {
  const validTo = new Map(coupons.map((coupon) => [coupon.id, coupon.validTo.getTime()]));
  let best: CouponOption | undefined;
  for (const option of options) {
    if (!option.usable) continue;
    if (!best || option.amountFen > best.amountFen) {
      best = option;
      continue;
    }
    if (option.amountFen < best.amountFen) continue;
    const [mine, theirs] = [validTo.get(option.couponId) ?? 0, validTo.get(best.couponId) ?? 0];
    if (mine < theirs || (mine === theirs && option.couponId < best.couponId)) best = option;
  }
  return best ? best.couponId : null;
}

function lineDiscounts(line: CheckoutLine, linePriceFen: number, stage: Stage, index: number): NamedDiscount[] {
  const named: NamedDiscount[] = [];
  const pricedBy = stage.pricedBy[index];
  if (pricedBy === 'activity' && line.activity && linePriceFen > 0)
    named.push({ source: 'activity', id: line.activity.id, name: line.activity.name, amountFen: linePriceFen });
  if (pricedBy === DISTRIBUTOR_PRICE_SOURCE && linePriceFen > 0)
    named.push({
      source: DISTRIBUTOR_PRICE_SOURCE,
      id: DISTRIBUTOR_PRICE_SOURCE,
      name: DISTRIBUTOR_PRICE_NAME,
      amountFen: linePriceFen,
    });
  const reduced = stage.reductionShares[index];
  if (reduced && reduced.share > 0)
    named.push({
      source: 'fullReduction',
      id: reduced.reduction.id,
      name: reduced.reduction.name,
      amountFen: reduced.share,
    });
  return named;
}

/**
 * Sums each line's line-price discounts (per activity, and the distributor price as one) into the
 * order's list, in the order the lines first show them.
 */
function activityTotals(lines: readonly PricedCheckoutLine[]): NamedDiscount[] {
  const byId = new Map<string, NamedDiscount>();
  for (const line of lines)
    for (const discount of line.discounts) {
      if (discount.source !== 'activity' && discount.source !== DISTRIBUTOR_PRICE_SOURCE) continue;
      const key = `${discount.source}:${discount.id}`;
      const seen = byId.get(key);
      if (seen) seen.amountFen += discount.amountFen;
      else byId.set(key, { ...discount });
    }
  return [...byId.values()];
}

/**
 * Prices the cart with `coupon` (or none). A coupon that cannot be used on this cart takes
 * nothing: callers compare `couponOptions` first and refuse it (placeOrder answers COUPON_INVALID).
 */
export function priceCheckout(input: CheckoutInput, coupon: HeldCoupon | null): CheckoutPrice {
  const stage = stageOf(input);
  const chosen = coupon ? evaluate(input.lines, stage, coupon, input.now) : null;
  const couponShares = input.lines.map(() => 0);
  if (chosen?.usable) {
    const weights = chosen.eligible.map((index) => stage.afterReduction[index] as number);
    apportion(chosen.amountFen, weights).forEach((share, position) => {
      couponShares[chosen.eligible[position] as number] = share;
    });
  }
  const points = pointsShares(input, stage, couponShares);
  const lines = input.lines.map((line, index): PricedCheckoutLine => {
    const lineTotalFen = stage.totals[index] as number;
    const pricedBy = stage.pricedBy[index] as LinePricedBy;
    const linePriceFen = lineTotalFen - (stage.afterActivity[index] as number);
    const activityDiscountFen = pricedBy === 'activity' ? linePriceFen : 0;
    const distributorPriceDiscountFen = pricedBy === DISTRIBUTOR_PRICE_SOURCE ? linePriceFen : 0;
    const fullReductionDiscountFen = (stage.afterActivity[index] as number) - (stage.afterReduction[index] as number);
    const couponDiscountFen = couponShares[index] as number;
    const pointsDiscountFen = points.shares[index] as number;
    const discounts = lineDiscounts(line, linePriceFen, stage, index);
    if (coupon && couponDiscountFen > 0)
      discounts.push({ source: 'coupon', id: coupon.id, name: coupon.terms.name, amountFen: couponDiscountFen });
    if (pointsDiscountFen > 0) discounts.push({ ...POINTS_DISCOUNT, amountFen: pointsDiscountFen });
    const reduced = stage.reductionShares[index];
    const earnsCommission =
      (pricedBy !== 'activity' || (line.activity?.commission ?? true)) &&
      !(reduced && reduced.share > 0 && !reduced.reduction.commission) &&
      !(coupon && couponDiscountFen > 0 && !coupon.terms.commission);
    const discountFen = linePriceFen + fullReductionDiscountFen + couponDiscountFen + pointsDiscountFen;
    return {
      lineTotalFen,
      pricedBy,
      activityDiscountFen,
      distributorPriceDiscountFen,
      fullReductionDiscountFen,
      couponDiscountFen,
      pointsDiscountFen,
      discountFen,
      paidFen: lineTotalFen - discountFen,
      earnsCommission,
      discounts,
    };
  });
  const discounts = [...activityTotals(lines), ...stage.reductions];
  if (coupon && chosen?.usable)
    discounts.push({ source: 'coupon', id: coupon.id, name: coupon.terms.name, amountFen: chosen.amountFen });
  if (points.offFen > 0) discounts.push({ ...POINTS_DISCOUNT, amountFen: points.offFen });
  const goodsFen = stage.totals.reduce((sum, total) => sum + total, 0);
  const discountFen = lines.reduce((sum, line) => sum + line.discountFen, 0);
  const afterAll = goodsFen - discountFen;
  // The free-shipping threshold is measured before points: using points never adds a shipping fee.
  const { freeFromFen, flatFeeFen } = input.shipping;
  const shippingFen = freeFromFen !== null && afterAll + points.offFen >= freeFromFen ? 0 : flatFeeFen;
  return {
    lines,
    goodsFen,
    discountFen,
    shippingFen,
    payableFen: afterAll + shippingFen,
    discounts,
    points: { usedPoints: points.usedPoints, offFen: points.offFen },
  };
}

/**
 * Step 4 of the rule: points, last, on the lines that take order discounts, measured on what is
 * left of them after the coupon (shared/points.ts pointsDeduction) and apportioned by largest
 * remainder over those amounts, so every line's paidFen already excludes its share.
 */
function pointsShares(
  input: CheckoutInput,
  stage: Stage,
  couponShares: readonly number[],
): { shares: number[]; usedPoints: number; offFen: number } {
  const shares = input.lines.map(() => 0);
  if (!input.points) return { shares, usedPoints: 0, offFen: 0 };
  const eligible = input.lines.map((line, index) => ({ line, index })).filter(({ line }) => takesOrderDiscounts(line));
  const weights = eligible.map(
    ({ index }) => (stage.afterReduction[index] as number) - (couponShares[index] as number),
  );
  const base = weights.reduce((sum, weight) => sum + weight, 0);
  const { fen, points } = pointsDeduction(base, input.points);
  if (fen === 0) return { shares, usedPoints: 0, offFen: 0 };
  apportion(fen, weights).forEach((share, position) => {
    shares[(eligible[position] as { index: number }).index] = share;
  });
  return { shares, usedPoints: points, offFen: fen };
}
