/**
 * 风险审核's decisions (docs/rules.md section 9), each ONE transaction that reads and writes the
 * case and the order's held commissions, so an approve and a void of the same case serialise on
 * the case (the second reads it decided) and a refund's reversal serialises with a void on the
 * commissions:
 *
 *   approve: open → approved, and `riskHold` cleared on the commissions and rewards that still
 *     carry this case; the next release run claims them if their return window has ended;
 *   void: open → voided, and every commission this case holds that is still frozen becomes
 *     `reversed` (reversedFen = amountFen), with one `riskVoid:<orderId>:<userId>` entry per
 *     beneficiary taking what was left of it from the frozen balance (account = Σ entries); every
 *     reward it holds (the invite reward of the order) is voided with its `rewardVoid` entry.
 *
 * Either decision also writes it on the order (`settlement.risk`), which the team bonus reads.
 *
 * A held commission is never claimed by a release (the claim requires an empty riskHold), so a
 * void meets only frozen commissions and a release never moves what a void took. Replays answer
 * the recorded decision; the other decision on a decided case is refused. Like a refund's
 * reversal, a void waits for the order's settlement shares to be applied (_lib/rollup.ts), so it
 * never takes from a frozen balance that lacks the credit.
 */
import type { AdminError, AdminInput, AdminOutput } from '@shared/contracts/admin';
import { frozenFenOf, settleShareId, ZERO_BALANCES, type CommissionDocument, type LedgerEntry } from '@shared/ledger';
import { fail, ok, type Result } from '@shared/result';
import type { RewardDocument } from '@shared/rewards';
import type { RiskCaseDocument, RiskCaseStatus } from '@shared/risk';
import { _ } from '../_lib/db';
import { appendEntries } from '../_lib/ledgerChain';
import { voidRewardIn } from '../_lib/rewards';
import { rollUpOrder } from '../_lib/rollup';
import { BUSY, inTransaction, type Tx } from '../_lib/tx';
import type { AdminContext } from './context';
import { readCaseView } from './risk';

type Answer = Promise<Result<AdminOutput<'approveRiskCase'>, AdminError>>;
type Decision = Exclude<RiskCaseStatus, 'open'>;
type Attempt = 'decided' | 'replayed' | 'notFound' | 'otherDecision' | 'sharesPending';

/** How long a void may spend rolling up the order's pending settlement shares. */
const ROLLUP_BUDGET_MS = 5_000;

function riskVoidEntryId(orderId: string, userId: string): string {
  return `riskVoid:${orderId}:${userId}`;
}

/** What the case still holds: its commissions and its rewards that carry its riskHold. */
interface Held {
  commissions: CommissionDocument[];
  rewards: RewardDocument[];
}

/** The case's commissions and rewards that it still holds, read in the transaction. */
async function heldBy(tx: Tx, riskCase: RiskCaseDocument): Promise<Held> {
  const [commissions, rewards] = await Promise.all([
    Promise.all(riskCase.commissionIds.map((id) => tx.get('commissions', id))),
    Promise.all((riskCase.rewardIds ?? []).map((id) => tx.get('rewards', id))),
  ]);
  return {
    commissions: commissions.filter((doc): doc is CommissionDocument => doc?.riskHold === riskCase._id),
    rewards: rewards.filter((doc): doc is RewardDocument => doc?.riskHold === riskCase._id),
  };
}

async function sharesApplied(tx: Tx, orderId: string, userIds: readonly string[]): Promise<boolean> {
  const shares = await Promise.all(userIds.map((userId) => tx.get('settlementShares', settleShareId(orderId, userId))));
  return shares.every((share) => share?.state !== 'pending');
}

/** What a void takes from one beneficiary: commission fen (one riskVoid entry) and voided rewards (their own entries). */
interface Take {
  commissionFen: number;
  commissionIds: string[];
  rewardEntries: LedgerEntry[];
}

/** The beneficiary's Take, started empty on first use. */
function takeOf(takes: Map<string, Take>, userId: string): Take {
  const take = takes.get(userId) ?? { commissionFen: 0, commissionIds: [], rewardEntries: [] };
  takes.set(userId, take);
  return take;
}

/** Reverses what is left of each frozen held commission, gathering what to take per beneficiary. */
async function reverseHeld(tx: Tx, held: CommissionDocument[], takes: Map<string, Take>, now: Date): Promise<void> {
  for (const commission of held) {
    const leftFen = frozenFenOf(commission);
    if (commission.status !== 'frozen' || leftFen <= 0) continue;
    const take = takeOf(takes, commission.beneficiaryId);
    take.commissionFen += leftFen;
    take.commissionIds.push(commission._id);
    const history = [...commission.history, { event: 'reversed' as const, at: now, amountFen: leftFen }];
    await tx.update('commissions', commission._id, {
      status: 'reversed',
      reversedFen: commission.amountFen,
      history: _.set(history),
      updatedAt: now,
    });
  }
}

/** Voids each frozen held reward (the invite reward of the order), gathering its entry per beneficiary. */
async function voidHeldRewards(tx: Tx, rewards: RewardDocument[], takes: Map<string, Take>, now: Date) {
  for (const reward of rewards) {
    const entry = await voidRewardIn(tx, reward, '风险审核：商家作废了该订单的佣金', now);
    if (entry) takeOf(takes, reward.beneficiaryId).rewardEntries.push(entry);
  }
}

/**
 * Takes what is left of each frozen held commission and each frozen held reward back from its
 * beneficiary's frozen balance: one account change per beneficiary, with a `riskVoid` entry for
 * the commissions and a `rewardVoid` entry per reward (account = Σ entries). Answers the fen taken.
 */
async function voidIn(tx: Tx, riskCase: RiskCaseDocument, held: Held, now: Date): Promise<number> {
  const takes = new Map<string, Take>();
  await reverseHeld(tx, held.commissions, takes, now);
  await voidHeldRewards(tx, held.rewards, takes, now);
  let voidedFen = 0;
  for (const [userId, take] of takes) {
    const entries = [...take.rewardEntries];
    if (take.commissionFen > 0)
      entries.unshift({
        _id: riskVoidEntryId(riskCase.orderId, userId),
        userId,
        kind: 'riskVoid',
        deltas: { ...ZERO_BALANCES, frozenFen: -take.commissionFen },
        ref: { orderId: riskCase.orderId, commissionIds: take.commissionIds, riskCaseId: riskCase._id },
        at: now,
      });
    const takenFen = entries.reduce((sum, entry) => sum - entry.deltas.frozenFen, 0);
    await appendEntries(tx, userId, { frozenFen: _.inc(-takenFen), updatedAt: now }, entries);
    voidedFen += takenFen;
  }
  return voidedFen;
}

async function decideIn(tx: Tx, caseId: string, decision: Decision, by: string, note: string, now: Date) {
  const riskCase = await tx.get('riskCases', caseId);
  if (!riskCase) return 'notFound';
  if (riskCase.status === decision) return 'replayed';
  if (riskCase.status !== 'open') return 'otherDecision';
  const held = await heldBy(tx, riskCase);
  if (decision === 'voided') {
    const debited = [...new Set(held.commissions.filter((c) => frozenFenOf(c) > 0).map((c) => c.beneficiaryId))];
    if (!(await sharesApplied(tx, riskCase.orderId, debited))) return 'sharesPending';
  }
  const voidedFen = decision === 'voided' ? await voidIn(tx, riskCase, held, now) : 0;
  if (decision === 'approved') {
    for (const commission of held.commissions)
      await tx.update('commissions', commission._id, { riskHold: null, updatedAt: now });
    for (const reward of held.rewards) await tx.update('rewards', reward._id, { riskHold: null, updatedAt: now });
  }
  await tx.update('riskCases', caseId, { status: decision, decidedBy: by, decidedAt: now, note, voidedFen });
  // The order carries the decision for the readers that select orders (the team bonus).
  await tx.update('orders', riskCase.orderId, { 'settlement.risk': decision, updatedAt: now });
  return 'decided';
}

async function decide(context: AdminContext, caseId: string, decision: Decision, note: string): Answer {
  const deadline = performance.now() + ROLLUP_BUDGET_MS;
  let attempt: Attempt | typeof BUSY = BUSY;
  for (let round = 0; round < 2; round += 1) {
    attempt = await inTransaction<Attempt>((tx) => decideIn(tx, caseId, decision, context.openid, note, context.now));
    if (attempt !== 'sharesPending') break;
    await rollUpOrder(caseId.slice('risk:'.length), context.now, deadline);
  }
  if (attempt === 'notFound') return fail('RISK_CASE_NOT_FOUND', `没有风险记录 ${caseId}`);
  if (attempt === 'otherDecision') return fail('RISK_CASE_DECIDED', '该风险记录已处理');
  if (attempt === BUSY || attempt === 'sharesPending') return fail('BUSY', '请重试 (retry)');
  const view = await readCaseView(caseId);
  if (!view) throw new Error(`risk case ${caseId} vanished after its decision`);
  return ok({ status: attempt, case: view });
}

export function approveRiskCase(context: AdminContext, input: AdminInput<'approveRiskCase'>): Answer {
  return decide(context, input.caseId, 'approved', input.note);
}

export function voidRiskCase(context: AdminContext, input: AdminInput<'voidRiskCase'>): Answer {
  return decide(context, input.caseId, 'voided', input.note);
}
