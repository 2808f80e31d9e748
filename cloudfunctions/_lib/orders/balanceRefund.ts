/**
 * Refunds of orders paid from the balance (docs/wallet.md section 2). Wherever a refund of an
 * order is submitted (the merchant's after-sale approval, the failed 拼团's refund), a balance
 * order's refund is not sent to WeChat Pay: `submitOrderRefund` credits it to the buyer's balance
 * instead, as entry `orderRefund:<out_refund_no>`, and the caller then runs the same finishing
 * steps as for a refund WeChat Pay confirmed (_lib/afterSaleRefund.ts), which find it confirmed by
 * that entry (`confirmBalanceRefund`) rather than by asking WeChat Pay.
 *
 * The credit is ONE transaction that reads the order, refuses a refund that would return more
 * than was paid (`balanceRefundedFen`, the order's running total of balance refunds, is written in
 * the same transaction, so concurrent refunds of one order serialise on it), adds the entry and
 * moves the balance. The entry's id comes from the out_refund_no, so a re-submission of the same
 * refund credits nothing twice and answers it accepted.
 */
import { balanceEntryId } from '@shared/balance';
import type { OrderDocument } from '@shared/orders';
import { moveBalance } from '../balance';
import { getDoc } from '../db';
import type { Confirmation } from '../refundConfirm';
import { submitRefund, type SubmitOutcome } from '../refunds';
import { BUSY, inTransaction, isDuplicate, type Tx } from '../tx';

/** Refunds of one order are few; a conflict with another one of them is waited out. */
const REFUND_TX_ATTEMPTS = 10;

export interface OrderRefund {
  order: Pick<OrderDocument, '_id' | 'payableFen' | 'payMethod'>;
  outRefundNo: string;
  refundFeeFen: number;
}

/** The refund id a balance refund records (the after-sale's `refund.refundId`): its entry's id. */
export function balanceRefundId(outRefundNo: string): string {
  return balanceEntryId('orderRefund', outRefundNo);
}

/** The credit inside its transaction: accepted (now or before), or why not. */
async function creditInTx(tx: Tx, refund: OrderRefund, now: Date): Promise<SubmitOutcome> {
  const { outRefundNo, refundFeeFen } = refund;
  const order = await tx.get('orders', refund.order._id);
  if (!order || order.payMethod !== 'balance') return { accepted: false, reason: 'not an order paid from the balance' };
  if (await tx.get('balanceEntries', balanceRefundId(outRefundNo)))
    return { accepted: true, refundId: balanceRefundId(outRefundNo) };
  const refundedFen = order.balanceRefundedFen ?? 0;
  const paidFen = order.payment.paidFen ?? 0;
  if (!Number.isSafeInteger(refundFeeFen) || refundFeeFen <= 0 || refundedFen + refundFeeFen > paidFen)
    return {
      accepted: false,
      reason: `refund ${outRefundNo} of ${refundFeeFen} fen exceeds what is left of the ${paidFen} fen paid (${refundedFen} refunded)`,
    };
  const ref = { orderId: order._id, outRefundNo };
  await moveBalance(
    tx,
    order.buyerId,
    [{ kind: 'orderRefund', causeId: outRefundNo, amountFen: refundFeeFen, ref, by: 'system' }],
    now,
  );
  await tx.update('orders', order._id, { balanceRefundedFen: refundedFen + refundFeeFen, updatedAt: now });
  return { accepted: true, refundId: balanceRefundId(outRefundNo) };
}

/** Credits a balance order's refund to the buyer's balance, once per out_refund_no. */
async function creditToBalance(refund: OrderRefund, now: Date): Promise<SubmitOutcome> {
  try {
    const outcome = await inTransaction((tx) => creditInTx(tx, refund, now), { attempts: REFUND_TX_ATTEMPTS });
    return outcome === BUSY ? { accepted: false, reason: 'the order is busy with other refunds; retry' } : outcome;
  } catch (error) {
    // A concurrent submission of the same refund added the entry first: it is credited.
    if (!isDuplicate(error)) throw error;
    return { accepted: true, refundId: balanceRefundId(refund.outRefundNo) };
  }
}

/**
 * Submits the refund of an order by the way it was paid: WeChat Pay's refund for a WeChat
 * payment (completion reported to onRefundCallback), the credit to the balance for a balance
 * payment (complete when accepted: the caller finishes it at once).
 */
export async function submitOrderRefund(subMchId: string, refund: OrderRefund, now: Date): Promise<SubmitOutcome> {
  if (refund.order.payMethod === 'balance') return creditToBalance(refund, now);
  return submitRefund({
    subMchId,
    outTradeNo: refund.order._id,
    outRefundNo: refund.outRefundNo,
    totalFeeFen: refund.order.payableFen,
    refundFeeFen: refund.refundFeeFen,
  });
}

/**
 * A balance refund is made when its entry exists, for the expected amount; there is no one else
 * to ask. Without the entry it was never credited (the approval stopped before): not confirmed.
 */
export async function confirmBalanceRefund(outRefundNo: string, expectedFen: number): Promise<Confirmation> {
  const entry = await getDoc('balanceEntries', balanceRefundId(outRefundNo));
  if (!entry)
    return { confirmed: false, status: 'NOT_FOUND', detail: `refund ${outRefundNo} was not credited to the balance` };
  if (entry.amountFen !== expectedFen) {
    const detail = `refund ${outRefundNo} credited ${entry.amountFen} fen, expected ${expectedFen}`;
    return { confirmed: false, status: 'MISMATCH', detail };
  }
  const refund = {
    outTradeNo: entry.ref.orderId ?? '',
    outRefundNo,
    refundId: entry._id,
    refundFeeFen: entry.amountFen,
    status: 'SUCCESS',
  };
  return { confirmed: true, refund };
}
