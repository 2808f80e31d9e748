/**
 * npm run test:stress: the whole test suite (`npm test`) while CPU-bound processes run beside it,
 * the way a busy developer machine or a shared CI runner looks. A test that only passes on an idle
 * machine (a wait by elapsed time, a timeout too tight for a loaded machine) fails here.
 *
 * Usage: npm run test:stress [-- --burners 2] [-- <jest arguments>]
 * The burners are plain busy loops, one process each; they are killed when the suite ends, also
 * when it fails or is interrupted. The last line is the summary "N passed, N failed" from jest's
 * JSON report.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const DEFAULT_BURNERS = 2;
const ROOT = join(__dirname, '..');
const REPORT = join(ROOT, '.test-output', 'stress.json');

/** Splits `--burners N` from the arguments passed on to jest. */
function parseArguments(argv: string[]): { burners: number; jestArgs: string[] } {
  const at = argv.indexOf('--burners');
  if (at === -1) return { burners: DEFAULT_BURNERS, jestArgs: argv };
  const burners = Number(argv[at + 1]);
  if (!Number.isInteger(burners) || burners < 0) throw new Error('--burners takes a whole number of processes');
  return { burners, jestArgs: [...argv.slice(0, at), ...argv.slice(at + 2)] };
}

/** One process that keeps a core busy until it is killed. */
function startBurner(): ChildProcess {
  return spawn(process.execPath, ['-e', 'let x = 0; for (;;) { x = (x * 1103515245 + 12345) % 2147483648; }'], {
    stdio: 'ignore',
  });
}

function runSuite(jestArgs: string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn('npm', ['test', '--', '--json', `--outputFile=${REPORT}`, ...jestArgs], {
      cwd: ROOT,
      stdio: 'inherit',
    });
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

/** "N passed, N failed" from jest's report; suites that could not run count as failed. */
function summary(): string {
  try {
    const report = JSON.parse(readFileSync(REPORT, 'utf8')) as {
      numPassedTests: number;
      numFailedTests: number;
      testResults: Array<{ status: string; assertionResults: unknown[] }>;
    };
    const broken = report.testResults.filter((s) => s.status === 'failed' && s.assertionResults.length === 0).length;
    return `${report.numPassedTests} passed, ${report.numFailedTests + broken} failed`;
  } catch {
    return '0 passed, 1 failed';
  }
}

async function main(): Promise<void> {
  const { burners, jestArgs } = parseArguments(process.argv.slice(2));
  mkdirSync(join(ROOT, '.test-output'), { recursive: true });
  rmSync(REPORT, { force: true });
  const processes = Array.from({ length: burners }, startBurner);
  const stopBurners = (): void => processes.forEach((burner) => burner.kill('SIGKILL'));
  process.on('SIGINT', () => {
    stopBurners();
    process.exit(130);
  });
  console.log(`test:stress: ${burners} CPU-bound processes run beside the suite`);
  const started = Date.now();
  const code = await runSuite(jestArgs).finally(stopBurners);
  const minutes = ((Date.now() - started) / 60_000).toFixed(1);
  console.log(`test:stress: ${burners} burners, ${minutes} min`);
  console.log(summary());
  process.exitCode = code;
}

void main();
