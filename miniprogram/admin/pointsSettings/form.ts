/**
 * The 积分设置 form (docs/wallet.md section 4): the rules' `points` section as text fields, checked
 * against the same schema the admin function uses (shared/rules.ts PointsRules) before saving.
 * The deduction cap is entered in percent (0-100) and stored in basis points.
 */
import { DEFAULT_POINTS_RULES, PointsRules, type Rules } from '@shared/rules';

export interface PointsForm {
  enabled: boolean;
  earnPerYuan: string;
  pointsPerYuan: string;
  maxDeductPercent: string;
  validityMonths: string;
}

export function formOf(rules: Pick<Rules, 'points'>): PointsForm {
  const points = rules.points ?? DEFAULT_POINTS_RULES;
  return {
    enabled: points.enabled,
    earnPerYuan: String(points.earnPerYuan),
    pointsPerYuan: String(points.pointsPerYuan),
    maxDeductPercent: String(points.maxDeductBp / 100),
    validityMonths: String(points.validityMonths),
  };
}

const LABELS: Record<string, string> = {
  earnPerYuan: '每元得积分：0-1000 的整数',
  pointsPerYuan: '多少积分抵 1 元：1-100000 的整数',
  maxDeductBp: '最多抵扣比例：0-100，最多两位小数',
  validityMonths: '有效期：0-120 个月（0 为永久）',
};

/** The section to save, or the first problem in Chinese. */
export function pointsOf(form: PointsForm): { ok: true; points: PointsRules } | { ok: false; message: string } {
  const number = (text: string): number => (text.trim() === '' ? NaN : Number(text));
  const parsed = PointsRules.safeParse({
    enabled: form.enabled,
    earnPerYuan: number(form.earnPerYuan),
    pointsPerYuan: number(form.pointsPerYuan),
    maxDeductBp: Math.round(number(form.maxDeductPercent) * 100),
    validityMonths: number(form.validityMonths),
  });
  if (parsed.success) return { ok: true, points: parsed.data };
  const field = String(parsed.error.issues[0]?.path[0] ?? '');
  return { ok: false, message: LABELS[field] ?? '请检查填写的内容' };
}
