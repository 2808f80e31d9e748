/**
 * The release run's scale target (docs/ledger.md), a section of `npm run bench` (also alone:
 * `npm run bench:release`). Seeds 100,000 due commissions across 10,000 distributors straight
 * into the emulator's store (with their accounts, settle entries and users, consistent with each
 * other), then invokes releaseCommissions as its timer would (no budget in the event) until
 * nothing is due. One row per run and the totals; the checks fail when a run takes 60 s or
 * more, when anything is left unreleased, or when the ledger does not add up.
 */
import type { EmulatorHandle } from '../../emulator/src/index';
import type { ReleaseCommissionsOutput } from '@shared/contracts/timers';
import type { AccountDocument, CommissionDocument, LedgerEntry } from '@shared/ledger';
import type { Result } from '@shared/result';
import type { BenchSection } from './section';
import { startBenchEmulator } from './shop';
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

const COMMISSIONS = 100_000;
const DISTRIBUTORS = 10_000;

export async function releaseBench({ latencyMs }: { latencyMs: number }): Promise<BenchSection> {
  const emu = await startBenchEmulator(latencyMs);
  try {
    const seeded = seedDueCommissions(emu, {
      commissions: COMMISSIONS,
      distributors: DISTRIBUTORS,
      releaseAt: new Date(emu.emulator.options.clock.now() - 60_000),
    });
    const runs: Run[] = [];
    do runs.push(await releaseOnce(emu));
    while ((runs[runs.length - 1] as Run).more && runs.length < MAX_RUNS);
    const total = (pick: (run: Run) => number) => runs.reduce((sum, run) => sum + pick(run), 0);
    const row = (run: string, figures: Omit<Run, 'more'>) => ({
      run,
      'wall s': Math.round(figures.wallS * 10) / 10,
      'round trips': figures.roundTrips,
      batches: figures.batches,
      released: figures.released,
    });
    const slowest = Math.max(...runs.map((run) => run.wallS));
    let verified = 'every account equals its entries';
    try {
      verify(emu, COMMISSIONS, seeded.totalFen);
    } catch (error) {
      verified = `FAILED: ${(error as Error).message}`;
    }
    return {
      title: `Release at scale (${COMMISSIONS} due commissions, ${DISTRIBUTORS} distributors, ${latencyMs} ms per request)`,
      rows: [
        ...runs.map((run, i) => row(String(i + 1), run)),
        row('total', {
          wallS: total((run) => run.wallS),
          roundTrips: total((run) => run.roundTrips),
          batches: total((run) => run.batches),
          released: total((run) => run.released),
        }),
      ],
      checks: [
        {
          what: `every run under the ${FUNCTION_TIMEOUT_S} s time limit`,
          ok: slowest < FUNCTION_TIMEOUT_S,
          detail: `slowest ${slowest.toFixed(1)} s`,
        },
        {
          what: 'everything released, the ledger adds up',
          ok: !verified.startsWith('FAILED'),
          detail: `${total((run) => run.released)} released in ${runs.length} runs; ${verified}; ${(total((run) => run.roundTrips) / COMMISSIONS).toFixed(3)} round trips per commission`,
        },
      ],
    };
  } finally {
    await emu.stop();
  }
}
