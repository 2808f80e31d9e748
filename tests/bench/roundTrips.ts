/**
 * Round trips per call of the shop's busiest routes, on a small shop (tests/bench/shop.ts). A
 * round trip is one request from the function to the backend (database, payment, another
 * function); each costs the platform's latency, so the count bounds a call's time. The targets
 * are on all round trips (placeOrder's include the one payment request that opens the WeChat
 * Pay order, onPayCallback's the settlement call it starts). Every call runs `REPEAT` times, one after another once the previous one's
 * background work (a settlement) has ended: the table shows the most round trips any run needed
 * and the median times.
 */
import type { EmulatorHandle } from '../../emulator/src/index';
import type { BenchSection } from './section';
import { figuresOf, lastInvocationOf, ms, percentile, quiesce, succeeds, type CallFigures } from './measure';
import { ADMIN, BENCH_PRODUCT, BENCH_SKUS, REF, seedBenchShop, startBenchEmulator } from './shop';

const REPEAT = 5;
const BUYERS = Array.from({ length: REPEAT * 4 }, (_, i) => `oBenchBuyer${i}`);

interface Scenario {
  call: string;
  /** The most round trips a call may take; null when the call has no target. */
  bound: number | null;
  /** Runs the call once (run i of REPEAT) and answers its figures; null: this scenario runs fewer times. */
  run: (emu: EmulatorHandle, i: number) => Promise<CallFigures | null>;
}

const placeOrder = (emu: EmulatorHandle, buyer: string, lines: number, key: string) =>
  succeeds(
    emu,
    'placeOrder',
    {
      items: BENCH_SKUS.slice(0, lines).map((skuId) => ({ skuId, quantity: 1 })),
      addressId: `addr-${buyer}`,
      idempotencyKey: key,
    },
    buyer,
  );

async function payCallback(emu: EmulatorHandle, i: number): Promise<CallFigures> {
  const buyer = BUYERS[REPEAT + i] as string;
  const { data } = await placeOrder(emu, buyer, 1, `bench-pay-${i}`);
  const paid = await fetch(`${emu.url}/_emulator/payments/${data.orderId as string}/pay`, { method: 'POST' });
  if (!paid.ok) throw new Error(`paying ${data.orderId as string}: HTTP ${paid.status}`);
  return figuresOf(lastInvocationOf(emu, 'onPayCallback'));
}

function scenarios(refShareCode: string): Scenario[] {
  const figures = async (promise: Promise<{ figures: CallFigures }>): Promise<CallFigures> => (await promise).figures;
  return [
    {
      call: 'bindReferrer (new user)',
      bound: 4,
      run: (emu, i) => figures(succeeds(emu, 'bindReferrer', { shareCode: refShareCode }, `oBenchNew${i}`)),
    },
    ...[1, 3, 10].map((lines) => ({
      call: `placeOrder (${lines} line${lines > 1 ? 's' : ''})`,
      // lines + 5 before orders had readable numbers: taking the number is one insert.
      bound: lines + 6,
      run: (emu: EmulatorHandle, i: number) =>
        figures(placeOrder(emu, BUYERS[i] as string, lines, `bench-${lines}-${i}`)),
    })),
    { call: 'onPayCallback (settles 2 levels)', bound: 4, run: payCallback },
    {
      call: 'withdraw request',
      // 6 before the ledger's hash chain: the entry's chain head is written after the locked read.
      bound: 7,
      run: (emu, i) =>
        figures(
          succeeds(
            emu,
            'withdraw',
            { $url: 'request', requestId: `bench-wd-${i}-0000`, amountFen: 100, channel: 'wechatTransfer' },
            REF,
          ),
        ),
    },
    {
      // The first call after the binds above moves oBenchRef's grade up: 2 more writes, once.
      call: 'distributor center (first: grade moves up)',
      bound: null,
      run: (emu, i) =>
        i === 0 ? figures(succeeds(emu, 'distributor', { $url: 'center' }, REF)) : Promise.resolve(null),
    },
    {
      call: 'distributor center',
      bound: 3,
      run: (emu) => figures(succeeds(emu, 'distributor', { $url: 'center' }, REF)),
    },
    {
      // The rules, one aggregation of this month's counted team orders, a page of bonuses: in parallel.
      call: 'distributor teamBonus (团队奖励)',
      bound: 3,
      run: (emu) => figures(succeeds(emu, 'distributor', { $url: 'teamBonus' }, REF)),
    },
    {
      // The page, three level counts and the caller side by side, then the page's paid orders (docs/team.md section 2).
      call: 'distributor teamMembers (level 1)',
      bound: 6,
      run: (emu) => figures(succeeds(emu, 'distributor', { $url: 'teamMembers', level: 1 }, REF)),
    },
    {
      // Levels 2 and 3 also read the members' referrers' nicknames.
      call: 'distributor teamMembers (level 2)',
      bound: 7,
      run: (emu) => figures(succeeds(emu, 'distributor', { $url: 'teamMembers', level: 2 }, REF)),
    },
    { call: 'catalog home', bound: null, run: (emu) => figures(succeeds(emu, 'catalog', { $url: 'home' })) },
    {
      // A distributor's home carries their exclusive prices: the caller and the rules ride in the same aggregation.
      call: 'catalog home (distributor)',
      bound: null,
      run: (emu) => figures(succeeds(emu, 'catalog', { $url: 'home' }, REF)),
    },
    {
      call: 'catalog product detail (distributor)',
      bound: null,
      run: (emu) => figures(succeeds(emu, 'catalog', { $url: 'detail', productId: BENCH_PRODUCT }, REF)),
    },
    {
      call: 'admin dashboard',
      bound: null,
      run: (emu) => figures(succeeds(emu, 'admin', { $url: 'dashboard' }, ADMIN)),
    },
  ];
}

export async function roundTripsBench({ latencyMs }: { latencyMs: number }): Promise<BenchSection> {
  const emu = await startBenchEmulator(latencyMs);
  const section: BenchSection = {
    title: `Round trips per call (small shop, ${latencyMs} ms per request)`,
    rows: [],
    checks: [],
  };
  try {
    const refShareCode = seedBenchShop(emu, BUYERS);
    for (const scenario of scenarios(refShareCode)) {
      const runs: CallFigures[] = [];
      for (let i = 0; i < REPEAT; i += 1) {
        await quiesce(emu);
        const run = await scenario.run(emu, i);
        if (run) runs.push(run);
      }
      const roundTrips = Math.max(...runs.map((run) => run.roundTrips));
      section.rows.push({
        call: scenario.call,
        'db round trips (max)': Math.max(...runs.map((run) => run.databaseRoundTrips)),
        'all round trips (max)': roundTrips,
        target: scenario.bound === null ? '-' : `≤ ${scenario.bound}`,
        'db ms (median)': ms(
          percentile(
            runs.map((run) => run.databaseMs),
            50,
          ),
        ),
        'wall ms (median)': ms(
          percentile(
            runs.map((run) => run.durationMs),
            50,
          ),
        ),
        'wall ms (first call)': ms((runs[0] as CallFigures).durationMs),
      });
      if (scenario.bound !== null)
        section.checks.push({
          what: `${scenario.call}: round trips ≤ ${scenario.bound}`,
          ok: roundTrips <= scenario.bound,
          detail: `${roundTrips} (runs: ${runs.map((run) => run.roundTrips).join(', ')})`,
        });
    }
  } finally {
    await emu.stop();
  }
  return section;
}
