/**
 * The grade form of 分销等级: text fields to a grade and back. The checks beyond "is it a number"
 * are shared/grades.ts gradeProblems, the very function the admin function's saveGrade runs, so
 * the page refuses exactly what the server refuses, with the same words.
 */
import type { RulesLimits } from '@shared/contracts/admin';
import { GRADE_METRICS, gradeProblems, type GradeMetric } from '@shared/grades';
import { formatFen } from '@shared/money';
import type { Grade, Rules } from '@shared/rules';
import { formatRateBp, GRADE_METRIC_LABELS } from '../../utils/format';
import { bpToPercent, fenToYuan, percentToBp, yuanToFen } from '../rules/form';

export interface GradeForm {
  id: string;
  name: string;
  rank: string;
  /** Percent per level, e.g. "12.5". */
  rates: string[];
  /** Per metric: people for directInvitees, yuan for the others; empty means no such condition. */
  upgrade: Record<GradeMetric, string>;
}

/** Field (`id`, `name`, `rank`, `ratesBp`, `ratesBp.<level>`, a metric) -> what is wrong with it. */
export type GradeErrors = Record<string, string>;

const LEVEL_NAMES = ['一级', '二级', '三级'];
const isPeople = (metric: GradeMetric): boolean => metric === 'directInvitees';

export function emptyForm(levels: number, rank: number): GradeForm {
  const upgrade = Object.fromEntries(GRADE_METRICS.map((metric) => [metric, ''])) as Record<GradeMetric, string>;
  return { id: '', name: '', rank: String(rank), rates: Array.from({ length: levels }, () => ''), upgrade };
}

export function formOf(grade: Grade, levels: number): GradeForm {
  const upgrade = emptyForm(levels, 0).upgrade;
  for (const metric of GRADE_METRICS) {
    const threshold = grade.upgradeWhen[metric];
    if (threshold !== undefined) upgrade[metric] = isPeople(metric) ? String(threshold) : fenToYuan(threshold);
  }
  const rates = Array.from({ length: levels }, (_, level) => {
    const rate = grade.ratesBp[level];
    return rate === undefined ? '' : bpToPercent(rate);
  });
  return { id: grade.id, name: grade.name, rank: String(grade.rank), rates, upgrade };
}

function upgradeOf(form: GradeForm, errors: GradeErrors): Grade['upgradeWhen'] {
  const upgradeWhen: Grade['upgradeWhen'] = {};
  for (const metric of GRADE_METRICS) {
    const text = form.upgrade[metric].trim();
    if (text === '') continue;
    const value = isPeople(metric) ? (/^\d{1,9}$/.test(text) ? Number(text) : undefined) : yuanToFen(text);
    if (value === undefined) errors[metric] = isPeople(metric) ? '请输入整数人数' : '请输入金额（元），最多两位小数';
    else upgradeWhen[metric] = value;
  }
  return upgradeWhen;
}

/** The grade the form describes, or what is wrong with it. */
export function gradeOf(
  form: GradeForm,
  rules: Pick<Rules, 'levels' | 'capBp'>,
  limits: RulesLimits,
): { grade: Grade; errors: null } | { grade: null; errors: GradeErrors } {
  const errors: GradeErrors = {};
  const rank = /^\d{1,3}$/.test(form.rank.trim()) ? Number(form.rank.trim()) : undefined;
  if (rank === undefined) errors.rank = '请输入整数排位';
  const ratesBp = form.rates.map((text, level) => {
    const rate = percentToBp(text);
    if (rate === undefined) errors[`ratesBp.${level}`] = '请输入百分比，最多两位小数';
    return rate ?? 0;
  });
  const grade: Grade = {
    id: form.id.trim(),
    name: form.name.trim(),
    rank: rank ?? 0,
    ratesBp,
    upgradeWhen: upgradeOf(form, errors),
  };
  for (const problem of gradeProblems(grade, rules, limits)) errors[problem.field] ??= problem.message;
  return Object.keys(errors).length > 0 ? { grade: null, errors } : { grade, errors: null };
}

export interface GradeRow {
  id: string;
  name: string;
  rank: number;
  rates: string;
  conditions: string;
  isDefault: boolean;
}

function conditionText(grade: Grade): string {
  const parts = GRADE_METRICS.flatMap((metric) => {
    const threshold = grade.upgradeWhen[metric];
    if (threshold === undefined) return [];
    return [`${GRADE_METRIC_LABELS[metric]}满 ${isPeople(metric) ? `${threshold} 人` : formatFen(threshold)}`];
  });
  return parts.length > 0 ? `自动升级：${parts.join(' 或 ')}` : '仅手动设置';
}

export function gradeRows(rules: Pick<Rules, 'grades' | 'levels' | 'defaultGradeId'>): GradeRow[] {
  return [...rules.grades]
    .sort((a, b) => a.rank - b.rank)
    .map((grade) => ({
      id: grade.id,
      name: grade.name,
      rank: grade.rank,
      rates: grade.ratesBp
        .slice(0, rules.levels)
        .map((rate, level) => `${LEVEL_NAMES[level]} ${formatRateBp(rate)}`)
        .join(' · '),
      conditions: conditionText(grade),
      isDefault: grade.id === rules.defaultGradeId,
    }));
}
