/**
 * npm run bench:release: the release run's scale target (docs/ledger.md). Seeds 100,000 due
 * commissions across 10,000 distributors straight into the emulator's store (with their
 * accounts, settle entries and users, consistent with each other), sets 10 ms of latency per
 * database round trip, then invokes releaseCommissions as its timer would (no budget in the
 * event) until nothing is due. Prints one row per run and the totals; fails when a run takes
 * 60 s or more, when anything is left unreleased, or when the ledger does not add up.
 *
 * Options: --commissions N, --distributors N, --latency-ms N.
 */
import { parseArgs } from 'node:util';
import { startEmulator, type EmulatorHandle } from '../../emulator/src/index';
import type { ReleaseCommissionsOutput } from '@shared/contracts/timers';
import type { AccountDocument, CommissionDocument, LedgerEntry } from '@shared/ledger';
import type { Result } from '@shared/result';
import { seedDueCommissions } from './seedRelease';

interface Run {
  wallS: number;
  roundTrips: number;
  released: number;
  batches: number;
  more: boolean;
}

const FUNCTION_TIMEOUT_S = 60;
const MAX_RUNS = 50;

async function releaseOnce(emu: EmulatorHandle): Promise<Run> {
  const started = performance.now();
  const { result, error, invocation } = await emu.runTimer('releaseCommissions');
  if (error) throw new Error(`releaseCommissions failed: ${error.message}`);
  const answer = result as Result<ReleaseCommissionsOutput>;
  if (!answer.ok) throw new Error(`releaseCommissions refused: ${answer.error.code}`);
  return {
    wallS: (performance.now() - started) / 1000,
    roundTrips: invocation.roundTrips.total,
    released: answer.data.releasedCommissions,
    batches: answer.data.batches,
    more: !answer.data.done,
  };
}

function printTable(runs: Run[], commissions: number, distributors: number, latencyMs: number): void {
  console.log(
    `\nrelease: ${commissions} due commissions, ${distributors} distributors, emulator latency ${latencyMs} ms per database request\n`,
  );
  const header = ['run', 'wall s', 'round trips', 'batches', 'released'];
  const rows = runs.map((run, i) => [
    String(i + 1),
    run.wallS.toFixed(1),
    String(run.roundTrips),
    String(run.batches),
    String(run.released),
  ]);
  const total = (pick: (run: Run) => number) => runs.reduce((sum, run) => sum + pick(run), 0);
  rows.push([
    'total',
    total((run) => run.wallS).toFixed(1),
    String(total((run) => run.roundTrips)),
    String(total((run) => run.batches)),
    String(total((run) => run.released)),
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => (row[i] as string).length)));
  const format = (cells: string[]): string => cells.map((cell, i) => cell.padStart(widths[i] as number)).join('  ');
  console.log(format(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const row of rows) console.log(format(row));
  console.log(
    `\nround trips per commission: ${(total((run) => run.roundTrips) / commissions).toFixed(3)}; slowest run ${Math.max(...runs.map((run) => run.wallS)).toFixed(1)} s`,
  );
}

/** Everything released, each account the sum of its entries and credited with exactly its commissions. */
function verify(emu: EmulatorHandle, commissions: number, totalFen: number): void {
  const docs = emu.emulator.store.scan('commissions') as unknown as CommissionDocument[];
  const unreleased = docs.filter((doc) => doc.status !== 'released').length;
  if (unreleased > 0) throw new Error(`${unreleased} of ${commissions} commissions were not released`);
  const entries = emu.emulator.store.scan('ledgerEntries') as unknown as LedgerEntry[];
  const released = entries.filter((entry) => entry.kind === 'release');
  const covered = new Set(released.flatMap((entry) => entry.ref.commissionIds ?? []));
  const creditedFen = released.reduce((sum, entry) => sum + entry.deltas.availableFen, 0);
  if (covered.size !== commissions || creditedFen !== totalFen)
    throw new Error(
      `release entries cover ${covered.size} commissions and ${creditedFen} fen; expected ${commissions} and ${totalFen}`,
    );
  const sums = new Map<string, { frozenFen: number; availableFen: number }>();
  for (const entry of entries) {
    const sum = sums.get(entry.userId) ?? { frozenFen: 0, availableFen: 0 };
    sum.frozenFen += entry.deltas.frozenFen;
    sum.availableFen += entry.deltas.availableFen;
    sums.set(entry.userId, sum);
  }
  for (const account of emu.emulator.store.scan('accounts') as unknown as AccountDocument[]) {
    const sum = sums.get(account._id);
    if (account.frozenFen !== 0 || sum?.frozenFen !== 0 || account.availableFen !== sum.availableFen)
      throw new Error(`account ${account._id} does not equal its entries`);
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { commissions: { type: 'string' }, distributors: { type: 'string' }, 'latency-ms': { type: 'string' } },
  });
  const commissions = Number(values.commissions ?? 100_000);
  const distributors = Number(values.distributors ?? 10_000);
  const latencyMs = Number(values['latency-ms'] ?? 10);
  const emu = await startEmulator({ latencyMs, timers: [] });
  try {
    const seedStarted = performance.now();
    const seeded = seedDueCommissions(emu, {
      commissions,
      distributors,
      releaseAt: new Date(emu.emulator.options.clock.now() - 60_000),
    });
    console.log(`seeded in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`);
    const runs: Run[] = [];
    do {
      runs.push(await releaseOnce(emu));
      const last = runs[runs.length - 1] as Run;
      console.log(
        `run ${runs.length}: ${last.wallS.toFixed(1)} s, ${last.roundTrips} round trips, ${last.released} released`,
      );
    } while ((runs[runs.length - 1] as Run).more && runs.length < MAX_RUNS);
    printTable(runs, commissions, distributors, latencyMs);
    const slow = runs.filter((run) => run.wallS >= FUNCTION_TIMEOUT_S);
    if (slow.length > 0) throw new Error(`${slow.length} run(s) took ${FUNCTION_TIMEOUT_S} s or more`);
    verify(emu, commissions, seeded.totalFen);
    console.log(`all ${commissions} commissions released in ${runs.length} runs; every account equals its entries`);
  } finally {
    await emu.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
