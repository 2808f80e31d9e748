/**
 * Withdrawals (docs/rules.md section 7): a distributor asks to take money out of the available
 * balance; the amount moves `available → withdrawing` at once (conditional, never overdrawn),
 * then the merchant's review decides: approve → payout → `withdrawing → withdrawn`; reject or a
 * failed payout → `withdrawing → available`. Each move is a ledger entry whose id is derived
 * from the withdrawal's id (`withdraw:<id>`, `withdrawPaid:<id>`, `withdrawReturned:<id>`).
 */

import { chinaDay } from './chinaTime';
import type { Balances } from './ledger';
import { applyRateFloor } from './money';
import type { Rules } from './rules';
import type { StateMachine } from './stateMachine';

/** wechatTransfer and manual are reviewed and paid out; balance is credited to the balance (余额) at once. */
export type WithdrawalChannel = 'wechatTransfer' | 'manual' | 'balance';

/**
 * reviewing: waiting for the merchant (the amount is in withdrawingFen);
 * paying: approved, the payout is in progress (a WeChat transfer waiting for the distributor's
 *   confirmation in the mini-program, or a manual payout the merchant has not marked yet);
 * withdrawn: paid out (final); rejected: refused by the merchant, amount back in available
 *   (final); failed: the payout failed or was declined/cancelled, amount back in available (final).
 */
export type WithdrawalStatus = 'reviewing' | 'paying' | 'withdrawn' | 'rejected' | 'failed';
export type WithdrawalMove =
  'approve' | 'reject' | 'markPaid' | 'transferSucceeded' | 'transferFailed' | 'creditBalance';

/**
 * The withdrawal state machine the functions run (every status write goes through
 * cloudfunctions/_lib/transitions.ts, inside the transaction that also writes the ledger entry):
 *
 *   (request) reviewing ──approve──▶ paying ──markPaid / transferSucceeded──▶ withdrawn
 *                 │                    └──transferFailed──▶ failed
 *                 ├──reject──▶ rejected
 *                 └──creditBalance (channel balance: recorded in this state)──▶ withdrawn
 */
export const WITHDRAWAL_MACHINE: StateMachine<WithdrawalStatus, WithdrawalMove, 'withdrawals'> = {
  collection: 'withdrawals',
  initial: 'reviewing',
  transitions: {
    /** The merchant (or the automatic review) approves; no money moves. */
    approve: { from: ['reviewing'], to: 'paying' },
    /** The merchant refuses; the amount goes back to available (withdrawReturned). */
    reject: { from: ['reviewing'], to: 'rejected' },
    /** The merchant paid a manual withdrawal (withdrawPaid). */
    markPaid: { from: ['paying'], to: 'withdrawn' },
    /** WeChat Pay reports the transfer bill SUCCESS (withdrawPaid). */
    transferSucceeded: { from: ['paying'], to: 'withdrawn' },
    /** WeChat Pay reports the bill FAIL or CANCELLED; the amount goes back (withdrawReturned). */
    transferFailed: { from: ['paying'], to: 'failed' },
    /**
     * A withdrawal to the balance: no review and no payout; it is recorded already withdrawn, in
     * the transaction that credits the balance (docs/wallet.md section 3).
     */
    creditBalance: { from: ['reviewing'], to: 'withdrawn' },
  },
};

export interface WithdrawalEvent {
  status: WithdrawalStatus;
  at: Date;
  /** The admin's OPENID for review decisions, 'system' for payout outcomes, the user for the request. */
  by: string;
  note?: string;
  /** markPaid: the merchant's reference of the manual transfer (bank or Alipay serial number). */
  transferRef?: string;
  /** True when the admin decided on their own withdrawal (a shop with one admin, after SELF_REVIEW_DELAY_HOURS). */
  selfReview?: boolean;
}

/**
 * An admin never reviews their own withdrawal while another admin exists; a shop's only admin
 * may, once the request is this old, and the decision is marked in its history
 * (docs/rules.md section 7).
 */
export const SELF_REVIEW_DELAY_HOURS = 24;

export interface WithdrawalDocument {
  /** `w:<userId>:<requestId>`: the client's request id makes a retried request the same withdrawal. */
  _id: string;
  userId: string;
  /** Taken from the available balance, fen. */
  amountFen: number;
  /** floor(amountFen * rules.withdraw.feeBp / 10000) (balanceFeeBp for channel balance), kept by the merchant, fen. */
  feeFen: number;
  /** What the distributor receives: amountFen − feeFen, fen. */
  payoutFen: number;
  channel: WithdrawalChannel;
  status: WithdrawalStatus;
  /** The rules version whose limits and fee applied. */
  rulesVersion: number;
  /** China calendar day of the request (YYYY-MM-DD, UTC+8), for the per-day limit. */
  dayKey: string;
  /** The WeChat transfer (channel wechatTransfer) once approved; null otherwise. */
  transfer: {
    /** Our bill number sent to WeChat Pay (deterministic from the withdrawal id). */
    outBillNo: string;
    /** The mini-program's appid the bill was created for (a re-created bill must use the same). */
    appId: string;
    /** WeChat Pay's transfer bill number and state as last seen. */
    transferBillNo: string | null;
    state: string | null;
    /** What wx.requestMerchantTransfer needs in the mini-program for the user's confirmation. */
    packageInfo: string | null;
    failReason: string | null;
  } | null;
  rejectReason: string | null;
  /**
   * The payee's real name, kept only while WeChat Pay may still need it: a WeChat transfer whose
   * payout is REAL_NAME_REQUIRED_FROM_FEN or more carries it (encrypted) when its bill is created.
   * Set to null once WeChat Pay has accepted the bill or the withdrawal is final; absent when the
   * withdrawal never needed it (docs/rules.md section 7).
   */
  realName?: string | null;
  /** What lists show of the name (its first character and `*`, e.g. 张*); kept after realName is erased. */
  realNameMask?: string;
  history: WithdrawalEvent[];
  createdAt: Date;
  updatedAt: Date;
}

export function withdrawalId(userId: string, requestId: string): string {
  return `w:${userId}:${requestId}`;
}

/** The calendar day in China (UTC+8) of an instant, as YYYY-MM-DD. */
export function chinaDayKey(at: Date): string {
  return chinaDay(at);
}

/** The fee of a withdrawal: floor(amount * feeBp / 10000), the one rounding rule. */
export function withdrawalFeeFen(amountFen: number, feeBp: number): number {
  return applyRateFloor(amountFen, feeBp);
}

// ---------------------------------------------------------------------------------------------
// The withdraw function's rules (cloudfunctions/withdraw), pure so they can be property-tested.
// ---------------------------------------------------------------------------------------------

/** The mini-program page a withdrawal's subscribe message opens: the withdrawal history. */
export const WITHDRAWALS_PAGE = 'distributor/withdrawals/withdrawals';

/**
 * The per-day limit's counter, stored on the account document (`accounts`) next to the balances
 * and written by the same transaction that records a withdrawal, so concurrent requests can
 * never exceed `rules.withdraw.maxPerDay`. Every request counts, also one later rejected or
 * failed: the limit is on requests, so a refusal does not hand out a new attempt that day.
 */
export interface WithdrawCounters {
  /** China day (YYYY-MM-DD, UTC+8) of the latest withdrawal request; absent before the first. */
  withdrawDayKey?: string;
  /** How many withdrawals were requested on `withdrawDayKey`; absent before the first. */
  withdrawCountOfDay?: number;
}

/** How many withdrawals the account requested on the China day `dayKey`. */
export function withdrawalsOnDay(account: WithdrawCounters, dayKey: string): number {
  return account.withdrawDayKey === dayKey ? (account.withdrawCountOfDay ?? 0) : 0;
}

/** Why a withdrawal request is refused; also failure codes of the withdraw function. */
export const WITHDRAW_REFUSALS = [
  'CHANNEL_NOT_ALLOWED',
  'AMOUNT_TOO_SMALL',
  'AMOUNT_TOO_LARGE',
  'NO_ACCOUNT',
  'NEGATIVE_BALANCE',
  'DAILY_LIMIT_REACHED',
  'INSUFFICIENT_BALANCE',
] as const;
export type WithdrawRefusal = (typeof WITHDRAW_REFUSALS)[number];

export interface WithdrawRequest {
  amountFen: number;
  channel: WithdrawalChannel;
  dayKey: string;
}

/**
 * Whether a withdrawal may be recorded, judged on the rules and the account as read in the
 * recording transaction; the first refusal in the order of the list above, or the fee. A
 * withdrawal whose fee would leave nothing to pay out is too small.
 */
export function judgeWithdrawal(
  request: WithdrawRequest,
  limits: Rules['withdraw'],
  account: (Pick<Balances, 'availableFen'> & WithdrawCounters) | null,
): { ok: false; refusal: WithdrawRefusal } | { ok: true; feeFen: number; payoutFen: number } {
  const refuse = (refusal: WithdrawRefusal) => ({ ok: false as const, refusal });
  if (!limits.channels.includes(request.channel)) return refuse('CHANNEL_NOT_ALLOWED');
  // Absent balanceFeeBp (the default, and rules stored before the channel existed) means 0.
  const feeBp = request.channel === 'balance' ? (limits.balanceFeeBp ?? 0) : limits.feeBp;
  const feeFen = withdrawalFeeFen(request.amountFen, feeBp);
  if (request.amountFen < limits.minAmountFen || request.amountFen - feeFen <= 0) return refuse('AMOUNT_TOO_SMALL');
  if (request.amountFen > limits.maxAmountFen) return refuse('AMOUNT_TOO_LARGE');
  if (!account) return refuse('NO_ACCOUNT');
  if (account.availableFen < 0) return refuse('NEGATIVE_BALANCE');
  if (withdrawalsOnDay(account, request.dayKey) >= limits.maxPerDay) return refuse('DAILY_LIMIT_REACHED');
  if (account.availableFen < request.amountFen) return refuse('INSUFFICIENT_BALANCE');
  return { ok: true, feeFen, payoutFen: request.amountFen - feeFen };
}

/**
 * WeChat Pay's merchant transfer needs the payee's real name (`user_name`) from 2,000 yuan on
 * (the amount transferred, fen); without it the transfer is refused.
 */
const REAL_NAME_REQUIRED_FROM_FEN = 200_000;

/** Whether a withdrawal paying out `payoutFen` through `channel` must carry the payee's real name. */
export function needsRealName(channel: WithdrawalChannel, payoutFen: number): boolean {
  return channel === 'wechatTransfer' && payoutFen >= REAL_NAME_REQUIRED_FROM_FEN;
}

/**
 * A real name as WeChat Pay checks it against the payee's verified identity: 2-30 Chinese
 * characters, minority names' parts joined by the middle dot (买买提·艾力).
 */
const REAL_NAME_PATTERN = /^[\u3400-\u4dbf\u4e00-\u9fff]+(?:·[\u3400-\u4dbf\u4e00-\u9fff]+)*$/;
export const REAL_NAME_LENGTH = { min: 2, max: 30 } as const;

/** Whether `name` (already trimmed) is a real name the withdraw function accepts. */
export function isRealName(name: string): boolean {
  return name.length >= REAL_NAME_LENGTH.min && name.length <= REAL_NAME_LENGTH.max && REAL_NAME_PATTERN.test(name);
}

/** The name as lists may show it: the first character and one `*` (张三丰 → 张*), hiding even its length. */
export function maskRealName(name: string): string {
  return `${[...name][0] ?? ''}*`;
}

/** Whether the rules approve this withdrawal without the merchant (review mode autoBelow). */
export function isAutoApproved(amountFen: number, review: Rules['withdraw']['review']): boolean {
  return review.mode === 'autoBelow' && amountFen < review.amountFen;
}

/** The ledger entry kinds of a withdrawal's life and the deltas each applies for `amountFen`. */
export type WithdrawalEntryKind = 'withdraw' | 'withdrawPaid' | 'withdrawReturned';

export function withdrawalDeltas(kind: WithdrawalEntryKind, amountFen: number): Balances {
  const zero = { frozenFen: 0, availableFen: 0, withdrawingFen: 0, withdrawnFen: 0 };
  if (kind === 'withdraw') return { ...zero, availableFen: -amountFen, withdrawingFen: amountFen };
  if (kind === 'withdrawPaid') return { ...zero, withdrawingFen: -amountFen, withdrawnFen: amountFen };
  return { ...zero, withdrawingFen: -amountFen, availableFen: amountFen };
}

/** `<kind>:<withdrawalId>`: each move of a withdrawal is recorded once. */
export function withdrawalEntryId(kind: WithdrawalEntryKind, withdrawalId: string): string {
  return `${kind}:${withdrawalId}`;
}
