/**
 * A payment notification for a top-up (out_trade_no `t…`, shared/topUps.ts), docs/wallet.md
 * section 1:
 *
 *   1. read the top-up; a repeat of a payment it already holds is acknowledged at once;
 *   2. ask the platform (cloudPay.queryOrder), as for orders: nothing is written unless it confirms;
 *   3. the amount is the top-up's: ONE transaction moves `pending_payment → paid` and credits
 *      `topUp` (+amount) and, when the tier gives one, `topUpBonus` (+bonus), both with the
 *      top-up's id as their cause. Concurrent deliveries conflict on the top-up and the account;
 *      the one that retries finds it paid. So a top-up is credited once, however often it is
 *      delivered. A pending top-up never closes, so a late payment is credited all the same;
 *   4. another amount (a bug or a tampered request) is never credited: it is recorded once as
 *      the top-up's `mismatch` and refunded whole (out_refund_no `<id>-stray`), as an order's
 *      stray payment is, and the top-up stays pending.
 */
import {
  confirmNotification,
  payAnswer,
  type ConfirmedPayment,
  type PayCallbackAnswer,
  type PayNotification,
} from '@shared/contracts/onPayCallback';
import { topUpMismatchRefundNo, TOP_UP_MACHINE, type TopUpDocument, type TopUpMismatch } from '@shared/topUps';
import { moveBalance } from '../_lib/balance';
import { _, getDoc, updateWhere } from '../_lib/db';
import { queryPayment, refundPayment } from '../_lib/pay';
import { transitionInTx } from '../_lib/transitions';
import { BUSY, inTransaction } from '../_lib/tx';

export async function handleTopUpNotification(event: PayNotification, now: Date): Promise<PayCallbackAnswer> {
  const topUp = await getDoc('topUps', event.outTradeNo);
  if (!topUp) {
    console.error(`onPayCallback: a payment arrived for ${event.outTradeNo}, which is no top-up`);
    return payAnswer('ORDER_NOT_FOUND', `no top-up ${event.outTradeNo}`);
  }
  if (topUp.payment.transactionId === event.transactionId) return payAnswer('OK', 'alreadyPaid');
  if (topUp.mismatch?.transactionId === event.transactionId && topUp.mismatch.refundRequestedAt)
    return payAnswer('OK', 'refunded');
  const confirmation = confirmNotification(event, await queryPayment(event.outTradeNo));
  if (!confirmation.ok) return payAnswer('NOT_CONFIRMED', confirmation.reason);
  if (confirmation.payment.totalFeeFen !== topUp.amountFen)
    return payAnswer('OK', await refundMismatch(topUp, confirmation.payment, now));
  const outcome = await credit(topUp, confirmation.payment, now);
  return outcome === 'retry'
    ? payAnswer('RETRY', `top-up ${topUp._id} is changing; the next delivery finishes`)
    : payAnswer('OK', outcome);
}

type CreditOutcome = 'paid' | 'alreadyPaid' | 'retry';

/** Step 3: mark paid and credit amount and bonus, in one transaction. */
async function credit(topUp: TopUpDocument, payment: ConfirmedPayment, now: Date): Promise<CreditOutcome> {
  const cause = { ref: { topUpId: topUp._id }, by: 'system' };
  const moves = [
    { kind: 'topUp' as const, causeId: topUp._id, amountFen: topUp.amountFen, ...cause },
    ...(topUp.bonusFen > 0
      ? [{ kind: 'topUpBonus' as const, causeId: topUp._id, amountFen: topUp.bonusFen, ...cause }]
      : []),
  ];
  const outcome = await inTransaction(
    async (tx): Promise<CreditOutcome> => {
      const current = await tx.get('topUps', topUp._id);
      if (!current) throw new Error(`top-up ${topUp._id} disappeared`);
      if (current.status !== 'pending_payment') return sameTransaction(current, payment);
      const fields = {
        payment: { transactionId: payment.transactionId, paidFen: payment.totalFeeFen, paidAt: payment.paidAt },
        updatedAt: now,
      };
      // Credits cannot be refused (every move is positive), so nothing is written before a refusal.
      await moveBalance(tx, topUp.userId, moves, now);
      await transitionInTx(tx, TOP_UP_MACHINE, 'pay', current, fields);
      return 'paid';
    },
    // Every top-up of a shop may land on one account at once (a shopper paying twice quickly).
    { attempts: 8 },
  );
  return outcome === BUSY ? 'retry' : outcome;
}

/** A top-up past pending holds this payment (a repeat), or another one, which one out_trade_no cannot have. */
function sameTransaction(current: TopUpDocument, payment: ConfirmedPayment): CreditOutcome {
  if (current.payment.transactionId === payment.transactionId) return 'alreadyPaid';
  throw new Error(
    `top-up ${current._id} holds transaction ${current.payment.transactionId ?? '-'} but the platform confirms ${payment.transactionId}`,
  );
}

/** Step 4: record the wrong payment once (the first delivery decides), refund it whole, record that. */
async function refundMismatch(topUp: TopUpDocument, payment: ConfirmedPayment, now: Date): Promise<string> {
  const mismatch: TopUpMismatch = {
    transactionId: payment.transactionId,
    paidFen: payment.totalFeeFen,
    paidAt: payment.paidAt,
    refundNo: topUpMismatchRefundNo(topUp._id),
    refundId: null,
    refundRequestedAt: null,
    refundedAt: null,
  };
  await updateWhere('topUps', { _id: topUp._id, mismatch: null }, { mismatch: _.set(mismatch), updatedAt: now });
  const recorded = (await getDoc('topUps', topUp._id))?.mismatch;
  if (!recorded || recorded.transactionId !== payment.transactionId)
    throw new Error(`top-up ${topUp._id} has mismatch ${recorded?.transactionId ?? '-'}, now ${payment.transactionId}`);
  if (recorded.refundRequestedAt) return 'refunded';
  const { refundId } = await refundPayment({
    outTradeNo: topUp._id,
    outRefundNo: recorded.refundNo,
    totalFeeFen: recorded.paidFen,
    refundFeeFen: recorded.paidFen,
    reason: '支付金额与充值金额不符，自动退回',
  });
  await updateWhere(
    'topUps',
    { _id: topUp._id, 'mismatch.refundRequestedAt': null },
    { 'mismatch.refundId': refundId, 'mismatch.refundRequestedAt': now, updatedAt: now },
  );
  return 'refunded';
}
