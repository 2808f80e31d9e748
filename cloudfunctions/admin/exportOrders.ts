/**
 * exportOrders: the orders placed on a range of China days (optionally of one status) as a CSV
 * file in cloud storage, answered with a temporary download link. Contract:
 * shared/contracts/adminExport.ts; the file's columns: exportCsv.ts.
 *
 * The orders are read oldest first in pages of the platform's most documents per read (1000),
 * each page continuing after the last order of the one before (creation time, then id: exact even
 * when orders share a time). Reading stops at `maxOrders` or when the time budget is spent, always
 * on an order boundary, and the answer then says `complete: false` with a cursor that continues
 * the same range in another call (the mini-program offers 继续导出). The budget is half the admin
 * function's timeout, measured with `performance.now()` (not `Date`, which jumps on the
 * emulator's virtual clock), leaving the rest for the names, the upload and the link.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { AdminError, AdminInput, AdminOutput } from '@shared/contracts/admin';
import { chinaDayRange, chinaFormat } from '@shared/chinaTime';
import type { OrderDocument } from '@shared/orders';
import { ok, type Result } from '@shared/result';
import { _, findWhere } from '../_lib/db';
import { getTempFileUrl, uploadFile } from '../_lib/wx';
import type { AdminContext } from './context';
import { csvText, orderRows } from './exportCsv';

/** The most documents one read from a cloud function answers. */
const PAGE = 1000;
/** Half of the admin function's 20 s timeout (config.json). */
const READ_BUDGET_MS = 10_000;
/** How long the download link works. */
const LINK_MAX_AGE_SECONDS = 3600;

type Input = AdminInput<'exportOrders'>;
interface After {
  at: Date;
  id: string;
}

function parseCursor(cursor: string | undefined): After | null {
  if (!cursor) return null;
  const split = cursor.indexOf('_');
  return { at: new Date(Number(cursor.slice(0, split))), id: cursor.slice(split + 1) };
}

const cursorOf = (order: OrderDocument): string => `${new Date(order.createdAt).getTime()}_${order._id}`;

function rangeFilter(input: Input, after: After | null): object {
  const conditions: object[] = [
    { createdAt: _.gte(chinaDayRange(input.fromDay).from).and(_.lt(chinaDayRange(input.toDay).to)) },
  ];
  if (input.status) conditions.push({ status: input.status });
  if (after) conditions.push(_.or([{ createdAt: _.gt(after.at) }, { createdAt: after.at, _id: _.gt(after.id) }]));
  return _.and(conditions);
}

/** Reads up to input.maxOrders orders of the range; `complete` is false when more remain. */
async function readOrders(input: Input, startedAt: number): Promise<{ orders: OrderDocument[]; complete: boolean }> {
  const orders: OrderDocument[] = [];
  let after = parseCursor(input.cursor);
  for (;;) {
    const room = input.maxOrders - orders.length;
    // One more than there is room for tells a range that ends exactly at the cap from a longer one.
    const limit = Math.min(PAGE, room + 1);
    const page = await findWhere('orders', rangeFilter(input, after), {
      orderBy: [
        ['createdAt', 'asc'],
        ['_id', 'asc'],
      ],
      limit,
    });
    orders.push(...page.slice(0, room));
    if (page.length < limit) return { orders, complete: true };
    if (page.length > room) return { orders, complete: false };
    if (performance.now() - startedAt > READ_BUDGET_MS) return { orders, complete: false };
    const last = page[page.length - 1] as OrderDocument;
    after = { at: new Date(last.createdAt), id: last._id };
  }
}

/** Nicknames of the buyers and level-1 distributors the orders name, read in pages of PAGE ids. */
async function nicknames(orders: OrderDocument[]): Promise<Map<string, string>> {
  const ids = [...new Set(orders.flatMap((order) => [order.buyerId, ...order.chain.slice(0, 1)]))];
  const names = new Map<string, string>();
  for (let start = 0; start < ids.length; start += PAGE) {
    const chunk = ids.slice(start, start + PAGE);
    for (const user of await findWhere('users', { _id: _.in(chunk) }, { limit: chunk.length }))
      names.set(user._id, user.nickname);
  }
  return names;
}

export async function exportOrders(
  context: AdminContext,
  input: Input,
): Promise<Result<AdminOutput<'exportOrders'>, AdminError>> {
  const startedAt = performance.now();
  const { orders, complete } = await readOrders(input, startedAt);
  const names = { nicknames: await nicknames(orders), phone: input.phone };
  const rows = orders.flatMap((order) => orderRows(order, names));
  const stamp = chinaFormat(context.now, 'YYYYMMDDHHmmss');
  const cloudPath = `exports/orders-${input.fromDay}-${input.toDay}-${stamp}-${randomBytes(4).toString('hex')}.csv`;
  const fileID = await uploadFile(cloudPath, Buffer.from(csvText(rows), 'utf8'));
  const link = await getTempFileUrl(fileID, LINK_MAX_AGE_SECONDS);
  if (!link.found) throw new Error(`the export ${fileID} was stored but storage does not find it`);
  const last = orders[orders.length - 1];
  return ok({
    fileID,
    cloudPath,
    url: link.tempFileURL,
    urlExpiresAt: new Date(context.now.getTime() + link.maxAgeSeconds * 1000).toISOString(),
    orderCount: orders.length,
    rowCount: rows.length,
    complete,
    cursor: complete || !last ? null : cursorOf(last),
  });
}
