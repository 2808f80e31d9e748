/**
 * The mini-program's packages stay under WeChat's 2 MB limit (scripts/mp-size.ts, `npm run
 * mp:size`), and the count follows DevTools' rules: subpackage roots, packOptions.ignore,
 * declaration files, generated folders included.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { formatReport, ignoredBy, measureMiniprogram, overLimit, PACKAGE_LIMIT_BYTES } from '../../../scripts/mp-size';
import { PROJECT_ROOT } from '../../../scripts/paths';

describe('the mini-program of this repository', () => {
  const report = measureMiniprogram(PROJECT_ROOT);

  it('counts TDesign and the shared bundles that mp:prepare generates (npm test runs it first)', () => {
    expect(existsSync(join(report.miniprogramRoot, 'miniprogram_npm', 'tdesign-miniprogram'))).toBe(true);
    const folders = report.main.folders.map((folder) => folder.folder);
    expect(folders).toEqual(
      expect.arrayContaining(['miniprogram_npm/tdesign-miniprogram', 'shared', 'pages', '(root files)']),
    );
    expect(
      report.main.folders.find((folder) => folder.folder === 'miniprogram_npm/tdesign-miniprogram')!.bytes,
    ).toBeGreaterThan(500 * 1024);
  });

  it('keeps the main package under 2 MB', () => {
    expect(report.main.bytes).toBeLessThan(PACKAGE_LIMIT_BYTES);
  });

  it('keeps every subpackage of app.json under 2 MB', () => {
    expect(report.subpackages.map((pkg) => pkg.root).sort()).toEqual(['admin', 'distributor', 'shop']);
    for (const pkg of report.subpackages) {
      expect(pkg.files).toBeGreaterThan(0);
      expect([pkg.root, pkg.bytes < PACKAGE_LIMIT_BYTES]).toEqual([pkg.root, true]);
    }
    expect(overLimit(report)).toEqual([]);
  });

  it('leaves out what packOptions ignores', () => {
    expect(report.skipped.map((entry) => entry.path)).toEqual(expect.arrayContaining(['tsconfig.json']));
    expect(report.skipped.some((entry) => entry.path.startsWith('typings/'))).toBe(true);
  });
});

describe('the counting rules, on a made-up project', () => {
  let root: string;

  function file(path: string, bytes: number): void {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, 'x'.repeat(bytes));
  }

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'mp-size-'));
    writeFileSync(
      join(root, 'project.config.json'),
      JSON.stringify({
        miniprogramRoot: 'mp/',
        packOptions: {
          ignore: [
            { type: 'file', value: 'notes.txt' },
            { type: 'folder', value: 'typings' },
            { type: 'suffix', value: '.md' },
            { type: 'prefix', value: 'draft-' },
            { type: 'glob', value: 'pages/**/*.spec.js' },
            { type: 'regexp', value: '\\.map$' },
          ],
        },
      }),
    );
    file('mp/app.json', 0);
    writeFileSync(
      join(root, 'mp/app.json'),
      JSON.stringify({
        pages: ['pages/a/a'],
        subpackages: [
          { root: 'pkg/', pages: ['b/b'] },
          { root: 'big', pages: ['c/c'] },
        ],
      }),
    );
    file('mp/app.ts', 100);
    file('mp/pages/a/a.ts', 1000);
    file('mp/pages/a/a.wxml', 200);
    file('mp/pages/a/a.d.ts', 5000);
    file('mp/pages/a/deep/x.spec.js', 7000);
    file('mp/pages/a/a.js.map', 7000);
    file('mp/miniprogram_npm/lib/index.js', 3000);
    file('mp/notes.txt', 7000);
    file('mp/typings/index.d.ts', 7000);
    file('mp/typings/more.json', 7000);
    file('mp/README.md', 7000);
    file('mp/pages/a/draft-new.wxss', 7000);
    file('mp/pkg/b/b.ts', 400);
    file('mp/pkgx/c.js', 50);
    file('mp/big/c/c.js', PACKAGE_LIMIT_BYTES);
  });

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('assigns files to the main package or their subpackage and counts .ts at source size', () => {
    const made = measureMiniprogram(root);
    const appJsonBytes = Buffer.byteLength(
      JSON.stringify({
        pages: ['pages/a/a'],
        subpackages: [
          { root: 'pkg/', pages: ['b/b'] },
          { root: 'big', pages: ['c/c'] },
        ],
      }),
    );
    expect(made.main.bytes).toBe(appJsonBytes + 100 + 1000 + 200 + 3000 + 50);
    expect(made.main.folders).toEqual([
      { folder: 'miniprogram_npm/lib', bytes: 3000, files: 1 },
      { folder: 'pages', bytes: 1200, files: 2 },
      { folder: '(root files)', bytes: appJsonBytes + 100, files: 2 },
      { folder: 'pkgx', bytes: 50, files: 1 },
    ]);
    expect(made.subpackages.map((pkg) => [pkg.root, pkg.bytes, pkg.files])).toEqual([
      ['pkg', 400, 1],
      ['big', PACKAGE_LIMIT_BYTES, 1],
    ]);
    expect(made.totalBytes).toBe(made.main.bytes + 400 + PACKAGE_LIMIT_BYTES);
  });

  it('skips declaration files and every kind of packOptions rule', () => {
    const skipped = measureMiniprogram(root)
      .skipped.map((entry) => entry.path)
      .sort();
    expect(skipped).toEqual(
      [
        'README.md',
        'notes.txt',
        'pages/a/a.d.ts',
        'pages/a/a.js.map',
        'pages/a/deep/x.spec.js',
        'pages/a/draft-new.wxss',
        'typings/index.d.ts',
        'typings/more.json',
      ].sort(),
    );
  });

  it('reports a package of 2 MB or more as over the limit, and prints the table', () => {
    const made = measureMiniprogram(root);
    expect(overLimit(made)).toEqual(['subpackage big/ is 2048.0 KB, over 2 MB']);
    expect(formatReport(made)).toMatch(/total\s+4\.\d KB\s+6\s+0% of 2 MB/);
  });

  it('matches rules case-insensitively, relative to the mini-program root', () => {
    expect(ignoredBy('Typings/x.json', [{ type: 'folder', value: './typings/' }])?.type).toBe('folder');
    expect(ignoredBy('typingsx/y.json', [{ type: 'folder', value: 'typings' }])).toBeUndefined();
    expect(ignoredBy('a/b/c.JS', [{ type: 'glob', value: 'a/**/*.js' }])?.type).toBe('glob');
    expect(ignoredBy('a/c.js', [{ type: 'glob', value: 'a/**/*.js' }])?.type).toBe('glob');
    expect(ignoredBy('b/c.js', [{ type: 'glob', value: 'a/**/*.js' }])).toBeUndefined();
  });
});
