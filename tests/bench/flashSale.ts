/**
 * A flash sale: 1,000 buyers call placeOrder at the same moment for one SKU with 100 units, on
 * the default 8 instances. Exactly 100 orders may be accepted and 900 refused OUT_OF_STOCK. A
 * call's wall time splits into the time it waited for a free instance (queued) and the time in
 * the function itself (wall − queued); the percentiles show both.
 */
import { seedAddress, seedProduct } from '../helpers/orders';
import { seedRules, seedUsers } from '../helpers/referrals';
import type { BenchSection } from './section';
import { startBenchEmulator } from './shop';
import { figuresOf, ms, percentile, type CallFigures } from './measure';

const BUYERS = 1_000;
const UNITS = 100;
const INSTANCES = 8;

export async function flashSaleBench({ latencyMs }: { latencyMs: number }): Promise<BenchSection> {
  const emu = await startBenchEmulator(latencyMs, { maxInstancesPerFunction: INSTANCES });
  try {
    seedRules(emu);
    const buyers = Array.from({ length: BUYERS }, (_, i) => `oFlash${i}`);
    seedUsers(
      emu,
      buyers.map((id) => ({ id })),
    );
    for (const buyer of buyers) seedAddress(emu, buyer);
    seedProduct(emu, { _id: 'p-flash' }, [{ _id: 'flash-1', priceFen: 990, stock: UNITS }]);
    const started = performance.now();
    const responses = await Promise.all(
      buyers.map((buyer) =>
        emu.call(
          'placeOrder',
          { items: [{ skuId: 'flash-1', quantity: 1 }], addressId: `addr-${buyer}`, idempotencyKey: `flash-${buyer}` },
          { openid: buyer },
        ),
      ),
    );
    const wallS = (performance.now() - started) / 1000;
    const failed = responses.filter((response) => response.error);
    const results = responses.map(
      (response) => response.result as { ok: boolean; error?: { code: string } } | undefined,
    );
    const accepted = results.filter((result) => result?.ok).length;
    const outOfStock = results.filter((result) => result?.error?.code === 'OUT_OF_STOCK').length;
    const figures = responses.map((response) => figuresOf(response.invocation));
    const split = (pick: (f: CallFigures) => number, p: number) => ms(percentile(figures.map(pick), p));
    const inFunction = (f: CallFigures) => f.durationMs - f.queuedMs;
    return {
      title: `Flash sale (${BUYERS} concurrent buyers, ${UNITS} units, ${INSTANCES} instances, ${latencyMs} ms per request)`,
      rows: [
        {
          accepted,
          'refused (out of stock)': outOfStock,
          'queued ms p50': split((f) => f.queuedMs, 50),
          'queued ms p99': split((f) => f.queuedMs, 99),
          'in function ms p50': split(inFunction, 50),
          'in function ms p99': split(inFunction, 99),
          'round trips p50': percentile(
            figures.map((f) => f.roundTrips),
            50,
          ),
          'round trips max': Math.max(...figures.map((f) => f.roundTrips)),
          'sale wall s': ms(wallS),
        },
      ],
      checks: [
        { what: `exactly ${UNITS} orders accepted`, ok: accepted === UNITS, detail: String(accepted) },
        {
          what: `the other ${BUYERS - UNITS} refused OUT_OF_STOCK`,
          ok: outOfStock === BUYERS - UNITS,
          detail: `${outOfStock} out of stock, ${failed.length} platform errors`,
        },
      ],
    };
  } finally {
    await emu.stop();
  }
}
