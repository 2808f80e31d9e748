/**
 * The activities that may apply now: one read, shared by the checkout (placeOrder and its quote)
 * and the catalog (activity prices and 满减 badges on lists and the product page), so a shopper
 * sees the price the order charges.
 */
import { isLive, type ActivityDocument } from '@shared/activities';
import { _, findWhere } from './db';

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
