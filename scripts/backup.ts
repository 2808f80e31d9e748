/**
 * npm run backup -- --env <envId> | --emulator [url] [--out <dir>]: every collection of the
 * environment into JSON Lines files with a manifest (docs/operations.md, "Backup and restore").
 * Exit code 0 on success, 1 when the backup failed, 2 on a usage error.
 */
import { join } from 'node:path';
import { parseArgs } from './backup/args';
import { takeBackup } from './backup/dump';
import { DEFAULT_EMULATOR_URL, openTarget } from './backup/target';
import { PROJECT_ROOT } from './paths';

const USAGE = `Usage: npm run backup -- (--env <envId> | --emulator [url]) [--out <dir>] [--region <region>]

  --env <envId>     back up this CloudBase environment (credentials as for npm run deploy)
  --emulator [url]  back up a local emulator (default ${DEFAULT_EMULATOR_URL}, npm start's)
  --out <dir>       a new or empty folder (default backups/<envId>-<UTC time>)
  --region <region> the environment's region (default: TENCENTCLOUD_REGION, else ap-shanghai)

Credentials come from TENCENTCLOUD_SECRETID, TENCENTCLOUD_SECRETKEY (and TENCENTCLOUD_SESSIONTOKEN
for temporary keys). See docs/operations.md.`;

async function main(argv: string[]): Promise<number> {
  const parsed = parseArgs(argv, '--out', []);
  if (parsed.ok === 'help') {
    console.log(USAGE);
    return 0;
  }
  if (!parsed.ok) {
    console.error(`${parsed.message}\n\n${USAGE}`);
    return 2;
  }
  const opened = await openTarget(parsed.args.target, process.env);
  if (!opened.ok) return failed(opened.failure);
  const { target } = opened;
  const outDir = parsed.args.dir ?? join(PROJECT_ROOT, 'backups', `${target.envId}-${timestamp(new Date())}`);
  const outcome = await takeBackup({ target, outDir, log: (line) => console.log(line) });
  return outcome.ok ? 0 : failed(outcome.failure);
}

function failed(failure: { code: string; message: string }): number {
  console.error(`${failure.code}: ${failure.message}`);
  return 1;
}

/** 2026-12-07T01:02:03.456Z → 20261207T010203Z: sortable, and safe in a folder name. */
function timestamp(at: Date): string {
  return `${at.toISOString().slice(0, 19).replace(/[-:]/g, '')}Z`;
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
