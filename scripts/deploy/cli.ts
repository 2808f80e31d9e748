/**
 * npm run deploy -- --env <envId> [--dry-run]: builds, then makes the merchant's CloudBase
 * environment match the repository. Exit code 0 on success, 1 when the deploy failed or refused
 * to start, 2 on a usage error.
 */
import { buildAll } from '../build';
import { FUNCTIONS_BUILD_DIR, FUNCTIONS_SOURCE_DIR, PROJECT_ROOT } from '../paths';
import { connectManager } from './manager';
import { failureReport, parseArgs, runDeploy, USAGE } from './run';

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  const parsed = parseArgs(argv);
  if (!parsed.ok) {
    console.error(parsed.failure.message);
    return 2;
  }
  const outcome = await runDeploy({
    args: parsed.args,
    environment: process.env,
    projectRoot: PROJECT_ROOT,
    sourceRoot: FUNCTIONS_SOURCE_DIR,
    defaultBuildRoot: FUNCTIONS_BUILD_DIR,
    build: async () => {
      await buildAll();
    },
    connect: connectManager,
    log: (text) => console.log(text),
  });
  if (!outcome.ok) {
    console.error(failureReport(outcome.failure, outcome.changed));
    return 1;
  }
  if (!parsed.args.dryRun) {
    console.log(
      outcome.changed === 0 ? 'Done: nothing needed changing.' : `Done: ${outcome.changed} change(s) applied.`,
    );
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // Only bugs get here: expected failures are reported above with their code.
    console.error(error);
    process.exitCode = 1;
  },
);
