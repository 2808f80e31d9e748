/**
 * Top-ups (充值, docs/wallet.md section 1): a shopper pays an amount through WeChat Pay and the
 * balance receives it, plus the bonus of the merchant's tier for exactly that amount, as two
 * entries (`topUp` and `topUpBonus`) so that refunding the top-up takes exactly the bonus back.
 *
 * A top-up's id is its out_trade_no. It starts with `t` (orders start with `o`), so the payment
 * callback and the refund callback tell a top-up from an order by the first character.
 */
import type { BalanceRules } from './rules';
import type { StateMachine } from './stateMachine';

/** `t` + 24 hex characters of SHA-256(buyer, idempotency key): 25 characters, within WeChat Pay's 32. */
export const TOP_UP_ID_PATTERN = /^t[0-9a-f]{24}$/;

export function isTopUpId(outTradeNo: string): boolean {
  return TOP_UP_ID_PATTERN.test(outTradeNo);
}

/**
 * pending_payment: opened, waiting for the payment (it holds nothing, so it never closes: a
 *   payment that arrives late is still credited);
 * paid: credited to the balance;
 * refunding: the merchant refunds it: amount and bonus left the balance, WeChat Pay's refund is
 *   under way (or was refused: `refund.failure` says why and the merchant submits it again);
 * refunded: WeChat Pay confirmed the refund (final).
 */
export type TopUpStatus = 'pending_payment' | 'paid' | 'refunding' | 'refunded';
export type TopUpMove = 'pay' | 'refund' | 'refundSucceeded';

/**
 * The top-up state machine (every status write goes through cloudfunctions/_lib/transitions.ts):
 *
 *   (topUp) pending_payment ──pay──▶ paid ──refund──▶ refunding ──refundSucceeded──▶ refunded
 */
export const TOP_UP_MACHINE: StateMachine<TopUpStatus, TopUpMove, 'topUps'> = {
  collection: 'topUps',
  initial: 'pending_payment',
  transitions: {
    /** The payment callback credits amount and bonus, in the same transaction. */
    pay: { from: ['pending_payment'], to: 'paid' },
    /** The merchant refunds: amount and bonus leave the balance in the same transaction. */
    refund: { from: ['paid'], to: 'refunding' },
    /** The refund callback: WeChat Pay confirms the refund. */
    refundSucceeded: { from: ['refunding'], to: 'refunded' },
  },
};

/** A payment of another amount than the top-up's: refunded whole, automatically, never credited. */
export interface TopUpMismatch {
  transactionId: string;
  /** What was paid, fen. */
  paidFen: number;
  paidAt: Date;
  /** out_refund_no of its refund: topUpMismatchRefundNo(id). */
  refundNo: string;
  refundId: string | null;
  refundRequestedAt: Date | null;
  refundedAt: Date | null;
}

/** The merchant's refund of a paid top-up. */
export interface TopUpRefund {
  /** topUpRefundNo(id). */
  outRefundNo: string;
  /** The admin's OPENID. */
  by: string;
  requestedAt: Date;
  refundId: string | null;
  /** When WeChat Pay accepted it (null until then). */
  acceptedAt: Date | null;
  succeededAt: Date | null;
  /** WeChat Pay's refusal of the last submission, for the merchant; null once accepted. */
  failure: { reason: string; at: Date } | null;
}

/** Collection `topUps`: one per top-up a shopper opened. */
export interface TopUpDocument {
  /** `t` + 24 hex (TOP_UP_ID_PATTERN): the out_trade_no of its payment. */
  _id: string;
  /** The shopper's OPENID. */
  userId: string;
  /** What the shopper pays, fen. */
  amountFen: number;
  /** What the balance gets on top (the tier of exactly this amount), fen; 0 for none. */
  bonusFen: number;
  status: TopUpStatus;
  /** The rules version the amount and bonus were taken from. */
  rulesVersion: number;
  payment: { transactionId: string | null; paidFen: number | null; paidAt: Date | null };
  mismatch: TopUpMismatch | null;
  refund: TopUpRefund | null;
  createdAt: Date;
  updatedAt: Date;
}

/** The out_refund_no of the merchant's refund of top-up `id`. */
export function topUpRefundNo(id: string): string {
  return `${id}-refund`;
}

/** The out_refund_no of the automatic refund of a payment of the wrong amount. */
export function topUpMismatchRefundNo(id: string): string {
  return `${id}-stray`;
}

export type TopUpRefundTarget = { kind: 'refund' | 'mismatch'; topUpId: string } | null;

/** Which top-up refund `outRefundNo` is, or null when it is none (an order's or an after-sale's). */
export function parseTopUpRefundNo(outRefundNo: string): TopUpRefundTarget {
  const [id, suffix, ...rest] = outRefundNo.split('-');
  if (!id || rest.length > 0 || !isTopUpId(id)) return null;
  if (suffix === 'refund') return { kind: 'refund', topUpId: id };
  if (suffix === 'stray') return { kind: 'mismatch', topUpId: id };
  return null;
}

export type TopUpPick = { ok: true; bonusFen: number } | { ok: false; reason: string };

/**
 * Whether `amountFen` may be topped up under `rules`, and its bonus: the tier of exactly that
 * amount gives its bonus; another amount is allowed only as a custom amount within its bounds,
 * and gets none.
 */
export function pickTopUp(rules: BalanceRules, amountFen: number): TopUpPick {
  if (!rules.topUpEnabled) return { ok: false, reason: '商家未开启余额充值' };
  const tier = rules.topUpTiers.find((candidate) => candidate.amountFen === amountFen);
  if (tier) return { ok: true, bonusFen: tier.bonusFen };
  const custom = rules.customTopUp;
  if (!custom.allowed) return { ok: false, reason: '请选择充值金额' };
  if (amountFen < custom.minFen || amountFen > custom.maxFen) return { ok: false, reason: '充值金额超出范围' };
  return { ok: true, bonusFen: 0 };
}
