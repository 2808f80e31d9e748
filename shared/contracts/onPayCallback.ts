/**
 * onPayCallback: the function the payment platform calls when a payment succeeds (placeOrder
 * opens every payment with `functionName: 'onPayCallback'` and `outTradeNo` = the order id).
 *
 * The event is WeChat Pay's v2 notification in camelCase (docs/platform.md section 6.3). It is only a
 * hint: a notification is trusted when it comes from the platform (`getWXContext().SOURCE` is
 * `wx_paycallback`), agrees with what `cloudPay.queryOrder` answers for the same order, and the
 * confirmed amount equals the order's `payableFen`. The platform re-delivers until the answer is
 * exactly `{ errcode: 0 }`, so only a handled notification (or a harmless repeat) gets it.
 *
 * Everything here is pure: the decision rules, the answers and the stored record of a payment
 * the order did not keep. See docs/orders.md for the whole flow.
 */
import { z } from 'zod';
import type { OrderDocument } from '../orders';
import { parseChinaCompactTime } from '../chinaTime';

/** An out_trade_no as WeChat Pay v2 allows it (1-32 of [0-9A-Za-z_-|*@]); ours are order ids. */
export const OUT_TRADE_NO_PATTERN = /^[0-9A-Za-z_\-|*@]{1,32}$/;

/** Amounts arrive as JSON numbers; v2 is XML underneath, so digit strings are accepted too. */
const Fen = z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]).pipe(z.number().int().min(1));

/**
 * The fields of the notification this project reads. Other fields of the v2 notification
 * (bankType, isSubscribe, ...) are allowed and dropped.
 */
export const PayNotification = z.object({
  returnCode: z.string(),
  resultCode: z.string(),
  outTradeNo: z.string().regex(OUT_TRADE_NO_PATTERN),
  transactionId: z.string().min(1).max(64),
  totalFee: Fen,
  /** Payment time, `yyyyMMddHHmmss` in UTC+8. */
  timeEnd: z.string().regex(/^\d{14}$/),
  subMchId: z.string().optional(),
  /** The payer's openid in the mini-program. */
  subOpenid: z.string().optional(),
});
export type PayNotification = z.infer<typeof PayNotification>;

/** What the function answers; the platform stops re-delivering only on `errcode: 0`. */
export interface PayCallbackAnswer {
  errcode: number;
  errmsg: string;
}

/**
 * Every answer. `OK` acknowledges (the notification was handled, or was a repeat of one that
 * was); every other answer makes the platform re-deliver on its schedule (15 s ... 6 h, for
 * about a day), which is what a caller that is not the platform cannot influence either way.
 */
export const PAY_CALLBACK_CODES = {
  OK: 0,
  /** The event is not a payment notification (bad fields); nothing was read or written. */
  INVALID_INPUT: 400,
  /** Not called by the payment platform (SOURCE is not wx_paycallback); nothing was read or written. */
  FORBIDDEN: 403,
  /** No order has this out_trade_no; nothing was written. */
  ORDER_NOT_FOUND: 404,
  /** queryOrder does not confirm what the event says (not paid, another amount or transaction); nothing was written. */
  NOT_CONFIRMED: 409,
  /** The order is changing under the call (another delivery, a timer); the next delivery finishes. */
  RETRY: 503,
  /** A platform or database failure; the next delivery retries from the start. */
  ERROR: 500,
} as const;
export type PayCallbackCode = keyof typeof PAY_CALLBACK_CODES;

export function payAnswer(code: PayCallbackCode, detail: string): PayCallbackAnswer {
  return { errcode: PAY_CALLBACK_CODES[code], errmsg: `${code}: ${detail}` };
}

/** What cloudPay.queryOrder says about an order's payment (cloudfunctions/_lib/pay.ts reads it). */
export type PaymentState =
  /** No payment was ever opened for this out_trade_no (ORDERNOTEXIST). */
  | { kind: 'none' }
  /** Opened and not paid: NOTPAY, USERPAYING (the shopper is paying right now) or PAYERROR. */
  | { kind: 'unpaid'; tradeState: string }
  /** Closed: it can never be paid. */
  | { kind: 'closed' }
  /** Paid (SUCCESS, or REFUND: paid and since partly or fully refunded). */
  | { kind: 'paid'; payment: ConfirmedPayment };

/** A payment the platform confirmed. */
export interface ConfirmedPayment {
  outTradeNo: string;
  transactionId: string;
  /** What the shopper paid, in fen. */
  totalFeeFen: number;
  paidAt: Date;
  /** True when some of it was refunded since (trade state REFUND). */
  refunded: boolean;
}

/** `yyyyMMddHHmmss` in UTC+8 (WeChat Pay's time_end) → the instant. */
export function parsePayTime(text: string): Date {
  const at = parseChinaCompactTime(text);
  if (!at) throw new Error(`not a WeChat Pay time: ${text}`);
  return at;
}

/**
 * Whether the platform's answer confirms the notification: the same order, the same
 * transaction, the same amount, and paid. Anything else means the event was not a genuine
 * notification of this payment, and the call changes nothing.
 */
export function confirmNotification(
  event: PayNotification,
  state: PaymentState,
): { ok: true; payment: ConfirmedPayment } | { ok: false; reason: string } {
  if (state.kind !== 'paid')
    return {
      ok: false,
      reason: `the platform says the payment is ${state.kind === 'unpaid' ? state.tradeState : state.kind}`,
    };
  const { payment } = state;
  if (payment.outTradeNo !== event.outTradeNo)
    return { ok: false, reason: `the platform answered for ${payment.outTradeNo}` };
  if (payment.transactionId !== event.transactionId)
    return { ok: false, reason: 'the transaction id differs from the platform' };
  if (payment.totalFeeFen !== event.totalFee)
    return { ok: false, reason: `the event says ${event.totalFee} fen, the platform ${payment.totalFeeFen}` };
  return { ok: true, payment };
}

/** Why an order did not keep a confirmed payment. */
export type StrayReason = 'ORDER_CLOSED' | 'AMOUNT_MISMATCH';

/**
 * What a confirmed payment does to an order:
 * - `pay`: pending_payment and the amount matches → paid;
 * - `repeat`: the order already holds this very payment;
 * - `stray`: the order cannot keep it (closed, or another amount) → refund, or revive;
 * - `conflict`: the order holds another payment, which one out_trade_no cannot have (a broken invariant).
 */
export function classifyPayment(
  order: Pick<OrderDocument, 'status' | 'payableFen' | 'payment'>,
  payment: ConfirmedPayment,
): { kind: 'pay' | 'repeat' | 'conflict' } | { kind: 'stray'; reason: StrayReason } {
  if (order.status !== 'pending_payment' && order.status !== 'closed') {
    return { kind: order.payment.transactionId === payment.transactionId ? 'repeat' : 'conflict' };
  }
  if (payment.totalFeeFen !== order.payableFen) return { kind: 'stray', reason: 'AMOUNT_MISMATCH' };
  return order.status === 'closed' ? { kind: 'stray', reason: 'ORDER_CLOSED' } : { kind: 'pay' };
}

/** The refund of a stray payment: deterministic, so a retried refund is the same refund. */
export function strayRefundNo(orderId: string): string {
  return `${orderId}-stray`;
}

/**
 * The stock key of a revived order. The order's own id is already in `reservedBy` (its first
 * reservation) and in `returnedBy` (the give-back when it closed), so reserving under it again
 * would be a no-op that takes nothing: a revival reserves under its own key instead.
 */
export function reviveStockKey(orderId: string): string {
  return `${orderId}:revive`;
}
