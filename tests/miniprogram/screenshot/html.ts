/**
 * A rendered page as a standalone HTML file for Chromium: simulate's DOM, the styles simulate
 * injected (page and component wxss, class-prefixed, rpx as px), app.wxss with the TDesign
 * theme, and base styles for the wx-* elements. Attributes that j-component keeps only in its
 * virtual tree (image src, input value) are copied onto the DOM first. Layout width is 750 px:
 * simulate maps N rpx to N px, so this is a 375 pt phone at 2x.
 */

import { join } from 'node:path';
import { MP_ROOT, type Rendered } from '../helpers';

/* eslint-disable @typescript-eslint/no-explicit-any */
const wxss = require('miniprogram-simulate/src/wxss') as { getContent(file: string): string; compile(content: string, options: object): string };
const { transformRpx } = require('miniprogram-simulate/src/utils') as { transformRpx(css: string): string };

const BASE_CSS = `
body { margin: 0; width: 750px; background: #f5f5f5; font-size: 28px; color: #1f1f1f;
  font-family: "PingFang SC", "WenQuanYi Micro Hei", "Noto Sans CJK SC", sans-serif; }
wx-view, wx-scroll-view, wx-swiper, wx-navigator, wx-form, wx-radio-group, wx-picker, wx-label,
wx-page-state, page-wrapper, wx-canvas { display: block; }
wx-text { display: inline; white-space: pre-wrap; }
wx-image { display: inline-block; width: 640px; height: 480px; background: #e7e7e7 center / cover no-repeat; }
wx-input, wx-textarea { display: block; min-height: 1.4em; }
wx-input[data-empty], wx-textarea[data-empty] { color: #aaa; }
wx-button { display: block; padding: 0 28px; line-height: 2.5; border-radius: 10px; background: #f8f8f8; text-align: center; }
wx-radio::before { content: "○ "; color: #0052d9; }
wx-radio[data-checked]::before { content: "● "; }
wx-switch { display: inline-block; width: 88px; height: 48px; border-radius: 24px; background: #ddd; }
wx-switch[data-checked] { background: #0052d9; }
`;

function copyVirtualAttributes(node: any): void {
  if (!node) return;
  const element = node.$$ as any;
  const attrs = (node._vt?.attrs ?? []) as Array<{ name: string; value: unknown }>;
  if (element && attrs.length > 0) {
    const value = (name: string) => attrs.find((attr) => attr.name === name)?.value;
    const tag = String(element.tagName ?? '').toLowerCase();
    if (tag === 'wx-image' && value('src')) element.style.backgroundImage = `url("${String(value('src'))}")`;
    if (tag === 'wx-input' || tag === 'wx-textarea') {
      const text = String(value('value') ?? '');
      element.textContent = text || String(value('placeholder') ?? '');
      if (!text) element.setAttribute('data-empty', '');
    }
    if ((tag === 'wx-radio' || tag === 'wx-switch') && value('checked')) element.setAttribute('data-checked', '');
  }
  for (const child of node.childNodes ?? []) copyVirtualAttributes(child);
  if (node.shadowRoot) copyVirtualAttributes(node.shadowRoot);
}

/** The page as an HTML document. */
export function pageHtml(page: Rendered): string {
  copyVirtualAttributes((page as any)._exparserNode);
  const doc = (globalThis as any).document;
  const injected = Array.from(doc.head.querySelectorAll('style') as ArrayLike<{ textContent: string }>)
    .map((style) => style.textContent)
    .join('\n');
  const app = transformRpx(wxss.compile(wxss.getContent(join(MP_ROOT, 'app.wxss')), { prefix: 'page', less: false }));
  const body = page.dom?.outerHTML ?? '';
  return `<!doctype html><html><head><meta charset="utf-8"><style>${BASE_CSS}\n${app}\n${injected}</style></head><body>${body}</body></html>`;
}

export const SCREENSHOT_DIR = join(__dirname, '..', '..', '..', '.test-output', 'miniprogram');

