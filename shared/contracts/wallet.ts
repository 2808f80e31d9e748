/**
 * wallet: the shopper's balance (余额), one cloud function routed by `$url`: the balance with the
 * top-up options of the rules (summary), its history (entries), opening a top-up (topUp) and its
 * state while the page waits for the payment (topUpStatus). Money is integer fen, times ISO
 * strings. See docs/api.md (wallet) and docs/wallet.md section 1.
 */
import { z } from 'zod';
import type { BalanceEntryKind } from '../balance';
import { TOP_UP_ID_PATTERN } from '../topUps';
import { PlaceOrderOutput } from './placeOrder';

const Fen = z.number().int();

/** How the 余额 page and the merchant's view name each kind of entry. */
export const BALANCE_ENTRY_LABELS: Record<BalanceEntryKind, string> = {
  topUp: '充值',
  topUpBonus: '充值赠送',
  topUpRefund: '充值退款',
  topUpBonusBack: '赠送收回',
  orderPay: '订单支付',
  orderRefund: '订单退款',
  commissionWithdraw: '佣金提现',
  adjust: '商家调整',
};

const ENTRY_KINDS = Object.keys(BALANCE_ENTRY_LABELS) as [BalanceEntryKind, ...BalanceEntryKind[]];

/** One balance entry as a history list shows it. */
export const BalanceEntryView = z.object({
  id: z.string(),
  kind: z.enum(ENTRY_KINDS),
  /** The kind in words (BALANCE_ENTRY_LABELS). */
  label: z.string(),
  /** Signed: positive in, negative out. */
  amountFen: Fen,
  balanceAfterFen: Fen,
  at: z.string(),
  /** The merchant's reason of an adjustment; null for the others. */
  reason: z.string().nullable(),
  /** The order or top-up it concerns, when there is one. */
  orderId: z.string().nullable(),
  topUpId: z.string().nullable(),
});
export type BalanceEntryView = z.infer<typeof BalanceEntryView>;

/** The top-up amounts the shop offers (rules `balance`). */
export const TopUpOptions = z.object({
  enabled: z.boolean(),
  tiers: z.array(z.object({ amountFen: Fen, bonusFen: Fen })),
  custom: z.object({ allowed: z.boolean(), minFen: Fen, maxFen: Fen }),
});

export const SummaryInput = z.strictObject({});
export const SummaryOutput = z.object({ balanceFen: Fen, topUp: TopUpOptions });

export const ENTRIES_PAGE_SIZE = 20;
export const EntriesInput = z.strictObject({
  offset: z.number().int().min(0).max(10_000).default(0),
  limit: z.number().int().min(1).max(50).default(ENTRIES_PAGE_SIZE),
});
export const EntriesOutput = z.object({ items: z.array(BalanceEntryView), nextOffset: z.number().int().nullable() });

const TopUpId = z.string().regex(TOP_UP_ID_PATTERN);
const TopUpStatusSchema = z.enum(['pending_payment', 'paid', 'refunding', 'refunded']);

export const TopUpInput = z.strictObject({
  /** The client's key for this top-up: a retried call with it is the same top-up. */
  idempotencyKey: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
  amountFen: z.number().int().min(1).max(10_000_000),
});
export const TopUpOutput = z.object({
  topUpId: z.string(),
  status: TopUpStatusSchema,
  amountFen: Fen,
  bonusFen: Fen,
  /** wx.requestPayment's parameters (as placeOrder answers them) while the top-up waits for its payment; null once paid. */
  payment: PlaceOrderOutput.shape.payment.nullable(),
});

export const TopUpStatusInput = z.strictObject({ topUpId: TopUpId });
export const TopUpStatusOutput = z.object({
  topUpId: z.string(),
  status: TopUpStatusSchema,
  amountFen: Fen,
  bonusFen: Fen,
  /** The caller's balance now. */
  balanceFen: Fen,
});

export const WALLET_CONTRACTS = {
  summary: { input: SummaryInput, output: SummaryOutput },
  entries: { input: EntriesInput, output: EntriesOutput },
  topUp: { input: TopUpInput, output: TopUpOutput },
  topUpStatus: { input: TopUpStatusInput, output: TopUpStatusOutput },
} as const;

/** The codes the wallet function answers with `ok: false` besides the common ones. */
export const WALLET_ERRORS = [
  /** topUp: the merchant has not turned top-ups on. */
  'TOP_UP_DISABLED',
  /** topUp: neither a tier's amount nor an allowed custom amount. */
  'TOP_UP_AMOUNT_INVALID',
  /** topUp: the idempotency key was used for another amount. */
  'IDEMPOTENCY_KEY_REUSED',
  /** topUpStatus: no such top-up of the caller's. */
  'TOP_UP_NOT_FOUND',
  /** topUp: WeChat Pay would not open the payment; the top-up stays and a retry opens it again. */
  'PAYMENT_UNAVAILABLE',
] as const;
export type WalletError = (typeof WALLET_ERRORS)[number];
