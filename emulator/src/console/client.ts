/// <reference lib="dom" />
/**
 * The emulator's web console (browser code, bundled by the build into dist/emulator/console.js).
 * Every view reads the control plane's JSON routes, so the console shows exactly what tests
 * and tools see; actions (pay, fire a timer, move the clock) call the same routes.
 */

import { formatFen } from '@shared/money';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- admin API responses, read field by field
type Json = Record<string, any>;
type Cell = string | Node;

const API = '/_emulator';

async function call(method: string, path: string, body?: unknown): Promise<Json> {
  const response = await fetch(`${API}${path}`, {
    method,
    headers: body === undefined ? undefined : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = (await response.json()) as Json;
  if (!response.ok) throw new Error(data.error?.message ?? `${response.status}`);
  return data;
}

function el(tag: string, props: Json = {}, ...children: Cell[]): HTMLElement {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === 'onclick') node.addEventListener('click', value as EventListener);
    else if (key === 'className') node.className = String(value);
    else node.setAttribute(key, String(value));
  }
  for (const child of children) node.append(child);
  return node;
}

const pre = (value: unknown): HTMLElement =>
  el('pre', {}, typeof value === 'string' ? value : JSON.stringify(value, null, 1));
const when = (value: unknown): string =>
  value ? new Date(value as string | number).toLocaleString('zh-CN', { hour12: false }) : '';
const fen = (value: unknown): string => (typeof value === 'number' ? formatFen(value) : '');

function table(headers: string[], rows: Cell[][], empty = '暂无数据 (nothing yet)'): HTMLElement {
  if (rows.length === 0) return el('p', { className: 'muted' }, empty);
  return el(
    'table',
    {},
    el('thead', {}, el('tr', {}, ...headers.map((header) => el('th', {}, header)))),
    el('tbody', {}, ...rows.map((row) => el('tr', {}, ...row.map((cell) => el('td', {}, cell))))),
  );
}

function button(label: string, action: () => Promise<unknown>, danger = false): HTMLElement {
  return el(
    'button',
    {
      className: danger ? 'action danger' : 'action',
      'data-action': label,
      onclick: async () => {
        try {
          await action();
        } catch (error) {
          alert((error as Error).message);
        }
        await render();
      },
    },
    label,
  );
}

const section = (title: string, ...children: Cell[]): HTMLElement =>
  el('section', {}, el('h2', {}, title), ...children);

let selectedCollection = '';

async function collectionsView(): Promise<HTMLElement[]> {
  const { collections } = await call('GET', '/collections');
  const list = table(
    ['collection', 'documents', 'indexes'],
    (collections as Json[]).map((c) => [
      el(
        'a',
        {
          href: '#',
          onclick: (event: Event) => {
            event.preventDefault();
            selectedCollection = c.name;
            void render();
          },
        },
        c.name,
      ),
      String(c.count),
      (c.indexes as Json[]).map((index) => `${index.name}${index.unique ? ' (unique)' : ''}`).join(', '),
    ]),
  );
  const views = [section('Collections 集合', list)];
  if (selectedCollection) {
    const { documents, total } = await call(
      'GET',
      `/collections/${encodeURIComponent(selectedCollection)}/documents?limit=100`,
    );
    views.push(
      section(
        `${selectedCollection} (${total})`,
        table(
          ['_id', 'document'],
          (documents as Json[]).map((doc) => [String(doc._id), pre(doc)]),
        ),
      ),
    );
  }
  return views;
}

async function invocationsView(): Promise<HTMLElement[]> {
  const { invocations } = await call('GET', '/stats');
  const rows = (invocations as Json[])
    .slice(-200)
    .reverse()
    .map((inv) => [
      when(inv.startedAt),
      inv.function,
      inv.openid ?? el('span', { className: 'muted' }, inv.source),
      el('span', { className: inv.status === 'ok' ? 'ok' : inv.status === 'error' ? 'bad' : 'muted' }, inv.status),
      inv.durationMs === null ? '' : `${Math.round(inv.durationMs)} ms`,
      String(inv.roundTrips.total),
      pre(inv.error ?? inv.result ?? ''),
    ]);
  return [
    section(
      'Invocations 调用记录',
      table(['started', 'function', 'caller', 'status', 'duration', 'round trips', 'result'], rows),
    ),
  ];
}

async function paymentsView(): Promise<HTMLElement[]> {
  const { payments } = await call('GET', '/payments');
  const rows = (payments as Json[]).map((payment) => [
    payment.outTradeNo,
    fen(payment.totalFee),
    el('span', { className: payment.state === 'SUCCESS' ? 'ok' : 'muted', 'data-state': payment.state }, payment.state),
    payment.functionName ?? '',
    String(payment.callback?.attempts?.length ?? 0),
    el(
      'span',
      {},
      ...(payment.state === 'NOTPAY'
        ? [
            button('pay', () => call('POST', `/payments/${encodeURIComponent(payment.outTradeNo)}/pay`)),
            button('fail', () => call('POST', `/payments/${encodeURIComponent(payment.outTradeNo)}/fail`), true),
          ]
        : []),
    ),
  ]);
  const payouts = await call('GET', '/payouts').catch(() => ({ payouts: [] }));
  const payoutRows = (payouts.payouts as Json[]).map((payout) => [
    payout.outBillNo,
    fen(payout.transferAmount),
    payout.state,
    el(
      'span',
      {},
      ...(payout.state === 'WAIT_USER_CONFIRM'
        ? [
            button('confirm', () => call('POST', `/payouts/${encodeURIComponent(payout.outBillNo)}/confirm`, {})),
            button('decline', () => call('POST', `/payouts/${encodeURIComponent(payout.outBillNo)}/decline`, {}), true),
          ]
        : []),
    ),
  ]);
  return [
    section('Payments 支付沙箱', table(['out_trade_no', 'amount', 'state', 'callback', 'deliveries', ''], rows)),
    section('Payouts 商家转账', table(['out_bill_no', 'amount', 'state', ''], payoutRows)),
  ];
}

async function clockView(): Promise<HTMLElement[]> {
  const [clock, timers] = await Promise.all([call('GET', '/clock'), call('GET', '/timers')]);
  const advance = (label: string, ms: number): HTMLElement =>
    button(label, () => call('POST', '/clock', { advanceMs: ms }));
  const controls = el(
    'div',
    { className: 'row' },
    `now ${when(clock.nowMs)}`,
    advance('+1 h', 3_600_000),
    advance('+1 d', 86_400_000),
    advance('+7 d', 7 * 86_400_000),
  );
  const timerRows = (timers.timers as Json[]).map((t) => [
    t.function,
    t.trigger,
    t.cron,
    when(t.nextAt),
    button('fire now', () => call('POST', `/timers/${encodeURIComponent(t.trigger)}`)),
  ]);
  const firingRows = (timers.firings as Json[])
    .slice(-100)
    .reverse()
    .map((f) => [when(f.dueAt), f.function, el('span', { className: f.ok ? 'ok' : 'bad' }, f.ok ? 'ok' : 'error')]);
  return [
    section('Clock 虚拟时钟', controls),
    section('Timers 定时触发器', table(['function', 'trigger', 'cron (UTC+8)', 'next', ''], timerRows)),
    section('Firings', table(['slot', 'function', 'status'], firingRows)),
  ];
}

async function messagesView(): Promise<HTMLElement[]> {
  const { messages } = await call('GET', '/messages').catch(() => ({ messages: [] }));
  const { files } = await call('GET', '/files').catch(() => ({ files: [] }));
  return [
    section(
      'Subscribe messages 订阅消息',
      table(
        ['sent', 'to', 'template', 'data'],
        (messages as Json[]).map((m) => [
          when(m.sentAt ?? m.at),
          m.touser,
          m.templateId ?? m.template_id ?? '',
          pre(m.data),
        ]),
      ),
    ),
    section(
      'Files 云存储',
      table(
        ['file', 'size'],
        (files as Json[]).map((file) => [file.fileID ?? file.cloudPath ?? file.path, String(file.size ?? '')]),
      ),
    ),
  ];
}

async function faultsView(): Promise<HTMLElement[]> {
  const { faults } = await call('GET', '/faults');
  const input = el('input', {
    size: '80',
    value: '{"action":"database.modifyDocument","kind":"loseResponse"}',
  }) as HTMLInputElement;
  const add = button('add fault', () => call('POST', '/faults', JSON.parse(input.value)));
  const rows = (faults as Json[]).map((rule) => [
    rule.kind,
    rule.action ?? '',
    rule.function ?? '',
    `${rule.fired}/${rule.seen}`,
    button('remove', () => call('DELETE', `/faults/${rule.id}`), true),
  ]);
  return [
    section(
      'Faults 故障注入',
      el('div', { className: 'row' }, input, add),
      table(['kind', 'action', 'function', 'fired/seen', ''], rows),
    ),
  ];
}

const VIEWS: Record<string, () => Promise<HTMLElement[]>> = {
  Collections: collectionsView,
  Invocations: invocationsView,
  Payments: paymentsView,
  'Clock & timers': clockView,
  'Messages & files': messagesView,
  Faults: faultsView,
};
let current = 'Collections';

async function render(): Promise<void> {
  const view = document.getElementById('view') as HTMLElement;
  try {
    const [health, clock] = await Promise.all([call('GET', '/health'), call('GET', '/clock')]);
    (document.getElementById('env') as HTMLElement).textContent = `env ${health.envName}`;
    (document.getElementById('clock') as HTMLElement).textContent = `virtual time ${when(clock.nowMs)}`;
    view.replaceChildren(...(await (VIEWS[current] as () => Promise<HTMLElement[]>)()));
  } catch (error) {
    view.replaceChildren(el('p', { className: 'bad' }, (error as Error).message));
  }
}

function renderTabs(): void {
  const tabs = document.getElementById('tabs') as HTMLElement;
  tabs.replaceChildren(
    ...Object.keys(VIEWS).map((name) =>
      el(
        'button',
        {
          className: name === current ? 'active' : '',
          'data-tab': name,
          onclick: () => {
            current = name;
            renderTabs();
            void render();
          },
        },
        name,
      ),
    ),
  );
}

renderTabs();
void render();
setInterval(() => {
  // Refresh unless the user is typing in a field.
  if (!(document.activeElement instanceof HTMLInputElement)) void render();
}, 2000);
