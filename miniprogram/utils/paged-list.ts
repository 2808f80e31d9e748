/**
 * Paged lists, the same on every list page (admin lists, distributor ledger lists, 我的订单, 搜索):
 * the first page with the page's status (loading / ready / empty / error, rendered by
 * components/page-state), more rows appended as the list scrolls to its end, a failure of a
 * later page shown at the list's end (上滑重试) and retried by the next scroll.
 *
 * A page keeps the visible state in its data (`listData()`: status, message, rows, hasMore,
 * loadingMore, moreError) and calls these functions with a ListSource, which fetches one page
 * by a cursor: an offset (`offsetSource`, routes answering `{ items, nextOffset }`) or a page
 * number (`pageSource`, routes answering `{ page, hasMore }`). The cursor of the next page and
 * the load in flight are kept beside the page instance, not in its data, since nothing renders
 * them.
 */
import type { FailureBody, Result } from '@shared/result';
import type { PageStatus } from './page-state';

/** One page of rows and the cursor of the next one (null on the last page). */
export interface ListPage<Row> {
  rows: Row[];
  next: number | null;
  /** Data shown beside the list that comes with the first page (the team's sizes on 我的团队). */
  summary?: Record<string, unknown>;
}

export interface ListSource<Row> {
  /** The cursor of the first page: offset 0, or page 1. */
  first: number;
  fetch(cursor: number): Promise<Result<ListPage<Row>>>;
  /** What the page says of a failure; the function's message unless given. */
  messageOf?(error: FailureBody): string;
  /**
   * A row's identity, for lists paged by page number: a row added meanwhile at the top shifts
   * the pages by one, and the next page then repeats a row already listed, which is skipped.
   */
  keyOf?(row: Row): string;
}

/** The list's part of a page's data. */
export interface ListData<Row> {
  status: PageStatus;
  message: string;
  rows: Row[];
  hasMore: boolean;
  loadingMore: boolean;
  moreError: string;
}

/** The part of a Page instance the functions use. */
export interface ListHost<Row> {
  data: { rows: Row[]; loadingMore: boolean };
  setData(values: Record<string, unknown>): void;
}

/** The list's initial data, spread into the page's `data`. */
export function listData<Row>(): ListData<Row> {
  return { status: 'loading', message: '', rows: [], hasMore: false, loadingMore: false, moreError: '' };
}

/** A route paged by offset, answering `{ items, nextOffset }`; each item becomes a row. */
export function offsetSource<Item, Row>(
  fetch: (offset: number) => Promise<Result<{ items: Item[]; nextOffset: number | null }>>,
  rowOf: (item: Item) => Row,
  options: Pick<ListSource<Row>, 'messageOf' | 'keyOf'> = {},
): ListSource<Row> {
  return {
    ...options,
    first: 0,
    fetch: async (offset) => {
      const result = await fetch(offset);
      return result.ok
        ? { ok: true, data: { rows: result.data.items.map(rowOf), next: result.data.nextOffset } }
        : result;
    },
  };
}

/** A route paged by page number from 1, answering `{ page, hasMore }`; `rowsOf` takes the rows out. */
export function pageSource<Answer extends { page: number; hasMore: boolean }, Row>(
  fetch: (page: number) => Promise<Result<Answer>>,
  rowsOf: (answer: Answer) => Row[],
  options: Pick<ListSource<Row>, 'messageOf' | 'keyOf'> & { summaryOf?(answer: Answer): Record<string, unknown> } = {},
): ListSource<Row> {
  const { summaryOf, ...rest } = options;
  return {
    ...rest,
    first: 1,
    fetch: async (page) => {
      const result = await fetch(page);
      if (!result.ok) return result;
      const answer = result.data;
      const next = answer.hasMore ? answer.page + 1 : null;
      return { ok: true, data: { rows: rowsOf(answer), next, ...(summaryOf ? { summary: summaryOf(answer) } : {}) } };
    },
  };
}

/** What is kept beside each page instance. */
interface ListState {
  /** Increases with every reload; an answer of an earlier one is dropped. */
  generation: number;
  /** The next page's cursor; null on the last page or before the first page arrived. */
  next: number | null;
  /** A first page arrived since the list was last cleared. */
  loaded: boolean;
  /** A first page is on its way: no next page is asked for meanwhile. */
  reloading: boolean;
}

const states = new WeakMap<object, ListState>();

function stateOf(host: object): ListState {
  let state = states.get(host);
  if (!state) {
    state = { generation: 0, next: null, loaded: false, reloading: false };
    states.set(host, state);
  }
  return state;
}

function messageOf<Row>(source: ListSource<Row>, error: FailureBody): string {
  return source.messageOf ? source.messageOf(error) : error.message;
}

/**
 * Loads the list from scratch: the rows are cleared and the spinner shows until the first page
 * arrives. For the first load and for a new filter or tab, whose old rows must not stay on screen.
 */
export function reloadList<Row>(host: ListHost<Row>, source: ListSource<Row>): Promise<void> {
  const state = stateOf(host);
  state.loaded = false;
  state.next = null;
  host.setData({ status: 'loading', rows: [], hasMore: false, loadingMore: false, moreError: '' });
  return loadFirstPage(host, source, state);
}

/**
 * Loads the first page again while the rows stay on screen (pull-down, coming back to the page);
 * the spinner shows only when no page was loaded yet.
 */
export function refreshList<Row>(host: ListHost<Row>, source: ListSource<Row>): Promise<void> {
  const state = stateOf(host);
  if (!state.loaded) host.setData({ status: 'loading' });
  return loadFirstPage(host, source, state);
}

/**
 * A reload started later wins: the answer of an earlier one (a tab tapped twice quickly) is
 * dropped, so the list never shows one filter's rows under another filter's tab.
 */
async function loadFirstPage<Row>(host: ListHost<Row>, source: ListSource<Row>, state: ListState): Promise<void> {
  const generation = ++state.generation;
  state.reloading = true;
  const result = await source.fetch(source.first);
  if (state.generation !== generation) return;
  state.reloading = false;
  if (!result.ok) {
    host.setData({ status: 'error', message: messageOf(source, result.error), loadingMore: false });
    return;
  }
  const { rows, next, summary } = result.data;
  state.loaded = true;
  state.next = next;
  host.setData({
    ...summary,
    status: rows.length === 0 ? 'empty' : 'ready',
    rows,
    hasMore: next !== null,
    loadingMore: false,
    moreError: '',
  });
}

/** Empties the list and drops any answer on its way (a search cleared). */
export function clearList<Row>(host: ListHost<Row>): void {
  const state = stateOf(host);
  state.generation += 1;
  state.reloading = false;
  state.loaded = false;
  state.next = null;
  host.setData({ rows: [], hasMore: false, loadingMore: false, moreError: '' });
}

/** Appends the next page when there is one; a failure is shown at the list's end (上滑重试). */
export async function loadNextPage<Row>(host: ListHost<Row>, source: ListSource<Row>): Promise<void> {
  const state = stateOf(host);
  const cursor = state.next;
  if (cursor === null || state.reloading || host.data.loadingMore) return;
  const generation = state.generation;
  host.setData({ loadingMore: true, moreError: '' });
  const result = await source.fetch(cursor);
  if (state.generation !== generation) return;
  if (!result.ok) {
    host.setData({ loadingMore: false, moreError: messageOf(source, result.error) });
    return;
  }
  const { keyOf } = source;
  const known = keyOf ? new Set(host.data.rows.map(keyOf)) : undefined;
  const rows = known && keyOf ? result.data.rows.filter((row) => !known.has(keyOf(row))) : result.data.rows;
  state.next = result.data.next;
  host.setData({ loadingMore: false, rows: [...host.data.rows, ...rows], hasMore: state.next !== null });
}
