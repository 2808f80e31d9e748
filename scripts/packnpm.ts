/**
 * npm run mp:prepare: makes miniprogram/ openable in WeChat DevTools and renderable in tests.
 *
 * 1. miniprogram/miniprogram_npm/: the mini-program packages among the root package.json's
 *    dependencies (those shipping a `miniprogram` folder, `miniprogram_dist` by default), copied
 *    the way DevTools' "构建 npm" copies them. The root package.json is shared with the cloud
 *    functions, so the other dependencies (wx-server-sdk, zod, ...) are deliberately left out:
 *    the mini-program never loads them.
 * 2. miniprogram/shared/: one CommonJS bundle per shared module that mini-program code imports
 *    as a value through the `@shared/` alias, with the npm packages it uses (dayjs) inlined. The mini-program root cannot reach the root shared/ folder, so
 *    app.json maps `@shared/*` to these bundles (resolveAlias), while tsc and jest map the alias
 *    to the TypeScript sources. Type-only imports are erased and need no bundle.
 *
 * Both folders are generated and git-ignored. Each step is skipped when its inputs did not
 * change, so running this before every test run costs little.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describeWarnings } from './buildWarnings';
import { PROJECT_ROOT } from './paths';

const MINIPROGRAM_DIR = join(PROJECT_ROOT, 'miniprogram');
const NPM_DIR = join(MINIPROGRAM_DIR, 'miniprogram_npm');
const SHARED_OUT_DIR = join(MINIPROGRAM_DIR, 'shared');
const STAMP = '.packnpm.json';

interface PackageJson {
  name: string;
  version: string;
  miniprogram?: string;
  dependencies?: Record<string, string>;
}

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

/** The folder DevTools copies for a package, or undefined when it is no mini-program package. */
function miniprogramFolder(packageDir: string): string | undefined {
  const manifest = readJson<PackageJson>(join(packageDir, 'package.json'));
  const folder = join(packageDir, manifest.miniprogram ?? 'miniprogram_dist');
  return existsSync(folder) && statSync(folder).isDirectory() ? folder : undefined;
}

/** Copies every mini-program package; answers the names packed. */
export function packMiniprogramNpm(): string[] {
  const root = readJson<PackageJson>(join(PROJECT_ROOT, 'package.json'));
  const packed: Record<string, string> = {};
  const sources: Array<[name: string, folder: string]> = [];
  for (const name of Object.keys(root.dependencies ?? {}).sort()) {
    const packageDir = join(PROJECT_ROOT, 'node_modules', name);
    if (!existsSync(join(packageDir, 'package.json'))) throw new Error(`${name} is not installed: run npm install`);
    const folder = miniprogramFolder(packageDir);
    if (!folder) continue;
    packed[name] = readJson<PackageJson>(join(packageDir, 'package.json')).version;
    sources.push([name, folder]);
  }
  const stampFile = join(NPM_DIR, STAMP);
  const wanted = JSON.stringify(packed);
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === wanted) return Object.keys(packed);
  rmSync(NPM_DIR, { recursive: true, force: true });
  for (const [name, folder] of sources) cpSync(folder, join(NPM_DIR, name), { recursive: true });
  mkdirSync(NPM_DIR, { recursive: true });
  writeFileSync(stampFile, wanted);
  return Object.keys(packed);
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

function listTypeScript(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory())
      return entry.name === 'miniprogram_npm' || entry.name === 'shared' ? [] : listTypeScript(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/**
 * Shared modules imported as values, e.g. `import { formatFen } from '@shared/money'`.
 * `import type` lines are skipped: they are erased when DevTools compiles the page.
 */
export function sharedValueImports(sources: string[]): string[] {
  const modules = new Set<string>();
  const pattern = /^\s*import\s+(?!type\b)[^;]*?from\s+['"]@shared\/([\w/.-]+)['"]/gm;
  for (const file of sources) {
    for (const match of readFileSync(file, 'utf8').matchAll(pattern)) modules.add(match[1] as string);
  }
  return [...modules].sort();
}

/**
 * Bundles each shared module the mini-program imports into miniprogram/shared/<module>.js;
 * answers the modules and esbuild's warnings (syntax the ES2017 target cannot carry, say).
 */
async function bundleShared(): Promise<{ modules: string[]; warnings: string[] }> {
  const modules = sharedValueImports(listTypeScript(MINIPROGRAM_DIR));
  // Loaded here, not at the top: the jsdom tests import this module for sharedValueImports,
  // and esbuild refuses to load in jsdom.
  const { build } = await import('esbuild');
  const wanted = new Set<string>();
  const warnings: string[] = [];
  for (const name of modules) {
    const result = await build({
      entryPoints: [join(PROJECT_ROOT, 'shared', `${name}.ts`)],
      bundle: true,
      write: false,
      format: 'cjs',
      platform: 'neutral',
      // npm packages the shared code uses (dayjs for China time) are bundled in; `neutral`
      // resolves no package entry point unless told which fields to read.
      mainFields: ['module', 'main'],
      // The mini-program runtime has no Node built-ins; base library 3.x runs ES2017.
      target: 'es2017',
      legalComments: 'none',
      logLevel: 'warning',
    });
    warnings.push(...describeWarnings(result.warnings));
    const file = join(SHARED_OUT_DIR, `${name}.js`);
    const header = `// Generated by scripts/packnpm.ts from shared/${name}.ts: do not edit.\n`;
    const text = header + (result.outputFiles[0]?.text ?? '');
    wanted.add(file);
    // Rewrite only what changed, so a test or DevTools reading the folder meanwhile never finds it empty.
    if (existsSync(file) && readFileSync(file, 'utf8') === text) continue;
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  for (const stale of existsSync(SHARED_OUT_DIR) ? listFiles(SHARED_OUT_DIR) : [])
    if (!wanted.has(stale)) rmSync(stale);
  return { modules, warnings };
}

export async function prepareMiniprogram(): Promise<{ packages: string[]; shared: string[]; warnings: string[] }> {
  const packages = packMiniprogramNpm();
  const { modules, warnings } = await bundleShared();
  return { packages, shared: modules, warnings };
}

if (require.main === module) {
  prepareMiniprogram()
    .then(({ packages, shared, warnings }) => {
      // esbuild has printed each warning with its source excerpt; a warning fails the step.
      if (warnings.length > 0) throw new Error(`bundling shared code reported ${warnings.length} warning(s)`);
      const where = relative(PROJECT_ROOT, MINIPROGRAM_DIR);
      console.log(
        `mini-program: packed ${packages.join(', ') || 'no packages'}; bundled shared ${shared.join(', ') || 'none'} into ${where}/`,
      );
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
