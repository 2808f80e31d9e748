/**
 * npm run backup and npm run restore (docs/operations.md, "Backup and restore") against the
 * emulator with the real SDK, on a shop with real orders and ledger data: paid and settled
 * orders, a completed one, a refund with its reversal, an unpaid one, and a collection the
 * schema does not declare that spans several pages. The tests run in order on one emulator.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { takeBackup } from '../../scripts/backup/dump';
import { schemaVersion, type Manifest } from '../../scripts/backup/format';
import { restoreBackup, type RestoreOptions } from '../../scripts/backup/load';
import { openTarget, type Target } from '../../scripts/backup/target';
import { PROJECT_ROOT } from '../../scripts/paths';
import { useEmulator } from '../helpers/emulator';
import { settlementDone } from '../helpers/settlement';
import { BUYER, placeAndPayTea, seedTeaShop, TEA_SKU } from '../helpers/teaShop';

type Doc = Record<string, unknown>;

const ADMIN = 'oADMIN';
const EXTRA = 'importLog';
const EXTRA_DOCUMENTS = 2_345;
const WRITE_ACTIONS = [
  'database.insertDocument',
  'database.modifyDocument',
  'database.removeDocument',
  'database.addCollection',
];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('backup and restore', () => {
  const f = useEmulator({ runScheduler: false, timers: [], functionEnv: { WXPAY_SUB_MCH_ID: '1900000109' } });
  const work = mkdtempSync(join(tmpdir(), 'backup-test-'));
  const dir = (name: string) => join(work, name);
  const lines: string[] = [];
  let target: Target;
  let original: Record<string, Doc[]>;

  /** Every collection the emulator has, each sorted by _id. */
  function snapshot(): Record<string, Doc[]> {
    const store = f.emu.emulator.store;
    const out: Record<string, Doc[]> = {};
    for (const name of store.collectionNames().sort())
      out[name] = [...store.scan(name)].sort((a, b) => String(a._id).localeCompare(String(b._id)));
    return out;
  }

  /** Write requests the emulator has answered so far. */
  const writes = (): number =>
    WRITE_ACTIONS.reduce((sum, action) => sum + (f.emu.emulator.stats.snapshot().actions[action] ?? 0), 0);

  const backup = async (out: string, pageSize?: number) => {
    const outcome = await takeBackup({ target, outDir: out, log: (line) => lines.push(line), pageSize });
    if (!outcome.ok) throw new Error(outcome.failure.message);
    return outcome.manifest;
  };
  const restore = (from: string, options: Partial<RestoreOptions> = {}) =>
    restoreBackup({
      target,
      dir: from,
      wipe: false,
      allowSchemaMismatch: false,
      log: (line) => lines.push(line),
      ...options,
    });
  const manifestOf = (from: string) => JSON.parse(readFileSync(join(from, 'manifest.json'), 'utf8')) as Manifest;

  async function until(condition: () => boolean, what: string): Promise<void> {
    for (let i = 0; i < 3_000; i += 1) {
      if (condition()) return;
      await sleep(20);
    }
    throw new Error(`timed out waiting for ${what}`);
  }

  const admin = async (route: string, input: object) =>
    (await f.emu.call('admin', { $url: route, ...input }, { openid: ADMIN })).result;

  /** The tea shop with two settled orders (one refunded in part, one completed), an unpaid one and EXTRA. */
  async function seedShop(): Promise<void> {
    seedTeaShop(f.emu, { returnWindowDays: 7 });
    f.emu.insert('admins', [{ _id: ADMIN, addedBy: 'setup', addedAt: new Date(), note: '' }]);
    const refunded = await placeAndPayTea(f.emu, 'backup-0001', 2);
    const completed = await placeAndPayTea(f.emu, 'backup-0002', 1);
    await until(() => [refunded, completed].every((id) => settlementDone(f.emu.emulator.store, id)), 'settlement');
    const shipped = await admin('shipOrder', { orderId: completed, carrier: '顺丰速运', trackingNo: 'SF1234567890' });
    expect(shipped).toMatchObject({ ok: true });
    const confirmed = await f.emu.call('order', { $url: 'confirmReceipt', orderId: completed }, { openid: BUYER });
    expect(confirmed.result).toMatchObject({ ok: true });
    const request = await f.emu.call(
      'afterSale',
      {
        $url: 'request',
        orderId: refunded,
        kind: 'refundOnly',
        reason: '不想要了',
        idempotencyKey: 'backup-refund-1',
        lines: [{ lineIndex: 0, quantity: 0, amountFen: 9_999 }],
      },
      { openid: BUYER },
    );
    const afterSaleId = (request.result as { data: { afterSale: { id: string } } }).data.afterSale.id;
    expect(await admin('approveAfterSale', { afterSaleId })).toMatchObject({ ok: true });
    await f.emu.advanceClock(10_000);
    const unpaid = await f.emu.call(
      'placeOrder',
      { items: [{ skuId: TEA_SKU, quantity: 1 }], addressId: `addr-${BUYER}`, idempotencyKey: 'backup-0003' },
      { openid: BUYER },
    );
    expect(unpaid.result).toMatchObject({ ok: true });
    await f.db.createCollection(EXTRA);
    f.emu.insert(
      EXTRA,
      Array.from({ length: EXTRA_DOCUMENTS }, (_, i) => extraDocument(i)),
    );
  }

  /** Every kind of value the format carries: nested dates, arrays, null, fractions, negatives, Chinese text. */
  function extraDocument(i: number): Doc {
    return {
      _id: `log-${String(i).padStart(5, '0')}`,
      at: new Date(Date.UTC(2026, 0, 1) + i * 60_000),
      share: i / 4 - 100,
      tags: i % 3 === 0 ? [] : ['导入', { when: new Date(i * 1000), ok: i % 2 === 0 }],
      nested: { note: i % 2 === 0 ? null : '备注', deep: { list: [1, 2.5, -3], flag: false } },
    };
  }

  beforeAll(async () => {
    await seedShop();
    const opened = await openTarget({ envId: null, emulatorUrl: f.emu.url, region: null }, {});
    if (!opened.ok) throw new Error(opened.failure.message);
    target = opened.target;
    original = snapshot();
  });

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('writes every collection to a JSON Lines file, with counts, checksums and the schema version', async () => {
    const manifest = await backup(dir('a'));
    expect(manifest).toMatchObject({
      format: 'cloudbase-mall-backup',
      formatVersion: 1,
      schemaVersion: schemaVersion(),
      envId: f.emu.envName,
    });
    expect(manifestOf(dir('a'))).toEqual(manifest);
    const counts = Object.fromEntries(manifest.collections.map((entry) => [entry.name, entry.count]));
    expect(counts).toEqual(Object.fromEntries(Object.entries(original).map(([name, docs]) => [name, docs.length])));
    expect(manifest.collections.find((entry) => entry.name === EXTRA)).toMatchObject({ declared: false, count: 2_345 });
    for (const name of ['orders', 'commissions', 'ledgerEntries', 'accounts', 'afterSales', 'settlementShares'])
      expect([name, counts[name]]).not.toEqual([name, 0]);
    expect(readdirSync(dir('a')).sort()).toEqual(
      ['manifest.json', ...manifest.collections.map((entry) => entry.file)].sort(),
    );
    // Dates are written as EJSON dates, not as strings.
    const order = readFileSync(join(dir('a'), 'orders.jsonl'), 'utf8').split('\n')[0] ?? '';
    expect(order).toMatch(/"createdAt":\{"\$date":"20\d\d-/);
  });

  it('writes the same bytes again for unchanged data, whatever the page size', async () => {
    const manifest = await backup(dir('b'), 50);
    const first = manifestOf(dir('a'));
    expect({ ...manifest, takenAt: first.takenAt }).toEqual(first);
    for (const entry of manifest.collections)
      expect(readFileSync(join(dir('b'), entry.file))).toEqual(readFileSync(join(dir('a'), entry.file)));
  });

  it('refuses a non-empty target and writes nothing', async () => {
    const before = writes();
    const outcome = await restore(dir('a'));
    expect(outcome).toMatchObject({ ok: false, failure: { code: 'TARGET_NOT_EMPTY' } });
    expect(!outcome.ok && outcome.failure.message).toContain('orders (3)');
    expect(writes()).toBe(before);
    expect(snapshot()).toEqual(original);
  });

  it('refuses a tampered file, a wrong count or a missing file, and writes nothing', async () => {
    f.emu.reset();
    const tampered = (name: string, change: (from: string) => void): string => {
      cpSync(dir('a'), dir(name), { recursive: true });
      change(dir(name));
      return dir(name);
    };
    const edit = (path: string, replace: (text: string) => string) =>
      writeFileSync(path, replace(readFileSync(path, 'utf8')));
    const cases = [
      tampered('t-file', (d) => edit(join(d, 'orders.jsonl'), (text) => text.replace('"quantity":2', '"quantity":3'))),
      tampered('t-count', (d) =>
        edit(join(d, 'manifest.json'), (text) => text.replace('"count": 2345', '"count": 2344')),
      ),
      tampered('t-missing', (d) => rmSync(join(d, 'accounts.jsonl'))),
      tampered('t-manifest', (d) => rmSync(join(d, 'manifest.json'))),
    ];
    const before = writes();
    const messages: string[] = [];
    for (const from of cases) {
      const outcome = await restore(from);
      expect(outcome).toMatchObject({ ok: false, failure: { code: 'BAD_BACKUP' } });
      if (!outcome.ok) messages.push(outcome.failure.message);
    }
    expect(messages[0]).toMatch(/orders\.jsonl: SHA-256 [0-9a-f]{64}, the manifest says/);
    expect(messages[1]).toContain(`${EXTRA}.jsonl: 2345 documents, the manifest says 2344`);
    expect(messages[2]).toContain('accounts.jsonl: cannot be read (ENOENT)');
    expect(messages[3]).toContain('manifest.json: cannot be read (ENOENT)');
    expect(writes()).toBe(before);
    expect(Object.values(snapshot()).flat()).toEqual([]);
    expect(f.emu.emulator.store.collectionNames()).not.toContain(EXTRA);
  });

  it('restores into an empty environment: every document identical, dates as dates', async () => {
    lines.length = 0;
    const outcome = await restore(dir('a'));
    expect(outcome).toEqual({ ok: true, documents: Object.values(original).flat().length });
    const restored = snapshot();
    expect(restored).toEqual(original);
    const order = restored.orders?.[0] as { createdAt: unknown };
    expect(Object.prototype.toString.call(order.createdAt)).toBe('[object Date]');
    expect(lines).toContain(`  ${EXTRA}: collection created`);
    expect(lines).toContain(`  ${EXTRA}: ${EXTRA_DOCUMENTS} documents restored`);
    // A backup of the restored environment is the same backup.
    const manifest = await backup(dir('c'));
    for (const entry of manifest.collections)
      expect(readFileSync(join(dir('c'), entry.file))).toEqual(readFileSync(join(dir('a'), entry.file)));
  });

  it('with --wipe, deletes what the target holds and restores the backup exactly', async () => {
    f.emu.insert('orders', [{ _id: 'not-in-the-backup', status: 'paid', createdAt: new Date() }]);
    f.emu.emulator.put('accounts', 'oRef', {
      ...(original.accounts?.find((doc) => doc._id === 'oRef') ?? {}),
      frozenFen: 1,
    });
    f.emu.emulator.put('users', BUYER, null);
    const outcome = await restore(dir('a'), { wipe: true });
    expect(outcome).toMatchObject({ ok: true });
    expect(snapshot()).toEqual(original);
  });

  it('refuses a backup of another schema version unless told to restore it anyway', async () => {
    f.emu.reset();
    cpSync(dir('a'), dir('s'), { recursive: true });
    const manifest = manifestOf(dir('s'));
    writeFileSync(
      join(dir('s'), 'manifest.json'),
      JSON.stringify({ ...manifest, schemaVersion: 'sha256:0000000000000000' }),
    );
    const before = writes();
    expect(await restore(dir('s'))).toMatchObject({ ok: false, failure: { code: 'SCHEMA_MISMATCH' } });
    expect(writes()).toBe(before);
    expect(await restore(dir('s'), { allowSchemaMismatch: true })).toMatchObject({ ok: true });
    expect(snapshot()).toEqual(original);
  });

  it('runs as npm run backup and npm run restore, with their exit codes', async () => {
    const out = dir('cli');
    const backedUp = await runCli('backup', ['--emulator', f.emu.url, '--out', out]);
    expect(backedUp).toMatchObject({ code: 0 });
    expect(backedUp.stdout).toContain(`${EXTRA}: ${EXTRA_DOCUMENTS} documents`);
    expect(readFileSync(join(out, 'orders.jsonl'))).toEqual(readFileSync(join(dir('a'), 'orders.jsonl')));
    const refused = await runCli('restore', [`--emulator=${f.emu.url}`, '--from', out]);
    expect(refused).toMatchObject({ code: 1 });
    expect(refused.stderr).toContain('TARGET_NOT_EMPTY');
    const noCredentials = await runCli('backup', ['--env', 'shop-8g2k5xyz', '--out', dir('cli-real')]);
    expect(noCredentials).toMatchObject({ code: 1 });
    expect(noCredentials.stderr).toContain('MISSING_CREDENTIALS');
    expect(await runCli('restore', ['--emulator', f.emu.url])).toMatchObject({ code: 2 });
  });
});

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs scripts/<name>.ts with tsx, as npm run does, with no Tencent Cloud credentials set. */
function runCli(name: 'backup' | 'restore', args: string[]): Promise<CliResult> {
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' };
  const child = spawn(process.execPath, [require.resolve('tsx/cli'), `scripts/${name}.ts`, ...args], {
    cwd: PROJECT_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}
