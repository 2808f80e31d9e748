/**
 * Reading the ledger back to check it (docs/ledger.md, "Tamper evidence"): the admin routes
 * `verifyLedger` and `ledgerStatement` (cloudfunctions/admin/ledgerChain.ts) and
 * `npm run ledger:verify` (scripts/ledger-verify.ts, which also adopts legacy entries) share it.
 *
 * An account and its entries cannot be read in one snapshot (a query is not part of a
 * transaction), so a verification reads the account, then its entries, then the account again:
 * every entry is written in the transaction that moves the account's head, so an unchanged head
 * proves the entries read in between are exactly those of that head. A head that moved (a live
 * append) is read again, up to READ_ATTEMPTS times.
 */
import type { LedgerStatement } from '@shared/contracts/ledgerChain';
import { STATEMENT_MAX_ENTRIES } from '@shared/contracts/ledgerChain';
import type { AccountDocument, LedgerEntry } from '@shared/ledger';
import {
  chainEntries,
  headOf,
  verifyAccountChain,
  type ChainBreak,
  type ChainedEntry,
  type ChainVerdict,
} from '@shared/ledgerChain';
import { _, countWhere, findWhere, getDoc } from './db';
import { BUSY, inTransaction } from './tx';

/** Accounts per page of a verification (each costs about two reads). */
const ACCOUNTS_PAGE = 50;
/** Accounts verified at once. */
const PARALLEL_ACCOUNTS = 5;
const ENTRIES_PAGE = 1_000;
const READ_ATTEMPTS = 3;
/** Legacy entries chained per adoption transaction. */
const ADOPT_CHUNK = 50;

/** Every entry of the account, paged by `_id` (a cursor: entries added meanwhile shift no page). */
async function entriesOf(userId: string): Promise<LedgerEntry[]> {
  const all: LedgerEntry[] = [];
  for (let after: string | null = null; ;) {
    const where: object = after === null ? { userId } : { userId, _id: _.gt(after) };
    const page = await findWhere('ledgerEntries', where, { orderBy: [['_id', 'asc']], limit: ENTRIES_PAGE });
    all.push(...page);
    const last = page.at(-1);
    if (page.length < ENTRIES_PAGE || !last) return all;
    after = last._id;
  }
}

/** What changes with every entry: the head and the balances (before the chain, only the balances). */
function stateKey(account: AccountDocument): string {
  const { entryCount, lastEntryHash, frozenFen, availableFen, withdrawingFen, withdrawnFen } = account;
  return JSON.stringify([entryCount, lastEntryHash, frozenFen, availableFen, withdrawingFen, withdrawnFen]);
}

/** Verifies one account against its entries as of one head (see the top of this file); answers that account too. */
async function verifyAccount(first: AccountDocument): Promise<{ account: AccountDocument; verdict: ChainVerdict }> {
  let account = first;
  for (let attempt = 1; ; attempt += 1) {
    const entries = await entriesOf(account._id);
    const again = await getDoc('accounts', account._id);
    if (!again || stateKey(again) === stateKey(account) || attempt === READ_ATTEMPTS)
      return { account, verdict: verifyAccountChain(account, entries) };
    account = again;
  }
}

export interface VerifyPage {
  checked: number;
  entries: number;
  broken: Array<{ userId: string; break: ChainBreak }>;
  /** The last account verified, to continue after; null once every account was. */
  cursor: string | null;
}

/**
 * Verifies accounts in `_id` order after `cursor`, a group at a time, until a page is done or
 * `deadline` (performance.now()) passes between groups: what it verified is always a prefix, so
 * the answered cursor loses nothing. `each` hears every account's verdict (the script prints them).
 */
export async function verifyAccountsPage(
  cursor: string | null,
  deadline: number,
  each: (account: AccountDocument, verdict: ChainVerdict) => void = () => {},
): Promise<VerifyPage> {
  const where = cursor === null ? {} : { _id: _.gt(cursor) };
  const accounts = await findWhere('accounts', where, { orderBy: [['_id', 'asc']], limit: ACCOUNTS_PAGE });
  const page: VerifyPage = { checked: 0, entries: 0, broken: [], cursor };
  for (let i = 0; i < accounts.length; i += PARALLEL_ACCOUNTS) {
    if (i > 0 && performance.now() >= deadline) return page;
    const group = accounts.slice(i, i + PARALLEL_ACCOUNTS);
    for (const { account, verdict } of await Promise.all(group.map(verifyAccount))) {
      const userId = account._id;
      each(account, verdict);
      page.checked += 1;
      page.entries += verdict.entries;
      if (!verdict.ok) page.broken.push({ userId, break: verdict.break });
      page.cursor = userId;
    }
  }
  if (accounts.length < ACCOUNTS_PAGE) page.cursor = null;
  return page;
}

function statementEntry(entry: ChainedEntry): LedgerStatement['entries'][number] {
  const { _id, userId, kind, deltas, ref, at, seq, prevHash, hash } = entry;
  return { _id, userId, kind, deltas, ref, at: at.toISOString(), seq, prevHash, hash };
}

/**
 * One distributor's statement from `fromSeq` (docs/ledger.md, "Tamper evidence"): up to
 * STATEMENT_MAX_ENTRIES chained entries with the account's balances and head as read first
 * (entries appended after that read are left for the next statement).
 */
export async function statementOf(
  userId: string,
  fromSeq: number,
  now: Date,
): Promise<LedgerStatement | 'ACCOUNT_NOT_FOUND' | 'LEDGER_NOT_CHAINED'> {
  const account = await getDoc('accounts', userId);
  if (!account) return 'ACCOUNT_NOT_FOUND';
  const head = headOf(account);
  const [rows, unchained] = await Promise.all([
    findWhere(
      'ledgerEntries',
      { userId, seq: _.gte(fromSeq).and(_.lte(head.entryCount)) },
      { orderBy: [['seq', 'asc']], limit: STATEMENT_MAX_ENTRIES },
    ),
    countWhere('ledgerEntries', { userId, seq: _.exists(false) }),
  ]);
  const chained = rows.filter((entry): entry is ChainedEntry => typeof entry.hash === 'string' && !!entry.prevHash);
  if (unchained > 0 || chained.length < rows.length) return 'LEDGER_NOT_CHAINED';
  const entries = chained.map(statementEntry);
  const last = entries.at(-1)?.seq ?? fromSeq - 1;
  const { frozenFen, availableFen, withdrawingFen, withdrawnFen } = account;
  return {
    format: 'ledger-statement/1',
    userId,
    exportedAt: now.toISOString(),
    account: { frozenFen, availableFen, withdrawingFen, withdrawnFen, ...head },
    fromSeq,
    entries,
    // A full window short of the head continues; a shorter one has nothing more to give (a gap
    // shows when the statement is verified).
    nextFromSeq: entries.length === STATEMENT_MAX_ENTRIES && last < head.entryCount ? last + 1 : null,
  };
}

/**
 * One-off adoption of an account's legacy entries (written before the chain existed): they are
 * appended to the END of its chain, oldest first by (at, _id), ADOPT_CHUNK per transaction that
 * also moves the head, so live appends serialise with it and entries already chained keep their
 * hashes. Answers how many it chained, or BUSY.
 */
export async function adoptLegacyEntries(userId: string): Promise<number | typeof BUSY> {
  const legacy = (await entriesOf(userId))
    .filter((entry) => typeof entry.hash !== 'string')
    .sort((a, b) => a.at.getTime() - b.at.getTime() || (a._id < b._id ? -1 : 1));
  let adopted = 0;
  for (let i = 0; i < legacy.length; i += ADOPT_CHUNK) {
    const chunk = legacy.slice(i, i + ADOPT_CHUNK);
    const outcome = await inTransaction(async (tx) => {
      const [account, ...current] = await Promise.all([
        tx.get('accounts', userId),
        ...chunk.map((entry) => tx.get('ledgerEntries', entry._id)),
      ]);
      // Another adoption may have chained some since the query: only what is still legacy.
      const still = current.filter((entry): entry is LedgerEntry => !!entry && typeof entry.hash !== 'string');
      const chained = chainEntries(headOf(account), still);
      await tx.update('accounts', userId, chained.head);
      for (const { _id, seq, prevHash, hash } of chained.entries)
        await tx.update('ledgerEntries', _id, { seq, prevHash, hash });
      return still.length;
    });
    if (outcome === BUSY) return BUSY;
    adopted += outcome;
  }
  return adopted;
}

/** A page of account ids after `cursor`, in `_id` order (an empty page: no more). */
export async function accountIdsAfter(cursor: string | null): Promise<string[]> {
  const where = cursor === null ? {} : { _id: _.gt(cursor) };
  const accounts = await findWhere('accounts', where, { orderBy: [['_id', 'asc']], limit: ACCOUNTS_PAGE });
  return accounts.map((account) => account._id);
}
