/**
 * Runs one of the project's checking tools (ESLint, Prettier, knip) from node_modules as a child
 * process at the repository root, the way `npm run lint` and friends do.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../scripts/paths';

/**
 * The tools read the whole repository and share two cores with the other test files, so each
 * gets several minutes (they finish in well under one on an idle machine).
 */
export const TOOL_TIMEOUT_MS = 5 * 60_000;

/** Empty when the tool exits 0; otherwise its exit status and everything it printed, for the failure message. */
export function toolFailure(bin: string, args: string[]): string {
  const run = spawnSync(process.execPath, [join(PROJECT_ROOT, 'node_modules', bin), ...args], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
  });
  if (run.status === 0) return '';
  return `exit ${run.status ?? run.signal ?? run.error}\n${run.stdout}${run.stderr}`;
}
