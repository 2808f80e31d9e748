/**
 * From the live activities (collection `activities`, read by cloudfunctions/_lib/activities.ts)
 * to what the checkout pricing takes (shared/checkoutPricing.ts): each line's one activity and
 * the live full reductions. Pure.
 */
import type { ActivityDocument, FlashSaleDocument, FlashSaleSku } from './activities';
import type { FullReduction, LineActivity } from './checkoutPricing';

type TimedDiscount = Extract<ActivityDocument, { kind: 'timedDiscount' }>;

function earlier(a: TimedDiscount, b: TimedDiscount): boolean {
  const at = a.startAt.getTime() - b.startAt.getTime();
  return at !== 0 ? at < 0 : a._id < b._id;
}

/**
 * The activity pricing one SKU: among the live 限时折扣 listing it below its own price, the
 * lowest activity price (ties: earliest startAt, then _id); null when none does. A listing at or
 * above the SKU's price (the SKU was made cheaper after the activity was saved) is no discount
 * and is ignored.
 */
export function lineActivityFor(
  activities: readonly ActivityDocument[],
  sku: { skuId: string; priceFen: number },
): LineActivity | null {
  let best: { activity: TimedDiscount; priceFen: number } | null = null;
  for (const activity of activities) {
    if (activity.kind !== 'timedDiscount') continue;
    const listed = activity.skus.find((entry) => entry.skuId === sku.skuId);
    if (!listed || listed.priceFen >= sku.priceFen) continue;
    if (
      !best ||
      listed.priceFen < best.priceFen ||
      (listed.priceFen === best.priceFen && earlier(activity, best.activity))
    )
      best = { activity, priceFen: listed.priceFen };
  }
  if (!best) return null;
  const { activity, priceFen } = best;
  return {
    id: activity._id,
    kind: activity.kind,
    name: activity.name,
    priceFen,
    commission: activity.commission,
    // A 限时折扣 price stacks with 满减 and a coupon (docs/marketing.md).
    allowsOrderDiscounts: true,
  };
}

/**
 * The live 秒杀 session `activityId` with its listing of the SKU, or null when no live session
 * of that id lists it (the shopper then gets FLASH_NOT_LIVE). The activities must be the live ones.
 */
export function flashSessionFor(
  activities: readonly ActivityDocument[],
  activityId: string,
  skuId: string,
): { session: FlashSaleDocument; listed: FlashSaleSku } | null {
  const session = activities.find(
    (activity): activity is FlashSaleDocument => activity._id === activityId && activity.kind === 'flashSale',
  );
  const listed = session?.skus.find((entry) => entry.skuId === skuId);
  return session && listed ? { session, listed } : null;
}

/**
 * The activity of a line the shopper buys through a 秒杀 session (an item with `activityId`):
 * the flash price, the session's commission flag, and no 满减 or coupon on the line
 * (docs/marketing.md). Null when the session is not live or does not list the SKU.
 */
export function flashLineActivity(
  activities: readonly ActivityDocument[],
  activityId: string,
  skuId: string,
): LineActivity | null {
  const found = flashSessionFor(activities, activityId, skuId);
  if (!found) return null;
  const { session, listed } = found;
  return {
    id: session._id,
    kind: session.kind,
    name: session.name,
    priceFen: listed.priceFen,
    commission: session.commission,
    allowsOrderDiscounts: false,
  };
}

/** A 拼团 purchase: the activity, and the group joined or null when the buyer opens one as leader. */
export interface GroupChoice {
  activityId: string;
  groupId: string | null;
}

/** The live groupBuy activity a group purchase names, when it lists the SKU. */
export function groupActivityFor(
  activities: readonly ActivityDocument[],
  choice: GroupChoice,
  skuId: string,
): Extract<ActivityDocument, { kind: 'groupBuy' }> | null {
  const activity = activities.find((candidate) => candidate._id === choice.activityId);
  if (activity?.kind !== 'groupBuy' || !activity.skus.some((sku) => sku.skuId === skuId)) return null;
  return activity;
}

/**
 * A group purchase's line activity: the group price, less the leader's bonus for the member who
 * opens the group. It sets the final price, so no 满减 or coupon applies on top
 * (docs/marketing.md section 1); null when the activity is not live or does not list the SKU.
 */
export function groupLineActivity(
  activities: readonly ActivityDocument[],
  choice: GroupChoice,
  sku: { skuId: string; priceFen: number },
): LineActivity | null {
  const activity = groupActivityFor(activities, choice, sku.skuId);
  const listed = activity?.skus.find((entry) => entry.skuId === sku.skuId);
  if (!activity || !listed) return null;
  const bonusFen = choice.groupId === null ? activity.leaderBonusFen : 0;
  return {
    id: activity._id,
    kind: activity.kind,
    name: activity.name,
    priceFen: Math.max(1, Math.min(listed.priceFen - bonusFen, sku.priceFen)),
    commission: activity.commission,
    allowsOrderDiscounts: false,
  };
}

/** The live 满减 among the activities, as the pricing takes them. */
export function fullReductionsOf(activities: readonly ActivityDocument[]): FullReduction[] {
  return activities.flatMap((activity) =>
    activity.kind === 'fullReduction'
      ? [
          {
            id: activity._id,
            name: activity.name,
            startAt: activity.startAt,
            scope: activity.scope,
            tiers: activity.tiers,
            commission: activity.commission,
          },
        ]
      : [],
  );
}
