/**
 * The shell: app.json's tab bar and subpackages, the pages still waiting for their functions
 * (they say so), and the WXML check (wcc over every template, pages and components present).
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MP_ROOT } from './helpers';

interface CheckModule {
  checkMiniprogram(root?: string): string[];
  compileWxml(file: string, root?: string): string | undefined;
}
const check = require('../../scripts/check-wxml') as CheckModule;
const packnpm = require('../../scripts/packnpm') as { sharedValueImports(files: string[]): string[] };

const appJson = JSON.parse(readFileSync(join(MP_ROOT, 'app.json'), 'utf8')) as {
  pages: string[];
  tabBar: { list: Array<{ pagePath: string; text: string }> };
  subpackages: Array<{ root: string; pages: string[] }>;
  resolveAlias: Record<string, string>;
};

beforeEach(() => jest.clearAllMocks());

describe('app.json', () => {
  it('has the four tabs in the main package and distributor, admin and shop pages in subpackages', () => {
    expect(appJson.tabBar.list.map((tab) => tab.text)).toEqual(['首页', '分类', '购物车', '我的']);
    expect(appJson.pages).toEqual(appJson.tabBar.list.map((tab) => tab.pagePath));
    expect(appJson.subpackages.map((pkg) => pkg.root)).toEqual(['distributor', 'admin', 'shop']);
    expect(appJson.resolveAlias).toEqual({ '@shared/*': '/shared/*' });
  });
});

describe('shared code in the mini-program (npm run mp:prepare)', () => {
  it('bundles exactly the shared modules imported as values, for app.json resolveAlias', () => {
    const root = mkdtempSync(join(tmpdir(), 'imports-'));
    const page = join(root, 'page.ts');
    writeFileSync(
      page,
      [
        "import { formatFen } from '@shared/money';",
        "import type { Result } from '@shared/result';",
        "import type { ProfileView } from '@shared/contracts/profile';",
        "import { decodeScene, SHARE_CODE_PATTERN } from '@shared/shareCode';",
      ].join('\n'),
    );
    expect(packnpm.sharedValueImports([page])).toEqual(['money', 'shareCode']);
    for (const name of ['money', 'shareCode']) expect(existsSync(join(MP_ROOT, 'shared', `${name}.js`))).toBe(true);
    expect(existsSync(join(MP_ROOT, 'miniprogram_npm', 'tdesign-miniprogram', 'cell', 'cell.json'))).toBe(true);
  });

  it('carries dayjs inside the China time bundle: the mini-program has no node_modules to load it from', () => {
    const code = readFileSync(join(MP_ROOT, 'shared', 'chinaTime.js'), 'utf8');
    const module = { exports: {} as Record<string, (at: number) => string> };
    const requireNothing = (id: string): never => {
      throw new Error(`the bundle requires ${id}`);
    };
    new Function('module', 'exports', 'require', code)(module, module.exports, requireNothing);
    expect(module.exports.chinaDateTime?.(Date.parse('2026-03-05T16:30:00Z'))).toBe('2026-03-06 00:30');
  });
});

describe('WXML check', () => {
  it('passes for the mini-program', () => {
    expect(check.checkMiniprogram()).toEqual([]);
  });

  it('catches a mismatched tag and a broken expression', () => {
    const root = mkdtempSync(join(tmpdir(), 'wxml-'));
    writeFileSync(join(root, 'tag.wxml'), '<view><text>{{name}}</view>\n');
    writeFileSync(join(root, 'expression.wxml'), '<view class="{{a ? \'b\' : }}">x</view>\n');
    writeFileSync(join(root, 'fine.wxml'), '<view wx:for="{{items}}" wx:key="id">{{item.name}}</view>\n');
    expect(check.compileWxml(join(root, 'tag.wxml'), root)).toMatch(/tag\.wxml/);
    expect(check.compileWxml(join(root, 'expression.wxml'), root)).toMatch(/expression\.wxml/);
    expect(check.compileWxml(join(root, 'fine.wxml'), root)).toBeUndefined();
  });

  it('catches a page of app.json without files and a component that does not exist', () => {
    const root = mkdtempSync(join(tmpdir(), 'mp-'));
    writeFileSync(
      join(root, 'app.json'),
      JSON.stringify({ pages: ['pages/missing/missing'], usingComponents: { 'no-such': '/components/none/none' } }),
    );
    expect(check.checkMiniprogram(root)).toEqual([
      'app.json: page pages/missing/missing has no pages/missing/missing.ts',
      'app.json: page pages/missing/missing has no pages/missing/missing.wxml',
      'app.json: page pages/missing/missing has no pages/missing/missing.json',
      'app.json: component <no-such> not found at /components/none/none',
    ]);
  });
});
