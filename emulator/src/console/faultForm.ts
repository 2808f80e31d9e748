/// <reference lib="dom" />
/**
 * The console's fault form: the fault kinds the emulator lists (`GET /_emulator/faults/kinds`),
 * what each does to a wire request or an invocation, the fields the chosen kind takes, and the
 * rules in force with how often they matched and fired.
 */
import { button, call, el, field, muted, notify, refresh, section, table, type Json } from './dom';

/** The wire actions functions send, offered as suggestions (any action may be typed). */
const WIRE_ACTIONS = [
  'database.getDocument',
  'database.insertDocument',
  'database.modifyDocument',
  'database.removeDocument',
  'database.calculateDocument',
  'database.aggregateDocuments',
  'database.startTransaction',
  'database.commitTransaction',
  'database.abortTransaction',
  'functions.invokeFunction',
  'wx.wxPayApi',
  'wx.openApi',
  'storage.getUploadMetadata',
  'storage.batchGetDownloadUrl',
  'storage.batchDeleteFile',
];

const form: Record<string, string> = {
  kind: 'loseResponse',
  action: 'database.modifyDocument',
  function: '',
  nth: '1',
  times: '1',
  delayMs: '',
  code: '',
  message: '',
};
let formError = '';

function rule(fields: readonly string[]): Json {
  const out: Json = { kind: form.kind };
  if (form.action) out.action = form.action;
  if (form.function) out.function = form.function;
  for (const name of fields) {
    const value = form[name] ?? '';
    if (value === '') continue;
    out[name] = ['nth', 'times', 'delayMs'].includes(name) ? Number(value) : value;
  }
  return out;
}

function input(name: string, props: Json = {}): HTMLElement {
  return el('input', {
    'data-field': name,
    value: form[name],
    oninput: (event: Event) => (form[name] = (event.target as HTMLInputElement).value),
    ...props,
  });
}

function select(name: string, options: Array<[value: string, label: string]>, redraw: boolean): HTMLElement {
  return el(
    'select',
    {
      'data-field': name,
      onchange: (event: Event) => {
        form[name] = (event.target as HTMLSelectElement).value;
        (event.target as HTMLElement).blur();
        if (redraw) void refresh();
      },
    },
    ...options.map(([value, label]) => el('option', { value, selected: value === form[name] }, label)),
  );
}

function faultForm(kinds: Json[], functions: string[]): HTMLElement {
  const kind = kinds.find((entry) => entry.kind === form.kind) ?? kinds[0];
  const fields = (kind?.fields ?? []) as string[];
  const add = async (): Promise<void> => {
    try {
      const added = await call('POST', '/faults', rule(fields));
      formError = '';
      notify(`added ${added.id as string}`);
    } catch (error) {
      formError = (error as Error).message;
      notify('');
    }
  };
  const extra: Record<string, HTMLElement> = {
    nth: field('nth', input('nth', { type: 'number', min: 1, style: 'width: 64px' })),
    times: field('times (0 = all)', input('times', { type: 'number', min: 0, style: 'width: 64px' })),
    delayMs: field('delayMs', input('delayMs', { type: 'number', min: 0, style: 'width: 90px' })),
    code: field('code', input('code', { placeholder: 'SYS_ERR', size: 14 })),
    message: field('message', input('message', { placeholder: 'error message', size: 24 })),
  };
  return el(
    'div',
    { className: 'fault-form' },
    el(
      'div',
      { className: 'row' },
      field(
        'kind',
        select(
          'kind',
          kinds.map((entry) => [entry.kind, entry.kind]),
          true,
        ),
      ),
      field('action', input('action', { list: 'wire-actions', size: 28, placeholder: 'none: the function itself' })),
      field(
        'function',
        select('function', [['', 'any'], ...functions.map((name): [string, string] => [name, name])], false),
      ),
    ),
    el('div', { className: 'row' }, ...fields.map((name) => extra[name] ?? ''), button('add fault', add)),
    el('datalist', { id: 'wire-actions' }, ...WIRE_ACTIONS.map((action) => el('option', { value: action }))),
    kind
      ? el(
          'p',
          { className: 'muted small', 'data-kind-help': kind.kind },
          `with an action: ${kind.onRequest as string}. With only a function: ${kind.onInvocation as string}.`,
        )
      : '',
    formError ? el('p', { className: 'bad', 'data-error': 'fault' }, formError) : '',
  );
}

export async function faultsView(): Promise<HTMLElement[]> {
  const [{ faults }, { kinds }, health] = await Promise.all([
    call('GET', '/faults'),
    call('GET', '/faults/kinds'),
    call('GET', '/health'),
  ]);
  const rows = (faults as Json[]).map((r) => [
    el('span', { 'data-rule': r.id }, r.kind),
    r.action ?? muted('(invocation)'),
    r.function ?? muted('any'),
    `${r.nth} / ${r.times === 0 ? 'all' : r.times}`,
    [r.delayMs === undefined ? '' : `${r.delayMs} ms`, r.code ?? ''].filter(Boolean).join(' '),
    `${r.fired}/${r.seen}`,
    button('remove', () => call('DELETE', `/faults/${encodeURIComponent(r.id as string)}`), true),
  ]);
  return [
    section('Add a fault 注入故障', faultForm(kinds as Json[], health.functions as string[])),
    section(
      'Fault rules 故障规则',
      table(
        ['kind', 'action', 'function', 'nth / times', 'delay / code', 'fired/seen', ''],
        rows,
        '没有规则 (no rules)',
      ),
      ...(rows.length
        ? [
            el(
              'div',
              { className: 'row' },
              button('remove all', () => call('DELETE', '/faults'), true),
            ),
          ]
        : []),
    ),
  ];
}
