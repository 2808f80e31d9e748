/**
 * A 秒杀 session: 1,000 buyers call placeOrder at the same moment with the session's activityId,
 * for 100 units allotted out of a SKU with 1,000 in stock, on 8 instances. Exactly 100 orders may
 * be accepted and 900 refused FLASH_SOLD_OUT; the session's stock ends at 0 and the SKU's at 900.
 * Beside the plain flash sale (flashSale.ts), each accepted order also takes the session's units
 * and the shopper's count (cloudfunctions/_lib/orders/flashStock.ts), which the round trips show.
 */
import type { FlashStockDocument } from '@shared/activities';
import type { SkuDocument } from '@shared/catalog';
import { seedAddress, seedProduct } from '../helpers/orders';
import { seedRules, seedUsers } from '../helpers/referrals';
import type { BenchSection } from './section';
import { startBenchEmulator } from './shop';
import { figuresOf, ms, percentile, type CallFigures } from './measure';

const BUYERS = 1_000;
const UNITS = 100;
const SKU_STOCK = 1_000;
const INSTANCES = 8;
const HOUR_MS = 3600_000;

type Emulator = Awaited<ReturnType<typeof startBenchEmulator>>;

/** The session as saveActivity stores it, and its stock document. */
function seedSession(emu: Emulator): void {
  const now = emu.emulator.options.clock.now();
  const at = (offsetMs: number) => new Date(now + offsetMs);
  seedProduct(emu, { _id: 'p-session' }, [{ _id: 'session-1', priceFen: 9900, stock: SKU_STOCK }]);
  const sku = { skuId: 'session-1', productId: 'p-session', priceFen: 990, stock: UNITS, perUserLimit: 1 };
  const session = { _id: 'fsBench', kind: 'flashSale', name: '整点秒杀', status: 'active', commission: false };
  emu.insert('activities', [
    { ...session, startAt: at(-60_000), endAt: at(HOUR_MS), skus: [sku], createdAt: at(0), updatedAt: at(0) },
  ]);
  const stock = { _id: 'fsBench_session-1', activityId: 'fsBench', skuId: 'session-1', allotted: UNITS };
  emu.insert('flashStocks', [{ ...stock, remaining: UNITS, reservedBy: [], returnedBy: [], updatedAt: at(0) }]);
}

function row(figures: CallFigures[], accepted: CallFigures[], counts: Record<string, number>, wallS: number) {
  const split = (list: CallFigures[], pick: (f: CallFigures) => number, p: number) => ms(percentile(list.map(pick), p));
  return {
    ...counts,
    'placeOrder ms p50': split(figures, (f) => f.durationMs, 50),
    'placeOrder ms p99': split(figures, (f) => f.durationMs, 99),
    'in function ms p50': split(figures, (f) => f.durationMs - f.queuedMs, 50),
    'in function ms p99': split(figures, (f) => f.durationMs - f.queuedMs, 99),
    'round trips per order p50': percentile(
      accepted.map((f) => f.roundTrips),
      50,
    ),
    'round trips per order max': Math.max(...accepted.map((f) => f.roundTrips)),
    'round trips per refusal p50': percentile(
      figures.filter((f) => !accepted.includes(f)).map((f) => f.roundTrips),
      50,
    ),
    'sale wall s': ms(wallS),
  };
}

export async function flashSessionBench({ latencyMs }: { latencyMs: number }): Promise<BenchSection> {
  const emu = await startBenchEmulator(latencyMs, { maxInstancesPerFunction: INSTANCES });
  try {
    seedRules(emu);
    const buyers = Array.from({ length: BUYERS }, (_, i) => `oSession${i}`);
    seedUsers(
      emu,
      buyers.map((id) => ({ id })),
    );
    for (const buyer of buyers) seedAddress(emu, buyer);
    seedSession(emu);
    const started = performance.now();
    const responses = await Promise.all(
      buyers.map((buyer) =>
        emu.call(
          'placeOrder',
          {
            items: [{ skuId: 'session-1', quantity: 1, activityId: 'fsBench' }],
            addressId: `addr-${buyer}`,
            idempotencyKey: `session-${buyer}`,
          },
          { openid: buyer },
        ),
      ),
    );
    const wallS = (performance.now() - started) / 1000;
    const results = responses.map(
      (response) => response.result as { ok: boolean; error?: { code: string } } | undefined,
    );
    const figures = responses.map((response) => figuresOf(response.invocation));
    const accepted = figures.filter((_, index) => results[index]?.ok);
    const soldOut = results.filter((result) => result?.error?.code === 'FLASH_SOLD_OUT').length;
    const remaining = (emu.emulator.store.scan('flashStocks')[0] as unknown as FlashStockDocument).remaining;
    const skuStock = (emu.emulator.store.scan('skus')[0] as unknown as SkuDocument).stock;
    return {
      title: `Flash-sale session (${BUYERS} concurrent buyers, ${UNITS} units of ${SKU_STOCK}, ${INSTANCES} instances, ${latencyMs} ms per request)`,
      rows: [row(figures, accepted, { accepted: accepted.length, 'refused (sold out)': soldOut }, wallS)],
      checks: [
        { what: `exactly ${UNITS} orders accepted`, ok: accepted.length === UNITS, detail: String(accepted.length) },
        {
          what: `the other ${BUYERS - UNITS} refused FLASH_SOLD_OUT`,
          ok: soldOut === BUYERS - UNITS,
          detail: `${soldOut} sold out, ${responses.filter((response) => response.error).length} platform errors`,
        },
        {
          what: `session stock 0, SKU stock ${SKU_STOCK - UNITS}`,
          ok: remaining === 0 && skuStock === SKU_STOCK - UNITS,
          detail: `session ${remaining}, SKU ${skuStock}`,
        },
      ],
    };
  } finally {
    await emu.stop();
  }
}
