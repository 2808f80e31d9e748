/**
 * npm run mp:size: the mini-program's code package sizes, measured offline, as WeChat counts
 * them at upload: the main package (everything under miniprogramRoot outside a subpackage root,
 * including the generated miniprogram_npm/ and shared/ of `npm run mp:prepare`) and each
 * subpackage. WeChat refuses a main package or a subpackage of 2 MB or more
 * (tests/miniprogram/node/mp-size.test.ts holds both under it).
 *
 * What counts, and why:
 * - Files that project.config.json's packOptions.ignore matches are left out (DevTools leaves
 *   them out of preview and upload). Rules are folder, file, suffix, prefix, regexp and glob,
 *   paths relative to miniprogramRoot, compared case-insensitively, as DevTools documents them.
 * - `.d.ts` files are left out: declarations compile to nothing.
 * - A `.ts` file counts at its source size. DevTools compiles it (TypeScript plugin, babel,
 *   minified upload), and the output is smaller than the source: types, comments and
 *   indentation go. The source size is therefore an upper bound that needs no compiler here.
 * - Every other file counts at its size, whatever its type (an upper bound again).
 * - DevTools' "过滤无依赖文件" (ignoreUploadUnusedFiles) would drop the TDesign components no
 *   page uses; this count keeps all of them, so the real upload is smaller still.
 *
 * miniprogram-ci (npm, 2.1.42) is WeChat's own tool, but it is not a dependency of this project:
 * it installs about 280 MB (697 packages), and offline it runs only with a made-up appid, a
 * throwaway RSA key as the "upload key" and its project-attribute request to servicewechat.com
 * overridden. Run that way on this repository, its `checkCodeQuality` package-size figure leaves
 * the .ts pages out (it cannot resolve them without the TypeScript plugin), and its
 * `getCompiledResult` with the plugin compiled the main package to about 390 KB after dropping
 * unused TDesign components, against about 1.28 MB counted here, and each subpackage to about
 * four fifths of the size counted here. This script therefore keeps the count that cannot be too low.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { PROJECT_ROOT } from './paths';

/** WeChat's limit for the main package and for each subpackage. */
export const PACKAGE_LIMIT_BYTES = 2 * 1024 * 1024;

export interface IgnoreRule {
  type: 'folder' | 'file' | 'suffix' | 'prefix' | 'regexp' | 'glob';
  value: string;
}

export interface FolderSize {
  /** `pages`, `miniprogram_npm/tdesign-miniprogram`, or `(root files)`. */
  folder: string;
  bytes: number;
  files: number;
}

export interface PackageSize {
  /** `main`, or the subpackage's root as app.json names it. */
  name: string;
  root: string;
  bytes: number;
  files: number;
  folders: FolderSize[];
}

export interface SizeReport {
  miniprogramRoot: string;
  main: PackageSize;
  subpackages: PackageSize[];
  totalBytes: number;
  /** Files not counted, with the reason (packOptions rule or declaration file). */
  skipped: Array<{ path: string; reason: string }>;
}

interface ProjectConfig {
  miniprogramRoot?: string;
  packOptions?: { ignore?: IgnoreRule[] };
}

interface AppJson {
  subpackages?: Array<{ root: string; name?: string }>;
  subPackages?: Array<{ root: string; name?: string }>;
}

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? listFiles(path) : [path];
  });
}

/** A glob (`**`, `*`, `?`) as an anchored regular expression over a relative path. */
function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let index = 0; index < glob.length; index += 1) {
    const char = glob.charAt(index);
    if (char === '*' && glob[index + 1] === '*') {
      const slash = glob[index + 2] === '/';
      source += slash ? '(?:.*/)?' : '.*';
      index += slash ? 2 : 1;
    } else if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 'i');
}

/** The packOptions rule that leaves `path` (relative to miniprogramRoot, with /) out, if any. */
export function ignoredBy(path: string, rules: IgnoreRule[]): IgnoreRule | undefined {
  const lower = path.toLowerCase();
  const name = lower.slice(lower.lastIndexOf('/') + 1);
  return rules.find((rule) => {
    const value = rule.value
      .toLowerCase()
      .replace(/^\.?\//, '')
      .replace(/\/$/, '');
    switch (rule.type) {
      case 'folder':
        return lower.startsWith(`${value}/`);
      case 'file':
        return lower === value;
      case 'suffix':
        return name.endsWith(value);
      case 'prefix':
        return name.startsWith(value);
      case 'regexp':
        return new RegExp(rule.value, 'i').test(path);
      case 'glob':
        return globToRegExp(rule.value.replace(/^\.?\//, '')).test(path);
      default:
        return false;
    }
  });
}

/** The folder a file is listed under: its first path segment, or the package within miniprogram_npm. */
function folderOf(pathInPackage: string): string {
  const [first = '', second, ...rest] = pathInPackage.split('/');
  if (second === undefined) return '(root files)';
  return first === 'miniprogram_npm' && rest.length > 0 ? `${first}/${second}` : first;
}

function emptyPackage(name: string, root: string): PackageSize {
  return { name, root, bytes: 0, files: 0, folders: [] };
}

function add(target: PackageSize, pathInPackage: string, bytes: number): void {
  target.bytes += bytes;
  target.files += 1;
  const folder = folderOf(pathInPackage);
  let row = target.folders.find((entry) => entry.folder === folder);
  if (!row) {
    row = { folder, bytes: 0, files: 0 };
    target.folders.push(row);
  }
  row.bytes += bytes;
  row.files += 1;
}

/** Measures the mini-program of the project at `projectRoot` (project.config.json + app.json). */
export function measureMiniprogram(projectRoot: string = PROJECT_ROOT): SizeReport {
  const config = readJson<ProjectConfig>(join(projectRoot, 'project.config.json'));
  const miniprogramRoot = join(projectRoot, config.miniprogramRoot ?? '.');
  const rules = config.packOptions?.ignore ?? [];
  const app = readJson<AppJson>(join(miniprogramRoot, 'app.json'));
  const declared = [...(app.subpackages ?? []), ...(app.subPackages ?? [])];
  const subpackages = declared.map((entry) => {
    const root = entry.root.replace(/^\.?\//, '').replace(/\/$/, '');
    return emptyPackage(entry.name ?? root, root);
  });
  const main = emptyPackage('main', '');
  const skipped: SizeReport['skipped'] = [];
  for (const file of listFiles(miniprogramRoot)) {
    const path = relative(miniprogramRoot, file).split(sep).join('/');
    const rule = ignoredBy(path, rules);
    if (rule) {
      skipped.push({ path, reason: `packOptions.ignore ${rule.type} ${rule.value}` });
      continue;
    }
    if (path.endsWith('.d.ts')) {
      skipped.push({ path, reason: 'declaration file (compiles to nothing)' });
      continue;
    }
    const owner = subpackages.find((pkg) => path.startsWith(`${pkg.root}/`));
    add(owner ?? main, owner ? path.slice(owner.root.length + 1) : path, statSync(file).size);
  }
  for (const pkg of [main, ...subpackages])
    pkg.folders.sort((a, b) => b.bytes - a.bytes || a.folder.localeCompare(b.folder));
  const totalBytes = [main, ...subpackages].reduce((sum, pkg) => sum + pkg.bytes, 0);
  return { miniprogramRoot, main, subpackages, totalBytes, skipped };
}

function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

function percentOfLimit(bytes: number): string {
  return `${((bytes / PACKAGE_LIMIT_BYTES) * 100).toFixed(0)}% of 2 MB`;
}

/** The report as the table `npm run mp:size` prints. */
export function formatReport(report: SizeReport): string {
  const row = (label: string, bytes: number, files: number | string, note = '') =>
    `  ${label.padEnd(40)}${kib(bytes).padStart(12)}${String(files).padStart(8)}  ${note}`.trimEnd();
  const lines = [
    `Main package (${report.main.files} files)`,
    `  ${'folder'.padEnd(40)}${'size'.padStart(12)}${'files'.padStart(8)}`,
  ];
  for (const folder of report.main.folders) lines.push(row(folder.folder, folder.bytes, folder.files));
  lines.push(row('total', report.main.bytes, report.main.files, percentOfLimit(report.main.bytes)), '', 'Subpackages');
  for (const pkg of report.subpackages)
    lines.push(row(`${pkg.root}/`, pkg.bytes, pkg.files, percentOfLimit(pkg.bytes)));
  lines.push(
    '',
    row(
      'all packages',
      report.totalBytes,
      report.main.files + report.subpackages.reduce((sum, pkg) => sum + pkg.files, 0),
    ),
  );
  const declarations = report.skipped.filter((entry) => entry.reason.startsWith('declaration')).length;
  const ignored = report.skipped.length - declarations;
  lines.push(
    `  not counted: ${declarations} .d.ts files, ${ignored} files ignored by packOptions; .ts counted at source size (an upper bound)`,
  );
  return lines.join('\n');
}

/** The packages over WeChat's limit, as messages (empty when all fit). */
export function overLimit(report: SizeReport): string[] {
  return [report.main, ...report.subpackages]
    .filter((pkg) => pkg.bytes >= PACKAGE_LIMIT_BYTES)
    .map(
      (pkg) =>
        `${pkg.name === 'main' ? 'the main package' : `subpackage ${pkg.root}/`} is ${kib(pkg.bytes)}, over 2 MB`,
    );
}

if (require.main === module) {
  const report = measureMiniprogram();
  if (!existsSync(join(report.miniprogramRoot, 'miniprogram_npm'))) {
    console.error('miniprogram_npm/ is missing: run `npm run mp:prepare` first, or the count leaves TDesign out');
    process.exit(1);
  }
  console.log(formatReport(report));
  const problems = overLimit(report);
  for (const problem of problems) console.error(problem);
  process.exit(problems.length > 0 ? 1 : 0);
}
