/**
 * Reversals and clawbacks (docs/rules.md section 6): what a refund takes back from the commissions of
 * the lines it refunded, and from the buyer's and the team's paid totals. onRefundCallback runs
 * it as a named step after the refund is applied to the order's lines (its OrderRefundEntry
 * carries each line's refundedFenAfter), in ONE transaction per refund:
 *
 *   read the order: not settled yet → nothing (settlement reverses from the lines, see below);
 *   this refund in `settlement.reversedRefunds` already → nothing (a replay);
 *   read the line's commissions and plan each (shared/commissions.ts reversalStep): still frozen
 *   → reverse from the frozen balance; released → claw back from the available balance (which
 *   may go negative) and from the beneficiary's stats.releasedCommissionFen; claimed by a
 *   release batch that has not finished (`releasing`) → touch NOTHING and answer `releasing`;
 *   write the commissions, one `reverse:<outRefundNo>:<userId>` and/or
 *   `clawback:<outRefundNo>:<userId>` entry per beneficiary with the account change, subtract
 *   the refund's goods from the buyer's stats.paidSpendFen and the settlement's team
 *   (`settlement.teamIds`) stats.teamPaidSalesFen, and add the refund to reversedRefunds.
 *
 * Why this is exact and happens once: the amounts are cumulative targets (what all refunds of the
 * line up to this one reverse, minus what was already taken), so refunds of a line reversed in any
 * order take exactly floor(amount × refunded / base), and the last one takes the rest. The
 * transaction reads and writes the order, so two deliveries of one refund (or two refunds of one
 * order) conflict and the retry sees reversedRefunds. A crash before the commit changes nothing;
 * after it, the next delivery is a replay.
 *
 * Why it serialises with settlement: the refund was written onto the order's lines (step 1 of
 * onRefundCallback) before this runs, and settlement's transaction writes the order document. If
 * this reads the order unsettled, settlement has not committed yet and will either read the refund
 * on the lines or conflict on the order (changed after its snapshot) and retry, reading it then;
 * settlement lists the refunds it already netted in reversedRefunds, so this never takes them twice.
 *
 * Why it waits for the order's settlement shares: settlement credits the beneficiaries' frozen
 * balances through shares that a roll-up applies after settlement committed (_lib/rollup.ts).
 * The transaction reads each debited beneficiary's share of this order and writes nothing while
 * one is pending (the answer is `sharesPending`); reverseCommissions then rolls the order's shares
 * up and tries again. So a reversal never takes from a balance that lacks the credit it reverses.
 * An applied share proves the account exists (the roll-up created it); an order settled before
 * shares existed has none, and its account is read instead. The paid totals are not waited for:
 * they are plain sums whose increments commute, and no money depends on them.
 *
 * Why `releasing` refuses: a release batch has claimed the commission and is moving its amount
 * from frozen to available for many commissions at once; changing it meanwhile would make the
 * batch move the wrong amount. The refund callback answers unacknowledged instead, and the
 * platform re-delivers later (15 s ... 6 h), after the release run finished the batch.
 */
import type { OrderRefundEntry } from '@shared/afterSales';
import { reversalStep, type ReversalStep } from '@shared/commissions';
import {
  commissionId,
  settleShareId,
  ZERO_BALANCES,
  type CommissionDocument,
  type CommissionEvent,
  type LedgerEntry,
} from '@shared/ledger';
import type { OrderDocument } from '@shared/orders';
import { _ } from './db';
import { appendEntries } from './ledgerChain';
import { rollUpOrder } from './rollup';
import { BUSY, inTransaction, type Tx } from './tx';

export type ReversalOutcome =
  /** Applied now: fen taken from frozen balances (reversed) and from available balances (clawed back). */
  | { kind: 'applied'; reversedFen: number; clawedBackFen: number }
  /** This refund was reversed before (by an earlier delivery, or netted by settlement). */
  | { kind: 'replay' }
  /** The order is not settled: settlement will net the refund from the lines. */
  | { kind: 'notSettled' }
  /** A commission to change is claimed by an unfinished release batch: nothing was written. */
  | { kind: 'releasing'; commissionIds: string[] }
  /** Every attempt conflicted with a concurrent transaction, or the order's settlement shares stayed pending: nothing was written. */
  | { kind: 'busy' };

/** Inside the transaction only: a debited beneficiary's share of the order is not applied yet. */
type Attempt = ReversalOutcome | { kind: 'sharesPending' };

/** How long a reversal may spend rolling up its order's pending shares before it answers busy. */
const ROLLUP_BUDGET_MS = 5_000;

type Planned = { commission: CommissionDocument; step: Exclude<ReversalStep, { kind: 'none' | 'notReady' }> };

/** Per beneficiary: what comes out of frozen and out of available, and which commissions. */
interface Take {
  reversedFen: number;
  reversedIds: string[];
  clawedBackFen: number;
  clawedBackIds: string[];
}

export function reverseEntryId(outRefundNo: string, userId: string): string {
  return `reverse:${outRefundNo}:${userId}`;
}

export function clawbackEntryId(outRefundNo: string, userId: string): string {
  return `clawback:${outRefundNo}:${userId}`;
}

/** Takes back what `refund` reverses from the order's commissions and paid totals, once. */
export async function reverseCommissions(
  orderId: string,
  refund: OrderRefundEntry,
  now: Date,
): Promise<ReversalOutcome> {
  const deadline = performance.now() + ROLLUP_BUDGET_MS;
  // Twice at most: after a roll-up that applied the order's shares they stay applied.
  for (let round = 0; round < 2; round += 1) {
    const outcome = await inTransaction((tx) => reverseIn(tx, orderId, refund, now));
    if (outcome === BUSY) return { kind: 'busy' };
    if (outcome.kind !== 'sharesPending') return outcome;
    if (!(await rollUpOrder(orderId, now, deadline))) break;
  }
  return { kind: 'busy' };
}

/** True when every debited beneficiary's share of the order is applied (docs/rules.md section 7). */
async function sharesApplied(tx: Tx, orderId: string, userIds: readonly string[]): Promise<boolean> {
  for (const userId of userIds) {
    const share = await tx.get('settlementShares', settleShareId(orderId, userId));
    if (share?.state === 'pending') return false;
    if (!share && !(await tx.get('accounts', userId)))
      throw new Error(`${userId} earned commission on order ${orderId} but has no account`);
  }
  return true;
}

async function reverseIn(tx: Tx, orderId: string, refund: OrderRefundEntry, now: Date): Promise<Attempt> {
  const order = await tx.get('orders', orderId);
  if (!order) throw new Error(`refund ${refund.outRefundNo} reverses order ${orderId}, which does not exist`);
  if (order.settlement.state !== 'settled') return { kind: 'notSettled' };
  const done = order.settlement.reversedRefunds ?? [];
  if (done.includes(refund.outRefundNo)) return { kind: 'replay' };
  const planned: Planned[] = [];
  const releasing: string[] = [];
  for (const commission of await commissionsOfRefund(tx, order, refund)) {
    const line = refund.lines.find(
      (candidate) => candidate.lineIndex === commission.lineIndex,
    ) as OrderRefundEntry['lines'][number];
    const step = reversalStep(commission, line.refundedFenAfter);
    if (step.kind === 'notReady') releasing.push(commission._id);
    else if (step.kind !== 'none') planned.push({ commission, step });
  }
  // Refused before the first write, so the transaction commits nothing.
  if (releasing.length > 0) return { kind: 'releasing', commissionIds: releasing };
  const takes = takesOf(planned);
  if (!(await sharesApplied(tx, orderId, [...takes.keys()]))) return { kind: 'sharesPending' };
  for (const item of planned) await writeCommission(tx, item, refund.outRefundNo, now);
  const statChanges = new Map<string, Record<string, number>>();
  for (const [userId, take] of takes) await debitAccount(tx, userId, take, orderId, refund.outRefundNo, now);
  for (const [userId, take] of takes)
    if (take.clawedBackFen > 0) addChange(statChanges, userId, 'stats.releasedCommissionFen', -take.clawedBackFen);
  subtractPaidTotals(statChanges, order, refund);
  for (const [userId, change] of statChanges)
    await tx.update(
      'users',
      userId,
      Object.fromEntries(Object.entries(change).map(([field, fen]) => [field, _.inc(fen)])),
    );
  await tx.update('orders', orderId, { 'settlement.reversedRefunds': [...done, refund.outRefundNo], updatedAt: now });
  const sum = (pick: (take: Take) => number): number =>
    [...takes.values()].reduce((total, take) => total + pick(take), 0);
  return {
    kind: 'applied',
    reversedFen: sum((take) => take.reversedFen),
    clawedBackFen: sum((take) => take.clawedBackFen),
  };
}

/**
 * The commissions of the refunded lines: the levels the line's attribution snapshot says earned
 * (exactly those settlement created). A settled order missing one is a broken invariant.
 */
async function commissionsOfRefund(
  tx: Tx,
  order: OrderDocument,
  refund: OrderRefundEntry,
): Promise<CommissionDocument[]> {
  const commissions: CommissionDocument[] = [];
  for (const refunded of refund.lines) {
    const line = order.lines.find((candidate) => candidate.lineIndex === refunded.lineIndex);
    if (!line)
      throw new Error(
        `refund ${refund.outRefundNo} names line ${refunded.lineIndex}, which order ${order._id} does not have`,
      );
    for (const level of line.attribution.levels.filter((candidate) => candidate.amountFen > 0)) {
      const id = commissionId(order._id, line.lineIndex, level.level);
      const commission = await tx.get('commissions', id);
      if (!commission) throw new Error(`settled order ${order._id} has no commission ${id}`);
      commissions.push(commission);
    }
  }
  return commissions;
}

async function writeCommission(tx: Tx, { commission, step }: Planned, refundId: string, now: Date): Promise<void> {
  const event: CommissionEvent = {
    event: step.kind === 'reverse' ? 'reversed' : 'clawedBack',
    at: now,
    amountFen: step.amountFen,
    refundId,
  };
  const history = [...commission.history, event];
  if (step.kind === 'reverse') {
    const status = step.fullyReversed ? 'reversed' : commission.status;
    await tx.update('commissions', commission._id, {
      reversedFen: step.reversedFenAfter,
      status,
      history,
      updatedAt: now,
    });
  } else {
    await tx.update('commissions', commission._id, { clawedBackFen: step.clawedBackFenAfter, history, updatedAt: now });
  }
}

function takesOf(planned: readonly Planned[]): Map<string, Take> {
  const takes = new Map<string, Take>();
  for (const { commission, step } of planned) {
    const take = takes.get(commission.beneficiaryId) ?? {
      reversedFen: 0,
      reversedIds: [],
      clawedBackFen: 0,
      clawedBackIds: [],
    };
    if (step.kind === 'reverse') {
      take.reversedFen += step.amountFen;
      take.reversedIds.push(commission._id);
    } else {
      take.clawedBackFen += step.amountFen;
      take.clawedBackIds.push(commission._id);
    }
    takes.set(commission.beneficiaryId, take);
  }
  return takes;
}

/** One account change and its entries (reverse from frozen, clawback from available). */
async function debitAccount(
  tx: Tx,
  userId: string,
  take: Take,
  orderId: string,
  refundId: string,
  now: Date,
): Promise<void> {
  const change = { frozenFen: _.inc(-take.reversedFen), availableFen: _.inc(-take.clawedBackFen), updatedAt: now };
  const entries: LedgerEntry[] = [];
  const ref = { orderId, refundId };
  if (take.reversedFen > 0) {
    entries.push({
      _id: reverseEntryId(refundId, userId),
      userId,
      kind: 'reverse',
      deltas: { ...ZERO_BALANCES, frozenFen: -take.reversedFen },
      ref: { ...ref, commissionIds: take.reversedIds },
      at: now,
    });
  }
  if (take.clawedBackFen > 0) {
    entries.push({
      _id: clawbackEntryId(refundId, userId),
      userId,
      kind: 'clawback',
      deltas: { ...ZERO_BALANCES, availableFen: -take.clawedBackFen },
      ref: { ...ref, commissionIds: take.clawedBackIds },
      at: now,
    });
  }
  await appendEntries(tx, userId, change, entries);
}

/**
 * The refund's goods (its lines, not shipping) come off the paid totals settlement added them to:
 * the buyer's and those of the team recorded at settlement (not the buyer's team now, which may
 * have changed). No teamIds: settlement found no buyer document and added nothing.
 */
function subtractPaidTotals(
  changes: Map<string, Record<string, number>>,
  order: OrderDocument,
  refund: OrderRefundEntry,
): void {
  const teamIds = order.settlement.teamIds;
  const goodsFen = refund.lines.reduce((sum, line) => sum + line.amountFen, 0);
  if (!teamIds || goodsFen === 0) return;
  addChange(changes, order.buyerId, 'stats.paidSpendFen', -goodsFen);
  for (const userId of teamIds) addChange(changes, userId, 'stats.teamPaidSalesFen', -goodsFen);
}

/** Collects increments per user and field, so a user who is both beneficiary and team gets one update. */
function addChange(
  changes: Map<string, Record<string, number>>,
  userId: string,
  field: string,
  deltaFen: number,
): void {
  const change = changes.get(userId) ?? {};
  change[field] = (change[field] ?? 0) + deltaFen;
  changes.set(userId, change);
}
