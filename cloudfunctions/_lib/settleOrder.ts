/**
 * Settling one order, shared by settleCommission (started by the payment flow) and the
 * sweepSettlements timer (what the payment flow's call missed). One transaction (so every
 * record and balance change happens together or not at all, and a retry after a crash starts
 * clean):
 *
 *   read the order (settled already → a replay), the buyer;
 *   add one commission per line and level that earns (deterministic ids), with what refunds
 *   applied to its line before settlement already reversed (`reversedFen`), and its release
 *   date when the order is already completed;
 *   per beneficiary: credit `frozenFen` with what is left and add the settle entry with that delta;
 *   add the order's net paid goods to the buyer's `stats.paidSpendFen` and to
 *   `stats.teamPaidSalesFen` of the buyer's ancestors (the team the buyer is in now), and record
 *   on the order who got them (`settlement.teamIds`, `settlement.netGoodsFen`) and which refunds
 *   they are net of (`settlement.reversedRefunds`), so that later refunds subtract from the same
 *   people and a refund is never subtracted twice;
 *   mark the order settled.
 *
 * Refunds and settlement serialise on the order document: onRefundCallback writes a refund onto
 * the order's lines before its reversal step runs, and this transaction writes the order too. If
 * the refund lands after this transaction's snapshot, its write of the order conflicts and the
 * retry reads the refund; if it landed before, the lines carry it. Either way, each refund is
 * taken once: here (listed in reversedRefunds) or by the reversal step after settlement.
 *
 * A conflict with a concurrent transaction (two orders of one team settling at once) is retried;
 * after that the order stays `pending` and the next sweep settles it.
 */
import { reversedAfter } from '@shared/commissions';
import type { SettleCommissionError, SettleCommissionOutput } from '@shared/contracts/settleCommission';
import {
  commissionsOf,
  frozenFenOf,
  settleEntryId,
  ZERO_BALANCES,
  type CommissionDocument,
  type LedgerEntry,
} from '@shared/ledger';
import type { OrderDocument } from '@shared/orders';
import { fail, ok, type Result } from '@shared/result';
import { _ } from './db';
import type { WithoutStatus } from './transitions';
import { BUSY, inTransaction, type Tx } from './tx';
import { notifyNewCommissions } from './commissionNotice';

const SETTLEABLE = ['paid', 'shipped', 'completed'];

/** A settlement that wrote: the function's answer and each beneficiary's frozen credit (fen). */
interface Settled {
  output: SettleCommissionOutput;
  credits: Map<string, number>;
}

type Outcome = Settled | 'ALREADY_SETTLED' | 'ORDER_NOT_FOUND' | 'NOT_PAID';

/** Credits one beneficiary's frozen balance and records why. */
async function creditFrozen(
  tx: Tx,
  userId: string,
  amountFen: number,
  orderId: string,
  commissionIds: string[],
  now: Date,
): Promise<void> {
  const account = await tx.get('accounts', userId);
  if (account) await tx.update('accounts', userId, { frozenFen: _.inc(amountFen), updatedAt: now });
  else await tx.set('accounts', userId, { ...ZERO_BALANCES, frozenFen: amountFen, createdAt: now, updatedAt: now });
  const entry: LedgerEntry = {
    _id: settleEntryId(orderId, userId),
    userId,
    kind: 'settle',
    deltas: { ...ZERO_BALANCES, frozenFen: amountFen },
    ref: { orderId, commissionIds },
    at: now,
  };
  await tx.add('ledgerEntries', entry);
}

/** The order's goods as paid, net of refunds so far (shipping is not sales). */
function netGoodsFen(order: OrderDocument): number {
  return order.lines.reduce((sum, line) => sum + line.paidFen - line.refundedFen, 0);
}

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

async function settleIn(tx: Tx, orderId: string, now: Date): Promise<Outcome> {
  const order = await tx.get('orders', orderId);
  if (!order) return 'ORDER_NOT_FOUND';
  if (order.settlement.state === 'settled') return 'ALREADY_SETTLED';
  if (!SETTLEABLE.includes(order.status)) return 'NOT_PAID';
  const commissions = commissionsToSettle(order, now);
  for (const commission of commissions) await tx.add('commissions', commission);
  const credits = creditsOf(commissions);
  for (const [userId, sum] of credits) await creditFrozen(tx, userId, sum.amountFen, orderId, sum.ids, now);
  const net = netGoodsFen(order);
  const buyer = await tx.get('users', order.buyerId);
  const settlement: WithoutStatus = {
    'settlement.state': 'settled',
    'settlement.settledAt': now,
    'settlement.netGoodsFen': net,
    'settlement.reversedRefunds': (order.refunds ?? []).map((refund) => refund.outRefundNo),
  };
  if (buyer) {
    await tx.update('users', buyer._id, { 'stats.paidSpendFen': _.inc(net) });
    for (const ancestor of buyer.ancestors)
      await tx.update('users', ancestor, { 'stats.teamPaidSalesFen': _.inc(net) });
    // Absent when there was no buyer document: no stats were added, so refunds subtract none.
    settlement['settlement.teamIds'] = [...buyer.ancestors];
  }
  await tx.update('orders', orderId, settlement);
  const amounts = new Map([...credits].map(([userId, sum]) => [userId, sum.amountFen]));
  return { output: { status: 'settled', commissionCount: commissions.length }, credits: amounts };
}

export async function settleOrder(
  orderId: string,
  now: Date,
): Promise<Result<SettleCommissionOutput, SettleCommissionError>> {
  const outcome = await inTransaction((tx) => settleIn(tx, orderId, now));
  if (outcome === BUSY) return fail('BUSY', 'the order is being settled concurrently; the sweep will finish it');
  if (outcome === 'ORDER_NOT_FOUND') return fail('ORDER_NOT_FOUND', `no order ${orderId}`);
  if (outcome === 'NOT_PAID') return fail('NOT_PAID', `order ${orderId} is not paid`);
  if (outcome === 'ALREADY_SETTLED') return ok({ status: 'alreadySettled', commissionCount: 0 });
  // Only after the commit, and only by the call that settled: a replay sends nothing again.
  await notifyNewCommissions(outcome.credits, now);
  return ok(outcome.output);
}
