/**
 * npm run bench: the shop measured at promotion scale (docs/bench.md). Runs every section of
 * tests/bench/sections.ts against its own in-process emulator, prints each as a table with its
 * checks, and writes all of them to a JSON file. Exits non-zero when a check fails.
 *
 * Options: --latency-ms N (added to every database request, default 10), --out FILE (default
 * bench-results.json at the repository root), --only a,b (run only the named sections).
 */
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { printSection } from './table';
import type { BenchSection } from './section';
import { SECTIONS } from './sections';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { 'latency-ms': { type: 'string' }, out: { type: 'string' }, only: { type: 'string' } },
  });
  const latencyMs = Number(values['latency-ms'] ?? 10);
  const out = values.out ?? join(__dirname, '..', '..', 'bench-results.json');
  const only = values.only?.split(',');
  const unknown = only?.filter((name) => !SECTIONS.some((section) => section.name === name)) ?? [];
  if (unknown.length > 0) throw new Error(`unknown section(s): ${unknown.join(', ')}`);
  const results: Array<BenchSection & { name: string; seconds: number }> = [];
  const started = performance.now();
  for (const { name, run } of SECTIONS) {
    if (only && !only.includes(name)) continue;
    const sectionStarted = performance.now();
    const section = await run({ latencyMs });
    const seconds = Math.round((performance.now() - sectionStarted) / 100) / 10;
    printSection(section);
    console.log(`(${name}: ${seconds} s)`);
    results.push({ name, ...section, seconds });
  }
  const failed = results.flatMap((section) => section.checks.filter((check) => !check.ok));
  const totalSeconds = Math.round((performance.now() - started) / 100) / 10;
  writeFileSync(
    out,
    `${JSON.stringify(
      {
        latencyMs,
        finishedAt: new Date().toISOString(),
        node: process.version,
        cpus: cpus().length,
        totalSeconds,
        sections: results,
      },
      null,
      2,
    )}\n`,
  );
  console.log(`\n${results.length} sections in ${totalSeconds} s; results written to ${out}`);
  if (failed.length > 0) {
    console.error(
      `${failed.length} check(s) failed:\n${failed.map((check) => `  ${check.what}: ${check.detail}`).join('\n')}`,
    );
    process.exit(1);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
