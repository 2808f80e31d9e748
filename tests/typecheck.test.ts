/**
 * `tsc --noEmit` over every part of the project is a test: jest strips types without checking
 * them, and so does WeChat DevTools, so this is where type errors are caught.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../scripts/paths';

const TSC = join(PROJECT_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

describe.each([
  ['functions, shared code, emulator, scripts and tests', 'tsconfig.json'],
  ['mini-program', 'miniprogram/tsconfig.json'],
])('tsc --noEmit: %s', (_label, project) => {
  it('has no type errors', () => {
    let output = '';
    try {
      execFileSync(process.execPath, [TSC, '--noEmit', '-p', join(PROJECT_ROOT, project)], { encoding: 'utf8' });
    } catch (error) {
      output = String((error as { stdout?: string }).stdout ?? error);
    }
    expect(output).toBe('');
  });
});
