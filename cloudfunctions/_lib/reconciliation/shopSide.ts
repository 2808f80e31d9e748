/**
 * The shop's side of a day's reconciliation (docs/reconciliation.md): its payments, refunds and
 * WeChat transfers dated on the day, and its records of any reference WeChat Pay's bill lists,
 * as `ShopRecord`s (shared/reconciliation.ts).
 *
 * Dates follow the bill: a payment is dated by its payment time (`payment.paidAt`, WeChat Pay's
 * time_end), a refund by the day WeChat Pay accepted it. The day's refunds are selected by their
 * completion (`refund.succeededAt`, `strayPayment.refundedAt`, both indexed) and dated by
 * acceptance, so a refund accepted just before midnight is found on both days and counted on the
 * first. Every read is a range on an indexed field or a read by ids.
 *
 * Top-ups (out_trade_no `t…`) are payments as orders are: a paid top-up is dated by its payment,
 * the merchant's refund of one and the automatic refund of a payment of the wrong amount are
 * refunds (topUps.ts), so the day's WeChat bill matches the shop's side with them.
 * first. Every read is a range on an indexed field or a read by ids. Orders paid from the balance
 * and their refunds (docs/wallet.md section 2) are left out: WeChat Pay never saw them.
 */
import { parseRefundNo } from '@shared/afterSales';
import type { AfterSaleDocument } from '@shared/afterSales';
import { chinaDay, chinaDayRange } from '@shared/chinaTime';
import type { OrderDocument } from '@shared/orders';
import type { ShopRecord } from '@shared/reconciliation';
import type { WithdrawalDocument } from '@shared/withdrawals';
import { _, aggregateList, findWhere } from '../db';
import { isTopUpId, parseTopUpRefundNo } from '@shared/topUps';
import { topUpPaymentsByRef, topUpRefundsByRef, topUpRefundsOfDay } from './topUps';
import { balanceRefundId } from '../orders/balanceRefund';

/** Rows per read: the largest `limit` a server-side read takes (docs/platform.md section 3.10). */
const PAGE = 1000;
/** Ids per `_id in [...]` read. */
const IDS_PER_READ = 100;

const dayOf = (at: Date | null | undefined): string | null => (at ? chinaDay(at) : null);

interface PaidRow {
  _id: string;
  paidFen: number | null;
  paidAt: Date;
}

/** Orders and top-ups paid on the day. */
export async function paymentsOfDay(day: string): Promise<ShopRecord[]> {
  const [orders, topUps] = await Promise.all([paidOfDay('orders', day), paidOfDay('topUps', day)]);
  return [...orders, ...topUps];
}

/** Documents paid on the day, in keyset pages on (payment.paidAt, _id), with only the compared fields. */
async function paidOfDay(collection: 'orders' | 'topUps', day: string): Promise<ShopRecord[]> {
  const { from, to } = chinaDayRange(day);
  const records: ShopRecord[] = [];
  let after: PaidRow | null = null;
  for (;;) {
    // Orders paid from the balance never reach WeChat Pay's bill: they are not its payments.
    const range = { 'payment.paidAt': _.gte(after?.paidAt ?? from).and(_.lt(to)), payMethod: _.neq('balance') };
    const next = after && _.or([{ 'payment.paidAt': _.gt(after.paidAt) }, { _id: _.gt(after._id) }]);
    const page: PaidRow[] = await aggregateList<PaidRow>(collection, (pipeline) =>
      pipeline
        .match(next ? _.and([range, next]) : range)
        .sort({ 'payment.paidAt': 1, _id: 1 })
        .limit(PAGE)
        .project({ _id: 1, paidFen: '$payment.paidFen', paidAt: '$payment.paidAt' }),
    );
    for (const row of page) records.push({ ref: row._id, fen: row.paidFen, state: 'paid', day: dayOf(row.paidAt) });
    if (page.length < PAGE) return records;
    after = page[page.length - 1] as PaidRow;
  }
}

/** What an after-sale's refund is, once one was asked for; null before approval or after a refusal. */
function afterSaleRefund(doc: AfterSaleDocument): ShopRecord | null {
  const { refund } = doc;
  if (!refund || !['approved', 'refunding', 'refunded'].includes(doc.status)) return null;
  // A refund credited to the balance (its refund id is the balance entry's) is not WeChat Pay's.
  if (refund.refundId === balanceRefundId(refund.outRefundNo)) return null;
  return {
    ref: refund.outRefundNo,
    fen: doc.amountFen,
    state: doc.status === 'refunded' ? 'done' : 'pending',
    day: dayOf(refund.acceptedAt ?? refund.succeededAt),
  };
}

/** The refund of an order's stray payment, once it was decided. */
function strayRefund(order: Pick<OrderDocument, 'strayPayment'>): ShopRecord | null {
  const stray = order.strayPayment;
  if (!stray || stray.decision !== 'refund') return null;
  return {
    ref: stray.refundNo,
    fen: stray.paidFen,
    state: stray.refundedAt ? 'done' : 'pending',
    day: dayOf(stray.refundRequestedAt ?? stray.refundedAt),
  };
}

/** Every page of a read that selects by a range (no page holds more than PAGE documents). */
export async function allPages<C extends 'afterSales' | 'orders' | 'withdrawals' | 'topUps'>(
  collection: C,
  where: object,
  field: string,
) {
  const rows = [];
  for (let skip = 0; ; skip += PAGE) {
    const page = await findWhere(collection, where, { orderBy: [[field, 'asc']], skip, limit: PAGE });
    rows.push(...page);
    if (page.length < PAGE) return rows;
  }
}

/** Refunds completed on the day: after-sales, stray payments and top-ups'. */
export async function refundsOfDay(day: string): Promise<ShopRecord[]> {
  const { from, to } = chinaDayRange(day);
  const range = _.gte(from).and(_.lt(to));
  const [afterSales, strays, topUps] = await Promise.all([
    allPages('afterSales', { 'refund.succeededAt': range }, 'refund.succeededAt'),
    allPages('orders', { 'strayPayment.refundedAt': range }, 'strayPayment.refundedAt'),
    topUpRefundsOfDay(range),
  ]);
  return [
    ...topUps,
    ...(afterSales as AfterSaleDocument[]).map(afterSaleRefund),
    ...(strays as OrderDocument[]).map(strayRefund),
  ].filter((record): record is ShopRecord => record !== null);
}

/** Documents by id, IDS_PER_READ at a time. */
export async function byIds<C extends 'afterSales' | 'orders' | 'topUps'>(collection: C, ids: string[]) {
  const reads = [];
  for (let start = 0; start < ids.length; start += IDS_PER_READ) {
    const chunk = ids.slice(start, start + IDS_PER_READ);
    reads.push(findWhere(collection, { _id: _.in(chunk) }, { limit: chunk.length }));
  }
  return (await Promise.all(reads)).flat();
}

/** The shop's payment under each of these out_trade_nos (order and top-up ids). */
export async function paymentsByRef(outTradeNos: string[]): Promise<ShopRecord[]> {
  const orderIds = outTradeNos.filter((ref) => !isTopUpId(ref));
  const [orders, topUps] = await Promise.all([
    byIds('orders', orderIds) as Promise<OrderDocument[]>,
    topUpPaymentsByRef(outTradeNos.filter(isTopUpId)),
  ]);
  return [...topUps, ...orders.map(orderPayment)];
}

/** An order's payment: its own, else its stray one. */
function orderPayment(order: OrderDocument): ShopRecord {
  if (order.payment.paidAt) {
    const fen = order.payment.paidFen ?? order.payableFen;
    return { ref: order._id, fen, state: 'paid', day: dayOf(order.payment.paidAt) };
  }
  const stray = order.strayPayment;
  if (stray) return { ref: order._id, fen: stray.paidFen, state: 'stray', day: dayOf(stray.paidAt) };
  return { ref: order._id, fen: null, state: order.status, day: null };
}

/** The shop's refund under each of these out_refund_nos, where it asked for one. */
export async function refundsByRef(outRefundNos: string[]): Promise<ShopRecord[]> {
  const [others, topUps] = await Promise.all([orderRefundsByRef(outRefundNos), topUpRefundsByRef(outRefundNos)]);
  return [...others, ...topUps];
}

async function orderRefundsByRef(outRefundNos: string[]): Promise<ShopRecord[]> {
  const targets = outRefundNos.filter((no) => parseTopUpRefundNo(no) === null).map(parseRefundNo);
  const afterSaleIds = targets.flatMap((target) => (target.kind === 'afterSale' ? [target.afterSaleId] : []));
  const orderIds = targets.flatMap((target) => (target.kind === 'stray' ? [target.orderId] : []));
  const [afterSales, orders] = await Promise.all([byIds('afterSales', afterSaleIds), byIds('orders', orderIds)]);
  const wanted = new Set(outRefundNos);
  return [
    ...(afterSales as AfterSaleDocument[]).map(afterSaleRefund),
    ...(orders as OrderDocument[]).map(strayRefund),
  ].filter((record): record is ShopRecord => record !== null && wanted.has(record.ref));
}

/**
 * WeChat transfers whose withdrawal last changed on the day: paid (withdrawn), failed, or still
 * paying. A final status is the withdrawal's last change, so each is found on the day it ended.
 */
export async function transfersOfDay(day: string): Promise<ShopRecord[]> {
  const { from, to } = chinaDayRange(day);
  const where = { status: _.in(['withdrawn', 'failed', 'paying']), updatedAt: _.gte(from).and(_.lt(to)) };
  const withdrawals = (await allPages('withdrawals', where, 'updatedAt')) as WithdrawalDocument[];
  return withdrawals.flatMap((doc) =>
    doc.channel === 'wechatTransfer' && doc.transfer
      ? [{ ref: doc.transfer.outBillNo, fen: doc.payoutFen, state: doc.status, day: dayOf(doc.updatedAt) }]
      : [],
  );
}
