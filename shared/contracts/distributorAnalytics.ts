/**
 * A distributor's own analytics (数据), route `analytics` of the distributor function: the last
 * 30 China days of earnings, team sales (团队业绩) and the conversion of their shares. Money is
 * integer fen, rates basis points (floor, shared/analytics.ts). Use case in
 * cloudfunctions/distributor/analytics.ts; docs/team.md section 7 defines every figure.
 */
import { z } from 'zod';

const Count = z.number().int().min(0);
const Fen = z.number().int();

export const DistributorAnalyticsInput = z.strictObject({});

export const DistributorAnalyticsOutput = z.object({
  days: z.literal(30),
  /** The first and the last day, YYYY-MM-DD. */
  from: z.string(),
  to: z.string(),
  /**
   * Commission earned per day: each commission settled that day (the order's payment), net of
   * what refunds reversed or clawed back (the distributor center's chart), fen.
   */
  earnings: z.array(z.object({ day: z.string(), earnedFen: Fen })),
  /** 团队业绩 per day: goods net of refunds of the orders paid that day whose chain holds the caller. */
  teamSales: z.array(z.object({ day: z.string(), salesFen: Fen, orders: Count })),
  totals: z.object({ earnedFen: Fen, teamSalesFen: Fen, teamOrders: Count }),
  /**
   * The conversion of the caller's shares: the entries into the mini-program through their
   * links, mini-program codes and posters in the range (`visits`, by anyone but the caller; a
   * shopper who opens two shares counts twice), users who bound to them in the range (`binds`,
   * `visitBindBp` of the visits, null without visits), how many of those have paid an order since
   * (`payingBinds`, `conversionBp`), and the orders paid in the range with the caller as level 1
   * (`directOrders`, by `directBuyers` buyers).
   */
  shares: z.object({
    visits: Count,
    visitBindBp: z.number().int().min(0).max(10_000).nullable(),
    binds: Count,
    payingBinds: Count,
    conversionBp: z.number().int().min(0).max(10_000).nullable(),
    directOrders: Count,
    directBuyers: Count,
  }),
});
export type DistributorAnalyticsOutput = z.infer<typeof DistributorAnalyticsOutput>;

export const DISTRIBUTOR_ANALYTICS_CONTRACTS = {
  analytics: { input: DistributorAnalyticsInput, output: DistributorAnalyticsOutput },
} as const;
