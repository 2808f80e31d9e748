/**
 * The one way points (积分 account, shared/points.ts) change: inside a transaction that reads the
 * account, decides on what it read, adds the entries and writes the account. Two transactions
 * moving one account both write its document, so they serialise (the second conflicts and
 * retries on the first one's result): available points are never spent twice.
 *
 * An entry's id is deterministic from its cause, so a retried cause fails the transaction with a
 * duplicate key and writes nothing: callers treat `isDuplicate` as "already done".
 */
import { chinaMonth } from '@shared/chinaTime';
import {
  applyPointsMoves,
  EMPTY_POINTS,
  oldestMonthOf,
  type PointsAccountDocument,
  type PointsMove,
  type PointsVerdict,
} from '@shared/points';
import { _ } from './db';
import type { Tx } from './tx';

/**
 * Applies `moves` to `userId`'s account in `tx` (created on its first entry); `account` when the
 * caller already read it in this transaction. On a refusal nothing has been written, and the
 * caller should return without writing anything else so that the transaction commits nothing.
 */
export async function movePoints(
  tx: Tx,
  userId: string,
  moves: readonly PointsMove[],
  now: Date,
  account?: PointsAccountDocument | null,
): Promise<PointsVerdict> {
  const stored = account === undefined ? await tx.get('pointsAccounts', userId) : account;
  const verdict = applyPointsMoves(userId, stored ?? EMPTY_POINTS, moves, now, chinaMonth(now));
  if (!verdict.ok) return verdict;
  const { frozen, available, spent, expired, months, entryCount } = verdict.account;
  const head = { frozen, available, spent, expired, entryCount, oldestMonth: oldestMonthOf(months) };
  // _.set: an update would merge the months map key by key, keeping the months taken to zero.
  if (stored) await tx.update('pointsAccounts', userId, { ...head, months: _.set(months), updatedAt: now });
  else await tx.set('pointsAccounts', userId, { ...head, months, createdAt: now, updatedAt: now });
  for (const entry of verdict.entries) await tx.add('pointsEntries', entry);
  return verdict;
}
