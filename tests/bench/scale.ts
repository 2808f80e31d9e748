/**
 * The shop at promotion scale (tests/bench/seedScale.ts: 100,000 orders, 10,000 distributors,
 * 100,000 commissions): the admin dashboard and the distributor center of the distributor with
 * the largest team. Their round trips must not grow with the shop and no query may read a large
 * collection that no index serves (unindexed scans, counted by the emulator, also inside
 * `$lookup` sub-pipelines): the dashboard groups no whole collection per call, each of its
 * sub-pipelines starts with a `$match` a declared index serves. "documents read" is the
 * emulator's own count: it seeks equality conditions through its indexes but filters range
 * conditions (the dashboard's `payment.paidAt` periods) by reading the collection, so the
 * dashboard's count and database time here grow with the shop, where CloudBase's index on
 * `payment.paidAt` reads only the period's orders. The empty shop's time is shown for comparison.
 */
import type { EmulatorHandle } from '../../emulator/src/index';
import type { BenchSection } from './section';
import { ms, percentile, succeeds, type CallFigures } from './measure';
import { SCALE, seedScaleShop, TOP_DISTRIBUTOR } from './seedScale';
import { ADMIN, startBenchEmulator } from './shop';

const REPEAT = 3;

interface Call {
  call: string;
  name: string;
  data: object;
  openid: string;
  bound: number;
}

const CALLS: Call[] = [
  { call: 'admin dashboard', name: 'admin', data: { $url: 'dashboard' }, openid: ADMIN, bound: 2 },
  {
    call: `distributor center (${TOP_DISTRIBUTOR})`,
    name: 'distributor',
    data: { $url: 'center' },
    openid: TOP_DISTRIBUTOR,
    bound: 3,
  },
];

type Figures = CallFigures & { documentsRead: number };

async function runs(emu: EmulatorHandle, call: Call): Promise<Figures[]> {
  const all: Figures[] = [];
  const database = emu.emulator.database;
  for (let i = 0; i < REPEAT; i += 1) {
    const before = database.documentsRead;
    const { figures } = await succeeds(emu, call.name, call.data, call.openid);
    all.push({ ...figures, documentsRead: database.documentsRead - before });
  }
  return all;
}

/** The call's runs, or the error that ended them (a call past its function's time limit fails). */
async function attempt(emu: EmulatorHandle, call: Call): Promise<Figures[] | Error> {
  try {
    return await runs(emu, call);
  } catch (error) {
    return error as Error;
  }
}

/** The dashboard's median database time on an empty shop (the same emulator, nothing seeded but the admin). */
async function emptyDashboardMs(latencyMs: number): Promise<number> {
  const emu = await startBenchEmulator(latencyMs);
  try {
    emu.insert('admins', [{ _id: ADMIN, addedBy: 'setup', addedAt: new Date(), note: '' }]);
    return percentile(
      (await runs(emu, CALLS[0] as Call)).map((f) => f.databaseMs),
      50,
    );
  } finally {
    await emu.stop();
  }
}

export async function scaleBench({ latencyMs }: { latencyMs: number }): Promise<BenchSection> {
  const baseMs = await emptyDashboardMs(latencyMs);
  const emu = await startBenchEmulator(latencyMs);
  const section: BenchSection = {
    title: `Scale (${SCALE.orders} orders, ${SCALE.distributors} distributors, ${latencyMs} ms per request)`,
    rows: [],
    checks: [],
  };
  try {
    const seedStarted = performance.now();
    seedScaleShop(emu);
    const seedS = (performance.now() - seedStarted) / 1000;
    for (const call of CALLS) {
      const figures = await attempt(emu, call);
      if (figures instanceof Error) {
        section.rows.push({
          call: call.call,
          'round trips': '-',
          'unindexed scans': '-',
          'documents read': '-',
          'db ms (median)': '-',
          'wall ms (median)': 'failed',
        });
        section.checks.push({
          what: `${call.call}: answers at scale`,
          ok: false,
          detail: figures.message.split('\n')[0] as string,
        });
        continue;
      }
      const roundTrips = Math.max(...figures.map((f) => f.roundTrips));
      const scans = Math.max(...figures.map((f) => f.unindexedScans));
      const databaseMs = percentile(
        figures.map((f) => f.databaseMs),
        50,
      );
      section.rows.push({
        call: call.call,
        'round trips': roundTrips,
        'unindexed scans': scans,
        'documents read': Math.max(...figures.map((f) => f.documentsRead)),
        'db ms (median)': ms(databaseMs),
        'wall ms (median)': ms(
          percentile(
            figures.map((f) => f.durationMs),
            50,
          ),
        ),
      });
      section.checks.push(
        { what: `${call.call}: round trips ≤ ${call.bound}`, ok: roundTrips <= call.bound, detail: String(roundTrips) },
        { what: `${call.call}: no unindexed scan`, ok: scans === 0, detail: String(scans) },
      );
    }
    section.title += `; seeded in ${seedS.toFixed(1)} s; the dashboard on an empty shop: ${ms(baseMs)} db ms`;
  } finally {
    await emu.stop();
  }
  return section;
}
