/**
 * Cold start: the first call of a function starts an instance (a worker thread) and loads the
 * function's bundle before the handler runs; later calls reuse the warm instance. Each function
 * is called twice with the same input on a fresh emulator: the difference of the two wall times
 * is the instance's initialization. On CloudBase a cold start also pulls the code package, so
 * the real figure is higher; the bundle size is what the code can change.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { EmulatorHandle } from '../../emulator/src/index';
import { FUNCTIONS_BUILD_DIR } from '../../scripts/paths';
import type { BenchSection } from './section';
import { ms } from './measure';
import { ADMIN, BENCH_PRODUCT, REF, seedBenchShop, startBenchEmulator } from './shop';

const CALLS: Array<{ name: string; data: object; openid?: string }> = [
  { name: 'catalog', data: { $url: 'detail', productId: BENCH_PRODUCT } },
  { name: 'distributor', data: { $url: 'center' }, openid: REF },
  { name: 'admin', data: { $url: 'dashboard' }, openid: ADMIN },
  { name: 'withdraw', data: { $url: 'transfer', withdrawalId: 'w:oBenchRef:none' }, openid: REF },
  { name: 'whoami', data: {} },
];

async function twice(emu: EmulatorHandle, call: (typeof CALLS)[number]): Promise<[number, number]> {
  const once = async () => {
    const response = await emu.call(call.name, call.data, call.openid ? { openid: call.openid } : {});
    if (response.error) throw new Error(`${call.name}: ${response.error.message}`);
    return response.invocation.durationMs ?? 0;
  };
  return [await once(), await once()];
}

export async function coldStartBench({ latencyMs }: { latencyMs: number }): Promise<BenchSection> {
  const emu = await startBenchEmulator(latencyMs);
  const section: BenchSection = {
    title: `Cold start (first call of a function, ${latencyMs} ms per request)`,
    rows: [],
    checks: [],
  };
  try {
    seedBenchShop(emu, []);
    for (const call of CALLS) {
      const [cold, warm] = await twice(emu, call);
      const bundle = statSync(join(FUNCTIONS_BUILD_DIR, call.name, 'index.js')).size;
      section.rows.push({
        function: `${call.name}${'$url' in call.data ? ` ${String(call.data.$url)}` : ''}`,
        'bundle KB': Math.round(bundle / 1024),
        'first call ms': ms(cold),
        'warm call ms': ms(warm),
        'init ms': ms(cold - warm),
      });
    }
  } finally {
    await emu.stop();
  }
  return section;
}
