/**
 * npm run bench: performance figures read from the emulator's statistics, printed as a table.
 * Round trips are exact counts; times depend on the machine and on `--latency-ms`, which adds
 * a fixed delay to every database request to approximate the real network (default 10 ms).
 */
import { parseArgs } from 'node:util';
import { startEmulator, type EmulatorHandle } from '../../emulator/src/index';
import { TEST_FUNCTIONS_BUILD_DIR } from '../../scripts/paths';

interface Row {
  scenario: string;
  calls: number;
  roundTripsPerCall: number;
  databaseMsPerCall: number;
  wallMsPerCall: number;
}

async function measure(
  emu: EmulatorHandle,
  scenario: string,
  name: string,
  data: unknown,
  calls: number,
): Promise<Row> {
  let roundTrips = 0;
  let databaseMs = 0;
  let wallMs = 0;
  for (let i = 0; i < calls; i += 1) {
    const { invocation, error } = await emu.call(name, data, { openid: `oBench${i % 10}` });
    if (error) throw new Error(`${scenario}: ${error.message}`);
    roundTrips += invocation.roundTrips.total;
    databaseMs += invocation.databaseMs;
    wallMs += invocation.durationMs ?? 0;
  }
  return {
    scenario,
    calls,
    roundTripsPerCall: roundTrips / calls,
    databaseMsPerCall: databaseMs / calls,
    wallMsPerCall: wallMs / calls,
  };
}

function printTable(rows: Row[], latencyMs: number): void {
  console.log(`\nemulator latency: ${latencyMs} ms per database request\n`);
  const header = ['scenario', 'calls', 'round trips/call', 'db ms/call', 'wall ms/call'];
  const lines = rows.map((row) => [
    row.scenario,
    String(row.calls),
    row.roundTripsPerCall.toFixed(1),
    row.databaseMsPerCall.toFixed(1),
    row.wallMsPerCall.toFixed(1),
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...lines.map((line) => (line[i] as string).length)));
  const format = (cells: string[]): string =>
    cells
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] as number) : cell.padStart(widths[i] as number)))
      .join('  ');
  console.log(format(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const line of lines) console.log(format(line));
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { 'latency-ms': { type: 'string' }, calls: { type: 'string' } } });
  const latencyMs = Number(values['latency-ms'] ?? 10);
  const calls = Number(values.calls ?? 20);
  const rows: Row[] = [];
  const product = await startEmulator({ latencyMs });
  try {
    rows.push(await measure(product, 'systemCheck (tx + callFunction)', 'systemCheck', {}, calls));
    rows.push(await measure(product, 'whoami (no database)', 'whoami', {}, calls));
  } finally {
    await product.stop();
  }
  const fixtures = await startEmulator({ latencyMs, functionsDir: TEST_FUNCTIONS_BUILD_DIR });
  try {
    fixtures.insert('products', [{ _id: 'p-bench', slug: 'p-bench', stock: calls }]);
    rows.push(
      await measure(fixtures, 'conditional stock decrement', 'decrementStock', { productId: 'p-bench' }, calls),
    );
  } finally {
    await fixtures.stop();
  }
  printTable(rows, latencyMs);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
