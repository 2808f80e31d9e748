/**
 * A rendered page as a standalone HTML file for Chromium: simulate's DOM, the styles simulate
 * injected (page and component wxss, class-prefixed, rpx as px), app.wxss with the TDesign
 * theme, base styles for the wx-* elements, and the WeChat chrome around the page (navigation
 * bar with the page's title, the tab bar on tab pages). Attributes that j-component keeps only in
 * its virtual tree (image src, input value) are copied onto the DOM first. Layout width is 750
 * px: simulate maps N rpx to N px, so this is a 375 pt phone at 2x.
 */

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MP_ROOT, type Rendered } from '../helpers';
import { chartSvgUrl } from './chartSvg';

const wxss = require('miniprogram-simulate/src/wxss') as {
  getContent(file: string): string;
  compile(content: string, options: object): string;
};
const { transformRpx } = require('miniprogram-simulate/src/utils') as { transformRpx(css: string): string };

/** Height of the navigation bar and of the tab bar, in the page's px (rpx). */
const NAV_BAR_PX = 88;
const TAB_BAR_PX = 100;

/** TDesign icon name → a text symbol in Debian's DejaVu Sans, for the small glyph-like icons. */
const ICON_SYMBOLS: Record<string, string> = {
  'chevron-right': '\\203A',
  'chevron-left': '\\2039',
  close: '\\00D7',
  check: '\\2713',
  add: '+',
  remove: '\\2212',
};

/**
 * TDesign icon name → a line drawing (24×24, stroked paths) standing in for TDesign's outline
 * icon of that name, for the icons that carry meaning on their own (menus, section titles).
 * Drawn as a mask in the text colour, so each takes the colour and size the page gives the icon.
 */
const ICON_PATHS: Record<string, string> = {
  shop: 'M3 9l2-5h14l2 5z M5 9v11h14V9 M10 20v-5h4v5',
  'root-list': 'M9 6h12 M9 12h12 M9 18h12 M3.5 6h1 M3.5 12h1 M3.5 18h1',
  service: 'M4 15v-3a8 8 0 0 1 16 0v3 M4 14h3v5H4z M17 14h3v5h-3z M20 19c0 1.7-1.3 3-3 3h-4',
  wallet: 'M3 7h17v13H3z M3 7l13-4v4 M15 13.5h3',
  'user-add': 'M9 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8z M2 21a7 7 0 0 1 14 0 M19 8v6 M16 11h6',
  setting:
    'M12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6z M12 19a7 7 0 1 0 0-14 7 7 0 0 0 0 14z M12 2v3 M12 19v3 M2 12h3 M19 12h3 ' +
    'M4.9 4.9L7 7 M17 17l2.1 2.1 M4.9 19.1L7 17 M17 7l2.1-2.1',
  secured: 'M12 3l8 3v6c0 5-3.5 8-8 9-4.5-1-8-4-8-9V6z M8.5 12l2.5 2.5 4.5-5',
  'user-safety':
    'M9 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8z M2 21a7 7 0 0 1 10.5-6 M18 13l4 1.5V17c0 2.5-2 4-4 4.5-2-.5-4-2-4-4.5v-2.5z',
  'chart-bar': 'M3 20h18 M7 16v-5 M12 16V5 M17 16V9',
  notification: 'M6 17v-6a6 6 0 0 1 12 0v6l2 2H4z M10 22h4',
  task: 'M8 3h8v3H8z M6 4.5H4V22h16V4.5h-2 M8.5 13.5l2.5 2.5 5-5',
  home: 'M3 11l9-8 9 8 M5 9v12h14V9 M10 21v-6h4v6',
  cart: 'M2 3h3l2.5 12h12L22 7H6 M9 20a1 1 0 1 0 0-.1z M18 20a1 1 0 1 0 0-.1z',
  user: 'M12 12a5 5 0 1 0 0-10 5 5 0 0 0 0 10z M3 22a9 9 0 0 1 18 0',
  layers: 'M12 3l9 5-9 5-9-5z M3 13l9 5 9-5',
  certificate: 'M12 3l2.6 5.3 5.9.9-4.3 4.1 1 5.8-5.2-2.7-5.2 2.7 1-5.8-4.3-4.1 5.9-.9z',
  usergroup:
    'M9 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8z M1.5 21a7.5 7.5 0 0 1 15 0 M16 3.3a4 4 0 0 1 0 7.4 M19 14.5a7.5 7.5 0 0 1 3.5 6.5',
  app: 'M3 3h7v7H3z M14 3h7v7h-7z M3 14h7v7H3z M14 14h7v7h-7z',
};

function iconMask(path: string): string {
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" fill="none" stroke="black" stroke-width="2" ` +
    `stroke-linecap="round" stroke-linejoin="round"><path d="${path}"/></svg>`;
  const url = `url("data:image/svg+xml,${encodeURIComponent(svg)}") center / contain no-repeat`;
  return `content: ""; display: inline-block; width: 1em; height: 1em; vertical-align: -0.15em; background: currentColor; -webkit-mask: ${url}; mask: ${url};`;
}

const ICONS = [
  ...Object.entries(ICON_SYMBOLS).map(
    ([name, symbol]) => `body .t-icon--t-icon-${name}::before { content: "${symbol}"; }`,
  ),
  ...Object.entries(ICON_PATHS).map(([name, path]) => `body .t-icon--t-icon-${name}::before { ${iconMask(path)} }`),
].join('\n');

const BASE_CSS = `
body { margin: 0; width: 750px; background: #f5f5f5; font-size: 28px; color: #1f1f1f;
  font-family: "PingFang SC", "WenQuanYi Micro Hei", "Noto Sans CJK SC", sans-serif; }
wx-view, wx-scroll-view, wx-navigator, wx-form, wx-radio-group, wx-checkbox-group, wx-picker, wx-label,
wx-page-state, page-wrapper, wx-canvas { display: block; }
wx-text { display: inline; white-space: pre-wrap; }
wx-scroll-view { overflow: hidden; }
/* A swiper shows its first item; the others sit beside it, clipped, as before the first swipe. */
wx-swiper { display: flex; overflow: hidden; }
wx-swiper-item { display: block; flex: 0 0 100%; width: 100%; height: 100%; }
wx-image { display: inline-block; width: 640px; height: 480px; background: #e7e7e7 center / cover no-repeat; }
wx-input, wx-textarea { display: block; min-height: 1.4em; }
wx-input[data-empty], wx-textarea[data-empty] { color: #aaa; }
wx-button { display: block; padding: 0 28px; line-height: 2.5; border-radius: 10px; background: #f8f8f8; text-align: center;
  font-size: 36px; border: 1px solid rgba(0, 0, 0, 0.1); box-sizing: border-box; }
wx-button[data-size="mini"] { display: inline-block; padding: 0 28px; font-size: 26px; line-height: 2.3; }
wx-button[data-type="primary"] { background: #07c160; color: #fff; }
wx-button[data-type="warn"] { background: #f8f8f8; color: #e64340; }
wx-radio::before { content: "○ "; color: #0052d9; }
wx-radio[data-checked]::before { content: "● "; }
wx-checkbox::before { content: "☐ "; color: #0052d9; }
wx-checkbox[data-checked]::before { content: "☑ "; }
wx-switch { display: inline-block; width: 88px; height: 48px; border-radius: 24px; background: #ddd; }
wx-switch[data-checked] { background: #0052d9; }
/* TDesign's icon font is remote (blocked offline): the icons the pages use are drawn with text
   symbols (simulate prefixes the classes with "t-icon--"), the others are left blank. */
body [class*="t-icon--t-icon-"]::before { content: ""; font-family: "DejaVu Sans", sans-serif !important; }
${ICONS}
.wx-chrome-nav { position: sticky; top: 0; z-index: 100; height: ${NAV_BAR_PX}px; display: flex; align-items: center;
  justify-content: center; font-size: 34px; font-weight: 600; box-sizing: border-box; }
.wx-chrome-capsule { position: absolute; right: 14px; top: 12px; width: 174px; height: 64px; border-radius: 32px;
  border: 1px solid rgba(0, 0, 0, 0.12); background: rgba(255, 255, 255, 0.6); box-sizing: border-box; display: flex;
  align-items: center; justify-content: space-around; font-size: 30px; font-weight: 700; }
.wx-chrome-back { position: absolute; left: 24px; top: 8px; font-size: 56px; font-weight: 300; }
.wx-chrome-tabs { position: fixed; left: 0; right: 0; bottom: 0; z-index: 100; height: ${TAB_BAR_PX}px; display: flex;
  font-size: 26px; border-top: 1px solid rgba(0, 0, 0, 0.2); }
.wx-chrome-tab { flex: 1; display: flex; flex-direction: column; align-items: center; justify-content: center;
  gap: 2px; font-size: 20px; }
.wx-chrome-tab-icon { width: 48px; height: 48px; }
`;

/** A soft placeholder colour per image address: remote and cloud:// images cannot load offline. */
function placeholder(src: string): string {
  let hash = 0;
  for (const char of src) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  const hue = hash % 360;
  return `linear-gradient(135deg, hsl(${hue} 45% 88%), hsl(${(hue + 40) % 360} 40% 76%))`;
}

function copyVirtualAttributes(node: any): void {
  if (!node) return;
  const element = node.$$ as any;
  const attrs = (node._vt?.attrs ?? []) as Array<{ name: string; value: unknown }>;
  if (element && attrs.length > 0) {
    const value = (name: string) => attrs.find((attr) => attr.name === name)?.value;
    const tag = String(element.tagName ?? '').toLowerCase();
    if (tag === 'wx-image' && value('src')) {
      const src = String(value('src'));
      element.style.backgroundImage = /^(data|file):/.test(src) ? `url("${src}")` : placeholder(src);
      if (value('mode') === 'aspectFit') element.style.backgroundSize = 'contain';
    }
    if (tag === 'wx-input' || tag === 'wx-textarea') {
      const text = String(value('value') ?? '');
      element.textContent = text || String(value('placeholder') ?? '');
      if (!text) element.setAttribute('data-empty', '');
    }
    if ((tag === 'wx-radio' || tag === 'wx-checkbox' || tag === 'wx-switch') && value('checked'))
      element.setAttribute('data-checked', '');
    // The chart component's canvas: simulate draws nothing, so its drawing comes as an SVG picture.
    if (tag === 'wx-canvas' && value('data-spec')) {
      element.style.backgroundImage = `url("${chartSvgUrl(value('data-spec') as never, Number(value('data-selected') ?? -1))}")`;
      element.style.backgroundSize = '100% 100%';
    }
    if (tag === 'wx-button') {
      for (const name of ['size', 'type'])
        if (typeof value(name) === 'string') element.setAttribute(`data-${name}`, String(value(name)));
    }
  }
  const hostClass = !element && node.shadowRoot ? classOf(node) : '';
  if (hostClass.trim() !== '') forwardHostClass(node.shadowRoot, hostClass);
  for (const child of node.childNodes ?? []) copyVirtualAttributes(child);
  if (node.shadowRoot) copyVirtualAttributes(node.shadowRoot);
}

/** A node's (prefixed) class names; exparser's getter throws on nodes without a class list. */
function classOf(node: any): string {
  try {
    return typeof node.class === 'string' ? node.class : '';
  } catch {
    return '';
  }
}

/**
 * A virtual-host component (TDesign's) has no element of its own: WeChat puts the classes the
 * page gave it on the inner elements whose class list names the external class `class`.
 * simulate drops them, so `<t-button class="buy-button">` would lose the page's styles.
 */
function forwardHostClass(node: any, hostClass: string): void {
  for (const child of node.childNodes ?? []) {
    const attrs = (child._vt?.attrs ?? []) as Array<{ name: string; value: unknown }>;
    const own = attrs.find((attr) => attr.name === 'class')?.value;
    if (child.$$ && typeof own === 'string' && own.split(/\s+/).includes('class')) {
      for (const name of hostClass.split(/\s+/).filter(Boolean)) child.$$.classList.add(name);
    }
    forwardHostClass(child, hostClass);
  }
}

interface AppJson {
  window?: { navigationBarTitleText?: string; navigationBarBackgroundColor?: string; navigationBarTextStyle?: string };
  tabBar?: {
    color: string;
    selectedColor: string;
    backgroundColor: string;
    list: Array<{ pagePath: string; text: string; iconPath?: string; selectedIconPath?: string }>;
  };
}

function readJson<T>(file: string): T {
  return (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {}) as T;
}

/** A tab's icon file (relative to the mini-program root) as an <img>, inline so the page stands alone. */
function tabIcon(file: string | undefined): string {
  if (!file || !existsSync(join(MP_ROOT, file))) return '';
  const data = readFileSync(join(MP_ROOT, file)).toString('base64');
  return `<img class="wx-chrome-tab-icon" src="data:image/png;base64,${data}">`;
}

/** The navigation bar and, on a tab page, the tab bar, as WeChat draws them. */
function chrome(pagePath: string): { nav: string; tabs: string } {
  const app = readJson<AppJson>(join(MP_ROOT, 'app.json'));
  const own = readJson<AppJson['window']>(join(MP_ROOT, `${pagePath}.json`)) ?? {};
  const window = { ...app.window, ...own };
  const tab = app.tabBar?.list.find((item) => item.pagePath === pagePath);
  const color = window.navigationBarTextStyle === 'white' ? '#ffffff' : '#000000';
  const nav =
    `<div class="wx-chrome-nav" style="background:${window.navigationBarBackgroundColor ?? '#ffffff'};color:${color}">` +
    `${tab ? '' : '<span class="wx-chrome-back">‹</span>'}${window.navigationBarTitleText ?? ''}` +
    '<span class="wx-chrome-capsule"><span>···</span><span>◎</span></span></div>';
  if (!tab || !app.tabBar) return { nav, tabs: '' };
  const bar = app.tabBar;
  const items = bar.list
    .map(
      (item) =>
        `<div class="wx-chrome-tab" style="color:${item === tab ? bar.selectedColor : bar.color}">` +
        `${tabIcon(item === tab ? item.selectedIconPath : item.iconPath)}<span>${item.text}</span></div>`,
    )
    .join('');
  return { nav, tabs: `<div class="wx-chrome-tabs" style="background:${bar.backgroundColor}">${items}</div>` };
}

/**
 * Forgets the styles of pages rendered before. simulate inserts, at each render, one <style>
 * with everything the page needs (its wxss and every component's it uses), and never removes
 * those of earlier pages, which share the `page--` class prefix: without this, a page would be
 * drawn with another page's rules for the same class name. Call it before rendering a page.
 */
export function clearInjectedStyles(): void {
  const doc = (globalThis as any).document;
  for (const style of Array.from(doc.head.querySelectorAll('style') as ArrayLike<{ remove(): void }>)) style.remove();
}

/** The page at `pagePath` (as in app.json) as an HTML document (clearInjectedStyles first). */
export function pageHtml(page: Rendered, pagePath: string): string {
  copyVirtualAttributes((page as any)._exparserNode);
  const doc = (globalThis as any).document;
  const injected = Array.from(doc.head.querySelectorAll('style') as ArrayLike<{ textContent: string }>)
    .map((style) => style.textContent)
    .join('\n');
  const app = transformRpx(wxss.compile(wxss.getContent(join(MP_ROOT, 'app.wxss')), { prefix: 'page', less: false }));
  const { nav, tabs } = chrome(pagePath);
  // A tab page's content ends above the tab bar, as WeChat lays it out.
  const bodyStyle = tabs ? ` style="padding-bottom:${TAB_BAR_PX}px"` : '';
  const body = page.dom?.outerHTML ?? '';
  return `<!doctype html><html><head><meta charset="utf-8"><style>${BASE_CSS}\n${app}\n${injected}</style></head><body${bodyStyle}>${nav}${body}${tabs}</body></html>`;
}

export const SCREENSHOT_DIR = join(__dirname, '..', '..', '..', '.test-output', 'miniprogram');

/** Where the gallery's screenshots are committed (shown in the README). */
export const DOCS_DIR = join(__dirname, '..', '..', '..', 'docs', 'screenshots');
