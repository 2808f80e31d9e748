/**
 * Paged lists of the admin pages (products, orders, after-sales, withdrawals, applications): the
 * admin routes page with `limit` / `offset` and answer `{ items, nextOffset }` (null on the last
 * page). utils/paged-list.ts loads, fails, empties and pages them like every other list; an
 * admin failure reads as adminFailureMessage words it (a lost admin right says so).
 */
import type { Result } from '@shared/result';
import { offsetSource, type ListSource } from '../utils/paged-list';
import { adminFailureMessage } from './gate';

export const PAGE_SIZE = 20;

/** An admin list route as a list source: each item becomes a row. */
export function adminSource<Item, Row>(fetch: (offset: number) => Promise<Result<{ items: Item[]; nextOffset: number | null }>>, rowOf: (item: Item) => Row): ListSource<Row> {
  return offsetSource(fetch, rowOf, { messageOf: adminFailureMessage });
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
