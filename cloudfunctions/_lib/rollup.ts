/**
 * Roll-ups (docs/rules.md section 7): moving a user's pending settlement shares into their
 * account and paid totals. Settlement writes only documents of its own order (the commissions,
 * one share per user it owes, the order's marker), so a thousand orders of one team settle side
 * by side; the team's hot documents (its distributors' accounts and user documents) are written
 * here, once per roll-up instead of once per order.
 *
 * One roll-up of one user, in one transaction:
 *
 *   outside it, find the user's pending shares (at most ROLLUP_LIMIT, oldest first);
 *   inside it, read the account, and read again each share that earned nothing and keep those
 *   still pending (a share that earned is guarded by its settle entry's fixed id instead: see
 *   `applyIn`);
 *   add to the account the sum of their frozen credits (creating it on a first credit), to the
 *   user's stats the sums of their paid totals, add each beneficiary share's settle entry
 *   `settle:<orderId>:<userId>` with its delta, and mark the shares applied.
 *
 * Why it is exact and happens once: a share changes state only here, in the transaction that
 * moves its amounts, and only when this transaction saw it pending or added its settle entry,
 * which exists exactly once. Two roll-ups of one user
 * write the same account (or user) document, so one of them conflicts and retries; the retry
 * finds the shares applied. A roll-up takes everything pending, so contention becomes batching:
 * while one roll-up runs, the shares of the orders settled meanwhile wait for the next one.
 *
 * The writes that decide a conflict go first and one at a time (the account, then the user), so
 * of two racing roll-ups the second fails at its first write instead of both locking some of
 * each other's shares; the remaining reads and writes are independent and sent together.
 */
import {
  settleEntryId,
  settleShareId,
  ZERO_BALANCES,
  type LedgerEntry,
  type SettlementShareDocument,
} from '@shared/ledger';
import { chainEntries, headOf } from '@shared/ledgerChain';
import { _, findWhere, getDoc } from './db';
import { BUSY, inTransaction, isDuplicate, type Tx } from './tx';

/** Shares one roll-up applies at most (about 2 requests each, sent together). */
const ROLLUP_LIMIT = 100;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Up to ROLLUP_LIMIT pending shares of the user, oldest first (their amounts never change). */
async function pendingShares(userId: string): Promise<SettlementShareDocument[]> {
  return findWhere(
    'settlementShares',
    { userId, state: 'pending' },
    { orderBy: [['createdAt', 'asc']], limit: ROLLUP_LIMIT },
  );
}

function settleEntryOf(share: SettlementShareDocument): LedgerEntry {
  return {
    _id: settleEntryId(share.orderId, share.userId),
    userId: share.userId,
    kind: 'settle',
    deltas: { ...ZERO_BALANCES, frozenFen: share.frozenFen },
    ref: { orderId: share.orderId, commissionIds: share.commissionIds },
    at: share.createdAt,
  };
}

/**
 * Applies the queried shares that are still pending in this transaction's snapshot; answers how
 * many. A share that earned is applied together with its settle entry, whose id exists exactly
 * when the share is applied: if another roll-up applied it since the query, adding the entry
 * fails (a duplicate, or a conflict when that roll-up committed after this snapshot) and nothing
 * commits, so such shares need no read here. A share without an entry is read again instead.
 */
async function applyIn(
  tx: Tx,
  userId: string,
  queried: readonly SettlementShareDocument[],
  now: Date,
): Promise<number> {
  const earning = queried.filter((share) => share.commissionIds.length > 0);
  const plain = queried.filter((share) => share.commissionIds.length === 0);
  const [account, ...read] = await Promise.all([
    earning.length > 0 ? tx.get('accounts', userId) : Promise.resolve(null),
    ...plain.map((share) => tx.get('settlementShares', share._id)),
  ]);
  const shares = [...earning, ...plain.filter((_share, i) => read[i]?.state === 'pending')];
  if (shares.length === 0) return 0;
  const sum = (pick: (share: SettlementShareDocument) => number): number =>
    shares.reduce((total, share) => total + pick(share), 0);
  const frozenFen = sum((share) => share.frozenFen);
  const stats: Record<string, unknown> = {};
  const paidSpendFen = sum((share) => share.paidSpendFen);
  const teamPaidSalesFen = sum((share) => share.teamPaidSalesFen);
  if (paidSpendFen !== 0) stats['stats.paidSpendFen'] = _.inc(paidSpendFen);
  if (teamPaidSalesFen !== 0) stats['stats.teamPaidSalesFen'] = _.inc(teamPaidSalesFen);
  const writeStats = (): Promise<void> =>
    Object.keys(stats).length > 0 ? tx.update('users', userId, stats) : Promise.resolve();
  // The first write decides a race with another roll-up of the user: the account, or the user.
  // The settle entries join the account's hash chain, whose head goes with that write (_lib/ledgerChain.ts).
  const chain = chainEntries(headOf(account), earning.map(settleEntryOf));
  let rest: Array<Promise<void>> = [];
  if (earning.length > 0) {
    if (account) await tx.update('accounts', userId, { frozenFen: _.inc(frozenFen), updatedAt: now, ...chain.head });
    else
      await tx.set('accounts', userId, { ...ZERO_BALANCES, frozenFen, createdAt: now, updatedAt: now, ...chain.head });
    rest = [writeStats()];
  } else await writeStats();
  await Promise.all([
    ...rest,
    ...shares.map((share) => tx.update('settlementShares', share._id, { state: 'applied', appliedAt: now })),
    ...chain.entries.map((entry) => tx.add('ledgerEntries', entry)),
  ]);
  return shares.length;
}

/** One roll-up attempt: the shares applied, or STALE when one was applied since the query, or BUSY. */
async function attempt(
  userId: string,
  shares: readonly SettlementShareDocument[],
  now: Date,
): Promise<number | typeof BUSY | 'STALE'> {
  try {
    return await inTransaction((tx) => applyIn(tx, userId, shares, now), { attempts: 1 });
  } catch (error) {
    if (isDuplicate(error)) return 'STALE';
    throw error;
  }
}

export interface RollUpOptions {
  /** Stop once this share is applied (by this call or another); without it, until nothing is pending. */
  shareId?: string;
  /** `performance.now()` after which no new attempt starts. */
  deadline: number;
}

/**
 * Pauses, then answers whether the share is applied (one read, cheaper than a query and a
 * transaction that would conflict). Used while another roll-up of the user is likely to apply
 * it: after a conflict (one is writing the user's documents now), or when an older share of the
 * user is pending (its settlement rolls up too, and takes every share pending at its query). The
 * pause is about one roll-up long, grows with the rounds and is jittered, so that of the
 * settlements waiting for one user the first to find its share still pending rolls up for the
 * others, who then find theirs applied.
 */
async function appliedAfterPause(shareId: string, rounds: number): Promise<boolean> {
  await sleep(50 + Math.random() * Math.min(250, 50 * rounds));
  return (await getDoc('settlementShares', shareId))?.state === 'applied';
}

/** Rounds the same oldest share may stay pending before a waiting call rolls it up itself. */
const STUCK_ROUNDS = 2;

/**
 * Rolls up the user's pending shares, again after a conflict, until `options.shareId` is
 * applied, or until nothing is pending, or the deadline passes. Answers the shares this call
 * applied and whether it reached its goal; a call that did not is finished by the next roll-up of
 * the user, at the latest by the sweep.
 *
 * Of the settlements waiting for one user, the one whose share is the user's oldest pending share
 * rolls up (its roll-up takes every share pending at its query); the others pause and read their
 * own share. That only saves work: a call whose share stays pending, or whose user's oldest
 * pending share stays the same for STUCK_ROUNDS rounds (its settlement died or is slow), rolls up
 * itself, so no call depends on another one finishing.
 */
export async function rollUpUser(
  userId: string,
  now: Date,
  options: RollUpOptions,
): Promise<{ applied: number; done: boolean }> {
  const own = options.shareId;
  let applied = 0;
  let oldest: { id: string; rounds: number } = { id: '', rounds: 0 };
  for (let rounds = 0; ;) {
    const shares = await pendingShares(userId);
    // A query after the share's commit that does not list it as pending (and is not cut off by
    // the limit) proves it applied.
    if (own && !shares.some((share) => share._id === own)) {
      if (shares.length < ROLLUP_LIMIT) return { applied, done: true };
      const ownShare = await getDoc('settlementShares', own);
      if (ownShare?.state !== 'pending') return { applied, done: true };
      shares.splice(ROLLUP_LIMIT - 1, 1, ownShare);
    }
    const first = shares[0];
    if (!first) return { applied, done: true };
    oldest = { id: first._id, rounds: first._id === oldest.id ? oldest.rounds + 1 : 0 };
    if (own && first._id !== own && oldest.rounds < STUCK_ROUNDS) {
      rounds += 1;
      if (await appliedAfterPause(own, rounds)) return { applied, done: true };
      if (performance.now() >= options.deadline) return { applied, done: false };
      continue;
    }
    const outcome = await attempt(userId, shares, now);
    if (typeof outcome === 'number') {
      applied += outcome;
      if (own || shares.length < ROLLUP_LIMIT) return { applied, done: true };
    }
    if (performance.now() >= options.deadline) return { applied, done: false };
    if (outcome !== BUSY) continue;
    rounds += 1;
    if (own && (await appliedAfterPause(own, rounds))) return { applied, done: true };
    if (!own) await sleep(Math.random() * Math.min(200, 5 * 2 ** rounds));
  }
}

/**
 * Rolls up, for every user an order's settlement still owes, that user's pending shares. Used by
 * a replayed settlement and before a refund's reversal. Answers whether all were applied.
 */
export async function rollUpOrder(orderId: string, now: Date, deadline: number): Promise<boolean> {
  const pending = await findWhere('settlementShares', { orderId, state: 'pending' }, { limit: 100 });
  const outcomes = await Promise.all(
    pending.map((share) => rollUpUser(share.userId, now, { shareId: share._id, deadline })),
  );
  return outcomes.every((outcome) => outcome.done);
}

/** Of the shares with these ids, those still pending (one query). */
async function stillPending(ids: readonly string[]): Promise<SettlementShareDocument[]> {
  return findWhere('settlementShares', { _id: _.in([...ids]), state: 'pending' }, { limit: ids.length });
}

/**
 * Of the given commissions (at most 1000), those whose settlement share is applied, so that their
 * amounts are in their beneficiaries' frozen balances. A release may move only those. One query
 * finds which of their shares are pending (usually none); those are rolled up first, and what
 * stays pending is left for a later run. A share never returns to pending, so what this answers
 * stays true.
 */
export async function withAppliedShares<C extends { orderId: string; beneficiaryId: string }>(
  commissions: readonly C[],
  now: Date,
  deadline: number,
): Promise<C[]> {
  const shareOf = (commission: C): string => settleShareId(commission.orderId, commission.beneficiaryId);
  const ids = [...new Set(commissions.map(shareOf))];
  if (ids.length === 0) return [];
  let pending = await stillPending(ids);
  if (pending.length === 0) return [...commissions];
  // One roll-up per user (two of one user would only conflict), waiting for one of its shares.
  const byUser = new Map(pending.map((share) => [share.userId, share._id]));
  await Promise.all([...byUser].map(([userId, shareId]) => rollUpUser(userId, now, { shareId, deadline })));
  pending = await stillPending(pending.map((share) => share._id));
  const left = new Set(pending.map((share) => share._id));
  return commissions.filter((commission) => !left.has(shareOf(commission)));
}
