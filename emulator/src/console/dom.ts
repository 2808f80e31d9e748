/// <reference lib="dom" />
/**
 * Small DOM and API helpers shared by the console's views (browser code). Views build plain
 * elements from control-plane JSON; an action re-renders the current view when it is done.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- admin API responses, read field by field
export type Json = Record<string, any>;
export type Cell = string | Node;

const API = '/_emulator';

let rerender: () => Promise<void> = async () => undefined;

/** Sets what a finished action calls to redraw the console (client.ts's render). */
export function setRerender(render: () => Promise<void>): void {
  rerender = render;
}

export function refresh(): Promise<void> {
  return rerender();
}

export async function call(method: string, path: string, body?: unknown): Promise<Json> {
  const response = await fetch(`${API}${path}`, {
    method,
    headers: body === undefined ? undefined : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = (await response.json()) as Json;
  if (!response.ok) throw new Error(data.error?.message ?? `${response.status}`);
  return data;
}

/** A control-plane path with each segment encoded (collection names, ids, cloud paths). */
export function apiPath(...segments: string[]): string {
  return segments.map((segment) => `/${segment.split('/').map(encodeURIComponent).join('/')}`).join('');
}

export const apiUrl = (path: string): string => `${API}${path}`;

export function el(tag: string, props: Json = {}, ...children: Cell[]): HTMLElement {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === false) continue;
    if (key === 'onclick') node.addEventListener('click', value as EventListener);
    else if (key === 'oninput') node.addEventListener('input', value as EventListener);
    else if (key === 'onchange') node.addEventListener('change', value as EventListener);
    else if (key === 'onkeydown') node.addEventListener('keydown', value as EventListener);
    else if (key === 'className') node.className = String(value);
    else if (key === 'value') (node as HTMLInputElement).value = String(value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children) node.append(child);
  return node;
}

export const pre = (value: unknown, className = ''): HTMLElement =>
  el('pre', { className }, typeof value === 'string' ? value : JSON.stringify(value, null, 1));

export const when = (value: unknown): string =>
  value ? new Date(value as string | number).toLocaleString('zh-CN', { hour12: false }) : '';

export const muted = (text: string): HTMLElement => el('span', { className: 'muted' }, text);

export function table(headers: string[], rows: Cell[][], empty = '暂无数据 (nothing yet)'): HTMLElement {
  if (rows.length === 0) return el('p', { className: 'muted' }, empty);
  return el(
    'table',
    {},
    el('thead', {}, el('tr', {}, ...headers.map((header) => el('th', {}, header)))),
    el('tbody', {}, ...rows.map((row) => el('tr', {}, ...row.map((cell) => el('td', {}, cell))))),
  );
}

/** Shows a message in the header until the next one (errors in red). */
export function notify(message: string, bad = false): void {
  const notice = document.getElementById('notice');
  if (!notice) return;
  notice.textContent = message;
  notice.className = bad ? 'notice bad' : 'notice ok';
}

/** A button that runs `action`, reports a failure in the header, and redraws the view. */
export function button(label: string, action: () => Promise<unknown> | unknown, danger = false): HTMLElement {
  return el(
    'button',
    {
      className: danger ? 'action danger' : 'action',
      'data-action': label,
      onclick: async () => {
        try {
          await action();
        } catch (error) {
          notify((error as Error).message, true);
        }
        await rerender();
      },
    },
    label,
  );
}

export const section = (title: Cell, ...children: Cell[]): HTMLElement =>
  el('section', {}, el('h2', {}, title), ...children);

/** "prev 21–40 of 75 next" for a list read `limit` at a time from `offset`. */
export function pager(offset: number, limit: number, total: number, go: (offset: number) => void): HTMLElement {
  const range = total === 0 ? '0' : `${offset + 1}–${Math.min(offset + limit, total)}`;
  return el(
    'div',
    { className: 'row pager' },
    ...(offset > 0 ? [button('prev', () => go(Math.max(0, offset - limit)))] : []),
    el('span', { className: 'muted', 'data-range': range }, `${range} of ${total}`),
    ...(offset + limit < total ? [button('next', () => go(offset + limit))] : []),
  );
}

/** A labelled field; the label text stays short so rows of fields do not wrap. */
export const field = (label: string, input: HTMLElement): HTMLElement =>
  el('label', { className: 'field' }, el('span', { className: 'muted' }, label), input);
