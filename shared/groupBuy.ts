/**
 * 拼团 (group buying, docs/marketing.md section "拼团"): a `groupBuy` activity gives listed SKUs a
 * group price; a shopper opens a group (as its leader) by placing an order with the group price,
 * others join through the shared group page, and the group is filled once `size` members have
 * paid. A group that is not filled by its `expiresAt` fails: every paid member is refunded in full
 * and every unpaid member's order is closed (cloudfunctions/closeGroups).
 *
 * Collection `groups`, one document per group. Its `status` follows GROUP_MACHINE, written only
 * through cloudfunctions/_lib/transitions.ts:
 *
 *   (placeOrder of the leader inserts) forming --fill (all size members paid)--> filled
 *   forming --fail (expiresAt passed, closeGroups)--> failed
 *
 * Every change of `members` is one update conditional on the `version` the writer read, so of
 * two shoppers taking the last place at once exactly one succeeds.
 */
import type { StateMachine } from './stateMachine';

export type GroupStatus = 'forming' | 'filled' | 'failed';
export type GroupEvent = 'fill' | 'fail';

export const GROUP_MACHINE: StateMachine<GroupStatus, GroupEvent, 'groups'> = {
  collection: 'groups',
  initial: 'forming',
  transitions: {
    fill: { from: ['forming'], to: 'filled' },
    fail: { from: ['forming'], to: 'failed' },
  },
};

/** One member of a group: a shopper and the one order that holds their place. */
export interface GroupMember {
  /** The member's OPENID. */
  userId: string;
  /** The order that took the place (its only line is the group line). */
  orderId: string;
  /** True once the order is paid. */
  paid: boolean;
  joinedAt: Date;
}

/** Collection `groups`: one document per group. */
export interface GroupDocument {
  /** `g` + the leader's order id without its `o`: deterministic, so a retried opening finds it. */
  _id: string;
  /** The groupBuy activity. */
  activityId: string;
  /** The product the activity covers (the group page shows it). */
  productId: string;
  /** The leader's OPENID (the first member). */
  leaderId: string;
  /** The number of members that fills the group, 2..10 (the activity's groupSize when opened). */
  size: number;
  /** The members holding a place, the leader first; at most `size`. */
  members: GroupMember[];
  status: GroupStatus;
  /** When a group still forming fails: opening time + the activity's timeLimitMinutes. */
  expiresAt: Date;
  /**
   * Incremented by every write of `members`: each write is conditional on the version it read
   * (optimistic concurrency), so concurrent joins, leaves and payments never lose one another.
   */
  version: number;
  /** When the last member paid (filled), or null. */
  filledAt: Date | null;
  /** When the group failed, or null. */
  failedAt: Date | null;
  /**
   * A failed group: false until closeGroups has refunded every paid member and closed every unpaid
   * one; a payment arriving later sets it false again so the next run refunds that member too.
   */
  settled: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** The group a leader's order opens. */
export function groupIdForOrder(orderId: string): string {
  return `g${orderId.slice(1)}`;
}

/** Why a shopper cannot take a place in a group now; null when they can. */
export type JoinRefusal = 'GROUP_FULL' | 'GROUP_CLOSED' | 'GROUP_ALREADY_JOINED';

export function joinRefusal(group: GroupDocument, userId: string, now: Date): JoinRefusal | null {
  if (group.members.some((member) => member.userId === userId)) return 'GROUP_ALREADY_JOINED';
  if (group.status !== 'forming' || group.expiresAt.getTime() <= now.getTime()) return 'GROUP_CLOSED';
  if (group.members.length >= group.size) return 'GROUP_FULL';
  return null;
}

/** Whether every place is taken by a paid member: the group is filled then. */
export function allPaid(group: Pick<GroupDocument, 'members' | 'size'>): boolean {
  return group.members.length === group.size && group.members.every((member) => member.paid);
}
