/**
 * The harness that lets miniprogram-simulate render this mini-program's pages under jest (how it works and
 * its pitfalls are described below). Runs before every test file.
 *
 * Types: the root tsconfig type-checks tests without the mini-program typings (they redeclare
 * `require` and would break Node code), so the simulator and `wx` are reached through loose
 * local types here and in helpers.ts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, sep } from 'node:path';

type Loose = Record<string, any>;
const g = globalThis as unknown as Loose;

require('miniprogram-simulate'); // installs the global Component/Behavior and a mocked global wx
const simUtils = require('miniprogram-simulate/src/utils') as Loose;

const MP_ROOT = join(__dirname, '..', '..', 'miniprogram');
const NPM_DIR = `${sep}miniprogram_npm${sep}`;
const appJson = JSON.parse(readFileSync(join(MP_ROOT, 'app.json'), 'utf8')) as {
  usingComponents?: Record<string, string>;
};
const globalUsing = appJson.usingComponents ?? {};

// (a) usingComponents as the runtime resolves them: app.json's are global, and npm paths
//     ("tdesign-miniprogram/cell/cell") live in /miniprogram_npm/. simulate knows neither.
const originalReadJson = simUtils.readJson as (file: string) => Loose | null;
simUtils.readJson = (file: string) => {
  const json = originalReadJson(file);
  if (!json) return json;
  const own = (json.usingComponents ?? {}) as Record<string, string>;
  const using: Record<string, string> = file.includes(NPM_DIR) ? { ...own } : { ...globalUsing, ...own };
  for (const [tag, path] of Object.entries(using)) {
    if (path.startsWith('.') || path.startsWith('/') || path.startsWith('plugin://')) continue;
    if (existsSync(`${join(MP_ROOT, 'miniprogram_npm', path)}.json`)) using[tag] = `/miniprogram_npm/${path}`;
  }
  json.usingComponents = using;
  return json;
};

// (b) jest ignores `delete require.cache[...]`: a second load of a page would reuse the module and
//     Component() would not run again. Evaluate each load in isolation (jest.mock still applies).
simUtils.runJs = (filePath: string) => {
  jest.isolateModules(() => {
    require(filePath);
  });
};

// (c) App(), getApp() and getCurrentPages().
let appInstance: Loose = { globalData: {} };
g.App = (options: Loose) => {
  appInstance = options;
};
g.getApp = () => appInstance;
g.getCurrentPages = jest.fn(() => []);

// (d) Page() -> Component(): each page function becomes a method; helpers.renderPage runs the
//     lifecycles the way the runtime does.
g.Page = (options: Loose) => {
  const { data = {}, options: componentOptions, behaviors, ...rest } = options;
  const methods: Loose = {};
  for (const [key, value] of Object.entries(rest)) if (typeof value === 'function') methods[key] = value;
  return g.Component({ data, options: componentOptions, behaviors, methods });
};

// (e) What simulate's wx lacks, and what tests assert on, as jest.fn.
const wx = g.wx as Loose;
wx.cloud = {
  init: jest.fn(),
  callFunction: jest.fn(async () => ({
    result: { ok: true, data: {} },
    errMsg: 'cloud.callFunction:ok',
    requestID: 'test',
  })),
  uploadFile: jest.fn(async () => ({
    fileID: 'cloud://test/avatar.png',
    statusCode: 200,
    errMsg: 'cloud.uploadFile:ok',
  })),
};
const asyncApis = [
  'navigateTo',
  'redirectTo',
  'switchTab',
  'navigateBack',
  'reLaunch',
  'showToast',
  'showModal',
  'showLoading',
  'hideLoading',
  'stopPullDownRefresh',
  'setClipboardData',
  'saveImageToPhotosAlbum',
  'canvasToTempFilePath',
  'getImageInfo',
  'openSetting',
  'getSetting',
  'authorize',
  'setNavigationBarTitle',
];
for (const name of asyncApis) wx[name] = jest.fn(async () => ({ errMsg: `${name}:ok` }));
wx.request = jest.fn();
wx.getAccountInfoSync = jest.fn(() => ({ miniProgram: { appId: 'touristappid', envVersion: 'release', version: '' } }));

// (f) simulate's storage is a no-op (getStorageSync always answers ''): keep it in memory.
const store = new Map<string, unknown>();
wx.setStorageSync = jest.fn((key: string, value: unknown) => void store.set(key, value));
wx.getStorageSync = jest.fn((key: string) => (store.has(key) ? store.get(key) : ''));
wx.removeStorageSync = jest.fn((key: string) => void store.delete(key));
wx.clearStorageSync = jest.fn(() => store.clear());
