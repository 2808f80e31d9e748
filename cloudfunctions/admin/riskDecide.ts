/**
 * 风险审核's decisions (docs/rules.md section 9), each ONE transaction that reads and writes the
 * case and the order's held commissions, so an approve and a void of the same case serialise on
 * the case (the second reads it decided) and a refund's reversal serialises with a void on the
 * commissions:
 *
 *   approve: open → approved, and `riskHold` cleared on the commissions that still carry this
 *     case; the next release run claims them if their return window has ended;
 *   void: open → voided, and every commission this case holds that is still frozen becomes
 *     `reversed` (reversedFen = amountFen), with one `riskVoid:<orderId>:<userId>` entry per
 *     beneficiary taking what was left of it from the frozen balance (account = Σ entries).
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
import type { RiskCaseDocument, RiskCaseStatus } from '@shared/risk';
import { _ } from '../_lib/db';
import { appendEntries } from '../_lib/ledgerChain';
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

/** The case's commissions that it still holds, read in the transaction. */
async function heldCommissions(tx: Tx, riskCase: RiskCaseDocument): Promise<CommissionDocument[]> {
  const read = await Promise.all(riskCase.commissionIds.map((id) => tx.get('commissions', id)));
  return read.filter((commission): commission is CommissionDocument => commission?.riskHold === riskCase._id);
}

async function sharesApplied(tx: Tx, orderId: string, userIds: readonly string[]): Promise<boolean> {
  const shares = await Promise.all(userIds.map((userId) => tx.get('settlementShares', settleShareId(orderId, userId))));
  return shares.every((share) => share?.state !== 'pending');
}

/** Takes what is left of each frozen commission back from its beneficiary's frozen balance. */
async function voidIn(tx: Tx, riskCase: RiskCaseDocument, held: CommissionDocument[], now: Date): Promise<number> {
  const takes = new Map<string, { amountFen: number; ids: string[] }>();
  for (const commission of held) {
    const leftFen = frozenFenOf(commission);
    if (commission.status !== 'frozen' || leftFen <= 0) continue;
    const take = takes.get(commission.beneficiaryId) ?? { amountFen: 0, ids: [] };
    take.amountFen += leftFen;
    take.ids.push(commission._id);
    takes.set(commission.beneficiaryId, take);
    const history = [...commission.history, { event: 'reversed' as const, at: now, amountFen: leftFen }];
    await tx.update('commissions', commission._id, {
      status: 'reversed',
      reversedFen: commission.amountFen,
      history: _.set(history),
      updatedAt: now,
    });
  }
  let voidedFen = 0;
  for (const [userId, take] of takes) {
    const entry: LedgerEntry = {
      _id: riskVoidEntryId(riskCase.orderId, userId),
      userId,
      kind: 'riskVoid',
      deltas: { ...ZERO_BALANCES, frozenFen: -take.amountFen },
      ref: { orderId: riskCase.orderId, commissionIds: take.ids, riskCaseId: riskCase._id },
      at: now,
    };
    await appendEntries(tx, userId, { frozenFen: _.inc(-take.amountFen), updatedAt: now }, [entry]);
    voidedFen += take.amountFen;
  }
  return voidedFen;
}

async function decideIn(tx: Tx, caseId: string, decision: Decision, by: string, note: string, now: Date) {
  const riskCase = await tx.get('riskCases', caseId);
  if (!riskCase) return 'notFound';
  if (riskCase.status === decision) return 'replayed';
  if (riskCase.status !== 'open') return 'otherDecision';
  const held = await heldCommissions(tx, riskCase);
  if (decision === 'voided') {
    const debited = [...new Set(held.filter((c) => frozenFenOf(c) > 0).map((c) => c.beneficiaryId))];
    if (!(await sharesApplied(tx, riskCase.orderId, debited))) return 'sharesPending';
  }
  const voidedFen = decision === 'voided' ? await voidIn(tx, riskCase, held, now) : 0;
  if (decision === 'approved')
    for (const commission of held) await tx.update('commissions', commission._id, { riskHold: null, updatedAt: now });
  await tx.update('riskCases', caseId, { status: decision, decidedBy: by, decidedAt: now, note, voidedFen });
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
