/**
 * The admin's balance routes (余额, docs/wallet.md section 1): a user's balance with its entries,
 * an adjustment with a reason (audited: the entry keeps the admin and the reason), the top-up
 * list of the dashboard and the refund of a paid top-up. Use cases in
 * cloudfunctions/admin/balance.ts; docs/api.md (admin, balance) describes them.
 */
import { z } from 'zod';
import { TOP_UP_ID_PATTERN } from '../topUps';
import { BalanceEntryView } from './wallet';

const strict = z.strictObject;
const UserId = z.string().trim().min(1).max(128);
const Fen = z.number().int();
const IsoTime = z.string();
const Paging = {
  limit: z.number().int().min(1).max(50).default(20),
  offset: z.number().int().min(0).max(10_000).default(0),
};

export const TOP_UP_STATUSES = ['pending_payment', 'paid', 'refunding', 'refunded'] as const;

export const UserBalanceInput = strict({ userId: UserId, ...Paging });
export const UserBalanceOutput = z.object({
  userId: z.string(),
  /** The user's nickname, or null when they have no user document. */
  nickname: z.string().nullable(),
  balanceFen: Fen,
  entryCount: z.number().int(),
  /** Newest first. */
  entries: z.object({ items: z.array(BalanceEntryView), nextOffset: z.number().int().nullable() }),
});

/** The largest adjustment in one step, fen (100,000 yuan): a typo of a few zeros is refused. */
export const MAX_ADJUST_FEN = 10_000_000;

export const AdjustBalanceInput = strict({
  userId: UserId,
  /** Signed, in fen: positive adds, negative takes away; never 0. */
  amountFen: z
    .number()
    .int()
    .min(-MAX_ADJUST_FEN)
    .max(MAX_ADJUST_FEN)
    .refine((amount) => amount !== 0, 'an adjustment is not 0'),
  /** Why, kept on the entry for the audit. */
  reason: z.string().trim().min(2).max(100),
  /** The form's id for this adjustment: a retried request with it is the same adjustment. */
  requestId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
});
export const AdjustBalanceOutput = z.object({
  /** `replayed`: this request was already applied; its entry is answered again. */
  status: z.enum(['adjusted', 'replayed']),
  entry: BalanceEntryView,
  /** The user's balance now. */
  balanceFen: Fen,
});

export const TopUpView = z.object({
  topUpId: z.string(),
  userId: z.string(),
  amountFen: Fen,
  bonusFen: Fen,
  status: z.enum(TOP_UP_STATUSES),
  createdAt: IsoTime,
  paidAt: IsoTime.nullable(),
  transactionId: z.string().nullable(),
  /** The merchant's refund, once asked for: `failure` is WeChat Pay's refusal of the last submission. */
  refund: z
    .object({
      requestedAt: IsoTime,
      acceptedAt: IsoTime.nullable(),
      succeededAt: IsoTime.nullable(),
      failure: z.string().nullable(),
    })
    .nullable(),
  /** A payment of another amount, refunded automatically. */
  mismatch: z.object({ paidFen: Fen, refundedAt: IsoTime.nullable() }).nullable(),
});
export type TopUpView = z.infer<typeof TopUpView>;

export const ListTopUpsInput = strict({ status: z.enum(TOP_UP_STATUSES).optional(), ...Paging });
export const ListTopUpsOutput = z.object({ items: z.array(TopUpView), nextOffset: z.number().int().nullable() });

export const RefundTopUpInput = strict({ topUpId: z.string().regex(TOP_UP_ID_PATTERN) });
export const RefundTopUpOutput = z.object({
  /**
   * `submitted`: WeChat Pay accepted the refund (it completes on its own); `refused`: WeChat Pay
   * refused it, the reason is in `topUp.refund.failure` and the money stays out of the balance
   * (submit again once the cause is fixed); `done`: it was refunded already.
   */
  status: z.enum(['submitted', 'refused', 'done']),
  topUp: TopUpView,
});

export const ADMIN_BALANCE_CONTRACTS = {
  userBalance: { input: UserBalanceInput, output: UserBalanceOutput },
  adjustBalance: { input: AdjustBalanceInput, output: AdjustBalanceOutput },
  listTopUps: { input: ListTopUpsInput, output: ListTopUpsOutput },
  refundTopUp: { input: RefundTopUpInput, output: RefundTopUpOutput },
} as const;

export const ADMIN_BALANCE_ERRORS = [
  /** adjustBalance / refundTopUp: the balance would go below zero (it was spent). */
  'BALANCE_INSUFFICIENT',
  /** adjustBalance: the request id was used for another user, amount or reason. */
  'REQUEST_ID_REUSED',
  'TOP_UP_NOT_FOUND',
  /** refundTopUp: the top-up is not paid (still pending). */
  'TOP_UP_NOT_REFUNDABLE',
] as const;
