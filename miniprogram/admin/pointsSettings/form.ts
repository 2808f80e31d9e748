/**
 * The 积分设置 form (docs/wallet.md section 4): the rules' `points` section as text fields, checked
 * here with the bounds of the schema (shared/rules.ts PointsRules) before `admin.updateRules`
 * checks them again. The schema itself is not bundled (it would carry zod into the package);
 * tests/miniprogram/points.test.ts compares this form's verdicts with the schema's.
 * The deduction cap is entered in percent (0-100) and stored in basis points.
 */
import type { PointsRules, Rules } from '@shared/rules';

/** What the form shows for a shop whose rules have no points section yet: shared/rules.ts DEFAULT_POINTS_RULES. */
export const FORM_DEFAULTS: PointsRules = {
  enabled: false,
  earnPerYuan: 1,
  pointsPerYuan: 100,
  maxDeductBp: 5000,
  validityMonths: 12,
};

export interface PointsForm {
  enabled: boolean;
  earnPerYuan: string;
  pointsPerYuan: string;
  maxDeductPercent: string;
  validityMonths: string;
}

export function formOf(rules: Pick<Rules, 'points'>): PointsForm {
  const points = rules.points ?? FORM_DEFAULTS;
  return {
    enabled: points.enabled,
    earnPerYuan: String(points.earnPerYuan),
    pointsPerYuan: String(points.pointsPerYuan),
    maxDeductPercent: String(points.maxDeductBp / 100),
    validityMonths: String(points.validityMonths),
  };
}

type Field = Exclude<keyof PointsRules, 'enabled'>;

/** The schema's bounds per field (integers, inclusive) and the message when a value is outside them. */
const BOUNDS: Record<Field, { min: number; max: number; message: string }> = {
  earnPerYuan: { min: 0, max: 1000, message: '每元得积分：0-1000 的整数' },
  pointsPerYuan: { min: 1, max: 100_000, message: '多少积分抵 1 元：1-100000 的整数' },
  maxDeductBp: { min: 0, max: 10_000, message: '最多抵扣比例：0-100，最多两位小数' },
  validityMonths: { min: 0, max: 120, message: '有效期：0-120 个月（0 为永久）' },
};

/** The section to save, or the first problem in Chinese. */
export function pointsOf(form: PointsForm): { ok: true; points: PointsRules } | { ok: false; message: string } {
  const number = (text: string): number => (text.trim() === '' ? NaN : Number(text));
  const values: Record<Field, number> = {
    earnPerYuan: number(form.earnPerYuan),
    pointsPerYuan: number(form.pointsPerYuan),
    maxDeductBp: Math.round(number(form.maxDeductPercent) * 100),
    validityMonths: number(form.validityMonths),
  };
  for (const field of Object.keys(BOUNDS) as Field[]) {
    const { min, max, message } = BOUNDS[field];
    const value = values[field];
    if (!Number.isInteger(value) || value < min || value > max) return { ok: false, message };
  }
  return { ok: true, points: { enabled: form.enabled, ...values } };
}
