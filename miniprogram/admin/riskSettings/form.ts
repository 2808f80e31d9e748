/**
 * The 风险设置 form (docs/rules.md section 9): the rules' `risk` section as switches and text
 * fields, checked here with the bounds of the schema (shared/rules.ts RiskRules) before
 * `admin.updateRules` checks them again. Neither the schema nor shared/risk.ts is bundled (zod and
 * dayjs would come with them); tests/miniprogram/riskSettings.test.ts compares these defaults and
 * verdicts with theirs. The refund rate is entered in percent and stored in basis points.
 */
import type { RiskRules, Rules } from '@shared/rules';

/** What the form shows for a shop whose rules have no risk section yet: shared/risk.ts DEFAULT_RISK_RULES. */
export const FORM_DEFAULTS: RiskRules = {
  enabled: false,
  signals: {
    sharedPhone: true,
    sharedAddress: true,
    sharedIp: true,
    bindBurst: true,
    refundRate: true,
    selfPurchaseLoop: true,
  },
  bindBurstPerHour: 5,
  refundRateBp: 5000,
  refundMinOrders: 3,
  bindsPerIpPerHour: 0,
};

/** The signal switches in the order the form lists them, with their names. */
export const SIGNAL_SWITCHES: Array<{ key: keyof RiskRules['signals']; label: string }> = [
  { key: 'sharedPhone', label: '买家与推广员手机号相同' },
  { key: 'sharedAddress', label: '买家与推广员收货地址相同' },
  { key: 'sharedIp', label: '买家与推广员 IP 相同' },
  { key: 'bindBurst', label: '同一 IP 短时间内大量绑定同一推广码' },
  { key: 'refundRate', label: '买家退款率过高' },
  { key: 'selfPurchaseLoop', label: '自购或互购循环' },
];

export interface RiskForm {
  enabled: boolean;
  signals: RiskRules['signals'];
  bindBurstPerHour: string;
  refundRatePercent: string;
  refundMinOrders: string;
  bindsPerIpPerHour: string;
}

export function formOf(rules: Pick<Rules, 'risk'>): RiskForm {
  const risk = rules.risk ?? FORM_DEFAULTS;
  return {
    enabled: risk.enabled,
    signals: { ...risk.signals },
    bindBurstPerHour: String(risk.bindBurstPerHour),
    refundRatePercent: String(risk.refundRateBp / 100),
    refundMinOrders: String(risk.refundMinOrders),
    bindsPerIpPerHour: String(risk.bindsPerIpPerHour),
  };
}

type Field = 'bindBurstPerHour' | 'refundRateBp' | 'refundMinOrders' | 'bindsPerIpPerHour';

/** The schema's bounds per field (integers, inclusive) and the message when a value is outside them. */
const BOUNDS: Record<Field, { min: number; max: number; message: string }> = {
  bindBurstPerHour: { min: 2, max: 10_000, message: '同 IP 绑定同一推广码：2-10000 次/小时' },
  refundRateBp: { min: 1, max: 10_000, message: '退款率阈值：0.01-100，最多两位小数' },
  refundMinOrders: { min: 1, max: 10_000, message: '退款率最少订单数：1-10000 的整数' },
  bindsPerIpPerHour: { min: 0, max: 100_000, message: '每个 IP 每小时最多绑定：0-100000（0 为不限）' },
};

/** The section to save, or the first problem in Chinese. */
export function riskOf(form: RiskForm): { ok: true; risk: RiskRules } | { ok: false; message: string } {
  const number = (text: string): number => (text.trim() === '' ? NaN : Number(text));
  const values: Record<Field, number> = {
    bindBurstPerHour: number(form.bindBurstPerHour),
    refundRateBp: Math.round(number(form.refundRatePercent) * 100),
    refundMinOrders: number(form.refundMinOrders),
    bindsPerIpPerHour: number(form.bindsPerIpPerHour),
  };
  for (const field of Object.keys(BOUNDS) as Field[]) {
    const { min, max, message } = BOUNDS[field];
    const value = values[field];
    if (!Number.isInteger(value) || value < min || value > max) return { ok: false, message };
  }
  return { ok: true, risk: { enabled: form.enabled, signals: { ...form.signals }, ...values } };
}
