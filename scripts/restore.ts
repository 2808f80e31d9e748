/**
 * npm run restore -- --env <envId> | --emulator [url] --from <dir> [--wipe] [--allow-schema-mismatch]:
 * loads a backup of npm run backup into an empty environment (docs/operations.md, "Backup and
 * restore"). Exit code 0 on success, 1 when the restore refused or failed, 2 on a usage error.
 */
import { parseArgs } from './backup/args';
import { restoreBackup } from './backup/load';
import { DEFAULT_EMULATOR_URL, openTarget } from './backup/target';

const USAGE = `Usage: npm run restore -- (--env <envId> | --emulator [url]) --from <dir> [--wipe] [--allow-schema-mismatch] [--region <region>]

  --env <envId>            restore into this CloudBase environment (credentials as for npm run deploy)
  --emulator [url]         restore into a local emulator (default ${DEFAULT_EMULATOR_URL}, npm start's)
  --from <dir>             the backup's folder (the one holding manifest.json)
  --wipe                   delete every document of the target first instead of refusing a non-empty one
  --allow-schema-mismatch  restore a backup taken with other collections or indexes than this code's
  --region <region>        the environment's region (default: TENCENTCLOUD_REGION, else ap-shanghai)

Every file is checked against the manifest before anything is written. See docs/operations.md.`;

const SWITCHES = ['--wipe', '--allow-schema-mismatch'];

async function main(argv: string[]): Promise<number> {
  const parsed = parseArgs(argv, '--from', SWITCHES);
  if (parsed.ok === 'help') {
    console.log(USAGE);
    return 0;
  }
  if (!parsed.ok) return usage(parsed.message);
  if (parsed.args.dir === null) return usage('--from <dir> is required.');
  const opened = await openTarget(parsed.args.target, process.env);
  if (!opened.ok) return failed(opened.failure);
  const outcome = await restoreBackup({
    target: opened.target,
    dir: parsed.args.dir,
    wipe: parsed.args.switches.has('--wipe'),
    allowSchemaMismatch: parsed.args.switches.has('--allow-schema-mismatch'),
    log: (line) => console.log(line),
  });
  return outcome.ok ? 0 : failed(outcome.failure);
}

function usage(problem: string): number {
  console.error(`${problem}\n\n${USAGE}`);
  return 2;
}

function failed(failure: { code: string; message: string }): number {
  console.error(`${failure.code}: ${failure.message}`);
  return 1;
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
