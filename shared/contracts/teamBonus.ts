/**
 * distributor › teamBonus: the caller's team bonus (团队奖励, docs/team.md section 1): this month's
 * team sales counted so far with the tier reached and the next one, the shop's tiers, and the
 * bonuses granted, newest first, each with its explanation. Registered in DISTRIBUTOR_CONTRACTS
 * (shared/contracts/distributor.ts) with the function's other routes.
 */
import { z } from 'zod';
import { Page, PageSize } from './distributorLedger';

const Fen = z.number().int();
const IsoTime = z.iso.datetime();

export const TeamBonusInput = z.strictObject({ page: Page, pageSize: PageSize });
export type TeamBonusInput = z.input<typeof TeamBonusInput>;

/** A granted team bonus as the distributor sees it. */
export const TeamBonusView = z.object({
  /** `tb:<userId>:<yyyymm>`. */
  id: z.string(),
  /** The month it is for, `yyyymm`, and as text (`2026年11月`). */
  period: z.string(),
  periodLabel: z.string(),
  amountFen: Fen,
  status: z.enum(['frozen', 'released', 'voided']),
  /** 冻结中 / 已发放 / 已扣回 / 已取消. */
  statusLabel: z.string(),
  /** When it is (or was) released; null while its date is unknown. */
  releaseAt: IsoTime.nullable(),
  /** Taken back after release, fen. */
  clawedBackFen: Fen,
  /** What it is computed from, line by line (orders, team sales, tier, cap, amount). */
  explanation: z.array(z.object({ kind: z.string(), text: z.string(), amountFen: Fen.nullable() })),
  createdAt: IsoTime,
});
export type TeamBonusView = z.infer<typeof TeamBonusView>;

export const TeamBonusOutput = z.object({
  /** Whether the shop pays a team bonus now (the rules' teamBonus.enabled). */
  enabled: z.boolean(),
  /** This month (China time): what counts so far, the tier reached and the next one. */
  month: z.object({
    /** `yyyymm` and `2026年12月`. */
    period: z.string(),
    label: z.string(),
    /** Goods paid less refunded of the team's orders whose return window ended this month so far, fen. */
    teamSalesFen: Fen,
    orderCount: z.number().int(),
    /** The tier reached (its text) and the bonus it would pay now (capped), or null. */
    reached: z.object({ text: z.string(), bonusFen: Fen }).nullable(),
    /** The next tier and the team sales still missing, or null at the top (or when off). */
    next: z.object({ text: z.string(), missingFen: Fen }).nullable(),
  }),
  /** The tiers, lowest first, as text. */
  tiers: z.array(z.string()),
  monthlyCapFen: Fen,
  frozenDays: z.number().int(),
  /** The caller's team bonuses, newest first. */
  bonuses: z.array(TeamBonusView),
  page: z.number().int(),
  pageSize: z.number().int(),
  hasMore: z.boolean(),
});
export type TeamBonusOutput = z.infer<typeof TeamBonusOutput>;
