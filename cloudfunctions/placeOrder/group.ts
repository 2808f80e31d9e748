/**
 * placeOrder's 拼团 steps (shared/groupBuy.ts, docs/marketing.md section "拼团"):
 *
 * - before anything is written: the group item names a live groupBuy activity listing its SKU
 *   (GROUP_ACTIVITY_INVALID), and a group to join exists for that activity and still has a place
 *   for this shopper (GROUP_NOT_FOUND, GROUP_CLOSED, GROUP_FULL, GROUP_ALREADY_JOINED): a
 *   refused join writes nothing;
 * - after the order is inserted: take the place (_lib/orders/groupSlot.ts); compensation when
 *   another shopper took the last place meanwhile: close the order GROUP_FULL (it holds no stock
 *   yet), so the loser leaves only its order number and that closed order.
 */
import { groupActivityFor } from '@shared/checkoutActivities';
import type { ActivityDocument } from '@shared/activities';
import type { PlaceOrderError } from '@shared/contracts/placeOrder';
import { groupIdForOrder, joinRefusal } from '@shared/groupBuy';
import { ORDER_MACHINE } from '@shared/orderStates';
import type { OrderDocument } from '@shared/orders';
import { fail, ok, type Result } from '@shared/result';
import { getDoc } from '../_lib/db';
import { takeGroupPlace } from '../_lib/orders/groupSlot';
import { transition } from '../_lib/transitions';

type Item = { skuId: string; group?: { activityId: string; groupId: string | null } | undefined };

const MESSAGES = {
  GROUP_ACTIVITY_INVALID: '拼团活动已结束或不包含该商品',
  GROUP_NOT_FOUND: '拼团不存在',
  GROUP_CLOSED: '拼团已结束',
  GROUP_FULL: '拼团已满员',
  GROUP_ALREADY_JOINED: '你已参加该拼团',
} as const;

type GroupRefusal = keyof typeof MESSAGES;

function refuse(code: GroupRefusal): Result<never, PlaceOrderError> {
  return fail(code, MESSAGES[code]);
}

/** The group the order takes a place in: its id, or null for an order without a group item. */
export async function checkGroup(
  item: Item,
  activities: readonly ActivityDocument[],
  openid: string,
  orderId: string,
  now: Date,
): Promise<Result<string | null, PlaceOrderError>> {
  if (!item.group) return ok(null);
  if (!groupActivityFor(activities, item.group, item.skuId)) return refuse('GROUP_ACTIVITY_INVALID');
  if (item.group.groupId === null) return ok(groupIdForOrder(orderId));
  const group = await getDoc('groups', item.group.groupId);
  if (!group || group.activityId !== item.group.activityId) return refuse('GROUP_NOT_FOUND');
  const refusal = joinRefusal(group, openid, now);
  return refusal ? refuse(refusal) : ok(group._id);
}

/**
 * Whether a replay asks for the same group as the stored order: the same group joined, or a group
 * opened by this order, or none (IDEMPOTENCY_KEY_REUSED otherwise).
 */
export function sameGroup(order: Pick<OrderDocument, '_id' | 'groupId'>, item: Item | undefined): boolean {
  if (!item?.group) return order.groupId === undefined;
  return order.groupId === (item.group.groupId ?? groupIdForOrder(order._id));
}

/** Takes the order's place; on a refusal closes the order GROUP_FULL and answers why. */
export async function holdGroupPlace(order: OrderDocument, now: Date): Promise<Result<true, PlaceOrderError>> {
  if (!order.groupId) return ok(true);
  const activityId = order.lines[0]?.activity?.id ?? '';
  const activity = await getDoc('activities', activityId);
  const leader = order.groupId === groupIdForOrder(order._id);
  const outcome =
    activity?.kind === 'groupBuy' ? await takeGroupPlace(order, leader, activity, now) : 'GROUP_NOT_FOUND';
  if (outcome === 'held') return ok(true);
  await transition(
    ORDER_MACHINE,
    'close',
    { _id: order._id, reservation: 'reserving' },
    { reservation: 'released', closeReason: 'GROUP_FULL', closedAt: now, updatedAt: now },
  );
  return refuse(outcome);
}
