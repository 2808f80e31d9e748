/**
 * The 团队奖励设置 form (docs/team.md section 1): the rules' `teamBonus` section as text fields,
 * checked here with the bounds of the schema (shared/rules.ts TeamBonusRules) before
 * `admin.updateRules` checks them again. The schema itself is not bundled (it would carry zod into
 * the package). Amounts are entered in yuan and rates in percent; the rules hold fen and basis
 * points.
 */
import type { Rules, TeamBonusRules, TeamBonusTier } from '@shared/rules';
import { bpToPercent, fenToYuan, percentToBp, yuanToFen } from '../rules/form';

/** What the form shows for a shop whose rules have no team bonus yet: shared/rules.ts DEFAULT_TEAM_BONUS_RULES. */
const FORM_DEFAULTS: TeamBonusRules = { enabled: false, tiers: [], monthlyCapFen: 100_000, frozenDays: 0 };
const MAX_TIERS = 10;
const MAX_AMOUNT_FEN = 100_000_000;

export interface TierForm {
  /** 团队业绩满 (yuan). */
  minYuan: string;
  /** 0: a percent of the team sales, 1: a fixed amount (the picker's index). */
  kindIndex: number;
  /** Percent (kind 0) or yuan (kind 1). */
  value: string;
}

export interface TeamBonusForm {
  enabled: boolean;
  tiers: TierForm[];
  capYuan: string;
  frozenDays: string;
}

export const KIND_LABELS = ['按业绩比例', '固定金额'];

function tierFormOf(tier: TeamBonusTier): TierForm {
  return tier.bonus.kind === 'rate'
    ? { minYuan: fenToYuan(tier.minTeamSalesFen), kindIndex: 0, value: bpToPercent(tier.bonus.rateBp) }
    : { minYuan: fenToYuan(tier.minTeamSalesFen), kindIndex: 1, value: fenToYuan(tier.bonus.amountFen) };
}

export function formOf(rules: Pick<Rules, 'teamBonus'>): TeamBonusForm {
  const bonus = rules.teamBonus ?? FORM_DEFAULTS;
  return {
    enabled: bonus.enabled,
    tiers: bonus.tiers.map(tierFormOf),
    capYuan: fenToYuan(bonus.monthlyCapFen),
    frozenDays: String(bonus.frozenDays),
  };
}

/** A new tier below the form's others: empty fields, a rate. */
export const emptyTier = (): TierForm => ({ minYuan: '', kindIndex: 0, value: '' });

export const canAddTier = (form: TeamBonusForm): boolean => form.tiers.length < MAX_TIERS;

type Checked<T> = { ok: true; value: T } | { ok: false; message: string };

function tierOf(tier: TierForm, index: number, previousFen: number): Checked<TeamBonusTier> {
  const name = `第 ${index + 1} 档`;
  const minFen = yuanToFen(tier.minYuan);
  if (minFen === undefined || minFen < 1 || minFen > 10_000_000_000)
    return { ok: false, message: `${name}：团队业绩门槛请填大于 0 的金额（元）` };
  if (minFen <= previousFen) return { ok: false, message: `${name}：门槛须高于上一档` };
  if (tier.kindIndex === 0) {
    const rateBp = percentToBp(tier.value);
    if (rateBp === undefined || rateBp < 1 || rateBp > 10_000)
      return { ok: false, message: `${name}：奖励比例请填 0.01-100（%）` };
    return { ok: true, value: { minTeamSalesFen: minFen, bonus: { kind: 'rate', rateBp } } };
  }
  const amountFen = yuanToFen(tier.value);
  if (amountFen === undefined || amountFen < 1 || amountFen > MAX_AMOUNT_FEN)
    return { ok: false, message: `${name}：奖励金额请填 0.01-1000000 元` };
  return { ok: true, value: { minTeamSalesFen: minFen, bonus: { kind: 'fixed', amountFen } } };
}

/** The section to save, or the first problem in Chinese. */
export function teamBonusOf(form: TeamBonusForm): Checked<TeamBonusRules> {
  const tiers: TeamBonusTier[] = [];
  for (const [index, tier] of form.tiers.entries()) {
    const checked = tierOf(tier, index, tiers[tiers.length - 1]?.minTeamSalesFen ?? 0);
    if (!checked.ok) return checked;
    tiers.push(checked.value);
  }
  if (form.enabled && tiers.length === 0) return { ok: false, message: '开启团队奖励至少需要一个档位' };
  const monthlyCapFen = yuanToFen(form.capYuan);
  if (monthlyCapFen === undefined || monthlyCapFen < 1 || monthlyCapFen > MAX_AMOUNT_FEN)
    return { ok: false, message: '每月封顶请填 0.01-1000000 元' };
  const frozenDays = form.frozenDays.trim() === '' ? NaN : Number(form.frozenDays);
  if (!Number.isInteger(frozenDays) || frozenDays < 0 || frozenDays > 90)
    return { ok: false, message: '冻结天数：0-90 的整数' };
  return { ok: true, value: { enabled: form.enabled, tiers, monthlyCapFen, frozenDays } };
}
