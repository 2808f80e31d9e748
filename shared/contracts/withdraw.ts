/**
 * Withdrawals (docs/rules.md section 7): the distributor's `withdraw` function (routes `request`,
 * `transfer`, `sync`) and the merchant's review routes of the `admin` function
 * (`listWithdrawals`, `approveWithdrawal`, `rejectWithdrawal`, `markWithdrawalPaid`,
 * `syncWithdrawal`). Inputs are strict; results carry ISO times and integer fen.
 */
import { z } from 'zod';
import { isRealName, REAL_NAME_LENGTH, WITHDRAW_REFUSALS } from '../withdrawals';

const strict = z.strictObject;

/** wechatTransfer and manual are reviewed and paid out; balance is credited to the balance (余额) at once. */
export const WITHDRAWAL_CHANNELS = ['wechatTransfer', 'manual', 'balance'] as const;
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
  /**
   * The payee's real name, required for a WeChat transfer paying out 2,000 yuan or more (the
   * answer is REAL_NAME_REQUIRED without it) and ignored otherwise: WeChat Pay checks it
   * against the payee's verified identity.
   */
  realName: z
    .string()
    .trim()
    .min(REAL_NAME_LENGTH.min)
    .max(REAL_NAME_LENGTH.max)
    .refine(isRealName, 'a real name in Chinese characters, parts joined by ·')
    .optional(),
});
export const TransferInput = strict({ withdrawalId: WithdrawalIdInput });
export const SyncInput = strict({ withdrawalId: WithdrawalIdInput });

export const WithdrawalEventView = z.object({
  status: z.enum(WITHDRAWAL_STATUSES),
  at: z.string(),
  note: z.string().nullable(),
  /** The reference of a manual transfer (markPaid), or null. */
  transferRef: z.string().nullable(),
  /** True when the shop's only admin decided on their own withdrawal. */
  selfReview: z.boolean(),
});
export type WithdrawalEventView = z.infer<typeof WithdrawalEventView>;

/** A withdrawal as its distributor sees it. */
export const WithdrawalView = z.object({
  id: z.string(),
  amountFen: z.number().int(),
  feeFen: z.number().int(),
  payoutFen: z.number().int(),
  channel: z.enum(WITHDRAWAL_CHANNELS),
  status: z.enum(WITHDRAWAL_STATUSES),
  /** The WeChat transfer's state as last seen (WAIT_USER_CONFIRM, SUCCESS, FAIL, ...), or null. */
  transferState: z.string().nullable(),
  /** Why the payout failed, or the merchant's reason for a rejection; null otherwise. */
  reason: z.string().nullable(),
  /** True when the mini-program should call `transfer` and `wx.requestMerchantTransfer` now. */
  awaitsConfirmation: z.boolean(),
  /** The payee's real name masked (张*), only on a withdrawal that carried one; never the name itself. */
  realNameMask: z.string().optional(),
  history: z.array(WithdrawalEventView),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type WithdrawalView = z.infer<typeof WithdrawalView>;

export const RequestWithdrawalOutput = z.object({
  /** `created` now; `replayed`: this requestId was recorded before, nothing new was written. */
  status: z.enum(['created', 'replayed']),
  withdrawal: WithdrawalView,
});
export type RequestWithdrawalOutput = z.infer<typeof RequestWithdrawalOutput>;

/** What `wx.requestMerchantTransfer` needs: `{ mchId, appId, package: packageInfo }`. */
export const TransferOutput = z.object({
  mchId: z.string(),
  appId: z.string(),
  packageInfo: z.string(),
  withdrawal: WithdrawalView,
});
export type TransferOutput = z.infer<typeof TransferOutput>;

/** A move's answer: `changed`: this call moved the withdrawal; `unchanged`: a replay, or nothing new to apply. */
function moveOutput<V extends z.ZodType>(view: V) {
  return z.object({ status: z.enum(['changed', 'unchanged']), withdrawal: view });
}
export const SyncOutput = moveOutput(WithdrawalView);
export type MoveOutput<V = WithdrawalView> = { status: 'changed' | 'unchanged'; withdrawal: V };

/** The withdraw function's route table (cloudfunctions/withdraw/index.ts serves it). */
export const WITHDRAW_CONTRACTS = {
  request: { input: RequestWithdrawalInput, output: RequestWithdrawalOutput },
  transfer: { input: TransferInput, output: TransferOutput },
  sync: { input: SyncInput, output: SyncOutput },
} as const;
export type WithdrawRoute = keyof typeof WITHDRAW_CONTRACTS;

/** The codes the withdraw function answers with `ok: false` besides the common ones. */
export const WITHDRAW_ERRORS = [
  'NOT_DISTRIBUTOR',
  'DISTRIBUTOR_DISABLED',
  ...WITHDRAW_REFUSALS,
  'REAL_NAME_REQUIRED',
  'WITHDRAWAL_NOT_FOUND',
  'NOT_AWAITING_CONFIRMATION',
  'PAYOUT_UNAVAILABLE',
  'PAYOUT_ERROR',
  'BUSY',
  // sync shares the merchant's move (cloudfunctions/_lib/withdrawals/review.ts), whose refusals it passes on.
  'INVALID_TRANSITION',
  'WRONG_CHANNEL',
] as const;
export type WithdrawError = (typeof WITHDRAW_ERRORS)[number];

// ---------------------------------------------------------------------------------------------
// admin review routes (admins only; see cloudfunctions/admin/withdrawals.ts)
// ---------------------------------------------------------------------------------------------

export const ListWithdrawalsInput = strict({
  status: z.enum(WITHDRAWAL_STATUSES).optional(),
  limit: z.number().int().min(1).max(50).default(20),
  offset: z.number().int().min(0).max(10_000).default(0),
});
export const ApproveWithdrawalInput = strict({ withdrawalId: WithdrawalIdInput });
export const RejectWithdrawalInput = strict({
  withdrawalId: WithdrawalIdInput,
  reason: z.string().trim().min(1).max(100),
});
export const MarkWithdrawalPaidInput = strict({
  withdrawalId: WithdrawalIdInput,
  /** The proof: the bank's or Alipay's serial number of the transfer, kept in the history. */
  transferRef: z
    .string()
    .trim()
    .regex(/^[0-9A-Za-z_-]{4,64}$/, 'a transfer reference: 4-64 letters, digits, _ or -'),
  note: z.string().trim().max(50).default(''),
});
export const SyncWithdrawalInput = strict({ withdrawalId: WithdrawalIdInput });

/** A withdrawal as the merchant reviews it. */
export const AdminWithdrawalView = WithdrawalView.extend({
  userId: z.string(),
  /** The distributor's nickname, or null when the user document is gone. */
  nickname: z.string().nullable(),
  rulesVersion: z.number().int(),
  /** The WeChat transfer's bill numbers, or null for the manual channel and before approval. */
  outBillNo: z.string().nullable(),
  transferBillNo: z.string().nullable(),
  /** Who made each move: an admin's OPENID, `system` or the distributor. */
  historyBy: z.array(z.string()),
});
export type AdminWithdrawalView = z.infer<typeof AdminWithdrawalView>;

export const ListWithdrawalsOutput = z.object({
  items: z.array(AdminWithdrawalView),
  nextOffset: z.number().int().nullable(),
});
export type ListWithdrawalsOutput = z.infer<typeof ListWithdrawalsOutput>;
export const AdminMoveOutput = moveOutput(AdminWithdrawalView);

/** The withdrawal review routes of the admin function (part of ADMIN_CONTRACTS). */
export const ADMIN_WITHDRAWAL_CONTRACTS = {
  listWithdrawals: { input: ListWithdrawalsInput, output: ListWithdrawalsOutput },
  approveWithdrawal: { input: ApproveWithdrawalInput, output: AdminMoveOutput },
  rejectWithdrawal: { input: RejectWithdrawalInput, output: AdminMoveOutput },
  markWithdrawalPaid: { input: MarkWithdrawalPaidInput, output: AdminMoveOutput },
  syncWithdrawal: { input: SyncWithdrawalInput, output: AdminMoveOutput },
} as const;
export type AdminWithdrawalRoute = keyof typeof ADMIN_WITHDRAWAL_CONTRACTS;

/** The codes the withdrawal review routes add to the admin function's. */
export const ADMIN_WITHDRAWAL_ERRORS = [
  'WITHDRAWAL_NOT_FOUND',
  'INVALID_TRANSITION',
  'WRONG_CHANNEL',
  'PAYOUT_UNAVAILABLE',
  'PAYOUT_ERROR',
  'BUSY',
] as const;
export type AdminWithdrawalError = (typeof ADMIN_WITHDRAWAL_ERRORS)[number];
