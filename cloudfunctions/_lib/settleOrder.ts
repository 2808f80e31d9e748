/**
 * Settling one order, shared by settleCommission (started by the payment flow) and the
 * sweepSettlements timer (what the payment flow's call missed). Two steps (docs/rules.md
 * section 7, "Settlement shares and roll-ups"):
 *
 * 1. One transaction that writes only documents of this order, so that the orders of one team
 *    never conflict with each other:
 *
 *   read the order (settled already → a replay), the buyer;
 *   mark the order settled first (a concurrent settlement of the same order conflicts there,
 *   before it wrote anything) and record who got its paid totals (`settlement.teamIds`,
 *   `settlement.netGoodsFen`) and which refunds they are net of (`settlement.reversedRefunds`),
 *   so that later refunds subtract from the same people and a refund is never subtracted twice;
 *   add one commission per line and level that earns (deterministic ids), with what refunds
 *   applied to its line before settlement already reversed (`reversedFen`), and its release
 *   date when the order is already completed;
 *   credit the buyer's points for the order to frozen, net of those refunds (when the order was
 *   placed with points on: _lib/pointsEarning.ts);
 *   add the order's net paid goods to the buyer's `stats.paidSpendFen` (only this buyer's own
 *   orders write that document, so it is not a document the team's orders share);
 *   add one settlement share per other user the order owes something (`share:<orderId>:<userId>`):
 *   a beneficiary's frozen credit (what is left of their commissions), the ancestors' team paid
 *   sales (the team the buyer is in now), each the order's net paid goods.
 *
 * 2. Roll-ups (_lib/rollup.ts), one per user of a share, at once: each moves that user's pending
 *    shares into the account (with the settle entry) and stats. The call waits until its own
 *    shares are applied, by its roll-up or a concurrent one, within ROLLUP_BUDGET_MS; a crash or
 *    an exhausted budget leaves them pending for the next roll-up of the user or the sweep.
 *
 * Refunds and settlement serialise on the order document: onRefundCallback writes a refund onto
 * the order's lines before its reversal step runs, and this transaction writes the order too. If
 * the refund lands after this transaction's snapshot, its write of the order conflicts and the
 * retry reads the refund; if it landed before, the lines carry it. Either way, each refund is
 * taken once: here (listed in reversedRefunds) or by the reversal step after settlement, which
 * waits for this order's shares to be applied (_lib/reversal.ts).
 *
 * A conflict on the order (a concurrent settlement of the same order) is retried; after that the
 * order stays `pending` and the next sweep settles it.
 *
 * Risk holds (docs/rules.md section 9): before the transaction, _lib/riskFacts.ts reads what the
 * signals need (bounded reads, one while risk is off). When a signal fires, the transaction
 * writes the order's commissions with `riskHold: risk:<orderId>` and adds that risk case, both
 * documents of this order; the release run claims no commission with a riskHold. The
 * transaction also counts the order in the buyer's `stats.paidOrderCount` and `stats.paidGoodsFen`
 * (gross goods), from which the refund-rate signal reads later orders' buyers.
 */
import { reversedAfter } from '@shared/commissions';
import type { SettleCommissionError, SettleCommissionOutput } from '@shared/contracts/settleCommission';
import {
  commissionsOf,
  frozenFenOf,
  settleShareId,
  type CommissionDocument,
  type SettlementShareDocument,
} from '@shared/ledger';
import { netGoodsFen, type OrderDocument } from '@shared/orders';
import type { RulesDocument } from '@shared/rules';
import type { RiskCaseDocument } from '@shared/risk';
import { fail, ok, type Result } from '@shared/result';
import type { UserDocument } from '@shared/users';
import { notifyNewCommissions } from './commissionNotice';
import { finishInvite, needsInviteDecision } from './inviteReward';
import { _ } from './db';
import { creditEarnedIn, earningOf } from './pointsEarning';
import { assessOrderRisk, type RiskVerdict } from './riskFacts';
import { rollUpOrder, rollUpUser } from './rollup';
import { rulesOrNull } from './rules';
import type { WithoutStatus } from './transitions';
import { BUSY, inTransaction, type Tx } from './tx';

const SETTLEABLE = ['paid', 'shipped', 'completed'];
/**
 * How long a settlement waits for its shares to be applied (settleCommission's timeout is 20 s):
 * under a burst of one team's orders a roll-up may conflict a few times before it, or a
 * concurrent one, applies them.
 */
const ROLLUP_BUDGET_MS = 8_000;

/** A settlement that wrote: the function's answer, each beneficiary's frozen credit (fen), its shares. */
interface Settled {
  output: SettleCommissionOutput;
  credits: Map<string, number>;
  shares: SettlementShareDocument[];
  /** The order was marked for an invite decision (settlement.invite 'pending'). */
  invitePending: boolean;
}

type Outcome = Settled | 'ALREADY_SETTLED' | 'ORDER_NOT_FOUND' | 'NOT_PAID';

/**
 * The order's commissions as settlement records them: the part of each that the line's refunds
 * so far reverse is reversed from the start (never credited), and an order completed before it
 * settled gives them its return window's end as their release date (the completion-time
 * scheduling only sets commissions that exist, so it may have run before these did).
 */
export function commissionsToSettle(order: OrderDocument, now: Date): CommissionDocument[] {
  const releaseAt = order.status === 'completed' ? (order.returnWindowEndsAt ?? null) : null;
  return commissionsOf(order, now).map((commission) => {
    const line = order.lines.find((candidate) => candidate.lineIndex === commission.lineIndex);
    const reversedFen = reversedAfter(commission.amountFen, commission.baseFen, line?.refundedFen ?? 0);
    const history = [...commission.history];
    if (reversedFen > 0) history.push({ event: 'reversed', at: now, amountFen: reversedFen });
    if (releaseAt) history.push({ event: 'scheduled', at: now, releaseAt });
    const status = reversedFen === commission.amountFen ? ('reversed' as const) : commission.status;
    return { ...commission, reversedFen, status, releaseAt, history };
  });
}

/** What settlement credits each beneficiary's frozen balance (net of pre-settlement refunds). */
function creditsOf(commissions: readonly CommissionDocument[]): Map<string, { amountFen: number; ids: string[] }> {
  const sums = new Map<string, { amountFen: number; ids: string[] }>();
  for (const commission of commissions) {
    const sum = sums.get(commission.beneficiaryId) ?? { amountFen: 0, ids: [] };
    sum.amountFen += frozenFenOf(commission);
    sum.ids.push(commission._id);
    sums.set(commission.beneficiaryId, sum);
  }
  return sums;
}

/** The shares the order owes: beneficiaries' credits and the team's sales (fen); the buyer's spend is no share. */
function sharesOf(
  orderId: string,
  credits: ReadonlyMap<string, { amountFen: number; ids: string[] }>,
  buyer: UserDocument | null,
  netFen: number,
  now: Date,
): SettlementShareDocument[] {
  const shares = new Map<string, SettlementShareDocument>();
  const shareOf = (userId: string): SettlementShareDocument => {
    const share = shares.get(userId) ?? {
      _id: settleShareId(orderId, userId),
      orderId,
      userId,
      frozenFen: 0,
      commissionIds: [],
      paidSpendFen: 0,
      teamPaidSalesFen: 0,
      state: 'pending' as const,
      createdAt: now,
      appliedAt: null,
    };
    shares.set(userId, share);
    return share;
  };
  for (const [userId, credit] of credits)
    Object.assign(shareOf(userId), { frozenFen: credit.amountFen, commissionIds: credit.ids });
  // No buyer document: no paid totals are added, and refunds subtract none (no teamIds).
  if (buyer && netFen !== 0) for (const ancestor of buyer.ancestors) shareOf(ancestor).teamPaidSalesFen = netFen;
  return [...shares.values()];
}

/** The order's commissions on hold under the verdict's case, and the case (null without a verdict). */
function withRiskHold(
  order: OrderDocument,
  commissions: CommissionDocument[],
  verdict: RiskVerdict | null,
  now: Date,
): { commissions: CommissionDocument[]; riskCase: RiskCaseDocument | null } {
  if (!verdict) return { commissions, riskCase: null };
  // Only what still holds money is held: a commission reversed in full before settlement has nothing to release.
  const held = commissions.map((commission) =>
    frozenFenOf(commission) > 0 ? { ...commission, riskHold: verdict.caseId } : commission,
  );
  const frozen = held.filter((commission) => frozenFenOf(commission) > 0);
  const riskCase: RiskCaseDocument = {
    _id: verdict.caseId,
    orderId: order._id,
    buyerId: order.buyerId,
    beneficiaryIds: verdict.beneficiaryIds,
    commissionIds: frozen.map((commission) => commission._id),
    heldFen: frozen.reduce((sum, commission) => sum + frozenFenOf(commission), 0),
    signals: verdict.signals,
    status: 'open',
    createdAt: now,
    decidedBy: null,
    decidedAt: null,
    note: '',
    voidedFen: 0,
  };
  return { commissions: held, riskCase };
}

/** The buyer's stats the order adds to: net spend, and the settled order with its gross goods (refund rate). */
function buyerStatsOf(order: OrderDocument, net: number): Record<string, unknown> {
  const grossFen = order.lines.reduce((sum, line) => sum + line.paidFen, 0);
  const stats: Record<string, unknown> = {
    'stats.paidOrderCount': _.inc(1),
    'stats.paidGoodsFen': _.inc(grossFen),
  };
  if (net !== 0) stats['stats.paidSpendFen'] = _.inc(net);
  return stats;
}

/** What settlement reads before its transaction: the current rules (null if unreadable) and the risk verdict. */
interface Before {
  rules: RulesDocument | null;
  verdict: RiskVerdict | null;
}

async function settleIn(tx: Tx, orderId: string, now: Date, { rules, verdict }: Before): Promise<Outcome> {
  const order = await tx.get('orders', orderId);
  if (!order) return 'ORDER_NOT_FOUND';
  if (order.settlement.state === 'settled') return 'ALREADY_SETTLED';
  if (!SETTLEABLE.includes(order.status)) return 'NOT_PAID';
  const { commissions, riskCase } = withRiskHold(order, commissionsToSettle(order, now), verdict, now);
  const credits = creditsOf(commissions);
  const net = netGoodsFen(order);
  const buyer = await tx.get('users', order.buyerId);
  const settlement: WithoutStatus = {
    'settlement.state': 'settled',
    'settlement.settledAt': now,
    'settlement.netGoodsFen': net,
    'settlement.reversedRefunds': (order.refunds ?? []).map((refund) => refund.outRefundNo),
  };
  // Absent when there was no buyer document: no stats were added, so refunds subtract none.
  if (buyer) settlement['settlement.teamIds'] = [...buyer.ancestors];
  // The invite reward's decision is made after the commit; the mark makes it durable (_lib/inviteReward.ts).
  if (needsInviteDecision(order, rules)) settlement['settlement.invite'] = 'pending';
  // The case's status on the order, for the readers that select orders (the team bonus).
  if (riskCase) settlement['settlement.risk'] = 'open';
  // The buyer's points for the order (_lib/pointsEarning.ts step "earn"), net of refunds so far.
  const points = earningOf(order, net);
  await tx.update('orders', orderId, { ...settlement, ...points.fields });
  await creditEarnedIn(tx, order, points.earned, now);
  const shares = sharesOf(orderId, credits, buyer, net, now);
  const spend = buyer ? [tx.update('users', buyer._id, buyerStatsOf(order, net))] : [];
  await Promise.all([
    ...spend,
    ...(riskCase ? [tx.add('riskCases', riskCase)] : []),
    ...commissions.map((commission) => tx.add('commissions', commission)),
    ...shares.map((share) => tx.add('settlementShares', share)),
  ]);
  const amounts = new Map([...credits].map(([userId, sum]) => [userId, sum.amountFen]));
  const invitePending = settlement['settlement.invite'] === 'pending';
  return {
    output: { status: 'settled', commissionCount: commissions.length },
    credits: amounts,
    shares,
    invitePending,
  };
}

export async function settleOrder(
  orderId: string,
  now: Date,
): Promise<Result<SettleCommissionOutput, SettleCommissionError>> {
  const deadline = performance.now() + ROLLUP_BUDGET_MS;
  const rules = await rulesOrNull();
  const verdict = rules ? await assessOrderRisk(orderId, now, rules) : null;
  const outcome = await inTransaction((tx) => settleIn(tx, orderId, now, { rules, verdict }));
  if (outcome === BUSY) return fail('BUSY', 'the order is being settled concurrently; the sweep will finish it');
  if (outcome === 'ORDER_NOT_FOUND') return fail('ORDER_NOT_FOUND', `no order ${orderId}`);
  if (outcome === 'NOT_PAID') return fail('NOT_PAID', `order ${orderId} is not paid`);
  if (outcome === 'ALREADY_SETTLED') {
    // A replay after a crash between the two steps finishes what the first call left pending.
    await rollUpOrder(orderId, now, deadline);
    await finishInvite(orderId, now, rules ?? undefined);
    return ok({ status: 'alreadySettled', commissionCount: 0 });
  }
  await Promise.all(outcome.shares.map((share) => rollUpUser(share.userId, now, { shareId: share._id, deadline })));
  // Only after the commit, and only by the call that settled: a replay sends nothing again.
  await notifyNewCommissions(outcome.credits, now, rules);
  if (outcome.invitePending) await finishInvite(orderId, now, rules ?? undefined);
  return ok(outcome.output);
}
