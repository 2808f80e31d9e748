/**
 * What placeOrder reads, in two round trips: the buyer with the order of this checkout (if a
 * previous call made it), the rules, their ancestors, the chosen address, the chosen coupon and
 * the activities that may be live, the stock of the 秒杀 items' sessions and the shopper's points
 * account joined on (one
 * aggregation over `users`), and the SKUs with
 * their products (one aggregation over `skus`).
 */
import type { ProductDocument, SkuDocument } from '@shared/catalog';
import { isLive, type ActivityDocument, type FlashStockDocument } from '@shared/activities';
import type { UserCouponDocument } from '@shared/coupons';
import type { OrderAddress, OrderDocument } from '@shared/orders';
import type { PointsAccountDocument } from '@shared/points';
import type { RulesDocument } from '@shared/rules';
import type { UserDocument } from '@shared/users';
import { MAX_LIVE_ACTIVITIES } from '../_lib/activities';
import { _, aggregateList } from '../_lib/db';
import { RULES_ID, storeDefaultRules } from '../_lib/rules';

export interface BuyerContext {
  buyer: UserDocument;
  rules: RulesDocument;
  /** The buyer's ancestors' user documents (the beneficiaries of levels 1-3). */
  ancestors: UserDocument[];
  address: (OrderAddress & { _id: string }) | null;
  /** The coupon the shopper chose, when it is theirs (in any state: the pricing says whether it is usable). */
  coupons: UserCouponDocument[];
  /** The live activities, as _lib/activities.ts liveActivities reads them for the quote and the catalog. */
  activities: ActivityDocument[];
  /** The stock documents of the 秒杀 items' sessions (a sold-out session is refused before anything is written). */
  flashStocks: FlashStockDocument[];
  /** The shopper's available points (0 without a points account). */
  availablePoints: number;
}

/** The order this checkout's key already made (a retry or a replay), or what a new one needs. */
export type BuyerRead = { existing: OrderDocument } | { existing: null; context: BuyerContext | null };

type BuyerRow = UserDocument & {
  existing: OrderDocument[];
  rules: RulesDocument[];
  ancestorUsers: UserDocument[];
  address: Array<OrderAddress & { _id: string }>;
  coupons: UserCouponDocument[];
  activities: ActivityDocument[];
  flashStocks: FlashStockDocument[];
  pointsAccount: PointsAccountDocument[];
};

/**
 * The activities liveActivities reads (active, the latest ends first, at most MAX_LIVE_ACTIVITIES),
 * joined into the buyer's read to save placeOrder a round trip; those not live at `now` are
 * dropped after the read.
 */
const ACTIVITIES_JOIN = [{ $match: { status: 'active' } }, { $sort: { endAt: -1 } }, { $limit: MAX_LIVE_ACTIVITIES }];

/**
 * Null without a user document: no order can exist then, since placing one needs the buyer's
 * address, which this same read joins through the user.
 */
export async function loadBuyer(
  openid: string,
  ids: { addressId: string; orderId: string; couponId: string | null; flashStockIds: string[] },
  now: Date,
): Promise<BuyerRead> {
  const { addressId, orderId, couponId, flashStockIds } = ids;
  const [row] = await aggregateList<BuyerRow>('users', (pipeline) =>
    pipeline
      .match({ _id: openid })
      .lookup({ from: 'orders', pipeline: [{ $match: { _id: orderId } }], as: 'existing' })
      .lookup({ from: 'rules', pipeline: [{ $match: { _id: RULES_ID } }], as: 'rules' })
      .lookup({ from: 'users', localField: 'ancestors', foreignField: '_id', as: 'ancestorUsers' })
      .lookup({ from: 'addresses', pipeline: [{ $match: { _id: addressId, userId: openid } }], as: 'address' })
      // Without a coupon the match names no document (userCoupons ids are never empty).
      .lookup({ from: 'userCoupons', pipeline: [{ $match: { _id: couponId ?? '', userId: openid } }], as: 'coupons' })
      .lookup({ from: 'activities', pipeline: ACTIVITIES_JOIN, as: 'activities' })
      .lookup({ from: 'flashStocks', pipeline: [{ $match: { _id: { $in: flashStockIds } } }], as: 'flashStocks' })
      .lookup({ from: 'pointsAccounts', localField: '_id', foreignField: '_id', as: 'pointsAccount' })
      .limit(1),
  );
  if (!row) return { existing: null, context: null };
  const { existing, rules, ancestorUsers, address, coupons, activities, flashStocks, pointsAccount, ...buyer } = row;
  if (existing[0]) return { existing: existing[0] };
  const context = {
    buyer,
    rules: rules[0] ?? (await storeDefaultRules()),
    ancestors: ancestorUsers,
    address: address[0] ?? null,
    coupons,
    activities: activities.filter((activity) => isLive(activity, now)),
    flashStocks,
    availablePoints: pointsAccount[0]?.available ?? 0,
  };
  return { existing: null, context };
}

export type SkuWithProduct = SkuDocument & { product: ProductDocument | null };

export async function loadSkus(skuIds: string[]): Promise<Map<string, SkuWithProduct>> {
  const rows = await aggregateList<SkuDocument & { products: ProductDocument[] }>('skus', (pipeline) =>
    pipeline
      .match({ _id: _.in(skuIds) })
      .lookup({ from: 'products', localField: 'productId', foreignField: '_id', as: 'products' })
      .limit(skuIds.length),
  );
  return new Map(rows.map(({ products, ...sku }) => [sku._id, { ...sku, product: products[0] ?? null }]));
}
