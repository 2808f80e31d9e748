/**
 * Activities (活动): the merchant's promotions with a period. A 满减 (full reduction) takes an
 * amount off the order when the goods in its scope reach a tier; a 限时折扣 (limited-time
 * discount) gives listed SKUs an activity price for its window; a 拼团 (group buying) gives
 * listed SKUs a group price for members of a group (shared/groupBuy.ts). How they combine with each other
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

/**
 * One SKU of a 秒杀 session: its flash price, the units allotted to the session (taken out of the
 * SKU's own stock as they sell; the remaining allotment lives in `flashStocks`) and how many units
 * one shopper may buy in the session.
 */
export interface FlashSaleSku {
  skuId: string;
  productId: string;
  /** The flash price, fen (below the SKU's price when saved). */
  priceFen: number;
  /** Units allotted to the session (1..the SKU's stock when saved; only raised after the start). */
  stock: number;
  /** Units one shopper may buy of this SKU in the session (≥ 1). */
  perUserLimit: number;
}

/** Collection `activities`: one document per activity (a 秒杀 session is one activity). */
export type ActivityDocument =
  | (ActivityBase & { kind: 'fullReduction'; scope: Scope; tiers: ReductionTier[] })
  | (ActivityBase & { kind: 'timedDiscount'; skus: DiscountedSku[] })
  | (ActivityBase & { kind: 'flashSale'; skus: FlashSaleSku[] })
  | (ActivityBase & { kind: 'groupBuy' } & GroupBuyTerms);

export type FlashSaleDocument = Extract<ActivityDocument, { kind: 'flashSale' }>;

/**
 * Collection `flashStocks`, `_id` `<activityId>_<skuId>`: the units of a 秒杀 SKU still to sell.
 * Reserving and giving back are conditional updates keyed by order id, like a SKU's stock
 * (cloudfunctions/_lib/stock.ts), so neither happens twice for one order.
 */
export interface FlashStockDocument {
  _id: string;
  activityId: string;
  skuId: string;
  /** The session's allotment this document last took in (the activity's `stock` for the SKU). */
  allotted: number;
  /** Units still to sell, never below zero. */
  remaining: number;
  /** The last FLASH_RECENT_ORDERS order ids that took units. */
  reservedBy: string[];
  /** The last FLASH_RECENT_ORDERS order ids whose units came back. */
  returnedBy: string[];
  updatedAt: Date;
}

/**
 * Collection `flashPurchases`, `_id` `<activityId>_<skuId>_<userId>`: how many units of a 秒杀 SKU
 * one shopper's orders hold, raised only while it stays within the session's per-user limit.
 */
export interface FlashPurchaseDocument {
  _id: string;
  activityId: string;
  skuId: string;
  userId: string;
  /** Units held by the shopper's open or paid orders of the session. */
  quantity: number;
  /** The last FLASH_RECENT_ORDERS order ids counted in `quantity`. */
  countedBy: string[];
  /** The last FLASH_RECENT_ORDERS order ids whose units were taken out of `quantity` again. */
  returnedBy: string[];
  updatedAt: Date;
}

/** How many order ids a flash stock or purchase document remembers (bounds the document, covers any retry). */
export const FLASH_RECENT_ORDERS = 1000;

export const flashStockId = (activityId: string, skuId: string): string => `${activityId}_${skuId}`;
export const flashPurchaseId = (activityId: string, skuId: string, userId: string): string =>
  `${activityId}_${skuId}_${userId}`;

/** One SKU's group price in a 拼团 activity. */
export interface GroupSku {
  skuId: string;
  /** The group price per unit, fen (below the SKU's price). */
  priceFen: number;
}

/**
 * A 拼团 (group buying) activity: the group price of some SKUs of one product, the number of
 * members that fills a group and how long a group may stay forming (shared/groupBuy.ts).
 */
export interface GroupBuyTerms {
  productId: string;
  skus: GroupSku[];
  /** Members that fill a group, 2..10, the leader included. */
  groupSize: number;
  /** How long a group stays open for members after its leader opens it, minutes. */
  timeLimitMinutes: number;
  /**
   * The leader's bonus (团长优惠), fen: taken off each unit of the group price for the member who
   * opens the group, so the leader's unit price is priceFen − leaderBonusFen (at least 1 fen).
   * 0 for none.
   */
  leaderBonusFen: number;
}

export type ActivityKind = ActivityDocument['kind'];

/** Whether an activity applies at `now`: active and inside its window. */
export function isLive(activity: Pick<ActivityBase, 'status' | 'startAt' | 'endAt'>, now: Date): boolean {
  const at = now.getTime();
  return activity.status === 'active' && activity.startAt.getTime() <= at && at < activity.endAt.getTime();
}

/**
 * What the merchant's list shows (未开始 / 进行中 / 已暂停 / 已结束). An activity whose window has
 * passed is `ended` whatever its stored status: it can never apply again.
 */
export type ActivityState = 'upcoming' | 'running' | 'paused' | 'ended';

export function activityState(activity: Pick<ActivityBase, 'status' | 'startAt' | 'endAt'>, now: Date): ActivityState {
  if (activity.status === 'ended' || now.getTime() >= activity.endAt.getTime()) return 'ended';
  if (activity.status === 'paused') return 'paused';
  return now.getTime() < activity.startAt.getTime() ? 'upcoming' : 'running';
}

/** The 限时折扣 price a SKU gets: the winning activity and its price. */
export interface SkuActivityPrice {
  activityId: string;
  name: string;
  priceFen: number;
  startAt: Date;
  endAt: Date;
  commission: boolean;
}

/** Whether `a` wins over `b` for the same SKU: the lower price; ties: the earlier startAt, then the smaller _id. */
function winsOver(a: SkuActivityPrice, b: SkuActivityPrice): boolean {
  if (a.priceFen !== b.priceFen) return a.priceFen < b.priceFen;
  if (a.startAt.getTime() !== b.startAt.getTime()) return a.startAt.getTime() < b.startAt.getTime();
  return a.activityId < b.activityId;
}

/**
 * Per SKU id, the live 限时折扣 that prices it (docs/marketing.md: at most one activity per line;
 * when several list the SKU, the lowest price wins; ties: earliest startAt, then _id). Activities
 * that are not live at `now` are ignored, so the caller may pass any candidates.
 */
export function discountPricesBySku(activities: readonly ActivityDocument[], now: Date): Map<string, SkuActivityPrice> {
  const bySku = new Map<string, SkuActivityPrice>();
  for (const activity of activities) {
    if (activity.kind !== 'timedDiscount' || !isLive(activity, now)) continue;
    for (const sku of activity.skus) {
      const candidate: SkuActivityPrice = {
        activityId: activity._id,
        name: activity.name,
        priceFen: sku.priceFen,
        startAt: activity.startAt,
        endAt: activity.endAt,
        commission: activity.commission,
      };
      const current = bySku.get(sku.skuId);
      if (!current || winsOver(candidate, current)) bySku.set(sku.skuId, candidate);
    }
  }
  return bySku;
}

/** The live full reductions whose scope covers a product, in the order the checkout applies them (startAt, then _id). */
export function reductionsCovering(
  activities: readonly ActivityDocument[],
  product: { productId: string; categoryId: string },
  now: Date,
): Extract<ActivityDocument, { kind: 'fullReduction' }>[] {
  return activities
    .filter(
      (activity): activity is Extract<ActivityDocument, { kind: 'fullReduction' }> => activity.kind === 'fullReduction',
    )
    .filter((activity) => isLive(activity, now) && inScope(activity.scope, product))
    .sort((a, b) => a.startAt.getTime() - b.startAt.getTime() || (a._id < b._id ? -1 : a._id > b._id ? 1 : 0));
}

/** Yuan without trailing zeros: 19900 → "199", 1990 → "19.9", 1999 → "19.99". */
function compactYuan(amountFen: number): string {
  const yuan = Math.floor(amountFen / 100);
  const cents = amountFen % 100;
  if (cents === 0) return String(yuan);
  return cents % 10 === 0 ? `${yuan}.${cents / 10}` : `${yuan}.${String(cents).padStart(2, '0')}`;
}

/** A tier as shoppers read it: "满199减20". */
export function tierLabel(tier: ReductionTier): string {
  return `满${compactYuan(tier.thresholdFen)}减${compactYuan(tier.offFen)}`;
}
