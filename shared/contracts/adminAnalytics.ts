/**
 * The merchant's analytics (数据分析), route `analytics` of the admin function: daily sales and
 * orders over the last 30 or 90 China days, the conversion funnel, the repurchase rate, the top
 * products and distributors, active distributors and commission as a share of sales. Money is
 * integer fen, rates integer basis points (floor, shared/analytics.ts). Use case in
 * cloudfunctions/admin/analytics.ts; docs/team.md section 7 defines every figure.
 */
import { z } from 'zod';

const Count = z.number().int().min(0);
const Fen = z.number().int();
/** A share in basis points, 0-10000; null when its whole is 0. */
const Bp = z.number().int().min(0).max(10_000).nullable();

export const AnalyticsInput = z.strictObject({
  /** The range: today and the days before it, 30 or 90 days. */
  days: z.union([z.literal(30), z.literal(90)]).default(30),
});

const DailyPoint = z.object({
  /** YYYY-MM-DD, China calendar. */
  day: z.string(),
  /** Goods net of refunds of the orders paid that day, fen (as the dashboard's sales). */
  salesFen: Fen,
  /** Orders paid that day. */
  orders: Count,
});

const FunnelStep = z.object({
  stage: z.enum(['views', 'cartAdds', 'ordered', 'paid']),
  count: Count,
  /** The stage as a share of the stage before it; null for views, or when the one before is 0. */
  stepBp: Bp,
  /** The stage as a share of the views; null for views, or without views. */
  overallBp: Bp,
});

const TopProduct = z.object({
  productId: z.string(),
  name: z.string(),
  /** Goods net of refunds over the range's paid orders, fen. */
  salesFen: Fen,
  /** Units sold, net of units refunded. */
  quantity: z.number().int(),
});

const TopDistributor = z.object({
  userId: z.string(),
  nickname: z.string(),
  /** Goods (as paid) of the range's paid order lines that earned this distributor commission, fen. */
  salesFen: Fen,
  /** The commission those lines earned them, as snapshotted at payment, fen. */
  commissionFen: Fen,
});

export const AnalyticsOutput = z.object({
  days: z.union([z.literal(30), z.literal(90)]),
  /** The first and the last day of the range, YYYY-MM-DD. */
  from: z.string(),
  to: z.string(),
  /** One point per day, oldest first, zero-filled. */
  daily: z.array(DailyPoint),
  totals: z.object({ salesFen: Fen, orders: Count }),
  /** 浏览 → 加购 → 下单 → 支付 over the range (views and adds counted per product page, orders by time). */
  funnel: z.array(FunnelStep),
  /** 复购率: buyers with at least 2 orders paid in the range, of the buyers with at least 1. */
  repurchase: z.object({ buyers: Count, repeatBuyers: Count, rateBp: Bp }),
  /** By net goods sold, at most 10. */
  topProducts: z.array(TopProduct),
  /** By commissioned sales, at most 10. */
  topDistributors: z.array(TopDistributor),
  /** Distributors who earned commission in the range, of the approved distributors now. */
  distributors: z.object({ active: Count, approved: Count, activeBp: Bp }),
  /**
   * Commission snapshotted on the range's paid orders as a share of their goods as paid (both
   * before refunds, so a refund does not tilt the share), fen and bp.
   */
  commission: z.object({ commissionFen: Fen, goodsPaidFen: Fen, shareBp: Bp }),
});
export type AnalyticsOutput = z.infer<typeof AnalyticsOutput>;

export const ADMIN_ANALYTICS_CONTRACTS = {
  analytics: { input: AnalyticsInput, output: AnalyticsOutput },
} as const;
