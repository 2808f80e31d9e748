/**
 * Withdrawals (rulebook section 7): a distributor asks to take money out of the available
 * balance; the amount moves `available → withdrawing` at once (conditional, never overdrawn),
 * then the merchant's review decides: approve → payout → `withdrawing → withdrawn`; reject or a
 * failed payout → `withdrawing → available`. Each move is a ledger entry whose id is derived
 * from the withdrawal's id (`withdraw:<id>`, `withdrawPaid:<id>`, `withdrawReturned:<id>`).
 */

import { applyRateFloor } from './money';

export type WithdrawalChannel = 'wechatTransfer' | 'manual';

/**
 * reviewing: waiting for the merchant (the amount is in withdrawingFen);
 * paying: approved, the payout is in progress (a WeChat transfer waiting for the distributor's
 *   confirmation in the mini-program, or a manual payout the merchant has not marked yet);
 * withdrawn: paid out (final); rejected: refused by the merchant, amount back in available
 *   (final); failed: the payout failed or was declined/cancelled, amount back in available (final).
 */
export type WithdrawalStatus = 'reviewing' | 'paying' | 'withdrawn' | 'rejected' | 'failed';

export interface WithdrawalEvent {
  status: WithdrawalStatus;
  at: Date;
  /** The admin's OPENID for review decisions, 'system' for payout outcomes, the user for the request. */
  by: string;
  note?: string;
}

export interface WithdrawalDocument {
  /** `w:<userId>:<requestId>`: the client's request id makes a retried request the same withdrawal. */
  _id: string;
  userId: string;
  /** Taken from the available balance, fen. */
  amountFen: number;
  /** floor(amountFen * rules.withdraw.feeBp / 10000), kept by the merchant, fen. */
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
    /** WeChat Pay's transfer bill number and state as last seen. */
    transferBillNo: string | null;
    state: string | null;
    /** What wx.requestMerchantTransfer needs in the mini-program for the user's confirmation. */
    packageInfo: string | null;
    failReason: string | null;
  } | null;
  rejectReason: string | null;
  history: WithdrawalEvent[];
  createdAt: Date;
  updatedAt: Date;
}

export function withdrawalId(userId: string, requestId: string): string {
  return `w:${userId}:${requestId}`;
}

const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

/** The calendar day in China (UTC+8) of an instant, as YYYY-MM-DD. */
export function chinaDayKey(at: Date): string {
  return new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** The fee of a withdrawal: floor(amount * feeBp / 10000), the one rounding rule. */
export function withdrawalFeeFen(amountFen: number, feeBp: number): number {
  return applyRateFloor(amountFen, feeBp);
}
