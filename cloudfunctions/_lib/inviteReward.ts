/**
 * The invite reward's steps (docs/team.md section 3; the rule is shared/inviteReward.ts), each safe
 * to run again:
 *
 *   mark: the settlement transaction writes `settlement.invite: 'pending'` on an order with a
 *     referrer while the reward is on (_lib/settleOrder.ts), so the decision is durable before
 *     anything else happens;
 *   decide: after the commit (or from the settlement sweep after a crash), finishInvite reads the
 *     facts, takes a slot of the referrer's daily cap, grants `ir:<buyerId>` through the rewards
 *     core (_lib/rewards.ts) and replaces the mark with the outcome. Each part is keyed: the slot
 *     by the invitee, the reward by the invitee, the mark's update by 'pending'. A first order
 *     whose commissions are on risk hold gets its reward on hold too, and none once the merchant
 *     has voided its case (_lib/rewards.ts grantReward);
 *   schedule: a reward granted before its order completed has no release date; the release run
 *     copies the order's return-window end onto it (scheduleOrderRewards);
 *   take back: a refund that leaves the first order with no paid goods takes the reward back
 *     (void before release, claw back after: takeBackInviteReward).
 */
import { chinaDay } from '@shared/chinaTime';
import { decideInviteReward, inviteDayCounterId, inviteRewardRulesOf, slotFor } from '@shared/inviteReward';
import { formatFen } from '@shared/money';
import { displayOrderNo, netGoodsFen, type OrderDocument } from '@shared/orders';
import { inviteRewardId, type RewardExplanationLine } from '@shared/rewards';
import type { RulesDocument } from '@shared/rules';
import { isDistributor } from '@shared/users';
import { _, countWhere, findWhere, getDoc, updateWhere } from './db';
import { grantReward, RISK_VOIDED, takeBackReward } from './rewards';
import { loadRules } from './rules';
import { BUSY, inTransaction } from './tx';

export type InviteOutcome = NonNullable<OrderDocument['settlement']['invite']>;

/** Orders whose decision the settlement sweep finishes per run at most. */
const SWEEP_PAGE = 50;
/** Order-tied rewards the release run gives a release date per run at most. */
const SCHEDULE_PAGE = 100;

/**
 * True when no other order of the buyer was paid before this one. Another order paid at the very
 * same instant counts as earlier too: of two such orders neither is the first, and neither earns
 * (a shopper who really is new is not harmed by a rare tie; a script paying many orders at once is).
 */
async function isFirstPaidOrder(order: OrderDocument): Promise<boolean> {
  const paidAt = order.payment.paidAt;
  if (!paidAt) return false;
  const earlier = await countWhere('orders', {
    buyerId: order.buyerId,
    'payment.paidAt': _.lte(paidAt),
    _id: _.neq(order._id),
  });
  return earlier === 0;
}

/** Takes (or finds) the invitee's slot in the referrer's cap for the day; 'full' when none is left. */
async function takeSlot(referrerId: string, inviteeId: string, day: string, dailyCap: number, now: Date) {
  const id = inviteDayCounterId(referrerId, day);
  return inTransaction(async (tx) => {
    const current = await tx.get('inviteRewardDays', id);
    const slot = slotFor(current, inviteeId, dailyCap);
    if (slot !== 'free') return slot;
    if (current) await tx.update('inviteRewardDays', id, { inviteeIds: _.push([inviteeId]), updatedAt: now });
    else await tx.set('inviteRewardDays', id, { referrerId, day, inviteeIds: [inviteeId], updatedAt: now });
    return 'held' as const;
  });
}

function explanationOf(order: OrderDocument, amountFen: number): RewardExplanationLine[] {
  return [
    {
      kind: 'order',
      text: `邀请的新用户首单 ${displayOrderNo(order)}，实付商品 ${formatFen(netGoodsFen(order))}`,
      amountFen: netGoodsFen(order),
      orderId: order._id,
    },
    { kind: 'amount', text: `拉新奖励 ${formatFen(amountFen)}，随该订单退货期结束后解冻`, amountFen },
  ];
}

/** The decision for one marked order: what to record in place of 'pending' (BUSY: leave the mark). */
async function decide(order: OrderDocument, rules: RulesDocument, now: Date): Promise<InviteOutcome | typeof BUSY> {
  const existing = await getDoc('rewards', inviteRewardId(order.buyerId));
  if (existing) return existing.orderId === order._id ? 'granted' : 'rewarded';
  const inviteRules = inviteRewardRulesOf(rules);
  const facts = { rules: inviteRules, buyerId: order.buyerId, chain: order.chain, netGoodsFen: netGoodsFen(order) };
  const first = decideInviteReward({ ...facts, firstPaidOrder: true, referrerCanEarn: () => true });
  if (!first.grant) return first.reason;
  if (!(await isFirstPaidOrder(order))) return 'notFirstOrder';
  const referrer = await getDoc('users', first.referrerId);
  if (!referrer || !isDistributor(referrer, rules)) return 'referrerCannotEarn';
  const day = chinaDay(order.payment.paidAt as Date);
  const slot = await takeSlot(first.referrerId, order.buyerId, day, inviteRules.dailyCap, now);
  if (slot === BUSY) return BUSY;
  if (slot === 'full') return 'capped';
  const granted = await grantReward(
    {
      _id: inviteRewardId(order.buyerId),
      kind: 'inviteReward',
      beneficiaryId: first.referrerId,
      amountFen: first.amountFen,
      releaseAt: order.status === 'completed' ? (order.returnWindowEndsAt ?? null) : null,
      orderId: order._id,
      period: null,
      explanation: explanationOf(order, first.amountFen),
    },
    now,
  );
  if (granted === BUSY) return BUSY;
  // The merchant voided the order's risk case before the grant: the slot stays taken, nothing is paid.
  if (granted === RISK_VOIDED) return 'riskVoided';
  return granted.reward.orderId === order._id ? 'granted' : 'rewarded';
}

/**
 * Finishes the invite decision of one order if it is marked pending; answers what was recorded
 * (null when the order has no pending decision, or its transactions stayed busy: the mark stays).
 */
export async function finishInvite(orderId: string, now: Date, rules?: RulesDocument): Promise<InviteOutcome | null> {
  const order = await getDoc('orders', orderId);
  if (!order || order.settlement.invite !== 'pending') return null;
  const outcome = await decide(order, rules ?? (await loadRules()), now);
  if (outcome === BUSY) return null;
  await updateWhere(
    'orders',
    { _id: orderId, 'settlement.invite': 'pending' },
    { 'settlement.invite': outcome, updatedAt: now },
  );
  return outcome;
}

/** Whether settlement must mark an order (rules null: they could not be read, so decide later). */
export function needsInviteDecision(order: Pick<OrderDocument, 'buyerId' | 'chain'>, rules: RulesDocument | null) {
  if (rules && !inviteRewardRulesOf(rules).enabled) return false;
  return order.chain.some((memberId) => memberId !== order.buyerId);
}

/** The settlement sweep's part: decisions a crash left pending (older than `graceMs`). */
export async function finishPendingInvites(now: Date, graceMs: number, budgetLeft: () => boolean) {
  const pending = await findWhere(
    'orders',
    { 'settlement.invite': 'pending', 'settlement.settledAt': _.lt(new Date(now.getTime() - graceMs)) },
    { orderBy: [['settlement.settledAt', 'asc']], limit: SWEEP_PAGE },
  );
  let finished = 0;
  const rules = pending.length > 0 ? await loadRules() : undefined;
  for (const order of pending) {
    if (!budgetLeft()) return { finished, done: false };
    if ((await finishInvite(order._id, new Date(), rules)) !== null) finished += 1;
  }
  return { finished, done: pending.length < SWEEP_PAGE };
}

/** The release run's part: order-tied frozen rewards without a release date get their order's. */
export async function scheduleOrderRewards(now: Date): Promise<number> {
  const waiting = await findWhere(
    'rewards',
    { status: 'frozen', releaseAt: null, orderId: _.neq(null) },
    { orderBy: [['createdAt', 'asc']], limit: SCHEDULE_PAGE },
  );
  if (waiting.length === 0) return 0;
  const orders = await findWhere('orders', { _id: _.in(waiting.map((reward) => reward.orderId as string)) }, {});
  const ends = new Map(orders.map((order) => [order._id, order.returnWindowEndsAt ?? null]));
  let scheduled = 0;
  for (const reward of waiting) {
    const releaseAt = ends.get(reward.orderId as string);
    if (!releaseAt) continue;
    scheduled += await updateWhere(
      'rewards',
      { _id: reward._id, status: 'frozen', releaseAt: null },
      { releaseAt, updatedAt: now },
    );
  }
  return scheduled;
}

/**
 * After a refund of `order` whose lines now stand at `refundedFenAfter`: when nothing of the goods
 * is left paid and the buyer's invite reward is tied to this order, it is taken back. Answers
 * whether the reward is settled (false: busy, the refund's re-drive runs this again).
 */
export async function takeBackInviteReward(
  order: Pick<OrderDocument, '_id' | 'buyerId' | 'lines'>,
  refundedFenAfter: ReadonlyMap<number, number>,
  now: Date,
): Promise<boolean> {
  const lines = order.lines.map((line) => ({
    ...line,
    refundedFen: refundedFenAfter.get(line.lineIndex) ?? line.refundedFen,
  }));
  if (netGoodsFen({ lines }) > 0) return true;
  const reward = await getDoc('rewards', inviteRewardId(order.buyerId));
  if (!reward || reward.orderId !== order._id) return true;
  const outcome = await takeBackReward(reward._id, `订单 ${order._id} 已全额退款`, now);
  return outcome !== BUSY;
}
