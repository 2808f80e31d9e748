/**
 * Activities (活动): the merchant's promotions with a period. A 满减 (full reduction) takes an
 * amount off the order when the goods in its scope reach a tier; a 限时折扣 (limited-time
 * discount) gives listed SKUs an activity price for its window. How they combine with each other
 * and with coupons is one rule, applied by the checkout pricing (docs/marketing.md).
 */

/** Which goods a coupon or a full reduction covers. */
export type Scope =
  { kind: 'shop' } | { kind: 'categories'; categoryIds: string[] } | { kind: 'products'; productIds: string[] };

/** Whether a product falls in a scope. */
export function inScope(scope: Scope, product: { productId: string; categoryId: string }): boolean {
  if (scope.kind === 'shop') return true;
  if (scope.kind === 'categories') return scope.categoryIds.includes(product.categoryId);
  return scope.productIds.includes(product.productId);
}

/** One tier of a full reduction: when the goods in scope reach `thresholdFen`, `offFen` comes off. */
export interface ReductionTier {
  thresholdFen: number;
  offFen: number;
}

/** One SKU's activity price in a limited-time discount. */
export interface DiscountedSku {
  skuId: string;
  productId: string;
  /** The activity price, fen (below the SKU's price; the SKU's price is shown beside it, struck through). */
  priceFen: number;
}

interface ActivityBase {
  _id: string;
  name: string;
  /** The window, [startAt, endAt). */
  startAt: Date;
  endAt: Date;
  /** `active` applies inside its window; `paused` does not apply; `ended` never applies again. */
  status: 'active' | 'paused' | 'ended';
  /** Whether distributors earn commission on the lines the activity prices or discounts (CRMEB's is_commission). */
  commission: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** Collection `activities`: one document per activity. */
export type ActivityDocument =
  | (ActivityBase & { kind: 'fullReduction'; scope: Scope; tiers: ReductionTier[] })
  | (ActivityBase & { kind: 'timedDiscount'; skus: DiscountedSku[] });

export type ActivityKind = ActivityDocument['kind'];

/** Whether an activity applies at `now`: active and inside its window. */
export function isLive(activity: Pick<ActivityBase, 'status' | 'startAt' | 'endAt'>, now: Date): boolean {
  const at = now.getTime();
  return activity.status === 'active' && activity.startAt.getTime() <= at && at < activity.endAt.getTime();
}
