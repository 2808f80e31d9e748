/**
 * The full refund of a paid member of a failed 拼团 group (docs/marketing.md section "拼团"),
 * through the same path as a merchant-approved after-sale, so the refund callback finishes it the
 * same way: the refund added to the order's lines, the commissions reversed (they are still
 * frozen: a group order never ships, so it never completes and nothing is released), the stock
 * given back (the order is still `paid`), the request marked refunded. Three named steps, each
 * idempotent, so a second closer running at the same moment, or the next run after a crash,
 * repeats nothing:
 *
 *   1. request: an after-sale request for the whole order (refundOnly, every line's rest), its
 *      id derived from the order and a fixed key, made in a transaction that reads the order
 *      first, as the shopper's requests are: a request already there is kept;
 *   2. approve: requested → approved, with the refund's out_refund_no `a<afterSaleId>`, so every
 *      submission of this refund, by any run, is the same refund at WeChat Pay;
 *   3. submit: cloudPay.refund, then approved → refunding once WeChat Pay accepts it; for an
 *      order paid from the balance, the credit to the balance (balanceRefund.ts), then the
 *      finishing steps at once.
 *
 * onRefundCallback (and, if its notifications stop, the refund sweep) then runs the after-sale's
 * finishing steps (_lib/afterSaleRefund.ts).
 */
import { createHash } from 'node:crypto';
import {
  AFTER_SALE_MACHINE,
  afterSaleRefundNo,
  checkRequest,
  heldByOpenRequests,
  OPEN_AFTER_SALE_STATUSES,
  wholeOrderLines,
  type AfterSaleDocument,
} from '@shared/afterSales';
import { _, findWhere, getDoc, updateWhere } from '../db';
import { finishAfterSaleRefund } from '../afterSaleRefund';
import { submitOrderRefund } from './balanceRefund';
import { addInitialInTx, transition } from '../transitions';
import { BUSY, inTransaction, type Tx } from '../tx';

const AFTER_SALES = 'afterSales';
/** The idempotency key of the group refund: one per order. */
export const GROUP_REFUND_KEY = 'group-failed-refund';
/** Who approved it, on the request's review. */
const REVIEWER = 'closeGroups';

/** The id of an order's group refund request, as the afterSale function derives ids from a key. */
export function groupRefundId(orderId: string): string {
  return `s${createHash('sha256').update(`${orderId}\n${GROUP_REFUND_KEY}`).digest('hex').slice(0, 24)}`;
}

export type GroupRefundOutcome = 'submitted' | 'alreadyRefunding' | 'nothingToRefund';

/** Step 1 inside its transaction: the request, or null when nothing is left to refund. */
async function makeRequest(tx: Tx, orderId: string, now: Date): Promise<AfterSaleDocument | null> {
  const order = await tx.get('orders', orderId);
  if (!order) throw new Error(`group refund: order ${orderId} does not exist`);
  const id = groupRefundId(orderId);
  const existing = await tx.get(AFTER_SALES, id);
  if (existing) return existing;
  const open = await findWhere(AFTER_SALES, { orderId, status: _.in([...OPEN_AFTER_SALE_STATUSES]) }, { limit: 20 });
  const held = heldByOpenRequests(open);
  const check = checkRequest(order, 'refundOnly', wholeOrderLines(order, held, 'refundOnly'), held);
  if (!check.ok) return null;
  const doc: AfterSaleDocument = {
    _id: id,
    orderId,
    buyerId: order.buyerId,
    idempotencyKey: GROUP_REFUND_KEY,
    kind: 'refundOnly',
    wholeOrder: true,
    status: AFTER_SALE_MACHINE.initial,
    orderStatusAtRequest: order.status,
    lines: check.lines,
    shippingFen: check.shippingFen,
    amountFen: check.amountFen,
    reason: '拼团未成团，自动退款',
    returnShipment: null,
    review: null,
    refund: null,
    applied: null,
    createdAt: now,
    updatedAt: now,
    cancelledAt: null,
  };
  await tx.update('orders', orderId, { afterSaleCount: (order.afterSaleCount ?? 0) + 1 });
  await addInitialInTx(tx, AFTER_SALE_MACHINE, doc);
  return doc;
}

/** Step 2: requested → approved with the refund recorded (no change when another run approved it). */
async function approve(doc: AfterSaleDocument, now: Date): Promise<void> {
  const review = { decision: 'approve', by: REVIEWER, at: now, reason: null, goodsReceived: false };
  const refund = {
    outRefundNo: afterSaleRefundNo(doc._id),
    refundId: null,
    attempts: 1,
    lastAttemptAt: now,
    acceptedAt: null,
    lastError: null,
    succeededAt: null,
  };
  await transition(
    AFTER_SALE_MACHINE,
    'approve',
    { _id: doc._id },
    { review: _.set(review), refund: _.set(refund), updatedAt: now },
  );
}

/** Refunds a paid member's order in full (steps 1-3). Throws when WeChat Pay does not accept it: the next run retries. */
export async function refundGroupOrder(subMchId: string, orderId: string, now: Date): Promise<GroupRefundOutcome> {
  const made = await inTransaction((tx) => makeRequest(tx, orderId, now));
  if (made === BUSY) throw new Error(`group refund: order ${orderId} is busy`);
  if (!made) return 'nothingToRefund';
  if (made.status !== 'requested' && made.status !== 'approved') return 'alreadyRefunding';
  await approve(made, now);
  const order = await getDoc('orders', orderId);
  if (!order) throw new Error(`group refund: order ${orderId} does not exist`);
  const outRefundNo = afterSaleRefundNo(made._id);
  const outcome = await submitOrderRefund(subMchId, { order, outRefundNo, refundFeeFen: made.amountFen }, now);
  if (!outcome.accepted) {
    await updateWhere(
      AFTER_SALES,
      { _id: made._id, status: 'approved' },
      { 'refund.lastError': outcome.reason, updatedAt: now },
    );
    throw new Error(`group refund of order ${orderId} not accepted: ${outcome.reason}`);
  }
  await transition(
    AFTER_SALE_MACHINE,
    'accept',
    { _id: made._id },
    { 'refund.refundId': outcome.refundId, 'refund.acceptedAt': now, 'refund.lastError': null, updatedAt: now },
  );
  // A balance refund is made once credited: finished now, by the steps the refund callback runs.
  if (order.payMethod === 'balance') await finishAfterSaleRefund(subMchId, made._id, outRefundNo, now);
  return 'submitted';
}
