/**
 * npm run test:model:long: the ledger's model-based test (tests/ledger/model.ts) for a long
 * time, in background worker processes, until a number of operations ran. One operation is one
 * model command: a step (a payment, a timer run, a withdrawal's review, ...) or a group of
 * steps started at once; the prologue and the drive to rest of each run are not counted.
 *
 * Usage: npm run test:model:long [-- --operations 1000000] [-- --workers 2] [-- --seed 42] [-- --steps 100]
 *        [-- --state long-run.json]
 * Each worker runs its own emulator; the parent hands out seeds one run at a time, from --seed
 * on. With --state the run can stop and go on later on the same commit (scripts/modelLongState.ts).
 * Progress lines every 30 s; at the end a summary: operations, runs, violations (each with the
 * seed and path that replay it: MODEL_STEPS=<steps> MODEL_SEED=<seed> MODEL_PATH=<path> npx jest
 * tests/ledger/model.test.ts), the wall time and the commit. Exits 1 when a run broke an invariant.
 */
import { execSync, fork } from 'node:child_process';
import { cpus } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { loadState, saveState, type LongRunOptions, type State } from './modelLongState';

/** What a worker reports after each run. */
interface RunReport {
  seed: number;
  operations: number;
  violation?: { path: string; message: string };
}

const ROOT = join(__dirname, '..');

function parseOptions(argv: string[]): LongRunOptions {
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
    statePath: argv.includes('--state') ? argv[argv.indexOf('--state') + 1] : undefined,
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

/** A worker: its own emulator, one model run per seed the parent hands out, a report per run. */
async function worker(options: LongRunOptions): Promise<void> {
  const { startEmulator } = await import('../emulator/src/index');
  const { modelEmulator, modelProperty } = await import('../tests/ledger/model/run');
  const { options: emulatorOptions, listening } = modelEmulator();
  const emu = await startEmulator(emulatorOptions);
  listening(emu);
  const runSeed = async (seed: number): Promise<RunReport> => {
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
    return report;
  };
  process.on('message', (message: { seed?: number } | 'stop') => {
    if (message === 'stop') return void emu.stop().then(() => process.exit(0));
    if (typeof message.seed === 'number') void runSeed(message.seed).then((report) => process.send?.(report));
  });
  process.send?.('ready');
}

/** The parent: hands out seeds, sums the reports, keeps the state file, prints progress and the summary. */
async function main(options: LongRunOptions): Promise<number> {
  const started = Date.now();
  const head = commit();
  const state = loadState(options, head);
  const segmentFrom = state.operations;
  console.log(
    `model long run: ${options.operations} operations, ${options.workers} workers, seeds from ${state.seed}, ${options.steps} steps per run, commit ${head}`,
  );
  if (segmentFrom > 0)
    console.log(
      `resumed from ${options.statePath}: ${state.operations} operations, ${state.runs} runs, ${state.violations.length} violations in ${state.segments.length} earlier segments`,
    );
  const progress = (): string => {
    const seconds = (Date.now() - started) / 1000;
    const rate = (state.operations - segmentFrom) / Math.max(seconds, 1);
    const left = Math.max(0, options.operations - state.operations) / Math.max(rate, 1e-9);
    return `${Math.round(seconds)} s: ${state.operations} operations, ${state.runs} runs, ${state.violations.length} violations, ${rate.toFixed(1)} operations/s, about ${Math.round(left / 60)} min left`;
  };
  const timer = setInterval(() => console.log(progress()), 30_000);
  const nextSeed = (): number => state.pending.shift() ?? state.nextSeed++;
  const handedOut = new Set<number>();
  const save = (): void => saveState(options.statePath, state, [...handedOut], started);
  await Promise.all(
    Array.from({ length: options.workers }, (_, index) => {
      const child = fork(__filename, [...process.argv.slice(2), '--worker'], { silent: true });
      // The functions' own logs (expected errors under faults) would drown the progress lines.
      child.stdout?.resume();
      let lastError = '';
      child.stderr?.on('data', (chunk: Buffer) => {
        lastError = (lastError + chunk.toString()).slice(-2_000);
      });
      const handOut = (): void => {
        if (state.operations >= options.operations) return void child.send('stop');
        const seed = nextSeed();
        handedOut.add(seed);
        child.send({ seed });
      };
      child.on('message', (report: RunReport | 'ready') => {
        if (report === 'ready') return handOut();
        handedOut.delete(report.seed);
        state.operations += report.operations;
        state.runs += 1;
        if (report.violation) {
          state.violations.push({ seed: report.seed, ...report.violation });
          console.log(`VIOLATION seed ${report.seed} path ${report.violation.path}\n${report.violation.message}`);
        }
        save();
        handOut();
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
  save();
  printSummary(options, state, progress(), started);
  return state.violations.length === 0 ? 0 : 1;
}

function printSummary(options: LongRunOptions, state: State, line: string, started: number): void {
  console.log(`\nsummary\n  ${line}`);
  console.log(`  operations: ${state.operations} (one operation = one model command)`);
  console.log(`  runs: ${state.runs}`);
  console.log(`  violations: ${state.violations.length}`);
  for (const { seed, path, message } of state.violations)
    console.log(`    seed ${seed} path ${path}: ${message.split('\n')[0]}`);
  if (state.violations.length > 0)
    console.log(
      `  replay one: MODEL_STEPS=${options.steps} MODEL_SEED=<seed> MODEL_PATH=<path> npx jest tests/ledger/model.test.ts`,
    );
  const wallMs = Date.now() - started;
  console.log(`  wall time: ${(wallMs / 60_000).toFixed(1)} min`);
  // `state.segments` holds the earlier sittings only: the state file adds this one when it is saved.
  if (state.segments.length > 0) {
    const minutes = state.segments.reduce((sum, segment) => sum + segment.wallMs, wallMs) / 60_000;
    console.log(`  segments: ${state.segments.length + 1}, ${minutes.toFixed(1)} min of wall time in all`);
  }
  console.log(`  commit: ${commit()}`);
}

const options = parseOptions(process.argv.slice(2));
if (process.argv.includes('--worker')) void worker(options);
else void main(options).then((code) => process.exit(code));
