/**
 * The activities that may apply now: one read, shared by the checkout (placeOrder and its quote)
 * and the catalog (activity prices and 满减 badges on lists and the product page), so a shopper
 * sees the price the order charges.
 */
import { isLive, type ActivityDocument } from '@shared/activities';
import { _, findWhere, type Lookup } from './db';

/** How many activities the shop may run at once; the read takes them all in one round trip. */
export const MAX_LIVE_ACTIVITIES = 100;

/** Active activities whose window contains `now`. */
export async function liveActivities(now: Date): Promise<ActivityDocument[]> {
  const candidates = await findWhere(
    'activities',
    { status: 'active', endAt: _.gt(now) },
    { limit: MAX_LIVE_ACTIVITIES },
  );
  return candidates.filter((activity) => isLive(activity, now));
}

/**
 * The same read as liveActivities, as a `$lookup` stage, so a page that already runs an
 * aggregation gets the activities in that round trip. `productIds` (an expression over the
 * joining row, e.g. `['$_id']` or `'$products._id'`) narrows it to the 限时折扣 that list one of
 * those products (what a list's cards show); without it every candidate of both kinds is joined
 * (for a page of one row, the product page).
 * The rows still need isLive (startAt is not in the condition, as in liveActivities).
 */
export function liveActivitiesLookup(now: Date, as: string, productIds?: string | string[]): Lookup {
  const candidates = { status: 'active', endAt: { $gt: now } };
  if (productIds === undefined)
    return { from: 'activities', as, pipeline: [{ $match: candidates }, { $limit: MAX_LIVE_ACTIVITIES }] };
  const listsOne = {
    $gt: [{ $size: { $setIntersection: [{ $ifNull: ['$skus.productId', []] }, '$$productIds'] } }, 0],
  };
  return {
    from: 'activities',
    as,
    let: { productIds },
    pipeline: [{ $match: { ...candidates, kind: 'timedDiscount', $expr: listsOne } }, { $limit: MAX_LIVE_ACTIVITIES }],
  };
}
