/**
 * Finishing an after-sale's refund once the platform confirms it, in five named steps. Each is
 * idempotent and there is no compensation: a crash anywhere leaves the request open (approved
 * or refunding) and unacknowledged, and the platform's next delivery runs the steps again. The
 * platform stops re-delivering after about a day, so the refund sweep (sweepRefunds, every 30
 * minutes) and the merchant's re-drive (admin route redriveAfterSaleRefund) run the same steps
 * for every request still open half an hour after its submission: no refund stays unreversed.
 *
 *   1. applyToOrder: add the refund to the order's lines (`refundedFen`, `refundedQuantity`) and
 *      append its OrderRefundEntry to `orders.refunds`, in ONE update conditional on the entry's
 *      absence and on the lines' values that were read (a concurrent refund of the same line
 *      makes it read again), so it applies exactly once and its "after" values are exact.
 *   2. reverseCommissions (_lib/reversal.ts): take back, in one transaction, the commission the
 *      refund reverses (from frozen before release, clawed back from available after) and the
 *      refunded goods from the buyer's and team's paid totals; once per refund (recorded in the
 *      order's `settlement.reversedRefunds`), nothing before the order is settled (settlement
 *      nets the refund from the lines). When a commission it must change is `releasing` (claimed
 *      by an unfinished release batch) it writes nothing and the callback answers NOT_READY,
 *      unacknowledged: the platform re-delivers later, after the release run finished the batch,
 *      and the refund is clawed back then. The request stays open (and so keeps holding the
 *      line's other commissions from release) until this step is done.
 *   2b. reversePoints (_lib/pointsEarning.ts): bring the order's points to what its refunds so
 *      far say: earned points taken back (from frozen before their release, from available
 *      after, never below zero) and spent points given back, proportionally and cumulatively;
 *      one transaction, idempotent per refund.
 *   3. giveBackStock: when the entry says so (the order was still `paid`, or the goods came
 *      back), returnStock per line under the after-sale id, itself idempotent per SKU and key.
 *   4. markRefunded: approved | refunding → refunded, copying the entry (`applied`).
 *
 * A refund of an order paid from the balance is "confirmed" by its balance entry instead of by
 * WeChat Pay (_lib/orders/balanceRefund.ts); the four steps are the same.
 *
 * The order's lines change before the request leaves the open statuses: a request being made
 * meanwhile counts the amount twice (refunded and held) rather than not at all.
 */
import { AFTER_SALE_MACHINE, applyRefund, type AfterSaleDocument, type OrderRefundEntry } from '@shared/afterSales';
import { refundAnswer, type RefundCallbackAnswer } from '@shared/contracts/afterSale';
import type { OrderDocument } from '@shared/orders';
import { _, getDoc, updateWhere } from './db';
import { takeBackInviteReward } from './inviteReward';
import { reversePoints } from './pointsEarning';
import { reverseCommissions } from './reversal';
import { returnStock } from './stock';
import { transition, type WithoutStatus } from './transitions';
import { confirmRefund } from './refundConfirm';
import { confirmBalanceRefund } from './orders/balanceRefund';

const AFTER_SALES = 'afterSales';
const APPLY_ATTEMPTS = 5;

/** What finishing an after-sale's refund came to. */
export type FinishOutcome =
  | { kind: 'refunded'; detail: string }
  /** The platform has not refunded it (yet), or reports another refund: nothing was written. */
  | { kind: 'notConfirmed'; detail: string }
  /** The bank refused the refund (REFUNDCLOSE, CHANGE): recorded on the request for the merchant. */
  | { kind: 'failedAtBank'; detail: string }
  /** Its commissions are being released or are busy: nothing reversed yet, try again later. */
  | { kind: 'notReady'; detail: string }
  | { kind: 'notFound'; detail: string };

/** Each refunded line's refunded total after the refund, by line index. */
function refundedAfter(entry: OrderRefundEntry): Map<number, number> {
  return new Map(entry.lines.map((line) => [line.lineIndex, line.refundedFenAfter]));
}

/**
 * Runs the five steps for a refund the platform reports as made. The refund callback answers
 * with the outcome; the refund sweep (sweepRefunds) and the merchant's re-drive
 * (redriveAfterSaleRefund) run the same steps for refunds whose notifications stopped coming.
 */
export async function finishAfterSaleRefund(
  subMchId: string,
  afterSaleId: string,
  outRefundNo: string,
  now: Date,
): Promise<FinishOutcome> {
  const doc = await getDoc(AFTER_SALES, afterSaleId);
  if (!doc) return { kind: 'notFound', detail: `no after-sale request ${afterSaleId}` };
  if (doc.status === 'refunded') return { kind: 'refunded', detail: `after-sale ${afterSaleId} was already refunded` };
  // Read first to know how it was paid; step 1 starts from this read (its update checks what it read).
  const order = await getDoc('orders', doc.orderId);
  const confirmation =
    order?.payMethod === 'balance'
      ? await confirmBalanceRefund(outRefundNo, doc.amountFen)
      : await confirmRefund(subMchId, outRefundNo, { outTradeNo: doc.orderId, refundFeeFen: doc.amountFen });
  if (!confirmation.confirmed) {
    if (confirmation.status === 'REFUNDCLOSE' || confirmation.status === 'CHANGE')
      return recordFailure(doc, confirmation.detail, now);
    return { kind: 'notConfirmed', detail: confirmation.detail };
  }
  if (doc.status !== 'approved' && doc.status !== 'refunding') {
    // Only approval submits a refund, and nothing leaves approved while one may be in flight.
    throw new Error(`the platform refunded after-sale ${afterSaleId}, which is ${doc.status}`);
  }
  const { entry, hasPoints } = await applyToOrder(doc, outRefundNo, now, order);
  const reversal = await reverseCommissions(doc.orderId, entry, now);
  if (reversal.kind === 'releasing')
    return {
      kind: 'notReady',
      detail: `commissions ${reversal.commissionIds.join(', ')} are being released; try again later`,
    };
  if (reversal.kind === 'busy')
    return { kind: 'notReady', detail: `the commissions of order ${doc.orderId} are busy; try again later` };
  // Only orders placed with points on have points to move: the others skip the transaction.
  if (hasPoints) await reversePoints(doc.orderId, entry.outRefundNo, now);
  if (order && !(await takeBackInviteReward(order, refundedAfter(entry), now)))
    return { kind: 'notReady', detail: `the invite reward of order ${doc.orderId} is busy; try again later` };
  await giveBackStock(doc, entry, now);
  await markRefunded(doc, entry, confirmation.refund.refundId, now);
  return { kind: 'refunded', detail: `after-sale ${afterSaleId} refunded` };
}

/** The callback's answer for an outcome: only a finished (or finally failed) refund is acknowledged. */
export function answerOf(outcome: FinishOutcome): RefundCallbackAnswer {
  const code = (
    {
      refunded: 'OK',
      failedAtBank: 'OK',
      notConfirmed: 'NOT_CONFIRMED',
      notReady: 'NOT_READY',
      notFound: 'NOT_FOUND',
    } as const
  )[outcome.kind];
  return refundAnswer(code, outcome.detail);
}

/**
 * Re-drives one request's refund: the refund sweep and the merchant's action. A request whose
 * refund was never submitted, or is finished, is answered as it is.
 */
export async function redriveAfterSaleRefund(subMchId: string, afterSaleId: string, now: Date): Promise<FinishOutcome> {
  const doc = await getDoc(AFTER_SALES, afterSaleId);
  if (!doc) return { kind: 'notFound', detail: `no after-sale request ${afterSaleId}` };
  if (!doc.refund) return { kind: 'notConfirmed', detail: `after-sale ${afterSaleId} has no refund submitted` };
  return finishAfterSaleRefund(subMchId, afterSaleId, doc.refund.outRefundNo, now);
}

/**
 * Step 1. Answers the order's entry for this refund, whether this call or an earlier one wrote it,
 * and whether the order has points (step 2b).
 */
async function applyToOrder(
  doc: AfterSaleDocument,
  outRefundNo: string,
  now: Date,
  read: OrderDocument | null,
): Promise<{ entry: OrderRefundEntry; hasPoints: boolean }> {
  for (let attempt = 0; attempt < APPLY_ATTEMPTS; attempt += 1) {
    const order = attempt === 0 ? read : await getDoc('orders', doc.orderId);
    if (!order) throw new Error(`after-sale ${doc._id} refers to order ${doc.orderId}, which does not exist`);
    const hasPoints = order.points !== undefined;
    const applied = order.refunds?.find((entry) => entry.outRefundNo === outRefundNo);
    if (applied) return { entry: applied, hasPoints };
    const entry: OrderRefundEntry = {
      outRefundNo,
      afterSaleId: doc._id,
      amountFen: doc.amountFen,
      shippingFen: doc.shippingFen,
      lines: applyRefund(order.lines, doc.lines),
      // Units go back when they never left (nothing shipped yet) or came back (a return).
      restock: order.status === 'paid' || doc.kind === 'returnAndRefund',
      at: now,
    };
    const where: Record<string, unknown> = { _id: order._id, 'refunds.outRefundNo': _.nin([outRefundNo]) };
    const change: WithoutStatus = { refunds: _.push([entry]), updatedAt: now };
    for (const line of entry.lines) {
      const position = order.lines.findIndex((candidate) => candidate.lineIndex === line.lineIndex);
      const before = order.lines[position] as OrderDocument['lines'][number];
      Object.assign(where, {
        [`lines.${position}.refundedFen`]: before.refundedFen,
        [`lines.${position}.refundedQuantity`]: before.refundedQuantity,
      });
      Object.assign(change, {
        [`lines.${position}.refundedFen`]: line.refundedFenAfter,
        [`lines.${position}.refundedQuantity`]: line.refundedQuantityAfter,
      });
    }
    if ((await updateWhere('orders', where, change)) === 1) return { entry, hasPoints };
    // Another delivery applied it, or another refund changed these lines: read again.
  }
  throw new Error(`order ${doc.orderId} kept changing while applying refund ${outRefundNo}`);
}

/** Step 3. */
async function giveBackStock(doc: AfterSaleDocument, entry: OrderRefundEntry, now: Date): Promise<void> {
  if (!entry.restock) return;
  await Promise.all(
    doc.lines.filter((line) => line.quantity > 0).map((line) => returnStock(line.skuId, doc._id, line.quantity, now)),
  );
}

/** Step 4. */
async function markRefunded(
  doc: AfterSaleDocument,
  entry: OrderRefundEntry,
  refundId: string,
  now: Date,
): Promise<void> {
  await transition(
    AFTER_SALE_MACHINE,
    'refund',
    { _id: doc._id },
    {
      applied: _.set(entry),
      'refund.refundId': refundId,
      'refund.succeededAt': now,
      'refund.lastError': null,
      updatedAt: now,
    },
  );
}

/** The refund failed at the bank (REFUNDCLOSE, CHANGE): the merchant settles it in the merchant platform. */
async function recordFailure(doc: AfterSaleDocument, detail: string, now: Date): Promise<FinishOutcome> {
  await updateWhere(
    AFTER_SALES,
    { _id: doc._id, status: _.in(['approved', 'refunding']) },
    { 'refund.lastError': detail, updatedAt: now },
  );
  return { kind: 'failedAtBank', detail: `recorded: ${detail}` };
}
