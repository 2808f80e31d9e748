/**
 * The 余额设置 form (the rules' `balance` section, BalanceRules in shared/rules.ts): amounts typed
 * in yuan, checked here with the schema's rules before `admin.updateRules` checks them again
 * (the schema is not bundled; tests/miniprogram/admin-balance.test.ts compares the verdicts).
 */
import type { BalanceRules } from '@shared/rules';
import { yuanToFen } from '../rules/form';

export const MAX_TIERS = 8;
/** The largest tier amount or custom bound, fen (the schema's bound). */
const MAX_FEN = 10_000_000;

export interface TierForm {
  amountText: string;
  bonusText: string;
}

export interface BalanceForm {
  enabled: boolean;
  tiers: TierForm[];
  customAllowed: boolean;
  minText: string;
  maxText: string;
}

const yuan = (fen: number): string =>
  `${Math.floor(fen / 100)}${fen % 100 ? `.${String(fen % 100).padStart(2, '0')}` : ''}`;

export function formOf(balance: BalanceRules): BalanceForm {
  return {
    enabled: balance.topUpEnabled,
    tiers: balance.topUpTiers.map((tier) => ({ amountText: yuan(tier.amountFen), bonusText: yuan(tier.bonusFen) })),
    customAllowed: balance.customTopUp.allowed,
    minText: yuan(balance.customTopUp.minFen),
    maxText: yuan(balance.customTopUp.maxFen),
  };
}

function tiersOf(tiers: TierForm[]): { ok: true; tiers: BalanceRules['topUpTiers'] } | { ok: false; message: string } {
  if (tiers.length > MAX_TIERS) return { ok: false, message: `最多 ${MAX_TIERS} 档充值金额` };
  const parsed: BalanceRules['topUpTiers'] = [];
  for (const [index, tier] of tiers.entries()) {
    const amountFen = yuanToFen(tier.amountText);
    const bonusFen = tier.bonusText.trim() === '' ? 0 : yuanToFen(tier.bonusText);
    if (amountFen === undefined || amountFen < 1 || amountFen > MAX_FEN)
      return { ok: false, message: `第 ${index + 1} 档：请填写充值金额` };
    if (bonusFen === undefined || bonusFen >= amountFen)
      return { ok: false, message: `第 ${index + 1} 档：赠送金额须小于充值金额` };
    if (parsed.some((other) => other.amountFen === amountFen))
      return { ok: false, message: `第 ${index + 1} 档：充值金额重复` };
    parsed.push({ amountFen, bonusFen });
  }
  return { ok: true, tiers: parsed };
}

/** The section from the form, or what to fix first. */
export function balanceOf(form: BalanceForm): { ok: true; balance: BalanceRules } | { ok: false; message: string } {
  const tiers = tiersOf(form.tiers);
  if (!tiers.ok) return tiers;
  const minFen = yuanToFen(form.minText);
  const maxFen = yuanToFen(form.maxText);
  if (minFen === undefined || maxFen === undefined || minFen < 1 || maxFen > MAX_FEN || minFen > maxFen)
    return { ok: false, message: '自定义金额：请填写最低与最高金额（最低不超过最高）' };
  if (form.enabled && tiers.tiers.length === 0 && !form.customAllowed)
    return { ok: false, message: '开启充值需要至少一档金额或允许自定义金额' };
  return {
    ok: true,
    balance: {
      topUpEnabled: form.enabled,
      topUpTiers: tiers.tiers,
      customTopUp: { allowed: form.customAllowed, minFen, maxFen },
    },
  };
}
