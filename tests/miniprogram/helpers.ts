/**
 * Rendering pages for tests: load a page or component with miniprogram-simulate (official WXML
 * compiler, needed by TDesign), attach it, run its lifecycles, then query what it shows.
 * Pages are loaded by path, so the mini-program's sources stay out of the Node type-check.
 */
import { join } from 'node:path';

/** The DOM node of a rendered element (jsdom), as far as tests read it. */
export interface DomNode {
  textContent: string | null;
  outerHTML: string;
  getAttribute(name: string): string | null;
}

/** A rendered component or element (j-component), as far as tests use it. */
export interface Rendered {
  dom?: DomNode;
  data: Record<string, any>;
  instance: Record<string, any>;
  querySelector(selector: string): Rendered | undefined;
  querySelectorAll(selector: string): Rendered[];
  dispatchEvent(eventName: string, options?: { detail?: unknown }): void;
  attach(parent: unknown): void;
  setData(data: Record<string, unknown>): void;
}

interface Simulate {
  load(path: string, tagName: string, options: Record<string, unknown>): string;
  render(id: string, properties?: Record<string, unknown>): Rendered;
  sleep(ms: number): Promise<void>;
}

export const simulate = require('miniprogram-simulate') as Simulate;
export const MP_ROOT = join(__dirname, '..', '..', 'miniprogram');

type Mock = jest.Mock;

/** The mocked wx of setup.ts, as far as tests use it: every API a page uses is a jest.fn. */
export interface WxMock {
  cloud: { init: Mock; callFunction: Mock; uploadFile: Mock };
  request: Mock;
  getAccountInfoSync: Mock;
  getStorageSync: Mock;
  setStorageSync: Mock;
  removeStorageSync: Mock;
  clearStorageSync: Mock;
  navigateTo: Mock;
  redirectTo: Mock;
  switchTab: Mock;
  showToast: Mock;
  showModal: Mock;
  stopPullDownRefresh: Mock;
  setClipboardData: Mock;
  canvasToTempFilePath: Mock;
  saveImageToPhotosAlbum: Mock;
  openSetting: Mock;
  createSelectorQuery: Mock;
  getWindowInfo: Mock;
}

export const wx = (globalThis as unknown as { wx: WxMock }).wx;

const document = (
  globalThis as unknown as {
    document: { createElement(tag: string): unknown; body: { appendChild(node: unknown): void } };
  }
).document;

export function loadComponent(relativePath: string, tagName = 'main'): string {
  return simulate.load(join(MP_ROOT, relativePath), tagName, {
    rootPath: MP_ROOT,
    compiler: 'official',
    compilerOptions: { maxBuffer: 64 * 1024 * 1024 },
    less: false,
  });
}

/** Waits for pending promises and re-renders (service calls resolve on later ticks). */
export async function settle(ms = 0): Promise<void> {
  await simulate.sleep(ms);
  await simulate.sleep(0);
}

/** Loads, renders and attaches a page, then runs onLoad, onShow and onReady like the runtime. */
export async function renderPage(relativePath: string, query: Record<string, string> = {}): Promise<Rendered> {
  const page = simulate.render(loadComponent(relativePath, 'page'));
  const parent = document.createElement('page-wrapper');
  document.body.appendChild(parent);
  page.attach(parent);
  const instance = page.instance;
  if (instance.onLoad) await instance.onLoad(query);
  if (instance.onShow) await instance.onShow();
  if (instance.onReady) await instance.onReady();
  await settle();
  return page;
}

/** The trimmed text of the first element matching `selector` ('' when there is none). */
export function text(component: Rendered, selector: string): string {
  return component.querySelector(selector)?.dom?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
}

/** Texts of every element matching `selector`. */
export function texts(component: Rendered, selector: string): string[] {
  return component
    .querySelectorAll(selector)
    .map((element) => element.dom?.textContent?.replace(/\s+/g, ' ').trim() ?? '');
}

/** Taps an element (a plain view, or a TDesign component through its inner element). */
export async function tap(component: Rendered, selector: string, inner?: string): Promise<void> {
  const element = component.querySelector(selector);
  if (!element) throw new Error(`nothing matches ${selector}`);
  const target = inner ? element.querySelector(inner) : element;
  if (!target) throw new Error(`nothing matches ${inner} inside ${selector}`);
  target.dispatchEvent('tap');
  await settle(10);
}

/** A successful Result, as the functions answer. */
export function ok<T>(data: T): { ok: true; data: T } {
  return { ok: true, data };
}

export function fail(code: string, message = code): { ok: false; error: { code: string; message: string } } {
  return { ok: false, error: { code, message } };
}

type Answer = unknown | ((data: Record<string, unknown>) => unknown);

/** The key of a call: `name` or, for routed functions, `name.route`. */
function callKey(name: string, data: Record<string, unknown> | undefined): string {
  return typeof data?.$url === 'string' ? `${name}.${data.$url}` : name;
}

/**
 * Answers wx.cloud.callFunction by function and route, e.g. `{ 'profile.get': ok(view) }`; a
 * function value computes the answer from the call's data. A call with no answer is a
 * transport failure, so a page that calls something unexpected shows its error state.
 */
export function answerCalls(answers: Record<string, Answer>): void {
  wx.cloud.callFunction.mockImplementation(async ({ name, data }: { name: string; data?: Record<string, unknown> }) => {
    const key = callKey(name, data);
    if (!(key in answers)) throw Object.assign(new Error(`unexpected call ${key}`), { errMsg: `no answer for ${key}` });
    const answer = answers[key];
    const result =
      typeof answer === 'function' ? (answer as (d: Record<string, unknown>) => unknown)(data ?? {}) : answer;
    return { result, errMsg: 'cloud.callFunction:ok', requestID: 'test' };
  });
}

/** Every cloud function call made so far, as `{ name, data }`. */
export function cloudCalls(): Array<{ name: string; data: Record<string, unknown> }> {
  return wx.cloud.callFunction.mock.calls.map(
    ([options]) => options as { name: string; data: Record<string, unknown> },
  );
}

/** The calls of one function route (`profile.update`), as their data. */
export function callsOf(key: string): Array<Record<string, unknown>> {
  return cloudCalls()
    .filter((call) => callKey(call.name, call.data) === key)
    .map((call) => call.data);
}

/** What the page's page-state component says: '加载失败 <message>', the empty text, or ''. */
export function stateText(page: Rendered): string {
  const state = page.querySelector('.page-state');
  if (!state) return '';
  return [text(state, '.state-title'), text(state, '.state-message')].filter((part) => part !== '').join(' ');
}

/** Taps 重试 in the page's page-state component. */
export async function tapRetry(page: Rendered): Promise<void> {
  const state = page.querySelector('.page-state');
  if (!state) throw new Error('the page shows no page-state');
  await tap(state, '.retry', '.t-button');
}
