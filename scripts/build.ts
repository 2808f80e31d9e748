/**
 * npm run build: bundles every cloud function into a deployable folder of its own and builds
 * the emulator.
 *
 * Each function becomes dist/cloudfunctions/<name>/{index.js,index.js.map,package.json,config.json}:
 * project code from shared/ is inlined, wx-server-sdk stays external and is declared in the
 * function's package.json so that the platform installs it (the same version as the root pin).
 */
import { build } from 'esbuild';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeWarnings } from './buildWarnings';
import { listFunctionNames, readFunctionConfigOrDefaults } from './functions';
import {
  EMULATOR_BUILD_DIR,
  FUNCTIONS_BUILD_DIR,
  FUNCTIONS_SOURCE_DIR,
  PROJECT_ROOT,
  TEST_FUNCTIONS_BUILD_DIR,
  TEST_FUNCTIONS_SOURCE_DIR,
} from './paths';

/** Packages the platform installs for every function; everything else is bundled. */
const RUNTIME_EXTERNALS = ['wx-server-sdk'];

function rootDependencyVersion(name: string): string {
  const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
  };
  const version = pkg.dependencies[name];
  if (!version) throw new Error(`${name} must be a dependency of the root package.json`);
  return version;
}

export async function buildFunction(
  name: string,
  sourceRoot = FUNCTIONS_SOURCE_DIR,
  outRoot = FUNCTIONS_BUILD_DIR,
  warn: (message: string) => void = (message) => console.warn(`build: ${message}`),
): Promise<string[]> {
  const sourceDir = join(sourceRoot, name);
  const outDir = join(outRoot, name);
  // Fails the build on an invalid config.json. A missing one is what the platform accepts too (with its
  // defaults and a warning); the deploy refuses it for this project's own functions.
  readFunctionConfigOrDefaults(sourceDir, warn);
  mkdirSync(outDir, { recursive: true });
  const result = await build({
    entryPoints: [join(sourceDir, 'index.ts')],
    outfile: join(outDir, 'index.js'),
    bundle: true,
    platform: 'node',
    // CloudBase offers Node 16.13, 18.15 and 20.19; target the oldest so any choice works. esbuild lowers
    // only syntax: tests/runtime-compat.test.ts fails when a bundle uses a global Node 16.13 lacks.
    target: 'node16',
    format: 'cjs',
    sourcemap: true,
    external: RUNTIME_EXTERNALS,
    logLevel: 'warning',
    write: false,
  });
  for (const file of result.outputFiles) replaceFile(file.path, Buffer.from(file.contents));
  // The built folder mirrors the source: without a config.json there, the emulator applies the defaults.
  if (existsSync(join(sourceDir, 'config.json')))
    replaceFile(join(outDir, 'config.json'), readFileSync(join(sourceDir, 'config.json')));
  else rmSync(join(outDir, 'config.json'), { force: true });
  const dependencies = Object.fromEntries(RUNTIME_EXTERNALS.map((dep) => [dep, rootDependencyVersion(dep)]));
  const manifest = { name, version: '1.0.0', private: true, main: 'index.js', dependencies };
  replaceFile(join(outDir, 'package.json'), Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`));
  return describeWarnings(result.warnings);
}

/**
 * Writes a file by renaming a complete temporary file over it, so an emulator or test that
 * loads the function while a build runs never reads half a file.
 */
function replaceFile(path: string, contents: Buffer): void {
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, contents);
  renameSync(temp, path);
}

/** The emulator runs from JavaScript because its function instances are worker threads. */
async function buildEmulator(): Promise<string[]> {
  mkdirSync(EMULATOR_BUILD_DIR, { recursive: true });
  const browserBundle = await build({
    write: false,
    entryPoints: [join(PROJECT_ROOT, 'emulator/src/console/client.ts')],
    outfile: join(EMULATOR_BUILD_DIR, 'console.js'),
    bundle: true,
    platform: 'browser',
    target: 'es2020',
    logLevel: 'warning',
  });
  const node = await build({
    write: false,
    entryPoints: {
      cli: join(PROJECT_ROOT, 'emulator/src/cli.ts'),
      'instance-worker': join(PROJECT_ROOT, 'emulator/src/functions/instance-worker.ts'),
    },
    outdir: EMULATOR_BUILD_DIR,
    bundle: true,
    platform: 'node',
    target: 'node18',
    format: 'cjs',
    sourcemap: true,
    packages: 'external',
    logLevel: 'warning',
  });
  for (const file of [...browserBundle.outputFiles, ...node.outputFiles])
    replaceFile(file.path, Buffer.from(file.contents));
  return describeWarnings([...browserBundle.warnings, ...node.warnings]);
}

/** Builds every function folder of `sourceRoot` into `outRoot` and removes folders of deleted functions. */
async function buildFunctions(
  sourceRoot: string,
  outRoot: string,
  warn?: (message: string) => void,
): Promise<BuildReport> {
  const names = listFunctionNames(sourceRoot);
  const warnings = await Promise.all(names.map((name) => buildFunction(name, sourceRoot, outRoot, warn)));
  for (const stale of existsSync(outRoot) ? listFunctionNames(outRoot) : []) {
    if (!names.includes(stale)) rmSync(join(outRoot, stale), { recursive: true, force: true });
  }
  return { functions: names, warnings: warnings.flat() };
}

/** The functions built and every warning esbuild reported on the way (a clean build has none). */
interface BuildReport {
  functions: string[];
  warnings: string[];
}

export async function buildAll(): Promise<BuildReport> {
  const shipped = await buildFunctions(FUNCTIONS_SOURCE_DIR, FUNCTIONS_BUILD_DIR);
  // Fixture functions exercise the emulator's runtime in tests; they are never deployed. One of
  // them lacks config.json on purpose (the emulator warns when it loads it), so the build keeps quiet.
  const fixtures = await buildFunctions(TEST_FUNCTIONS_SOURCE_DIR, TEST_FUNCTIONS_BUILD_DIR, () => undefined);
  const emulator = await buildEmulator();
  return { functions: shipped.functions, warnings: [...shipped.warnings, ...fixtures.warnings, ...emulator] };
}

if (require.main === module) {
  buildAll()
    .then(({ functions, warnings }) => {
      // esbuild has printed each warning with its source excerpt; a warning fails the build.
      if (warnings.length > 0) throw new Error(`the build reported ${warnings.length} warning(s)`);
      console.log(`built ${functions.length} functions (${functions.join(', ')}) and the emulator into dist/`);
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
