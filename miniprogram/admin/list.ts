/**
 * Paged lists of the admin pages (products, orders, after-sales, withdrawals): the admin routes
 * page with `limit` / `offset` and answer `{ items, nextOffset }` (null on the last page). A page
 * keeps `status`, `message`, `rows`, `nextOffset`, `loadingMore` and `moreError` in its data;
 * these helpers fill them, so every list loads, fails, empties and pages the same way.
 */
import type { Result } from '@shared/result';
import { adminFailureMessage } from './gate';

export const PAGE_SIZE = 20;

export interface Paged<T> {
  items: T[];
  nextOffset: number | null;
}

/** The part of a Page instance the helpers use. */
export interface ListHost<Row> {
  data: { rows: Row[]; nextOffset: number | null; loadingMore: boolean };
  setData(values: Record<string, unknown>): void;
}

/**
 * A reload started later wins: the answer of an earlier one (a filter tapped twice quickly) is
 * dropped, so the list never shows one filter's rows under another filter's tab.
 */
const generations = new WeakMap<object, number>();

function nextGeneration(host: object): number {
  const generation = (generations.get(host) ?? 0) + 1;
  generations.set(host, generation);
  return generation;
}

/** Loads the first page: status loading, then ready / empty / error. */
export async function reloadList<T, Row>(host: ListHost<Row>, fetch: (offset: number) => Promise<Result<Paged<T>>>, rowOf: (item: T) => Row): Promise<void> {
  const generation = nextGeneration(host);
  host.setData({ status: 'loading', rows: [], nextOffset: null, moreError: '' });
  const result = await fetch(0);
  if (generations.get(host) !== generation) return;
  if (!result.ok) {
    host.setData({ status: 'error', message: adminFailureMessage(result.error) });
    return;
  }
  const rows = result.data.items.map(rowOf);
  host.setData({ status: rows.length === 0 ? 'empty' : 'ready', rows, nextOffset: result.data.nextOffset });
}

/** Appends the next page when there is one; a failure is shown at the list's end (上滑重试). */
export async function loadMoreList<T, Row>(host: ListHost<Row>, fetch: (offset: number) => Promise<Result<Paged<T>>>, rowOf: (item: T) => Row): Promise<void> {
  const offset = host.data.nextOffset;
  if (offset === null || host.data.loadingMore) return;
  const generation = generations.get(host);
  host.setData({ loadingMore: true, moreError: '' });
  const result = await fetch(offset);
  if (generations.get(host) !== generation) return;
  if (!result.ok) {
    host.setData({ loadingMore: false, moreError: adminFailureMessage(result.error) });
    return;
  }
  host.setData({ loadingMore: false, rows: [...host.data.rows, ...result.data.items.map(rowOf)], nextOffset: result.data.nextOffset });
}

/** The rows with `row` in place of the one with its id (after a review or a move). */
export function replaceRow<Row extends { id: string }>(rows: Row[], row: Row): Row[] {
  return rows.map((candidate) => (candidate.id === row.id ? row : candidate));
}

/** Asks for a reason in a dialog; undefined when cancelled, '' when left empty (a toast says so). */
export async function askReason(title: string, placeholderText: string, confirmText: string): Promise<string | undefined> {
  const answer = await wx.showModal({ title, editable: true, placeholderText, confirmText });
  if (!answer.confirm) return undefined;
  const reason = (answer.content ?? '').trim();
  if (reason === '') void wx.showToast({ title: '请填写原因', icon: 'none' });
  return reason;
}
