/**
 * Round trips of the analytics routes as the shop grows: the merchant's 数据分析 (30 and 90 days)
 * and the distributor's 数据 and center, on the bench shop with 10, 200 and 2,000 paid orders of
 * oBenchRef's team over the last 60 days (with their commission lines, product counters and share
 * visits, oBenchRef's among many sharers' so that the visits' collection outgrows a scan). Each figure
 * is an aggregation, so the round trips must not move with the number of orders: the checks hold
 * every call to its bound at every size.
 */
import type { EmulatorHandle } from '../../emulator/src/index';
import { productDayId, dayNumber, shareDayId } from '@shared/analytics';
import type { BenchSection } from './section';
import { seedOrder } from '../helpers/orders';
import { ms, quiesce, succeeds, type CallFigures } from './measure';
import { ADMIN, BENCH_PRODUCT, REF, seedBenchShop, startBenchEmulator, TOP } from './shop';

const SIZES = [10, 200, 2_000];
const DAY_MS = 24 * 3600 * 1000;

const CALLS: Array<{ call: string; bound: number; run: (emu: EmulatorHandle) => Promise<{ figures: CallFigures }> }> = [
  { call: 'admin analytics (30 days)', bound: 2, run: (emu) => succeeds(emu, 'admin', { $url: 'analytics' }, ADMIN) },
  {
    call: 'admin analytics (90 days)',
    bound: 2,
    run: (emu) => succeeds(emu, 'admin', { $url: 'analytics', days: 90 }, ADMIN),
  },
  { call: 'distributor analytics', bound: 1, run: (emu) => succeeds(emu, 'distributor', { $url: 'analytics' }, REF) },
  { call: 'distributor center', bound: 3, run: (emu) => succeeds(emu, 'distributor', { $url: 'center' }, REF) },
];

/**
 * `count` more paid orders of oBenchRef's team, spread over the last 60 days, and a day's counters
 * each: a product's, and another sharer's visits (oBenchRef's are seedRefVisits').
 */
function seedTeamOrders(emu: EmulatorHandle, from: number, count: number): void {
  const now = emu.emulator.options.clock.now();
  for (let i = from; i < from + count; i += 1) {
    const at = new Date(now - ((i * 7) % 60) * DAY_MS - (i % 24) * 3600 * 1000);
    seedOrder(
      emu,
      {
        _id: `bench-analytics-${i}`,
        buyerId: `oBenchAnalyticsBuyer${i % 50}`,
        status: 'completed',
        chain: [REF, TOP],
        createdAt: at,
        payment: { params: null, transactionId: `tx-analytics-${i}`, paidFen: 1_000, paidAt: at },
      },
      [
        {
          skuId: 'bench-sku-0',
          productId: BENCH_PRODUCT,
          unitPriceFen: 1_000,
          attribution: {
            baseFen: 1_000,
            quantity: 1,
            capFen: 0,
            capApplied: false,
            levels: [
              {
                level: 1,
                beneficiaryId: REF,
                basis: { kind: 'rate', rateBp: 1_000 },
                uncappedFen: 100,
                amountFen: 100,
              },
              { level: 2, beneficiaryId: TOP, basis: { kind: 'rate', rateBp: 500 }, uncappedFen: 50, amountFen: 50 },
            ],
            totalFen: 150,
          },
        },
      ],
    );
    const id = productDayId(`${BENCH_PRODUCT}-${i}`, at);
    emu.insert('productDailyStats', [
      { _id: id, productId: `${BENCH_PRODUCT}-${i}`, day: dayNumber(at), views: 9, cartAdds: 3 },
    ]);
    const sharerId = `oBenchSharer${i}`;
    emu.insert('shareDailyStats', [{ _id: shareDayId(sharerId, at), sharerId, day: dayNumber(at), visits: 5 }]);
  }
}

/** oBenchRef's share visits on each of the last 60 days. */
function seedRefVisits(emu: EmulatorHandle): void {
  const now = emu.emulator.options.clock.now();
  const days = Array.from({ length: 60 }, (_, index) => now - index * DAY_MS);
  emu.insert(
    'shareDailyStats',
    days.map((at) => ({ _id: shareDayId(REF, at), sharerId: REF, day: dayNumber(at), visits: 12 })),
  );
}

export async function analyticsBench({ latencyMs }: { latencyMs: number }): Promise<BenchSection> {
  const emu = await startBenchEmulator(latencyMs);
  const section: BenchSection = {
    title: `Analytics round trips as orders grow (${latencyMs} ms per request)`,
    rows: [],
    checks: [],
  };
  try {
    seedBenchShop(emu, []);
    seedRefVisits(emu);
    // The center's first call may move the grade up (two writes, once): not what is measured here.
    await succeeds(emu, 'distributor', { $url: 'center' }, REF);
    let seeded = 0;
    for (const size of SIZES) {
      seedTeamOrders(emu, seeded, size - seeded);
      seeded = size;
      for (const { call, bound, run } of CALLS) {
        await quiesce(emu);
        const { figures } = await run(emu);
        section.rows.push({
          call,
          'paid orders': size,
          'db round trips': figures.databaseRoundTrips,
          'all round trips': figures.roundTrips,
          target: `≤ ${bound}`,
          'wall ms': ms(figures.durationMs),
          'unindexed scans': figures.unindexedScans,
        });
        section.checks.push({
          what: `${call} with ${size} orders: round trips ≤ ${bound}, no unindexed scan`,
          ok: figures.roundTrips <= bound && figures.unindexedScans === 0,
          detail: `${figures.roundTrips} round trips, ${figures.unindexedScans} unindexed scans`,
        });
      }
    }
    await counterRows(emu, section);
  } finally {
    await emu.stop();
  }
  return section;
}

/**
 * What counting costs the shoppers' calls: the product page's first load, on the product's first
 * view of the day (the increment misses, the insert makes the day) and the next, and its adds to
 * cart (one increment of the day the view made; the cart's own write inserts a new cart).
 */
async function counterRows(emu: EmulatorHandle, section: BenchSection): Promise<void> {
  const detail = { $url: 'detail', productId: BENCH_PRODUCT, countView: true };
  const add = (i: number) => ({
    $url: 'add',
    skuId: 'bench-sku-1',
    quantity: 1,
    requestId: `bench-add-${i}`,
    countAdd: true,
  });
  const runs: Array<[string, number, () => Promise<{ figures: CallFigures }>]> = [
    ['catalog product detail, counting the view (first of the day)', 3, () => succeeds(emu, 'catalog', detail, REF)],
    ['catalog product detail, counting the view', 2, () => succeeds(emu, 'catalog', detail, REF)],
    ['cart add to a new cart, counting the add', 4, () => succeeds(emu, 'cart', add(1), REF)],
    ['cart add, counting the add', 4, () => succeeds(emu, 'cart', add(2), REF)],
  ];
  for (const [call, bound, run] of runs) {
    await quiesce(emu);
    const { figures } = await run();
    section.rows.push({
      call,
      'paid orders': '-',
      'db round trips': figures.databaseRoundTrips,
      'all round trips': figures.roundTrips,
      target: `≤ ${bound}`,
      'wall ms': ms(figures.durationMs),
      'unindexed scans': figures.unindexedScans,
    });
    section.checks.push({
      what: `${call}: round trips ≤ ${bound}`,
      ok: figures.roundTrips <= bound,
      detail: String(figures.roundTrips),
    });
  }
}
