/**
 * A 拼团 order's place in its group (shared/groupBuy.ts, docs/marketing.md section "拼团"):
 * placeOrder opens the group (the leader) or takes a place in it, an unpaid order that closes
 * frees its place, and a payment marks its member paid, filling the group when every place is
 * taken by a paid member.
 *
 * Every change of `members` is one update conditional on the group's `version` as read (and, for
 * a join, on the group still forming and not expired), retried after a fresh read when another
 * writer got there first. So two shoppers taking the last place at once: one update wins, the
 * other reads the group again, finds it full and is refused GROUP_FULL. Each step is idempotent:
 * a retry finds its order already a member (or already gone, or already paid).
 */
import { allPaid, GROUP_MACHINE, joinRefusal, type GroupDocument, type GroupMember } from '@shared/groupBuy';
import type { ActivityDocument } from '@shared/activities';
import type { OrderDocument } from '@shared/orders';
import { _, getDoc, updateWhere } from '../db';
import { insertInitial, transition } from '../transitions';

/** Concurrent writers of one group are at most its 10 members; each retry follows a write that won. */
const ATTEMPTS = 12;

export type TakeOutcome = 'held' | 'GROUP_NOT_FOUND' | 'GROUP_FULL' | 'GROUP_CLOSED' | 'GROUP_ALREADY_JOINED';

type GroupBuy = Extract<ActivityDocument, { kind: 'groupBuy' }>;
type GroupOrder = Pick<OrderDocument, '_id' | 'buyerId' | 'groupId'>;

function memberOf(order: GroupOrder, now: Date): GroupMember {
  return { userId: order.buyerId, orderId: order._id, paid: false, joinedAt: now };
}

/** The leader's order opens its group (the group id is derived from the order, so a retry finds it). */
async function openGroup(order: GroupOrder, groupId: string, activity: GroupBuy, now: Date): Promise<TakeOutcome> {
  const group: GroupDocument = {
    _id: groupId,
    activityId: activity._id,
    productId: activity.productId,
    leaderId: order.buyerId,
    size: activity.groupSize,
    members: [memberOf(order, now)],
    status: GROUP_MACHINE.initial,
    expiresAt: new Date(now.getTime() + activity.timeLimitMinutes * 60_000),
    version: 1,
    filledAt: null,
    failedAt: null,
    settled: false,
    createdAt: now,
    updatedAt: now,
  };
  await insertInitial(GROUP_MACHINE, group);
  return 'held';
}

/** Takes the order's place: opens the group when the order is its leader's, joins it otherwise. */
export async function takeGroupPlace(
  order: GroupOrder,
  leader: boolean,
  activity: GroupBuy,
  now: Date,
): Promise<TakeOutcome> {
  const groupId = order.groupId;
  if (!groupId) return 'held';
  if (leader) return openGroup(order, groupId, activity, now);
  for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
    const group = await getDoc('groups', groupId);
    if (!group) return 'GROUP_NOT_FOUND';
    if (group.members.some((member) => member.orderId === order._id)) return 'held';
    const refusal = joinRefusal(group, order.buyerId, now);
    if (refusal) return refusal;
    const members = [...group.members, memberOf(order, now)];
    const where = { _id: groupId, version: group.version, status: 'forming', expiresAt: _.gt(now) };
    const data = { members: _.set(members), version: group.version + 1, updatedAt: now };
    if ((await updateWhere('groups', where, data)) === 1) return 'held';
  }
  return 'GROUP_FULL';
}

/**
 * Frees the place of an order that closed unpaid, while its group is forming (a failed or filled
 * group keeps its members as they were). Nothing happens when the order holds no place.
 */
export async function freeGroupPlace(order: Pick<OrderDocument, '_id' | 'groupId'>, now: Date): Promise<void> {
  if (!order.groupId) return;
  for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
    const group = await getDoc('groups', order.groupId);
    if (!group || group.status !== 'forming') return;
    const member = group.members.find((candidate) => candidate.orderId === order._id);
    if (!member || member.paid) return;
    const members = group.members.filter((candidate) => candidate.orderId !== order._id);
    const where = { _id: group._id, version: group.version, status: 'forming' };
    const data = { members: _.set(members), version: group.version + 1, updatedAt: now };
    if ((await updateWhere('groups', where, data)) === 1) return;
  }
  throw new Error(`group ${order.groupId}: could not free the place of order ${order._id}`);
}

/**
 * The order was just paid: its member is marked paid, and the group is filled when every place is
 * now taken by a paid member. A payment reaching a failed group (the shopper paid as it closed)
 * marks it unsettled, so closeGroups refunds that member too.
 */
export async function markGroupMemberPaid(order: Pick<OrderDocument, '_id' | 'groupId'>, now: Date): Promise<void> {
  if (!order.groupId) return;
  for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
    const group = await getDoc('groups', order.groupId);
    if (!group) return;
    if (group.status === 'failed') {
      // The version moves too, so a closer settling the group from an older read does not win.
      await updateWhere('groups', { _id: group._id }, { settled: false, version: _.inc(1), updatedAt: now });
      return;
    }
    const member = group.members.find((candidate) => candidate.orderId === order._id);
    if (!member || member.paid) return;
    const members = group.members.map((candidate) =>
      candidate.orderId === order._id ? { ...candidate, paid: true } : candidate,
    );
    const where = { _id: group._id, version: group.version };
    const data = { members: _.set(members), version: group.version + 1, updatedAt: now };
    const written = allPaid({ members, size: group.size })
      ? await transition(GROUP_MACHINE, 'fill', where, { ...data, filledAt: now })
      : await updateWhere('groups', { ...where, status: group.status }, data);
    if (written === 1) return;
  }
  throw new Error(`group ${order.groupId}: could not mark order ${order._id} paid`);
}
