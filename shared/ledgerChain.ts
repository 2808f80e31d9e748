/**
 * The hash chain of a distributor's ledger (docs/ledger.md, "Tamper evidence"): pure code, shared
 * by the write helper of the cloud functions (cloudfunctions/_lib/ledgerChain.ts), the admin
 * routes, `npm run ledger:verify` and the tests.
 *
 * Entry n of an account carries `seq` = n, `prevHash` = the hash of entry n − 1 (GENESIS_HASH for
 * the first) and `hash` = sha256 over the canonical form of its meaningful fields; the account
 * carries the head (`entryCount`, `lastEntryHash`). The canonical form is JSON with object keys
 * sorted at every level and dates as ISO strings (milliseconds), so neither the order in which the
 * SDK or the database returns keys nor the type in which a date comes back (a Date from the
 * database, a string from a statement file) changes a hash.
 */
import { createHash } from 'node:crypto';
import type { Balances, LedgerEntry } from './ledger';

/** The `prevHash` of an account's first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** The chain's head as stored on the account: how many entries it holds and the last one's hash. */
export interface ChainHead {
  entryCount: number;
  lastEntryHash: string;
}

/** An entry as the chain sees it: stored (`at` a Date) or read from a statement file (`at` a string). */
export type ChainEntry = Omit<LedgerEntry, 'at'> & { at: Date | string };

/** An entry with its chain fields (what every entry written since the chain exists has). */
export type ChainedEntry = LedgerEntry & Required<Pick<LedgerEntry, 'seq' | 'prevHash' | 'hash'>>;

/** The account as the chain checks it: its balances and (absent before its first chained entry) its head. */
export type ChainAccount = { _id: string } & Balances & Partial<ChainHead>;

/**
 * Why a chain does not hold. hash: an entry's fields no longer give its stored hash (edited);
 * seq: a number missing or repeated (an entry deleted or added); prevHash: an entry does not
 * follow the one before it (reordered, or one before it replaced); unchained: an entry without
 * chain fields (written before the chain existed, or stripped); head: the account's head does not
 * name the last entry; balances: the account's balances are not the sums of its entries.
 */
export type ChainBreakReason = 'hash' | 'seq' | 'prevHash' | 'unchained' | 'head' | 'balances';

export interface ChainBreak {
  reason: ChainBreakReason;
  /** The first entry where the chain stops holding; null for a break of the account itself (head, balances). */
  entryId: string | null;
  seq: number | null;
  message: string;
}

export type ChainVerdict = { ok: true; entries: number } | { ok: false; entries: number; break: ChainBreak };

const BALANCE_FIELDS = ['frozenFen', 'availableFen', 'withdrawingFen', 'withdrawnFen'] as const;

/** JSON with sorted object keys at every level; dates as ISO strings; undefined fields left out, as JSON does. */
export function canonicalJson(value: unknown): string {
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const fields = Object.keys(value)
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
    return `{${fields.join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The ISO form of an entry's time: what the hash covers, whichever way the time came. */
function isoOf(at: Date | string): string {
  const date = at instanceof Date ? at : new Date(at);
  return Number.isNaN(date.getTime()) ? String(at) : date.toISOString();
}

/** The fields the hash covers, in canonical form. */
export function canonicalEntry(entry: ChainEntry & { seq: number; prevHash: string }): string {
  const { _id, userId, kind, deltas, ref, at, seq, prevHash } = entry;
  return canonicalJson({ v: 1, _id, userId, kind, deltas, ref, at: isoOf(at), seq, prevHash });
}

export function entryHash(entry: ChainEntry & { seq: number; prevHash: string }): string {
  return createHash('sha256').update(canonicalEntry(entry), 'utf8').digest('hex');
}

/** The head of an account as stored; an account from before the chain (or none yet) starts at genesis. */
export function headOf(account: Partial<ChainHead> | null | undefined): ChainHead {
  return { entryCount: account?.entryCount ?? 0, lastEntryHash: account?.lastEntryHash ?? GENESIS_HASH };
}

/** Chains `entries`, in the given order, onto `head`: the entries with their chain fields and the new head. */
export function chainEntries(
  head: ChainHead,
  entries: readonly LedgerEntry[],
): { entries: ChainedEntry[]; head: ChainHead } {
  let { entryCount, lastEntryHash } = head;
  const chained = entries.map((entry) => {
    entryCount += 1;
    const linked = { ...entry, seq: entryCount, prevHash: lastEntryHash };
    lastEntryHash = entryHash(linked);
    return { ...linked, hash: lastEntryHash };
  });
  return { entries: chained, head: { entryCount, lastEntryHash } };
}

/** An entry with its chain fields, stored or from a statement. */
type Linked = ChainEntry & { seq: number; prevHash: string; hash: string };

const isChained = (entry: ChainEntry): entry is Linked =>
  typeof entry.seq === 'number' && typeof entry.prevHash === 'string' && typeof entry.hash === 'string';

const breakOf = (reason: ChainBreakReason, entry: ChainEntry | null, message: string): ChainBreak => ({
  reason,
  entryId: entry?._id ?? null,
  seq: entry?.seq ?? null,
  message,
});

/**
 * Walks chained entries in seq order from `fromSeq`, the first linked to `anchor`: the first entry
 * where a number, a link or a hash does not hold, or null.
 */
function walk(entries: readonly Linked[], fromSeq: number, anchor: string): ChainBreak | null {
  let expected = fromSeq;
  let previous = anchor;
  for (const entry of entries) {
    if (entry.seq !== expected) {
      const what =
        entry.seq < expected ? `repeats seq ${entry.seq}` : `has seq ${entry.seq}; seq ${expected} is missing`;
      return breakOf('seq', entry, `entry ${entry._id} ${what}`);
    }
    if (entry.prevHash !== previous)
      return breakOf('prevHash', entry, `entry ${entry._id} (seq ${entry.seq}) does not link to the entry before it`);
    if (entryHash(entry) !== entry.hash)
      return breakOf(
        'hash',
        entry,
        `entry ${entry._id} (seq ${entry.seq}) does not match its hash: its fields were changed`,
      );
    expected += 1;
    previous = entry.hash;
  }
  return null;
}

function bySeq<T extends { seq: number; _id: string }>(entries: readonly T[]): T[] {
  return [...entries].sort((a, b) => a.seq - b.seq || (a._id < b._id ? -1 : a._id > b._id ? 1 : 0));
}

const timeOf = (entry: ChainEntry): number => new Date(entry.at).getTime();

/** The head check: the account's head names the last entry of the walked chain. */
function headBreak(account: ChainAccount, chained: readonly Linked[]): ChainBreak | null {
  const last = chained.at(-1);
  const actual = headOf(account);
  const expected = { entryCount: last?.seq ?? 0, lastEntryHash: last?.hash ?? GENESIS_HASH };
  if (actual.entryCount === expected.entryCount && actual.lastEntryHash === expected.lastEntryHash) return null;
  return breakOf(
    'head',
    null,
    `account ${account._id} says ${actual.entryCount} entries ending in ${actual.lastEntryHash.slice(0, 12)}…, ` +
      `its entries ${expected.entryCount} ending in ${expected.lastEntryHash.slice(0, 12)}…`,
  );
}

function balancesBreak(account: ChainAccount, entries: readonly ChainEntry[]): ChainBreak | null {
  for (const field of BALANCE_FIELDS) {
    const total = entries.reduce((sum, entry) => sum + (entry.deltas?.[field] ?? 0), 0);
    if (total !== account[field])
      return breakOf('balances', null, `account ${account._id}: ${field} ${account[field]} ≠ Σ entries ${total}`);
  }
  return null;
}

/**
 * Verifies an account against ALL its entries (in any order): the chain walked from seq 1, then
 * entries outside the chain, then the head, then the balances. Answers the first break.
 */
export function verifyAccountChain(account: ChainAccount, entries: readonly ChainEntry[]): ChainVerdict {
  const chained = bySeq(entries.filter(isChained));
  const unchained = entries
    .filter((entry) => !isChained(entry))
    .sort((a, b) => timeOf(a) - timeOf(b) || (a._id < b._id ? -1 : 1));
  const foreign = entries.find((entry) => entry.userId !== account._id);
  const found =
    (foreign
      ? breakOf('hash', foreign, `entry ${foreign._id} belongs to ${foreign.userId}, not ${account._id}`)
      : null) ??
    walk(chained, 1, GENESIS_HASH) ??
    (unchained[0]
      ? breakOf(
          'unchained',
          unchained[0],
          `entry ${unchained[0]._id} has no chain fields (${unchained.length} such): written before the chain, or stripped`,
        )
      : null) ??
    headBreak(account, chained) ??
    balancesBreak(account, entries);
  return found ? { ok: false, entries: entries.length, break: found } : { ok: true, entries: entries.length };
}

/** A window of an account's chain: entries fromSeq… in seq order, as a statement carries them. */
export interface ChainWindow {
  account: ChainAccount;
  fromSeq: number;
  entries: readonly ChainEntry[];
}

/**
 * Verifies a statement's window: the entries are seq fromSeq, fromSeq + 1, … each linked to the
 * one before (the first to genesis when fromSeq is 1, else taken as the anchor the statement before
 * it ends with); the head is checked when the window reaches it, the balances when it holds the
 * whole chain.
 */
export function verifyChainWindow(window: ChainWindow): ChainVerdict & { complete: boolean } {
  const { account, fromSeq, entries } = window;
  const count = entries.length;
  const unchained = entries.find((entry) => !isChained(entry));
  const foreign = entries.find((entry) => entry.userId !== account._id);
  const chained = bySeq(entries.filter(isChained));
  const anchor = fromSeq === 1 ? GENESIS_HASH : (chained[0]?.prevHash ?? GENESIS_HASH);
  // An empty window past seq 1 says nothing about the head; any other window that ends at it does.
  const reachesHead = (fromSeq === 1 || chained.length > 0) && (chained.at(-1)?.seq ?? 0) >= headOf(account).entryCount;
  const complete = fromSeq === 1 && reachesHead;
  const found =
    (unchained ? breakOf('unchained', unchained, `entry ${unchained._id} has no chain fields`) : null) ??
    (foreign
      ? breakOf('hash', foreign, `entry ${foreign._id} belongs to ${foreign.userId}, not ${account._id}`)
      : null) ??
    walk(chained, fromSeq, anchor) ??
    (reachesHead ? headBreak(account, chained) : null) ??
    (complete ? balancesBreak(account, entries) : null);
  return found ? { ok: false, entries: count, break: found, complete } : { ok: true, entries: count, complete };
}
