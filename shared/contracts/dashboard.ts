/**
 * The merchant's dashboard (经营概况), route `dashboard` of the admin function: the figures the
 * back office opens with. Sales are counted on the China calendar (UTC+8) by the time the
 * shopper paid; money is integer fen. Registered in ADMIN_CONTRACTS (shared/contracts/admin.ts).
 */
import { z } from 'zod';
import { AlertView } from './alerts';

export const DashboardInput = z.strictObject({});

const Count = z.number().int().min(0);
const Fen = z.number().int();

/** Sales of one period: orders paid in it and their goods net of refunds. */
const SalesFigure = z.object({
  /**
   * Σ over the period's paid orders of each line's paidFen − refundedFen: what shoppers paid
   * for goods after discounts, less what after-sales refunded on those lines, in fen. Shipping
   * is not goods and is left out. A refund lowers the figure of the day the order was paid.
   */
  netGoodsFen: Fen,
  /** Orders paid in the period (paid, shipped or completed now; a paid order never closes). */
  orders: Count,
});

/**
 * The figures come in two kinds. Live ones (sales, orders not yet completed or closed, open
 * after-sales, pending reviews) are counted on every call. Totals over the shop's whole history
 * (completed and closed orders, the commission owed) are read from what the computeShopTotals
 * timer last computed, every 10 minutes, as of `totalsAt`; they are null until its first run.
 */
export const DashboardOutput = z.object({
  /** The China calendar day (YYYY-MM-DD) and month (YYYY-MM) the figures are for. */
  day: z.string(),
  month: z.string(),
  sales: z.object({ today: SalesFigure, month: SalesFigure }),
  /**
   * Orders by status: 待付款, 待发货 (to ship), 待收货 live; 已完成, 已关闭 as of `totalsAt`
   * (null before the totals were first computed).
   */
  orders: z.object({
    pendingPayment: Count,
    toShip: Count,
    shipped: Count,
    completed: Count.nullable(),
    closed: Count.nullable(),
  }),
  /**
   * Top-ups (充值) paid today, by their payment time: how many, what shoppers paid and the bonus
   * the tiers added to their balances, in fen (docs/wallet.md section 1). A later refund does not
   * lower the figure.
   */
  topUps: z.object({ today: z.object({ count: Count, amountFen: Fen, bonusFen: Fen }) }),
  /** After-sales requests still open (requested, approved or refunding). */
  afterSalesOpen: Count,
  /**
   * Commission the shop still owes distributors, over every account, in fen, as of `totalsAt`:
   * frozen (in the return window) + available (withdrawable) + withdrawing (requested, not yet
   * paid out). Null before the totals were first computed.
   */
  commission: z.object({ frozenFen: Fen, availableFen: Fen, withdrawingFen: Fen, owedFen: Fen }).nullable(),
  /** What waits for the merchant: applications pending, withdrawals reviewing, after-sales requested, risk cases open. */
  pending: z.object({ applications: Count, withdrawals: Count, afterSales: Count, riskCases: Count }),
  /** When the totals (completed, closed, commission) were computed, ISO 8601; null before the first run. */
  totalsAt: z.iso.datetime().nullable(),
  /**
   * 待处理: the open alerts (docs/alerts.md), the most recently seen first, at most 20 of them;
   * `open` counts them all. `templateId` is the alert message's template (rules
   * `notifications.alert`), which the page asks the admin to subscribe to; null when it is off.
   */
  alerts: z.object({ open: Count, items: z.array(AlertView), templateId: z.string().nullable() }),
});
export type DashboardOutput = z.infer<typeof DashboardOutput>;
