/**
 * The 拼团 a product page offers (docs/marketing.md section 8): the live groupBuy activity for the
 * product, with its group prices per SKU; when several are live, the one that ends first (then
 * the smaller id), the same for every shopper.
 */
import { isLive, type ActivityDocument } from '@shared/activities';
import type { GroupOffer } from '@shared/contracts/groupBuy';

export function groupOfferOf(activities: readonly ActivityDocument[], productId: string, now: Date): GroupOffer | null {
  const offers = activities
    .filter((activity) => activity.kind === 'groupBuy' && activity.productId === productId && isLive(activity, now))
    .sort((a, b) => a.endAt.getTime() - b.endAt.getTime() || (a._id < b._id ? -1 : 1));
  const offer = offers[0];
  if (offer?.kind !== 'groupBuy') return null;
  return {
    activityId: offer._id,
    name: offer.name,
    groupSize: offer.groupSize,
    leaderBonusFen: offer.leaderBonusFen,
    skus: offer.skus.map(({ skuId, priceFen }) => ({ skuId, priceFen })),
    endAt: offer.endAt.toISOString(),
  };
}
