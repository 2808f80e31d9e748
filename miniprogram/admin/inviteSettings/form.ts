/**
 * The 拉新奖励设置 form (docs/team.md section 3): the rules' `inviteReward` section as text fields,
 * checked here with the bounds of the schema (shared/inviteReward.ts InviteRewardRules) before
 * `admin.updateRules` checks them again. The schema itself is not bundled (it would carry zod into
 * the package); tests/miniprogram/inviteSettings.test.ts compares this form's verdicts with it.
 * Amounts are entered in yuan and stored in fen.
 */
import type { InviteRewardRules } from '@shared/inviteReward';
import type { Rules } from '@shared/rules';
import { fenToYuan, yuanToFen } from '../rules/form';

/** What the form shows for a shop whose rules have no invite section yet: DEFAULT_INVITE_REWARD_RULES. */
export const FORM_DEFAULTS: InviteRewardRules = { enabled: false, amountFen: 500, dailyCap: 20, minOrderFen: 0 };

export interface InviteForm {
  enabled: boolean;
  amountYuan: string;
  dailyCap: string;
  minOrderYuan: string;
}

export function formOf(rules: Pick<Rules, 'inviteReward'>): InviteForm {
  const invite = rules.inviteReward ?? FORM_DEFAULTS;
  return {
    enabled: invite.enabled,
    amountYuan: fenToYuan(invite.amountFen),
    dailyCap: String(invite.dailyCap),
    minOrderYuan: fenToYuan(invite.minOrderFen),
  };
}

type Field = Exclude<keyof InviteRewardRules, 'enabled'>;

/** The schema's bounds per field (integers, inclusive) and the message when a value is outside them. */
const BOUNDS: Record<Field, { min: number; max: number; message: string }> = {
  amountFen: { min: 1, max: 1_000_000, message: '奖励金额：0.01-10000 元，最多两位小数' },
  dailyCap: { min: 1, max: 1_000, message: '每日上限：1-1000 的整数' },
  minOrderFen: { min: 0, max: 100_000_000, message: '首单最低实付：0-1000000 元，最多两位小数' },
};

/** The section to save, or the first problem in Chinese. */
export function inviteOf(form: InviteForm): { ok: true; invite: InviteRewardRules } | { ok: false; message: string } {
  const count = form.dailyCap.trim() === '' ? NaN : Number(form.dailyCap);
  const values: Record<Field, number> = {
    amountFen: yuanToFen(form.amountYuan) ?? NaN,
    dailyCap: count,
    minOrderFen: yuanToFen(form.minOrderYuan) ?? NaN,
  };
  for (const field of Object.keys(BOUNDS) as Field[]) {
    const { min, max, message } = BOUNDS[field];
    const value = values[field];
    if (!Number.isInteger(value) || value < min || value > max) return { ok: false, message };
  }
  return { ok: true, invite: { enabled: form.enabled, ...values } };
}
