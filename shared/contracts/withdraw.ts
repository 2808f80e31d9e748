/**
 * Withdrawals (docs/rules.md section 7): the distributor's `withdraw` function (routes `request`,
 * `transfer`, `sync`) and the merchant's review routes of the `admin` function
 * (`listWithdrawals`, `approveWithdrawal`, `rejectWithdrawal`, `markWithdrawalPaid`,
 * `syncWithdrawal`). Inputs are strict; results carry ISO times and integer fen.
 */
import { z } from 'zod';
import type { WithdrawalChannel, WithdrawalStatus, WithdrawRefusal } from '../withdrawals';

const strict = z.strictObject;

export const WITHDRAWAL_CHANNELS = ['wechatTransfer', 'manual'] as const;
export const WITHDRAWAL_STATUSES = ['reviewing', 'paying', 'withdrawn', 'rejected', 'failed'] as const;

/** `w:<openid>:<requestId>` as returned by `request`. */
export const WithdrawalIdInput = z.string().min(3).max(200);

// ---------------------------------------------------------------------------------------------
// withdraw (mini-program users)
// ---------------------------------------------------------------------------------------------

export const RequestWithdrawalInput = strict({
  /** Made by the client once per withdrawal and sent again on every retry of it. */
  requestId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, '8-64 letters, digits, _ or -'),
  amountFen: z.number().int().min(1).max(10_000_000_000),
  channel: z.enum(WITHDRAWAL_CHANNELS),
});
export const TransferInput = strict({ withdrawalId: WithdrawalIdInput });
export const SyncInput = strict({ withdrawalId: WithdrawalIdInput });

export interface WithdrawalEventView {
  status: WithdrawalStatus;
  at: string;
  note: string | null;
}

/** A withdrawal as its distributor sees it. */
export interface WithdrawalView {
  id: string;
  amountFen: number;
  feeFen: number;
  payoutFen: number;
  channel: WithdrawalChannel;
  status: WithdrawalStatus;
  /** The WeChat transfer's state as last seen (WAIT_USER_CONFIRM, SUCCESS, FAIL, ...), or null. */
  transferState: string | null;
  /** Why the payout failed, or the merchant's reason for a rejection; null otherwise. */
  reason: string | null;
  /** True when the mini-program should call `transfer` and `wx.requestMerchantTransfer` now. */
  awaitsConfirmation: boolean;
  history: WithdrawalEventView[];
  createdAt: string;
  updatedAt: string;
}

export interface RequestWithdrawalOutput {
  /** `created` now; `replayed`: this requestId was recorded before, nothing new was written. */
  status: 'created' | 'replayed';
  withdrawal: WithdrawalView;
}

/** What `wx.requestMerchantTransfer` needs: `{ mchId, appId, package: packageInfo }`. */
export interface TransferOutput {
  mchId: string;
  appId: string;
  packageInfo: string;
  withdrawal: WithdrawalView;
}

export interface MoveOutput<V = WithdrawalView> {
  /** `changed`: this call moved the withdrawal; `unchanged`: a replay, or nothing new to apply. */
  status: 'changed' | 'unchanged';
  withdrawal: V;
}

export type WithdrawRoute = 'request' | 'transfer' | 'sync';

export type WithdrawError =
  | 'INVALID_INPUT'
  | 'UNKNOWN_ROUTE'
  | 'UNAUTHENTICATED'
  | 'NOT_DISTRIBUTOR'
  | 'DISTRIBUTOR_DISABLED'
  | WithdrawRefusal
  | 'WITHDRAWAL_NOT_FOUND'
  | 'NOT_AWAITING_CONFIRMATION'
  | 'PAYOUT_UNAVAILABLE'
  | 'PAYOUT_ERROR'
  | 'BUSY';

// ---------------------------------------------------------------------------------------------
// admin review routes (admins only; see cloudfunctions/admin/withdrawals.ts)
// ---------------------------------------------------------------------------------------------

export const ListWithdrawalsInput = strict({
  status: z.enum(WITHDRAWAL_STATUSES).optional(),
  limit: z.number().int().min(1).max(50).default(20),
  offset: z.number().int().min(0).max(10_000).default(0),
});
export const ApproveWithdrawalInput = strict({ withdrawalId: WithdrawalIdInput });
export const RejectWithdrawalInput = strict({ withdrawalId: WithdrawalIdInput, reason: z.string().trim().min(1).max(100) });
export const MarkWithdrawalPaidInput = strict({ withdrawalId: WithdrawalIdInput, note: z.string().trim().max(50).default('') });
export const SyncWithdrawalInput = strict({ withdrawalId: WithdrawalIdInput });

/** A withdrawal as the merchant reviews it. */
export interface AdminWithdrawalView extends WithdrawalView {
  userId: string;
  /** The distributor's nickname, or null when the user document is gone. */
  nickname: string | null;
  rulesVersion: number;
  /** The WeChat transfer's bill numbers, or null for the manual channel and before approval. */
  outBillNo: string | null;
  transferBillNo: string | null;
  /** Who made each move: an admin's OPENID, `system` or the distributor. */
  historyBy: string[];
}

export interface ListWithdrawalsOutput {
  items: AdminWithdrawalView[];
  nextOffset: number | null;
}

export const ADMIN_WITHDRAWAL_CONTRACTS = {
  listWithdrawals: ListWithdrawalsInput,
  approveWithdrawal: ApproveWithdrawalInput,
  rejectWithdrawal: RejectWithdrawalInput,
  markWithdrawalPaid: MarkWithdrawalPaidInput,
  syncWithdrawal: SyncWithdrawalInput,
} as const;
export type AdminWithdrawalRoute = keyof typeof ADMIN_WITHDRAWAL_CONTRACTS;

export type AdminWithdrawalError =
  | 'INVALID_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'WITHDRAWAL_NOT_FOUND'
  | 'INVALID_TRANSITION'
  | 'WRONG_CHANNEL'
  | 'PAYOUT_UNAVAILABLE'
  | 'PAYOUT_ERROR'
  | 'BUSY';
