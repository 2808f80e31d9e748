/**
 * Ending a distributorship (docs/team.md section 4), shared by the distributor's own exit
 * (退出推广) and the merchant's removal (移除分销员). One transaction changes the status, writes the
 * exit record (`exit:<userId>:<n>`, the hand-over's deterministic id) and, under the rule
 * `forfeit`, forfeits the frozen commission: each frozen commission becomes `reversed` (reversedFen
 * = amountFen) with `forfeitedBy` and `forfeitedFen` (what was still frozen), and one `forfeit`
 * ledger entry takes their sum from the frozen balance.
 *
 * Why a release batch running at the same moment cannot move the same money twice: the release
 * claims commissions with one conditional update `frozen → releasing` outside any transaction.
 * The exit decides per commission, as the after-sale hold does (afterSale/hold.ts): its
 * transaction's snapshot starts with its first read (the user), the commissions are read after
 * that, and only those still `frozen` are written. A claim that committed before that read shows
 * as `releasing` and is left to its batch, which releases it; a claim committing after the
 * snapshot makes the transaction's writes of those commissions conflict, and the transaction runs
 * again and sees them `releasing`; a claim arriving while the transaction holds its locks waits,
 * then finds them `reversed` and claims nothing.
 */
import { exitId, exitRulesOf, forfeitEntryId, type DistributorExitDocument, type ExitBy } from '@shared/exit';
import { ZERO_BALANCES, type CommissionDocument, type LedgerEntry } from '@shared/ledger';
import type { DistributorStatus, UserDocument } from '@shared/users';
import { _, findWhere } from './db';
import { appendEntries } from './ledgerChain';
import { rollUpUser } from './rollup';
import { loadRules } from './rules';
import { BUSY, inTransaction, type Tx } from './tx';

/** Frozen commissions one exit forfeits at most: the size of one transaction's writes. */
export const MAX_FORFEIT_COMMISSIONS = 500;
/** How long an exit under `forfeit` may spend rolling up the leaver's pending settlement shares first. */
const ROLLUP_BUDGET_MS = 3_000;

export interface ExitRequest {
  userId: string;
  by: ExitBy;
  adminId: string | null;
  reason: string | null;
  /** Whether the exit may start from this status (the caller's rule: self exit or removal). */
  allowedFrom: (status: DistributorStatus) => boolean;
  now: Date;
}

export type ExitOutcome =
  | { kind: 'exited'; exit: DistributorExitDocument }
  /** Already exited: the latest exit record (null for an exit from before the records existed). */
  | { kind: 'unchanged'; exit: DistributorExitDocument | null }
  | { kind: 'refused'; from: DistributorStatus }
  | { kind: 'missing' };

interface Forfeit {
  fen: number;
  commissions: number;
}

/**
 * Forfeits the leaver's frozen commissions inside the exit's transaction. A commission whose
 * settlement share is not rolled up yet is not in the frozen balance, so it is left frozen (it
 * releases as usual); the exit rolls the leaver's shares up first to make that rare.
 */
async function forfeitIn(tx: Tx, user: UserDocument, id: string, now: Date): Promise<Forfeit> {
  const [frozen, pendingShares] = await Promise.all([
    findWhere('commissions', { beneficiaryId: user._id, status: 'frozen' }, { limit: MAX_FORFEIT_COMMISSIONS }),
    findWhere('settlementShares', { userId: user._id, state: 'pending' }, { limit: 1000 }),
  ]);
  const notRolledUp = new Set(pendingShares.map((share) => share.orderId));
  const taken: Array<{ commission: CommissionDocument; fen: number }> = frozen
    .filter((commission) => !notRolledUp.has(commission.orderId))
    .map((commission) => ({ commission, fen: commission.amountFen - commission.reversedFen }))
    .filter(({ fen }) => fen > 0);
  for (const { commission, fen } of taken) {
    await tx.update('commissions', commission._id, {
      // Counted as reversed (nothing of it is earned any more), with the forfeited part named apart.
      status: 'reversed',
      reversedFen: commission.amountFen,
      forfeitedBy: id,
      forfeitedFen: fen,
      updatedAt: now,
      history: [...commission.history, { event: 'forfeited', at: now, amountFen: fen }],
    });
  }
  const fen = taken.reduce((sum, { fen: part }) => sum + part, 0);
  if (fen > 0) {
    const entry: LedgerEntry = {
      _id: forfeitEntryId(id),
      userId: user._id,
      kind: 'forfeit',
      deltas: { ...ZERO_BALANCES, frozenFen: -fen },
      ref: { exitId: id, commissionIds: taken.map(({ commission }) => commission._id) },
      at: now,
    };
    await appendEntries(tx, user._id, { frozenFen: _.inc(-fen), updatedAt: now }, [entry]);
  }
  return { fen, commissions: taken.length };
}

function exitRecord(request: ExitRequest, user: UserDocument, id: string, forfeit: Forfeit, forfeitRule: boolean) {
  const record: DistributorExitDocument = {
    _id: id,
    userId: user._id,
    by: request.by,
    adminId: request.adminId,
    reason: request.reason,
    fromStatus: user.distributor.status,
    exitedAt: request.now,
    frozenOnExit: forfeitRule ? 'forfeit' : 'keep',
    forfeitedFen: forfeit.fen,
    forfeitedCommissions: forfeit.commissions,
    uplineId: user.referrerId,
    // The leaver's own chain is what their members get: [referrer, ...the referrer's ancestors].
    memberChain: user.referrerId ? user.ancestors.slice(0, 3) : [],
    handover: { status: 'pending', movedMembers: 0, doneAt: null, updatedAt: request.now },
  };
  return record;
}

async function exitIn(tx: Tx, request: ExitRequest, forfeitRule: boolean): Promise<ExitOutcome> {
  const user = await tx.get('users', request.userId);
  if (!user) return { kind: 'missing' };
  const from = user.distributor.status;
  const count = user.distributor.exitCount ?? 0;
  if (from === 'exited')
    return { kind: 'unchanged', exit: count > 0 ? await tx.get('distributorExits', exitId(user._id, count)) : null };
  if (!request.allowedFrom(from)) return { kind: 'refused', from };
  const id = exitId(user._id, count + 1);
  const forfeit = forfeitRule ? await forfeitIn(tx, user, id, request.now) : { fen: 0, commissions: 0 };
  const record = exitRecord(request, user, id, forfeit, forfeitRule);
  const { _id: _omit, ...data } = record;
  await tx.set('distributorExits', id, data);
  await tx.update('users', user._id, {
    'distributor.status': 'exited',
    'distributor.exitedAt': request.now,
    'distributor.exitCount': count + 1,
  });
  return { kind: 'exited', exit: record };
}

/** Ends the distributorship in one transaction; BUSY when it kept conflicting (retrying is safe). */
export async function endDistributorship(request: ExitRequest): Promise<ExitOutcome | typeof BUSY> {
  const forfeitRule = exitRulesOf(await loadRules()).frozenOnExit === 'forfeit';
  if (forfeitRule) await rollUpUser(request.userId, request.now, { deadline: performance.now() + ROLLUP_BUDGET_MS });
  return inTransaction((tx) => exitIn(tx, request, forfeitRule));
}
