/// <reference lib="dom" />
/**
 * The console's database view: collections on the left; on the right the selected collection's
 * documents, filtered by a MongoDB-style query the emulator's own engine evaluates, a page at a
 * time, each one editable as relaxed EJSON (dates as `{"$date": ...}`), plus add and delete.
 */
import { apiPath, button, call, el, field, muted, notify, pager, pre, refresh, section, type Json } from './dom';

const PAGE = 20;
const NEW = '\u0000new';

const state = {
  collection: '',
  filterText: '',
  sortText: '',
  filter: {} as Json,
  sort: undefined as Json | undefined,
  offset: 0,
  /** The `_id` whose editor is open, NEW for a new document, undefined when none. */
  editing: undefined as string | undefined,
  draft: '',
  editError: '',
  queryError: '',
  confirmDelete: '',
};

/** An open editor holds unsaved text: the periodic refresh must not redraw it away. */
export const isEditingDocument = (): boolean => state.editing !== undefined;

function select(name: string): void {
  Object.assign(state, { collection: name, filterText: '', sortText: '', filter: {}, sort: undefined, offset: 0 });
  Object.assign(state, { editing: undefined, queryError: '', confirmDelete: '' });
}

function parseObject(text: string, what: string): Json | undefined {
  if (!text.trim()) return undefined;
  const value = JSON.parse(text) as unknown;
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error(`${what} must be a JSON object`);
  return value as Json;
}

function applyQuery(): void {
  try {
    state.filter = parseObject(state.filterText, 'the filter') ?? {};
    state.sort = parseObject(state.sortText, 'the sort');
    state.queryError = '';
  } catch (error) {
    state.queryError = (error as Error).message;
  }
  state.offset = 0;
}

function collectionList(collections: Json[]): HTMLElement {
  return el(
    'ul',
    { className: 'list' },
    ...collections.map((c) =>
      el(
        'li',
        { className: c.name === state.collection ? 'selected' : '' },
        el(
          'a',
          {
            href: '#',
            'data-collection': c.name,
            onclick: (event: Event) => {
              event.preventDefault();
              select(c.name as string);
              void refresh();
            },
          },
          c.name,
        ),
        muted(String(c.count)),
      ),
    ),
  );
}

function queryBar(): HTMLElement {
  const onEnter = (event: KeyboardEvent): void => {
    if (event.key !== 'Enter') return;
    applyQuery();
    void refresh();
  };
  const input = (name: 'filterText' | 'sortText', placeholder: string, size: number): HTMLElement =>
    el('input', {
      'data-field': name === 'filterText' ? 'filter' : 'sort',
      placeholder,
      size,
      value: state[name],
      spellcheck: 'false',
      oninput: (event: Event) => (state[name] = (event.target as HTMLInputElement).value),
      onkeydown: onEnter,
    });
  return el(
    'div',
    { className: 'row' },
    field('filter', input('filterText', '{"status": "paid", "totalFen": {"$gte": 10000}}', 44)),
    field('sort', input('sortText', '{"createdAt": -1}', 18)),
    button('query', applyQuery),
    button('clear', () => select(state.collection)),
    button('new document', () => Object.assign(state, { editing: NEW, draft: '{\n  \n}', editError: '' })),
  );
}

function editor(id: string): HTMLElement {
  const lines = state.draft.split('\n').length;
  const save = async (): Promise<void> => {
    try {
      const document = JSON.parse(state.draft) as unknown;
      if (id === NEW) {
        const { insertedIds } = await call('POST', apiPath('collections', state.collection, 'documents'), {
          documents: [document],
        });
        notify(`added ${String(insertedIds[0])}`);
      } else {
        await call('PUT', apiPath('collections', state.collection, 'documents', id), { document });
        notify(`saved ${id}`);
      }
      state.editing = undefined;
    } catch (error) {
      state.editError = (error as Error).message;
    }
  };
  return el(
    'div',
    { className: 'editor' },
    el('textarea', {
      'data-field': 'editor',
      rows: Math.min(24, Math.max(4, lines + 1)),
      spellcheck: 'false',
      value: state.draft,
      oninput: (event: Event) => (state.draft = (event.target as HTMLTextAreaElement).value),
    }),
    el(
      'div',
      { className: 'row' },
      button('save', save),
      button('cancel', () => (state.editing = undefined)),
      state.editError ? el('span', { className: 'bad', 'data-error': 'editor' }, state.editError) : '',
    ),
  );
}

function documentRow(doc: Json): HTMLElement {
  const id = String(doc._id);
  const editing = state.editing === id;
  const actions = editing
    ? []
    : [
        button('edit', () =>
          Object.assign(state, { editing: id, draft: JSON.stringify(doc, null, 2), editError: '', confirmDelete: '' }),
        ),
        state.confirmDelete === id
          ? button(
              'confirm delete',
              async () => {
                await call('DELETE', apiPath('collections', state.collection, 'documents', id));
                notify(`deleted ${id}`);
              },
              true,
            )
          : button('delete', () => (state.confirmDelete = id), true),
      ];
  return el(
    'tr',
    { 'data-id': id },
    el('td', { className: 'id' }, id),
    el('td', {}, editing ? editor(id) : pre(doc)),
    el('td', { className: 'actions' }, ...actions),
  );
}

async function documentsPane(collection: Json | undefined): Promise<HTMLElement> {
  if (!collection) return section('Documents 文档', muted('选择左侧的集合 (pick a collection)'));
  let page: Json = { total: 0, documents: [] };
  if (!state.queryError) {
    try {
      const body = { filter: state.filter, sort: state.sort, offset: state.offset, limit: PAGE };
      page = await call('POST', apiPath('collections', state.collection, 'query'), body);
    } catch (error) {
      state.queryError = (error as Error).message;
    }
  }
  const indexes = (collection.indexes as Json[]).map((index) => `${index.name}${index.unique ? ' (unique)' : ''}`);
  const filtered = Object.keys(state.filter).length > 0;
  const title = el(
    'span',
    {},
    `${state.collection} `,
    muted(filtered ? `${page.total} of ${collection.count} match` : `${collection.count} documents`),
  );
  const rows = (page.documents as Json[]).map(documentRow);
  return section(
    title,
    el('p', { className: 'muted small' }, `indexes: ${indexes.join(', ') || '_id'}`),
    queryBar(),
    state.queryError ? el('p', { className: 'bad', 'data-error': 'query' }, state.queryError) : '',
    state.editing === NEW ? editor(NEW) : '',
    rows.length
      ? el('table', { className: 'documents' }, el('tbody', {}, ...rows))
      : el('p', { className: 'muted' }, '没有文档 (no documents)'),
    page.total ? pager(state.offset, PAGE, page.total as number, (offset) => (state.offset = offset)) : '',
  );
}

export async function collectionsView(): Promise<HTMLElement[]> {
  const { collections } = await call('GET', '/collections');
  const list = collections as Json[];
  const first = list.find((c) => c.count > 0) ?? list[0];
  if (!state.collection && first) select(first.name as string);
  const selected = list.find((c) => c.name === state.collection);
  return [
    el('div', { className: 'split' }, section('Collections 集合', collectionList(list)), await documentsPane(selected)),
  ];
}
