/**
 * npm run test:model:long: the ledger's model-based test (tests/ledger/model.ts) for a long
 * time, in background worker processes, until a number of operations ran. One operation is one
 * model command: a step (a payment, a timer run, a withdrawal's review, ...) or a group of
 * steps started at once; the prologue and the drive to rest of each run are not counted.
 *
 * Usage: npm run test:model:long [-- --operations 1000000] [-- --workers 2] [-- --seed 42] [-- --steps 100]
 * Each worker runs its own emulator and one run per seed: seed + worker, then + workers, ...
 * Progress lines every 30 s; at the end a summary: operations, runs, violations (each with the
 * seed and path that replay it: MODEL_STEPS=<steps> MODEL_SEED=<seed> MODEL_PATH=<path> npx jest
 * tests/ledger/model.test.ts), the wall time and the commit. Exits 1 when a run broke an invariant.
 */
import { execSync, fork, type ChildProcess } from 'node:child_process';
import { cpus } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';

interface Options {
  operations: number;
  workers: number;
  seed: number;
  /** Steps per run at most: longer runs spend less of their time on the shop's setup and rest. */
  steps: number;
}

/** What a worker reports after each run. */
interface RunReport {
  seed: number;
  operations: number;
  violation?: { path: string; message: string };
}

const ROOT = join(__dirname, '..');

function parseOptions(argv: string[]): Options {
  const value = (name: string, fallback: number): number => {
    const at = argv.indexOf(`--${name}`);
    if (at === -1) return fallback;
    const parsed = Number(argv[at + 1]);
    if (!Number.isInteger(parsed) || parsed < 0) throw new Error(`--${name} takes a whole number`);
    return parsed;
  };
  return {
    operations: value('operations', 1_000_000),
    workers: Math.max(1, value('workers', cpus().length)),
    seed: value('seed', Date.now() % 2 ** 31),
    steps: value('steps', 100),
  };
}

function commit(): string {
  try {
    const head = execSync('git rev-parse HEAD', { cwd: ROOT }).toString().trim();
    const dirty = execSync('git status --porcelain', { cwd: ROOT }).toString().trim() !== '';
    return dirty ? `${head} (with uncommitted changes)` : head;
  } catch {
    return 'unknown (not a git checkout)';
  }
}

/** A worker: its own emulator, one model run per seed, a report per run, until told to stop. */
async function worker(index: number, options: Options): Promise<void> {
  const { startEmulator } = await import('../emulator/src/index');
  const { modelEmulator, modelProperty } = await import('../tests/ledger/model/run');
  const { options: emulatorOptions, listening } = modelEmulator();
  const emu = await startEmulator(emulatorOptions);
  listening(emu);
  let stopping = false;
  process.on('message', (message) => {
    if (message === 'stop') stopping = true;
  });
  for (let seed = options.seed + index; !stopping; seed += options.workers) {
    let operations = 0;
    const details = await fc.check(
      modelProperty(
        emu,
        (real) => {
          operations = real.operations;
        },
        options.steps,
      ),
      { numRuns: 1, seed, endOnFailure: true },
    );
    const report: RunReport = { seed, operations };
    if (details.failed)
      report.violation = {
        path: details.counterexamplePath ?? '0',
        message: details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance),
      };
    process.send?.(report);
  }
  await emu.stop();
  process.exit(0);
}

/** The parent: starts the workers, sums their reports, prints progress and the summary. */
async function main(options: Options): Promise<number> {
  const started = Date.now();
  const totals = { operations: 0, runs: 0 };
  const violations: Array<RunReport & { violation: NonNullable<RunReport['violation']> }> = [];
  console.log(
    `model long run: ${options.operations} operations, ${options.workers} workers, seeds from ${options.seed}, commit ${commit()}`,
  );
  const children: ChildProcess[] = [];
  const progress = (): string => {
    const seconds = (Date.now() - started) / 1000;
    const rate = totals.operations / Math.max(seconds, 1);
    const left = Math.max(0, options.operations - totals.operations) / Math.max(rate, 1e-9);
    return `${Math.round(seconds)} s: ${totals.operations} operations, ${totals.runs} runs, ${violations.length} violations, ${rate.toFixed(1)} operations/s, about ${Math.round(left / 60)} min left`;
  };
  const timer = setInterval(() => console.log(progress()), 30_000);
  await Promise.all(
    Array.from({ length: options.workers }, (_, index) => {
      const args = ['--worker', String(index), '--workers', String(options.workers), '--seed', String(options.seed)];
      args.push('--steps', String(options.steps));
      const child = fork(__filename, args, { silent: true });
      // The functions' own logs (expected errors under faults) would drown the progress lines.
      child.stdout?.resume();
      let lastError = '';
      child.stderr?.on('data', (chunk: Buffer) => {
        lastError = (lastError + chunk.toString()).slice(-2_000);
      });
      children.push(child);
      child.on('message', (report: RunReport) => {
        totals.operations += report.operations;
        totals.runs += 1;
        if (report.violation) {
          violations.push({ ...report, violation: report.violation });
          console.log(`VIOLATION seed ${report.seed} path ${report.violation.path}\n${report.violation.message}`);
        }
        if (totals.operations >= options.operations) for (const each of children) if (each.connected) each.send('stop');
      });
      return new Promise<void>((resolve) =>
        child.on('exit', (code) => {
          if (code !== 0) console.log(`worker ${index} exited with ${code}:\n${lastError}`);
          resolve();
        }),
      );
    }),
  );
  clearInterval(timer);
  console.log(`\nsummary\n  ${progress()}`);
  console.log(`  operations: ${totals.operations} (one operation = one model command)`);
  console.log(`  runs: ${totals.runs}`);
  console.log(`  violations: ${violations.length}`);
  for (const { seed, violation } of violations)
    console.log(`    seed ${seed} path ${violation.path}: ${violation.message.split('\n')[0]}`);
  if (violations.length > 0)
    console.log(
      `  replay one: MODEL_STEPS=${options.steps} MODEL_SEED=<seed> MODEL_PATH=<path> npx jest tests/ledger/model.test.ts`,
    );
  console.log(`  wall time: ${((Date.now() - started) / 60_000).toFixed(1)} min`);
  console.log(`  commit: ${commit()}`);
  return violations.length === 0 ? 0 : 1;
}

const options = parseOptions(process.argv.slice(2));
const workerAt = process.argv.indexOf('--worker');
if (workerAt !== -1) void worker(Number(process.argv[workerAt + 1]), options);
else void main(options).then((code) => process.exit(code));
