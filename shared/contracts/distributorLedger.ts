/**
 * distributor › the ledger views: the routes `commissions`, `commission`, `withdrawals` and
 * `promotionOrders` of the distributor function, which only read the commissions, accounts and
 * withdrawals (shared/ledger.ts, shared/withdrawals.ts). Their routes are registered in
 * DISTRIBUTOR_CONTRACTS (shared/contracts/distributor.ts) with the function's other routes.
 */
import { z } from 'zod';

/** The paging of every list of the distributor function (distributor.ts uses the same two). */
export const Page = z.number().int().min(1).max(500).default(1);
export const PageSize = z.number().int().min(1).max(50).default(20);
const Fen = z.number().int();
const IsoTime = z.iso.datetime();

// ---- commissions, commission -------------------------------------------------------------
/**
 * How a commission stands for the distributor: the stored status (shared/ledger.ts), with `held`
 * for a frozen commission whose order line has an open after-sale (售后冻结).
 */
export const CommissionViewStatus = z.enum(['frozen', 'held', 'releasing', 'released', 'reversed']);
export type CommissionViewStatus = z.infer<typeof CommissionViewStatus>;

/** Why a commission is not released yet; null once released or reversed. */
export const PendingReason = z.enum([
  /** The order is not completed (confirmed received) yet, so no release date exists. */
  'ORDER_NOT_COMPLETED',
  /** The order is completed; the release date is set and has not come. */
  'RETURN_WINDOW',
  /** The release date has passed; the release timer has not reached it yet. */
  'RELEASE_DUE',
  /** A release run claimed it and has not finished. */
  'RELEASING',
  /** An after-sale request on its order line is open (held). */
  'AFTER_SALE_OPEN',
  /** A risk signal put the order's commissions on hold until the merchant decides (风险审核). */
  'RISK_REVIEW',
]);

/** A commission that explains itself (built by shared/commissionExplain.ts, pure). */
export const CommissionView = z.object({
  id: z.string(),
  orderId: z.string(),
  lineIndex: z.number().int(),
  level: z.number().int(),
  /** 一级 / 二级 / 三级. */
  levelLabel: z.string(),
  /** The order line's product as bought; null when the order could not be read. */
  product: z.object({ name: z.string(), spec: z.string(), skuId: z.string(), quantity: z.number().int() }).nullable(),
  /** What the shopper paid for the line after discounts (the commission base), fen. */
  baseFen: Fen,
  basis: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('rate'), rateBp: z.number().int() }),
    z.object({ kind: z.literal('fixed'), fixedFenPerUnit: Fen }),
  ]),
  /** e.g. `10%`, `12.5%` or `每件 ¥1.00`. */
  basisText: z.string(),
  computation: z.object({
    /** The exact product before rounding, in fen as a decimal string (base × rate ÷ 10000, or fixed × quantity). */
    exactFen: z.string(),
    /** What the rounding (floor) left: exactFen − uncappedFen, fen as a decimal string ("0" when exact). */
    roundedOffFen: z.string(),
    /** The level's amount before the cap, fen. */
    uncappedFen: Fen,
    capApplied: z.boolean(),
    /** The line's cap and the sum of its levels before the cap, fen; null when not applied or unknown. */
    capFen: Fen.nullable(),
    lineUncappedFen: Fen.nullable(),
    /** When capped: uncappedFen × capFen ÷ lineUncappedFen before rounding, fen as a decimal string. */
    cappedExactFen: z.string().nullable(),
  }),
  /** Earned (after the cap), reversed before release, clawed back after release, and the net, fen. */
  amountFen: Fen,
  reversedFen: Fen,
  clawedBackFen: Fen,
  netFen: Fen,
  status: CommissionViewStatus,
  /** 冻结中 / 售后冻结 / 结算中 / 已结算 / 已失效. */
  statusLabel: z.string(),
  pending: z.object({ reason: PendingReason, until: IsoTime.nullable(), text: z.string() }).nullable(),
  releaseAt: IsoTime.nullable(),
  releasedAt: IsoTime.nullable(),
  createdAt: IsoTime,
  /** Oldest first. */
  history: z.array(
    z.object({
      event: z.enum(['settled', 'scheduled', 'released', 'reversed', 'clawedBack', 'forfeited']),
      at: IsoTime,
      amountFen: Fen.nullable(),
      refundId: z.string().nullable(),
      releaseAt: IsoTime.nullable(),
      text: z.string(),
    }),
  ),
  /** The explanation as lines of Chinese for the screen. */
  explanation: z.array(z.string()),
});
export type CommissionView = z.infer<typeof CommissionView>;

export const CommissionsInput = z.strictObject({
  page: Page,
  pageSize: PageSize,
  status: CommissionViewStatus.optional(),
});
export type CommissionsInput = z.input<typeof CommissionsInput>;
export const CommissionsOutput = z.object({
  /** Newest first (createdAt, then id). */
  commissions: z.array(CommissionView),
  page: z.number().int(),
  pageSize: z.number().int(),
  hasMore: z.boolean(),
});
export type CommissionsOutput = z.infer<typeof CommissionsOutput>;

/** `c:<orderId>:<lineIndex>:<level>` (shared/ledger.ts commissionId). */
export const CommissionInput = z.strictObject({
  id: z.string().regex(/^c:[0-9A-Za-z_\-|*@]{1,40}:\d{1,3}:[1-3]$/, 'id must be a commission id'),
});
export type CommissionInput = z.input<typeof CommissionInput>;
export const CommissionOutput = z.object({ commission: CommissionView });
export type CommissionOutput = z.infer<typeof CommissionOutput>;

// ---- withdrawals -------------------------------------------------------------------------
export const WithdrawalStatusView = z.enum(['reviewing', 'paying', 'withdrawn', 'rejected', 'failed']);
export const WithdrawalView = z.object({
  id: z.string(),
  status: WithdrawalStatusView,
  /** 审核中 / 打款中 / 已提现 / 已拒绝 / 打款失败. */
  statusLabel: z.string(),
  /** Taken from the available balance; the fee kept by the merchant; what the distributor receives. */
  amountFen: Fen,
  feeFen: Fen,
  payoutFen: Fen,
  channel: z.enum(['wechatTransfer', 'manual', 'balance']),
  rejectReason: z.string().nullable(),
  /** Why a WeChat transfer failed, as WeChat Pay said; null otherwise. */
  failReason: z.string().nullable(),
  /** Set while a WeChat transfer waits for the distributor's confirmation (wx.requestMerchantTransfer). */
  packageInfo: z.string().nullable(),
  createdAt: IsoTime,
  updatedAt: IsoTime,
  /** Oldest first; `note` as the merchant or the payout left it. */
  history: z.array(z.object({ status: WithdrawalStatusView, at: IsoTime, note: z.string().nullable() })),
});
export type WithdrawalView = z.infer<typeof WithdrawalView>;
export const WithdrawalsInput = z.strictObject({ page: Page, pageSize: PageSize });
export type WithdrawalsInput = z.input<typeof WithdrawalsInput>;
export const WithdrawalsOutput = z.object({
  /** Newest first. */
  withdrawals: z.array(WithdrawalView),
  page: z.number().int(),
  pageSize: z.number().int(),
  hasMore: z.boolean(),
});
export type WithdrawalsOutput = z.infer<typeof WithdrawalsOutput>;

// ---- promotionOrders ---------------------------------------------------------------------
export const PromotionOrdersInput = z.strictObject({ page: Page, pageSize: PageSize });
export type PromotionOrdersInput = z.input<typeof PromotionOrdersInput>;
export const PromotionOrder = z.object({
  orderId: z.string(),
  /** When the order was placed. */
  orderedAt: IsoTime.nullable(),
  /** The buyer's nickname, masked (e.g. 张**三); never their OPENID. */
  buyerNickname: z.string(),
  /** The order's status and its label (待发货 …); null when the order could not be read. */
  orderStatus: z.enum(['pending_payment', 'paid', 'shipped', 'completed', 'closed']).nullable(),
  orderStatusLabel: z.string(),
  /** The order lines' products (names), in line order. */
  products: z.array(z.string()),
  /** The caller's commissions on the order: earned, and net of reversals and clawbacks, fen. */
  amountFen: Fen,
  netFen: Fen,
  /**
   * The commissions' standing as one word: held if any is held, else frozen if any is frozen or
   * releasing, else released if any is released, else reversed.
   */
  status: CommissionViewStatus,
  statusLabel: z.string(),
  commissions: z.array(
    z.object({
      id: z.string(),
      lineIndex: z.number().int(),
      level: z.number().int(),
      status: CommissionViewStatus,
      netFen: Fen,
    }),
  ),
});
export type PromotionOrder = z.infer<typeof PromotionOrder>;
export const PromotionOrdersOutput = z.object({
  /** Newest commission first. */
  orders: z.array(PromotionOrder),
  page: z.number().int(),
  pageSize: z.number().int(),
  hasMore: z.boolean(),
});
export type PromotionOrdersOutput = z.infer<typeof PromotionOrdersOutput>;
