/**
 * The one way a ledger entry is written (docs/ledger.md, "Tamper evidence"): inside the
 * transaction that changes its account, chained onto the account's head (shared/ledgerChain.ts).
 *
 * The head is read in the same transaction and written back with the account change, so two
 * transactions appending to one account both write the account document and serialise (the second
 * conflicts and retries, reading the first one's head); a head read outside the transaction could
 * be stale and fork the chain. Callers that read the account in the transaction already (the
 * roll-up, the withdrawal request's locked read) pass it and save the read.
 */
import type { AccountDocument, LedgerEntry } from '@shared/ledger';
import { chainEntries, headOf } from '@shared/ledgerChain';
import type { Tx } from './tx';

/**
 * Adds `entries` (in this order) to the account's chain inside `tx`: reads the account unless
 * `account` is the one this transaction read, writes `change` with the new head to it, then adds
 * the entries with their chain fields. The account must exist (entries never create one).
 */
export async function appendEntries(
  tx: Tx,
  userId: string,
  change: object,
  entries: readonly LedgerEntry[],
  account?: Pick<AccountDocument, 'entryCount' | 'lastEntryHash'> | null,
): Promise<void> {
  const current = account === undefined ? await tx.get('accounts', userId) : account;
  if (!current)
    throw new Error(`ledger entries ${entries.map((entry) => entry._id).join(', ')} for ${userId}, who has no account`);
  const chained = chainEntries(headOf(current), entries);
  await tx.update('accounts', userId, { ...change, ...chained.head });
  for (const entry of chained.entries) await tx.add('ledgerEntries', entry);
}
