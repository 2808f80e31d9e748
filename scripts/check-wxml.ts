/**
 * npm run check:wxml: what WeChat DevTools would refuse in the mini-program's templates and
 * page configuration, checked offline.
 *
 * - Every .wxml (outside miniprogram_npm) goes through wcc, the official WXML compiler shipped in
 *   the npm package `miniprogram-compiler`: unclosed or mismatched tags and bad `{{ }}`
 *   expressions fail with file:line:col.
 * - Every page of app.json (main package and subpackages) has its .ts, .wxml and .json.
 * - Every `usingComponents` entry of app.json and of each page or component resolves to a
 *   component: relative, absolute from the mini-program root, or a package in miniprogram_npm
 *   (run `npm run mp:prepare` first). wcc does not check this, and a missing component only
 *   shows in DevTools.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { PROJECT_ROOT } from './paths';

export const MINIPROGRAM_DIR = join(PROJECT_ROOT, 'miniprogram');
const GENERATED = new Set(['miniprogram_npm', 'shared', 'node_modules']);

function listFiles(dir: string, extension: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return GENERATED.has(entry.name) ? [] : listFiles(path, extension);
    return entry.name.endsWith(extension) ? [path] : [];
  });
}

function wccPath(): string {
  const compilerDir = dirname(require.resolve('miniprogram-compiler/package.json'));
  const wcc = join(compilerDir, 'bin', 'linux', 'wcc');
  // npm does not keep the executable bit of this binary; the compiler package sets it the same way.
  if ((statSync(wcc).mode & 0o111) === 0) chmodSync(wcc, 0o755);
  return wcc;
}

/** Compiles one template with wcc; answers the compiler's complaint, or undefined when it is fine. */
export function compileWxml(file: string, root = MINIPROGRAM_DIR): string | undefined {
  const run = spawnSync(wccPath(), ['-d', relative(root, file)], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status === 0) return undefined;
  return (run.stderr || run.stdout || `wcc exited with ${run.status}`).trim();
}

interface AppJson {
  pages: string[];
  subpackages?: Array<{ root: string; pages: string[] }>;
  usingComponents?: Record<string, string>;
}

/** Paths (without extension, relative to the mini-program root) of every page in app.json. */
export function appPages(root = MINIPROGRAM_DIR): string[] {
  const app = JSON.parse(readFileSync(join(root, 'app.json'), 'utf8')) as AppJson;
  const sub = (app.subpackages ?? []).flatMap((pkg) => pkg.pages.map((page) => join(pkg.root, page)));
  return [...app.pages, ...sub];
}

function componentExists(root: string, fromDir: string, target: string): boolean {
  if (target.startsWith('plugin://')) return true;
  const base = target.startsWith('/')
    ? join(root, target)
    : target.startsWith('.')
      ? join(fromDir, target)
      : join(root, 'miniprogram_npm', target);
  return existsSync(`${base}.json`) || existsSync(join(base, 'index.json'));
}

/** Every problem found, as `file: message` lines; empty when all is well. */
export function checkMiniprogram(root = MINIPROGRAM_DIR): string[] {
  const problems: string[] = [];
  for (const file of listFiles(root, '.wxml')) {
    const error = compileWxml(file, root);
    if (error) problems.push(`${relative(root, file)}: ${error}`);
  }
  for (const page of appPages(root)) {
    for (const extension of ['.ts', '.wxml', '.json']) {
      if (!existsSync(join(root, page + extension))) problems.push(`app.json: page ${page} has no ${page}${extension}`);
    }
  }
  // app.json's components are global; pages and components keep theirs beside their template.
  const configs = [join(root, 'app.json'), ...listFiles(root, '.wxml').map((file) => file.replace(/\.wxml$/, '.json'))];
  for (const file of configs.filter((config) => existsSync(config))) {
    const json = JSON.parse(readFileSync(file, 'utf8')) as { usingComponents?: Record<string, string> };
    for (const [tag, target] of Object.entries(json.usingComponents ?? {})) {
      if (!componentExists(root, dirname(file), target))
        problems.push(`${relative(root, file)}: component <${tag}> not found at ${target}`);
    }
  }
  return problems;
}

if (require.main === module) {
  const problems = checkMiniprogram();
  for (const problem of problems) console.error(problem);
  console.log(problems.length === 0 ? 'WXML check passed' : `WXML check failed: ${problems.length} problem(s)`);
  process.exit(problems.length === 0 ? 0 : 1);
}
