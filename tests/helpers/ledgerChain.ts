/**
 * Fixtures that put ledgers straight into the store chain their entries the way the functions do
 * (shared/ledgerChain.ts), so that every account's chain verifies from the start.
 */
import type { AccountDocument, LedgerEntry } from '@shared/ledger';
import { chainEntries, headOf, type ChainHead } from '@shared/ledgerChain';

/**
 * Chains `entries` per account, in the given order, each onto its account's head in `heads`
 * (genesis for an account not listed); answers the chained entries and every account's new head.
 */
export function chainLedger(
  entries: readonly LedgerEntry[],
  heads: ReadonlyMap<string, Partial<ChainHead>> = new Map(),
): { entries: LedgerEntry[]; heads: Map<string, ChainHead> } {
  const next = new Map<string, ChainHead>();
  const chained = entries.map((entry) => {
    const {
      entries: [linked],
      head,
    } = chainEntries(next.get(entry.userId) ?? headOf(heads.get(entry.userId)), [entry]);
    next.set(entry.userId, head);
    return linked as LedgerEntry;
  });
  return { entries: chained, heads: next };
}

/** The account with `entries` chained onto it: the entries to insert and the account to put back. */
export function appendToAccount<A extends Pick<AccountDocument, '_id' | 'entryCount' | 'lastEntryHash'>>(
  account: A,
  entries: readonly LedgerEntry[],
): { entries: LedgerEntry[]; account: A } {
  const chained = chainEntries(headOf(account), entries);
  return { entries: chained.entries, account: { ...account, ...chained.head } };
}
