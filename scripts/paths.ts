/** Where things live in the repository; everything else derives its paths from here. */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The repository root, found by walking up from this file: it works both from the TypeScript
 * sources (scripts/) and from bundles in dist/emulator/, where __dirname is different.
 */
function findProjectRoot(start: string): string {
  let dir = start;
  while (!(existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'cloudfunctions')))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no project root above ${start}`);
    dir = parent;
  }
  return dir;
}

export const PROJECT_ROOT = findProjectRoot(__dirname);
export const FUNCTIONS_SOURCE_DIR = join(PROJECT_ROOT, 'cloudfunctions');
export const DIST_DIR = join(PROJECT_ROOT, 'dist');
export const FUNCTIONS_BUILD_DIR = join(DIST_DIR, 'cloudfunctions');
export const EMULATOR_BUILD_DIR = join(DIST_DIR, 'emulator');
export const TEST_FUNCTIONS_SOURCE_DIR = join(PROJECT_ROOT, 'tests', 'fixtures', 'functions');
export const TEST_FUNCTIONS_BUILD_DIR = join(DIST_DIR, 'test-functions');
export const DEFAULT_DATA_DIR = join(PROJECT_ROOT, '.emulator');
