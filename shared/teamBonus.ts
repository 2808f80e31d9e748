/**
 * The team bonus (团队奖励, docs/team.md section 1), pure: which tier a month's team sales reach,
 * the bonus with the monthly cap, the progress the distributor center shows, and the
 * explanation lines of a granted bonus. No clock, no I/O, no zod: the mini-program uses it too.
 *
 * Team sales of month M for distributor D: Σ over the orders whose attribution chain
 * (`order.chain`, levels 1..3 of the order's snapshot) contains D and whose return window ended
 * in the China month M, of the goods paid less the goods refunded. Counting at the end of the
 * window means no refund can come after an order was counted.
 */
import { chinaMonth, chinaMonthRange } from './chinaTime';
import { applyRateFloor, formatFen } from './money';
import type { RewardExplanationLine } from './rewards';
import type { TeamBonusRules, TeamBonusTier } from './rules';

/**
 * Where the monthly computation stands (collection `system`, `_id` `computeTeamBonus`), written
 * after every page so that a run stopped by its budget is continued by the next one.
 */
export interface TeamBonusRunState {
  _id: 'computeTeamBonus';
  /** The month being computed or last computed, `yyyymm`. */
  period: string;
  /** The last distributor (OPENID) of the period done; null before the first page. */
  after: string | null;
  /** True once every distributor of the period was done. */
  done: boolean;
  updatedAt: Date;
}

/** Orders listed one by one in a bonus's explanation; the rest are summed in one line. */
export const MAX_EXPLAINED_ORDERS = 30;

/** `yyyymm` of the China month of `at` (the period of a team bonus and its id). */
export function periodOf(at: Date | number): string {
  return chinaMonth(at).replace('-', '');
}

/** The China month before the one of `at`, as `yyyymm`. */
export function previousPeriod(at: Date | number): string {
  return periodOf(chinaMonthRange(chinaMonth(at)).from.getTime() - 1);
}

/** The instants of a period: [its first China midnight, the next month's). */
export function periodRange(period: string): { from: Date; to: Date } {
  return chinaMonthRange(`${period.slice(0, 4)}-${period.slice(4, 6)}`);
}

/** `2026年11月`, for the screen. */
export function periodLabel(period: string): string {
  return `${period.slice(0, 4)}年${Number(period.slice(4, 6))}月`;
}

/** The highest tier `teamSalesFen` reaches (its index among the tiers), or null. */
export function tierReached(tiers: readonly TeamBonusTier[], teamSalesFen: number): number | null {
  let reached: number | null = null;
  tiers.forEach((tier, index) => {
    if (teamSalesFen >= tier.minTeamSalesFen) reached = index;
  });
  return reached;
}

/** `团队业绩满 ¥1,000.00 奖励 2%` / `… 奖励 ¥50.00`. */
export function tierText(tier: TeamBonusTier): string {
  const bonus =
    tier.bonus.kind === 'rate' ? `奖励业绩的 ${tier.bonus.rateBp / 100}%` : `奖励 ${formatFen(tier.bonus.amountFen)}`;
  return `团队业绩满 ${formatFen(tier.minTeamSalesFen)} ${bonus}`;
}

export interface TeamBonusAmount {
  /** The tier reached (index), or null when none is. */
  tierIndex: number | null;
  /** What the tier gives before the cap, fen. */
  uncappedFen: number;
  /** What is paid, fen: the uncapped amount cut to the monthly cap. */
  amountFen: number;
  capApplied: boolean;
}

/** The bonus a month's team sales earn under `rules` (0 when off or below the first tier). */
export function teamBonusOf(rules: TeamBonusRules, teamSalesFen: number): TeamBonusAmount {
  const tierIndex = rules.enabled ? tierReached(rules.tiers, teamSalesFen) : null;
  const tier = tierIndex === null ? undefined : rules.tiers[tierIndex];
  if (!tier) return { tierIndex: null, uncappedFen: 0, amountFen: 0, capApplied: false };
  const uncappedFen =
    tier.bonus.kind === 'rate' ? applyRateFloor(teamSalesFen, tier.bonus.rateBp) : tier.bonus.amountFen;
  const amountFen = Math.min(uncappedFen, rules.monthlyCapFen);
  return { tierIndex, uncappedFen, amountFen, capApplied: amountFen < uncappedFen };
}

export interface TeamBonusProgress {
  teamSalesFen: number;
  /** The tier reached and what it would pay now (capped), or null. */
  reached: { text: string; bonusFen: number } | null;
  /** The next tier and the team sales it still needs, or null at the top (or when off). */
  next: { text: string; missingFen: number } | null;
}

/** What the distributor center shows of this month's team sales. */
export function teamBonusProgress(rules: TeamBonusRules, teamSalesFen: number): TeamBonusProgress {
  const bonus = teamBonusOf(rules, teamSalesFen);
  const reachedTier = bonus.tierIndex === null ? undefined : rules.tiers[bonus.tierIndex];
  const nextTier = rules.enabled ? rules.tiers[bonus.tierIndex === null ? 0 : bonus.tierIndex + 1] : undefined;
  return {
    teamSalesFen,
    reached: reachedTier ? { text: tierText(reachedTier), bonusFen: bonus.amountFen } : null,
    next: nextTier ? { text: tierText(nextTier), missingFen: nextTier.minTeamSalesFen - teamSalesFen } : null,
  };
}

/** One order counted in a distributor's team sales: its net goods, fen. */
export interface CountedOrder {
  orderId: string;
  /** What the shopper sees as the order number (or the id). */
  orderNo: string;
  netFen: number;
}

/**
 * The explanation of a month's bonus: the orders counted (at most MAX_EXPLAINED_ORDERS one by
 * one, the others in one line), the team sales, the tier, the cap when it cut, the amount.
 */
export function explainTeamBonus(
  rules: TeamBonusRules,
  period: string,
  counted: { teamSalesFen: number; orderCount: number; orders: readonly CountedOrder[] },
): RewardExplanationLine[] {
  const bonus = teamBonusOf(rules, counted.teamSalesFen);
  const tier = bonus.tierIndex === null ? undefined : rules.tiers[bonus.tierIndex];
  const shown = counted.orders.slice(0, MAX_EXPLAINED_ORDERS);
  const lines: RewardExplanationLine[] = shown.map((order) => ({
    kind: 'order',
    text: `订单 ${order.orderNo}：实付商品减退款 ${formatFen(order.netFen)}`,
    amountFen: order.netFen,
    orderId: order.orderId,
  }));
  const restFen = counted.teamSalesFen - shown.reduce((sum, order) => sum + order.netFen, 0);
  if (counted.orderCount > shown.length)
    lines.push({ kind: 'note', text: `其余 ${counted.orderCount - shown.length} 笔订单 ${formatFen(restFen)}` });
  lines.push({
    kind: 'total',
    text: `${periodLabel(period)}团队业绩 ${formatFen(counted.teamSalesFen)}（${counted.orderCount} 笔订单，退货期结束后计入）`,
    amountFen: counted.teamSalesFen,
  });
  if (tier)
    lines.push({
      kind: 'tier',
      text: `达到档位：${tierText(tier)}，计 ${formatFen(bonus.uncappedFen)}`,
      amountFen: bonus.uncappedFen,
    });
  if (bonus.capApplied)
    lines.push({ kind: 'cap', text: `每月封顶 ${formatFen(rules.monthlyCapFen)}`, amountFen: rules.monthlyCapFen });
  lines.push({ kind: 'amount', text: `团队奖励 ${formatFen(bonus.amountFen)}`, amountFen: bonus.amountFen });
  return lines;
}
