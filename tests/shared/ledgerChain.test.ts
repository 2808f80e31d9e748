/**
 * The ledger's hash chain (shared/ledgerChain.ts), property-tested: a chain built by chainEntries
 * verifies in any order it is read; editing, deleting or reordering any entry, or forging the head,
 * is named at the right entry with the right reason; the hash does not depend on key order or on
 * how the time arrives; statement windows verify on their own.
 */
import fc from 'fast-check';
import { ZERO_BALANCES, type Balances, type EntryKind, type LedgerEntry } from '@shared/ledger';
import {
  canonicalEntry,
  chainEntries,
  entryHash,
  GENESIS_HASH,
  headOf,
  verifyAccountChain,
  verifyChainWindow,
  type ChainAccount,
} from '@shared/ledgerChain';

const USER = 'oChainUser';
const KINDS: EntryKind[] = ['settle', 'release', 'reverse', 'clawback', 'withdraw', 'withdrawPaid', 'withdrawReturned'];
const BALANCES = Object.keys(ZERO_BALANCES) as Array<keyof Balances>;

const fen = fc.integer({ min: -1_000_000, max: 1_000_000 });
const entryArb = fc.record({
  kind: fc.constantFrom(...KINDS),
  deltas: fc.record({ frozenFen: fen, availableFen: fen, withdrawingFen: fen, withdrawnFen: fen }),
  ref: fc.record(
    {
      orderId: fc.string({ minLength: 1, maxLength: 8 }),
      commissionIds: fc.array(fc.string({ minLength: 1, maxLength: 8 }), { maxLength: 3 }),
      feeFen: fc.nat(500),
    },
    { requiredKeys: [] },
  ),
  at: fc.date({ min: new Date('2025-01-01T00:00:00Z'), max: new Date('2027-01-01T00:00:00Z'), noInvalidDate: true }),
});
/** 1–12 entries of one account with distinct ids. */
const ledgerArb = fc
  .array(entryArb, { minLength: 1, maxLength: 12 })
  .map((drafts) =>
    drafts.map((draft, i): LedgerEntry => ({ _id: `${draft.kind}:cause-${i}:${USER}`, userId: USER, ...draft })),
  );

/** The account the entries sum to, with the head chainEntries answered. */
function chained(drafts: readonly LedgerEntry[]): { account: ChainAccount; entries: LedgerEntry[] } {
  const { entries, head } = chainEntries(headOf(null), drafts);
  const balances = { ...ZERO_BALANCES };
  for (const entry of entries) for (const field of BALANCES) balances[field] += entry.deltas[field];
  return { account: { _id: USER, ...balances, ...head }, entries };
}

const shuffled = <T>(items: readonly T[], seed: number): T[] =>
  items
    .map((item, i) => ({ item, key: (i * 7919 + seed) % 104_729 }))
    .sort((a, b) => a.key - b.key)
    .map(({ item }) => item);

describe('ledger hash chain (pure)', () => {
  it('a chain as written verifies, whatever order its entries are read in', () => {
    fc.assert(
      fc.property(ledgerArb, fc.nat(), (drafts, seed) => {
        const { account, entries } = chained(drafts);
        expect(verifyAccountChain(account, shuffled(entries, seed))).toEqual({ ok: true, entries: entries.length });
        expect(entries.map((entry) => entry.seq)).toEqual(entries.map((_entry, i) => i + 1));
        expect(entries[0]?.prevHash).toBe(GENESIS_HASH);
      }),
    );
  });

  it('an edited amount is named: that entry, reason hash', () => {
    fc.assert(
      fc.property(ledgerArb, fc.nat(), fc.constantFrom(...BALANCES), (drafts, pick, field) => {
        const { account, entries } = chained(drafts);
        const k = pick % entries.length;
        const target = entries[k] as LedgerEntry;
        const edited = entries.map((entry, i) =>
          i === k ? { ...entry, deltas: { ...entry.deltas, [field]: entry.deltas[field] + 1 } } : entry,
        );
        expect(verifyAccountChain(account, edited)).toMatchObject({
          ok: false,
          break: { reason: 'hash', entryId: target._id, seq: k + 1 },
        });
      }),
    );
  });

  it('a deleted entry is named: the next one (seq gap), or the head when it was the last', () => {
    fc.assert(
      fc.property(ledgerArb, fc.nat(), (drafts, pick) => {
        const { account, entries } = chained(drafts);
        const k = pick % entries.length;
        const rest = entries.filter((_entry, i) => i !== k);
        const next = entries[k + 1];
        const verdict = verifyAccountChain(account, rest);
        if (next) expect(verdict).toMatchObject({ ok: false, break: { reason: 'seq', entryId: next._id } });
        else expect(verdict).toMatchObject({ ok: false, break: { reason: 'head', entryId: null } });
      }),
    );
  });

  it('two entries swapped in the chain (their seq exchanged) are caught at the first of them', () => {
    fc.assert(
      fc.property(
        ledgerArb.filter((drafts) => drafts.length >= 2),
        fc.nat(),
        (drafts, pick) => {
          const { account, entries } = chained(drafts);
          const k = pick % (entries.length - 1);
          const [a, b] = [entries[k] as LedgerEntry, entries[k + 1] as LedgerEntry];
          const swapped = entries.map((entry) =>
            entry === a ? { ...a, seq: b.seq } : entry === b ? { ...b, seq: a.seq } : entry,
          );
          expect(verifyAccountChain(account, swapped)).toMatchObject({
            ok: false,
            break: { reason: 'prevHash', entryId: b._id },
          });
        },
      ),
    );
  });

  it('a forged head, or a chain recomputed after an edit without its head, is caught at the account', () => {
    fc.assert(
      fc.property(ledgerArb, fc.nat(), (drafts, pick) => {
        const { account, entries } = chained(drafts);
        expect(verifyAccountChain({ ...account, entryCount: entries.length + 1 }, entries)).toMatchObject({
          ok: false,
          break: { reason: 'head', entryId: null },
        });
        // An attacker edits entry k and recomputes every hash from there on, but cannot move the head.
        const k = pick % drafts.length;
        const edited = drafts.map((draft, i) =>
          i === k ? { ...draft, ref: { ...draft.ref, orderId: 'forged' } } : draft,
        );
        const recomputed = chainEntries(headOf(null), edited).entries;
        const verdict = verifyAccountChain(account, recomputed);
        if (drafts[k]?.ref.orderId !== 'forged')
          expect(verdict).toMatchObject({ ok: false, break: { reason: 'head', entryId: null } });
      }),
    );
  });

  it('balances that are not the sums of the entries are caught; an entry without chain fields is unchained', () => {
    fc.assert(
      fc.property(ledgerArb, (drafts) => {
        const { account, entries } = chained(drafts);
        expect(verifyAccountChain({ ...account, frozenFen: account.frozenFen + 1 }, entries)).toMatchObject({
          ok: false,
          break: { reason: 'balances' },
        });
        const legacy: LedgerEntry = { ...(drafts[0] as LedgerEntry), _id: 'legacy:entry' };
        const withLegacy = { ...account, frozenFen: account.frozenFen + legacy.deltas.frozenFen };
        expect(verifyAccountChain(withLegacy, [...entries, legacy])).toMatchObject({
          ok: false,
          break: { reason: 'unchained', entryId: 'legacy:entry' },
        });
      }),
    );
  });

  it('the hash ignores key order and how the time arrives (a Date or its ISO string), and covers every field', () => {
    fc.assert(
      fc.property(ledgerArb, (drafts) => {
        const [entry] = chainEntries(headOf(null), drafts).entries as [Required<LedgerEntry>];
        const reordered = Object.fromEntries(Object.entries(entry).reverse()) as typeof entry;
        reordered.deltas = Object.fromEntries(Object.entries(entry.deltas).reverse()) as Balances;
        reordered.ref = Object.fromEntries(Object.entries(entry.ref).reverse());
        expect(entryHash({ ...reordered, at: entry.at.toISOString() })).toBe(entry.hash);
        expect(canonicalEntry(reordered)).toBe(canonicalEntry(entry));
        for (const changed of [
          { ...entry, userId: 'oOther' },
          { ...entry, kind: entry.kind === 'settle' ? 'release' : 'settle' },
          { ...entry, at: new Date(entry.at.getTime() + 1) },
          { ...entry, seq: entry.seq + 1 },
          { ...entry, prevHash: 'f'.repeat(64) },
          { ...entry, ref: { ...entry.ref, feeFen: (entry.ref.feeFen ?? 0) + 1 } },
        ] as const)
          expect(entryHash(changed)).not.toBe(entry.hash);
      }),
    );
  });

  it('windows of a chain (as statements carry them) verify on their own; only the whole one is complete', () => {
    fc.assert(
      fc.property(ledgerArb, fc.nat(), (drafts, pick) => {
        const { account, entries } = chained(drafts);
        const cut = pick % entries.length;
        const head = verifyChainWindow({ account, fromSeq: 1, entries: entries.slice(0, cut + 1) });
        const tail = verifyChainWindow({ account, fromSeq: cut + 1, entries: entries.slice(cut) });
        expect(head).toMatchObject({ ok: true, complete: cut + 1 === entries.length });
        expect(tail).toMatchObject({ ok: true, complete: cut === 0 });
        const edited = entries
          .slice(cut)
          .map((entry, i) => (i === 0 ? { ...entry, kind: 'withdraw' as const } : entry));
        if (entries[cut]?.kind !== 'withdraw')
          expect(verifyChainWindow({ account, fromSeq: cut + 1, entries: edited })).toMatchObject({
            ok: false,
            break: { reason: 'hash', seq: cut + 1 },
          });
      }),
    );
  });
});
