/**
 * Paged lists of the admin pages (products, orders, after-sales, withdrawals, applications): the
 * admin routes page with `limit` / `offset` and answer `{ items, nextOffset }` (null on the last
 * page). utils/paged-list.ts loads, fails, empties and pages them like every other list, and
 * utils/list-page.ts gives each page its handlers; an admin failure reads as adminFailureMessage
 * words it (a lost admin right says so). A row's review or move runs through runRowAction.
 */
import type { Result } from '@shared/result';
import { offsetSource, type ListSource } from '../utils/paged-list';
import { adminFailureMessage } from './gate';

export const PAGE_SIZE = 20;

/** One page's input for a list route filtered by status; the filter `all` sends no status. */
export function statusPage<Filter extends string>(
  filter: Filter,
  offset: number,
): { status?: Exclude<Filter, 'all'>; limit: number; offset: number } {
  if (filter === 'all') return { limit: PAGE_SIZE, offset };
  return { status: filter as Exclude<Filter, 'all'>, limit: PAGE_SIZE, offset };
}

/** An admin list route as a list source: each item becomes a row. */
export function adminSource<Item, Row>(
  fetch: (offset: number) => Promise<Result<{ items: Item[]; nextOffset: number | null }>>,
  rowOf: (item: Item) => Row,
): ListSource<Row> {
  return offsetSource(fetch, rowOf, { messageOf: adminFailureMessage });
}

/** The rows with `row` in place of the one with its id (after a review or a move). */
export function replaceRow<Row extends { id: string }>(rows: Row[], row: Row): Row[] {
  return rows.map((candidate) => (candidate.id === row.id ? row : candidate));
}

/** Asks for a reason in a dialog; undefined when cancelled, '' when left empty (a toast says so). */
export async function askReason(
  title: string,
  placeholderText: string,
  confirmText: string,
): Promise<string | undefined> {
  const answer = await wx.showModal({ title, editable: true, placeholderText, confirmText });
  if (!answer.confirm) return undefined;
  const reason = (answer.content ?? '').trim();
  if (reason === '') void wx.showToast({ title: '请填写原因', icon: 'none' });
  return reason;
}

/** The part of an admin list page a row action uses: its rows and the row being acted on. */
interface RowActionHost<Row> {
  data: { rows: Row[]; busyId: string };
  setData(values: Record<string, unknown>): void;
}

/** An action on one row (a review, a payout step, 上架/下架) and what its answer means for the row. */
export interface RowAction<Row, Answer> {
  /** The row acted on: its buttons spin (`busyId`) while the call runs. */
  id: string;
  send(): Promise<Result<Answer>>;
  /** The row as the answer has it now; it replaces the one on screen. */
  rowOf(answer: Answer): Row;
  /** The toast once it is done. */
  done(answer: Answer): string;
}

/**
 * Runs an action on a row, one at a time (a tap meanwhile is ignored). A refusal is shown in a
 * dialog, since it says why (a lost admin right, a state changed by another admin), and leaves
 * the row as it was.
 */
export async function runRowAction<Row extends { id: string }, Answer>(
  host: RowActionHost<Row>,
  action: RowAction<Row, Answer>,
): Promise<void> {
  if (host.data.busyId) return;
  host.setData({ busyId: action.id });
  const result = await action.send();
  host.setData({ busyId: '' });
  if (!result.ok) {
    void wx.showModal({ title: '操作未完成', content: adminFailureMessage(result.error), showCancel: false });
    return;
  }
  host.setData({ rows: replaceRow(host.data.rows, action.rowOf(result.data)) });
  void wx.showToast({ title: action.done(result.data), icon: 'success' });
}
