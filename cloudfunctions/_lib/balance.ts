/**
 * The one way the balance (余额 account, shared/balance.ts) changes: inside a transaction that
 * reads the account, decides on what it read, adds the entries and writes the account. Two
 * transactions moving one account both write its document, so they serialise (the second
 * conflicts and retries on the first one's result): the balance is never overdrawn.
 *
 * An entry's id is deterministic from its cause, so a retried cause fails the transaction with a
 * duplicate key and writes nothing: callers treat `isDuplicate` as "already done" (replay).
 */
import { applyBalanceMoves, type BalanceMove, type BalanceVerdict } from '@shared/balance';
import type { Tx } from './tx';

/**
 * Applies `moves` to `userId`'s account in `tx` (creating the account on its first entry).
 * Answers the verdict; on a refusal nothing has been written, and the caller should return (or
 * throw) without writing anything else so that the transaction commits nothing.
 */
export async function moveBalance(
  tx: Tx,
  userId: string,
  moves: readonly BalanceMove[],
  now: Date,
): Promise<BalanceVerdict> {
  const account = await tx.get('balances', userId);
  const verdict = applyBalanceMoves(userId, account ?? { balanceFen: 0, entryCount: 0 }, moves, now);
  if (!verdict.ok) return verdict;
  const head = { balanceFen: verdict.balanceFen, entryCount: verdict.entries.length + (account?.entryCount ?? 0) };
  if (account) await tx.update('balances', userId, { ...head, updatedAt: now });
  else await tx.set('balances', userId, { ...head, createdAt: now, updatedAt: now });
  for (const entry of verdict.entries) await tx.add('balanceEntries', entry);
  return verdict;
}
