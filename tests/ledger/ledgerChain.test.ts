/**
 * The ledger's tamper evidence end to end (docs/ledger.md, "Tamper evidence"): entries written by
 * the functions form each account's hash chain, also when a release and withdrawal requests of one
 * distributor run at once; an edit made straight in the store is named, at exactly that entry, by
 * the admin route `verifyLedger` and by `npm run ledger:verify`; deletions, reorderings and a forged
 * head are caught; a statement exported by `ledgerStatement` verifies offline until one line of
 * the file is edited.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AccountDocument, LedgerEntry } from '@shared/ledger';
import { verifyAccountChain } from '@shared/ledgerChain';
import { PROJECT_ROOT } from '../../scripts/paths';
import { seedDueCommissions } from '../bench/seedRelease';
import { appendToAccount } from '../helpers/ledgerChain';
import { seedRules, seedUsers } from '../helpers/referrals';
import { account, seedBalance, START, useWithdrawEmulator, withdrawRules } from './withdraw-fixture';

const ADMIN = 'oLedgerAdmin';
type Doc = Record<string, unknown>;

describe('ledger hash chain', () => {
  const f = useWithdrawEmulator();
  const entriesOf = (userId: string): LedgerEntry[] =>
    f
      .scan<LedgerEntry>('ledgerEntries')
      .filter((entry) => entry.userId === userId)
      .sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
  const put = (collection: string, id: string, doc: object | null): void =>
    f.emu.emulator.put(collection, id, doc as Doc | null);

  beforeAll(() => {
    seedRules(f.emu, withdrawRules({ maxPerDay: 100 }));
    f.emu.insert('admins', [{ _id: ADMIN, addedBy: 'setup', addedAt: new Date(START), note: '' }]);
  });

  /** A distributor with 5,000 fen available (2 fixture entries) and two withdrawal requests (2 more, by the function). */
  async function distributorWithLedger(userId: string): Promise<LedgerEntry[]> {
    seedUsers(f.emu, [{ id: userId, status: 'approved' }]);
    seedBalance(f, userId, 5_000);
    for (const requestId of ['chain-0001', 'chain-0002'])
      expect((await f.withdraw(userId, 'request', { requestId, amountFen: 1_000, channel: 'manual' })).ok).toBe(true);
    const entries = entriesOf(userId);
    expect(entries.map((entry) => entry.seq)).toEqual([1, 2, 3, 4]);
    return entries;
  }

  /** Every account the admin route finds broken, page by page. */
  async function brokenByRoute(): Promise<Array<{ userId: string; break: Doc }>> {
    const broken: Array<{ userId: string; break: Doc }> = [];
    for (let cursor: string | undefined; ;) {
      const reply = await f.admin(ADMIN, 'verifyLedger', cursor === undefined ? {} : { cursor });
      expect(reply.ok).toBe(true);
      broken.push(...reply.data.broken);
      if (reply.data.cursor === null) return broken;
      cursor = reply.data.cursor;
    }
  }

  /** `npm run ledger:verify -- args` against this test's emulator (asynchronously: the emulator runs in this process). */
  function script(...args: string[]): Promise<{ code: number | null; output: string }> {
    const tsx = join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx');
    const child = spawn(tsx, [join(PROJECT_ROOT, 'scripts', 'ledger-verify.ts'), ...args], { cwd: PROJECT_ROOT });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    return new Promise((resolve) => child.on('close', (code) => resolve({ code, output })));
  }

  it('a release and withdrawal requests of one distributor at once append one after another: the chain holds', async () => {
    const seeded = seedDueCommissions(f.emu, {
      // Two distributors, so that each gets one commission per order (6 for the first).
      commissions: 12,
      distributors: 2,
      releaseAt: new Date(START - 60_000),
      prefix: 'race',
    });
    const userId = seeded.distributorIds[0] as string;
    // Money to withdraw while the release runs: a settle and a release entry of 3,000 fen.
    const extra = appendToAccount(account(f, userId), [
      {
        _id: `settle:race-extra:${userId}`,
        userId,
        kind: 'settle',
        deltas: { frozenFen: 3_000, availableFen: 0, withdrawingFen: 0, withdrawnFen: 0 },
        ref: { orderId: 'race-extra' },
        at: new Date(START),
      },
      {
        _id: `release:race-extra:${userId}`,
        userId,
        kind: 'release',
        deltas: { frozenFen: -3_000, availableFen: 3_000, withdrawingFen: 0, withdrawnFen: 0 },
        ref: { releaseBatch: 'race-extra' },
        at: new Date(START),
      },
    ]);
    f.emu.insert('ledgerEntries', extra.entries as never);
    put('accounts', userId, { ...extra.account, availableFen: 3_000 });
    const [release, ...requests] = await Promise.all([
      f.emu.runTimer('releaseCommissions', {}),
      ...['race-0001', 'race-0002', 'race-0003'].map((requestId) =>
        f.withdraw(userId, 'request', { requestId, amountFen: 1_000, channel: 'manual' }),
      ),
    ]);
    expect(release.result).toMatchObject({ ok: true, data: { releasedCommissions: 12 } });
    expect(requests.map((reply) => reply.ok)).toEqual([true, true, true]);
    const entries = entriesOf(userId);
    // 6 settle + 2 extra + 1 release + 3 withdraw entries, numbered 1…12 without gaps or repeats.
    expect(entries.map((entry) => entry.seq)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(verifyAccountChain(account(f, userId), entries)).toEqual({ ok: true, entries: 12 });
    expect(await brokenByRoute()).toEqual([]);
  });

  it('an amount edited in the store: the admin route and npm run ledger:verify name exactly that entry', async () => {
    const entries = await distributorWithLedger('oTampered');
    const target = entries[2] as LedgerEntry;
    put('ledgerEntries', target._id, { ...target, deltas: { ...target.deltas, withdrawingFen: 10_000 } });
    const expected = { reason: 'hash', entryId: target._id, seq: 3 };
    expect(await brokenByRoute()).toEqual([{ userId: 'oTampered', break: expect.objectContaining(expected) }]);
    const run = await script('--url', f.emu.url);
    expect(run.code).toBe(1);
    expect(run.output).toContain(`BROKEN  oTampered: hash at entry ${target._id} (seq 3)`);
    expect(run.output.match(/^BROKEN/gm)).toHaveLength(1);
    put('ledgerEntries', target._id, target);
    const clean = await script('--url', f.emu.url);
    expect([clean.code, clean.output]).toEqual([0, expect.stringMatching(/every chain holds/)]);
  }, 60_000);

  it('a deleted entry, a reordered pair and a forged head are each caught', async () => {
    const entries = await distributorWithLedger('oForged');
    const [first, second, third, fourth] = entries as [LedgerEntry, LedgerEntry, LedgerEntry, LedgerEntry];
    const original = account(f, 'oForged') as AccountDocument;
    const expectBreak = async (expected: Doc): Promise<void> =>
      expect(await brokenByRoute()).toEqual([{ userId: 'oForged', break: expect.objectContaining(expected) }]);

    put('ledgerEntries', second._id, null);
    await expectBreak({ reason: 'seq', entryId: third._id });
    put('ledgerEntries', second._id, second);

    put('ledgerEntries', fourth._id, null);
    await expectBreak({ reason: 'head', entryId: null });
    put('ledgerEntries', fourth._id, fourth);

    put('ledgerEntries', second._id, { ...second, seq: 3 });
    put('ledgerEntries', third._id, { ...third, seq: 2 });
    await expectBreak({ reason: 'prevHash', entryId: third._id });
    put('ledgerEntries', second._id, second);
    put('ledgerEntries', third._id, third);

    put('accounts', 'oForged', { ...original, lastEntryHash: first.hash });
    await expectBreak({ reason: 'head', entryId: null });
    put('accounts', 'oForged', original);
    expect(await brokenByRoute()).toEqual([]);
  });

  it('a statement exported by the admin route verifies offline, and fails once one line of the file is edited', async () => {
    const entries = await distributorWithLedger('oStatement');
    const reply = await f.admin(ADMIN, 'ledgerStatement', { userId: 'oStatement' });
    expect(reply.ok).toBe(true);
    expect(reply.data).toMatchObject({
      format: 'ledger-statement/1',
      userId: 'oStatement',
      account: { availableFen: 3_000, withdrawingFen: 2_000, entryCount: 4, lastEntryHash: entries[3]?.hash },
      fromSeq: 1,
      nextFromSeq: null,
    });
    expect(reply.data.entries.map((entry: LedgerEntry) => entry._id)).toEqual(entries.map((entry) => entry._id));
    const file = join(mkdtempSync(join(tmpdir(), 'statement-')), 'oStatement.json');
    writeFileSync(file, JSON.stringify(reply.data, null, 2));
    const good = await script('--statement', file);
    expect([good.code, good.output]).toEqual([0, expect.stringContaining('OK      oStatement')]);

    const lines = readFileSync(file, 'utf8').split('\n');
    const line = lines.findIndex((text) => text.includes('"frozenFen": 5000'));
    lines[line] = (lines[line] as string).replace('5000', '5001');
    writeFileSync(file, lines.join('\n'));
    const bad = await script('--statement', file);
    expect(bad.code).toBe(1);
    expect(bad.output).toContain(`BROKEN  oStatement (statement ${file}): hash at entry ${entries[0]?._id} (seq 1)`);
  }, 60_000);

  it('the statement route refuses an unknown account and one with entries from before the chain', async () => {
    expect((await f.admin(ADMIN, 'ledgerStatement', { userId: 'oNobody' })).error?.code).toBe('ACCOUNT_NOT_FOUND');
    const at = new Date(START);
    f.emu.insert('accounts', [
      {
        _id: 'oLegacy',
        frozenFen: 10,
        availableFen: 0,
        withdrawingFen: 0,
        withdrawnFen: 0,
        createdAt: at,
        updatedAt: at,
      },
    ]);
    f.emu.insert('ledgerEntries', [
      {
        _id: 'settle:old:oLegacy',
        userId: 'oLegacy',
        kind: 'settle',
        deltas: { frozenFen: 10, availableFen: 0, withdrawingFen: 0, withdrawnFen: 0 },
        ref: { orderId: 'old' },
        at,
      },
    ]);
    expect((await f.admin(ADMIN, 'ledgerStatement', { userId: 'oLegacy' })).error?.code).toBe('LEDGER_NOT_CHAINED');
    expect(await brokenByRoute()).toEqual([
      { userId: 'oLegacy', break: expect.objectContaining({ reason: 'unchained', entryId: 'settle:old:oLegacy' }) },
    ]);
    // The one-off adoption chains it; the chain then holds, and later entries continue it.
    const adopted = await script('--url', f.emu.url, '--adopt');
    expect([adopted.code, adopted.output]).toEqual([
      0,
      expect.stringContaining('ADOPTED oLegacy: 1 legacy entries chained'),
    ]);
    expect(account(f, 'oLegacy')).toMatchObject({ entryCount: 1, lastEntryHash: entriesOf('oLegacy')[0]?.hash });
    expect(await brokenByRoute()).toEqual([]);
  }, 60_000);
});
