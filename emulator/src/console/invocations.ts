/// <reference lib="dom" />
/**
 * The console's invocation log: calls (from users, tools and other functions) newest first, each
 * with its input, result, console output, duration and round trips, filtered by function, user
 * and status. Timer firings are counted per function in a section of their own, expandable, so
 * the thousands a week of virtual time fires never bury a user's own calls.
 */
import { button, call, el, field, muted, pager, pre, refresh, section, when, type Json } from './dom';

const PAGE = 30;
const FIRINGS_SHOWN = 20;

const state = {
  function: '',
  openid: '',
  status: '',
  offset: 0,
  /** Invocation ids whose details are open. */
  open: new Set<string>(),
  /** Timer functions whose recent firings are listed. */
  openGroups: new Set<string>(),
};

function query(params: Record<string, string | number>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== '') search.set(key, String(value));
  return `/stats/invocations?${search.toString()}`;
}

const statusCell = (status: string): HTMLElement =>
  el(
    'span',
    { className: status === 'ok' ? 'ok' : status === 'error' ? 'bad' : 'muted', 'data-status': status },
    status,
  );

function duration(inv: Json): string {
  if (inv.durationMs === null) return '';
  const queued = inv.queuedMs >= 1 ? ` (queued ${Math.round(inv.queuedMs)} ms)` : '';
  return `${Math.round(inv.durationMs)} ms${queued}`;
}

const roundTrips = (inv: Json): string =>
  inv.roundTrips.database === inv.roundTrips.total
    ? String(inv.roundTrips.total)
    : `${inv.roundTrips.total} (db ${inv.roundTrips.database})`;

/** JSON text of an input or result, indented when it parses (records keep at most a few KB). */
function jsonText(text: string | undefined): string {
  if (text === undefined) return '';
  try {
    return JSON.stringify(JSON.parse(text), null, 1);
  } catch {
    return `${text} …`;
  }
}

function logLines(logs: Json[]): HTMLElement {
  if (logs.length === 0) return muted('没有输出 (no console output)');
  return el(
    'div',
    { className: 'logs' },
    ...logs.map((line) =>
      el(
        'div',
        { className: `log ${line.level}` },
        el('span', { className: 'muted' }, `+${line.atMs}ms ${line.level}`),
        ' ',
        line.text,
      ),
    ),
  );
}

function details(inv: Json): HTMLElement {
  const block = (title: string, ...content: Array<string | Node>): HTMLElement =>
    el('div', { className: 'block' }, el('h3', {}, title), ...content);
  const outcome = inv.error
    ? block('Error 错误', pre(`${inv.error.code}\n${inv.error.message}`, 'bad'))
    : block('Result 结果', pre(jsonText(inv.result)));
  const scans = (inv.unindexedScans as Json[]).map(
    (scan) => `${scan.action} ${scan.collection} {${scan.fields.join(', ')}} read ${scan.scanned}`,
  );
  return el(
    'div',
    { className: 'details', 'data-details': inv.id },
    block('Input 输入', pre(jsonText(inv.input))),
    outcome,
    el(
      'div',
      { className: 'stack' },
      block('Console 日志', logLines(inv.logs as Json[])),
      block(
        'Round trips 请求',
        pre(
          [
            ...Object.entries(inv.roundTrips.byAction as Record<string, number>).map(([a, n]) => `${a} ×${n}`),
            `database time ${Math.round(inv.databaseMs)} ms`,
            ...(scans.length ? ['unindexed scans:', ...scans] : []),
          ].join('\n'),
        ),
      ),
    ),
  );
}

/** One invocation as a row, with its details in a second row when open. */
function invocationRows(inv: Json, columns: number): HTMLElement[] {
  const open = state.open.has(inv.id);
  const toggle = button(open ? 'hide' : 'details', () => (open ? state.open.delete(inv.id) : state.open.add(inv.id)));
  const row = el(
    'tr',
    { 'data-invocation': inv.id, 'data-function': inv.function },
    el('td', {}, when(inv.startedAt)),
    el('td', {}, inv.function),
    el('td', {}, inv.openid ?? muted(inv.source)),
    el('td', {}, statusCell(inv.status)),
    el('td', {}, duration(inv)),
    el('td', {}, roundTrips(inv)),
    el('td', { className: 'actions' }, toggle),
  );
  if (!open) return [row];
  return [row, el('tr', { className: 'detail-row' }, el('td', { colspan: columns }, details(inv)))];
}

function invocationTable(invocations: Json[], empty: string): HTMLElement {
  const headers = ['started', 'function', 'caller', 'status', 'duration', 'round trips', ''];
  if (invocations.length === 0) return el('p', { className: 'muted' }, empty);
  return el(
    'table',
    {},
    el('thead', {}, el('tr', {}, ...headers.map((header) => el('th', {}, header)))),
    el('tbody', {}, ...invocations.flatMap((inv) => invocationRows(inv, headers.length))),
  );
}

function filters(functions: string[]): HTMLElement {
  const choose = (key: 'function' | 'status', options: string[]): HTMLElement =>
    el(
      'select',
      {
        'data-field': key,
        onchange: (event: Event) => {
          state[key] = (event.target as HTMLSelectElement).value;
          state.offset = 0;
          (event.target as HTMLElement).blur();
          void refresh();
        },
      },
      ...['', ...options].map((option) =>
        el('option', { value: option, selected: option === state[key] }, option || 'all'),
      ),
    );
  const openid = el('input', {
    'data-field': 'openid',
    placeholder: 'openid',
    size: 18,
    value: state.openid,
    onchange: (event: Event) => {
      state.openid = (event.target as HTMLInputElement).value.trim();
      state.offset = 0;
      (event.target as HTMLElement).blur();
      void refresh();
    },
  });
  return el(
    'div',
    { className: 'row' },
    field('function', choose('function', functions)),
    field('user', openid),
    field('status', choose('status', ['ok', 'error', 'running'])),
  );
}

async function timerSection(groups: Json[]): Promise<HTMLElement> {
  const shown = groups.filter((group) => !state.function || group.function === state.function);
  const rows: HTMLElement[] = [];
  for (const group of shown.sort((a, b) => b.lastStartedAt - a.lastStartedAt)) {
    const open = state.openGroups.has(group.function);
    rows.push(
      el(
        'tr',
        { 'data-timer-group': group.function },
        el('td', {}, group.function),
        el('td', { 'data-count': group.count }, String(group.count)),
        el('td', {}, el('span', { className: group.failures ? 'bad' : 'muted' }, String(group.failures))),
        el('td', {}, `${Math.round(group.totalDurationMs / Math.max(1, group.count))} ms`),
        el('td', {}, when(group.lastStartedAt)),
        el(
          'td',
          { className: 'actions' },
          button(open ? 'collapse' : 'expand', () =>
            open ? state.openGroups.delete(group.function) : state.openGroups.add(group.function),
          ),
        ),
      ),
    );
    if (!open) continue;
    const recent = await call('GET', query({ origin: 'timers', function: group.function, limit: FIRINGS_SHOWN }));
    const list = invocationTable(recent.invocations as Json[], '记录已清除 (records dropped)');
    rows.push(el('tr', { className: 'detail-row' }, el('td', { colspan: 6 }, list)));
  }
  const headers = ['function', 'firings', 'failures', 'average', 'last', ''];
  return section(
    'Timer firings 定时触发 (by function)',
    rows.length
      ? el(
          'table',
          {},
          el('thead', {}, el('tr', {}, ...headers.map((header) => el('th', {}, header)))),
          el('tbody', {}, ...rows),
        )
      : el('p', { className: 'muted' }, '暂无数据 (nothing yet)'),
  );
}

export async function invocationsView(): Promise<HTMLElement[]> {
  const [health, page] = await Promise.all([
    call('GET', '/health'),
    call(
      'GET',
      query({
        origin: 'calls',
        function: state.function,
        openid: state.openid,
        status: state.status,
        offset: state.offset,
        limit: PAGE,
      }),
    ),
  ]);
  return [
    section(
      'Invocations 调用记录',
      filters(health.functions as string[]),
      invocationTable(page.invocations as Json[], '暂无调用 (no calls)'),
      pager(state.offset, PAGE, page.total as number, (offset) => (state.offset = offset)),
    ),
    await timerSection(page.timerGroups as Json[]),
  ];
}
