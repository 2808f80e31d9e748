/**
 * Distributor grades (docs/rules.md section 3, `grades`): which grade a distributor should hold
 * given their progress, and how far they are from the next one. Pure: the use case in
 * cloudfunctions/_lib/grades.ts reads the progress and writes the change.
 */
import type { Grade, GradeUpgrade, Rules } from './rules';

type GradeRules = Pick<Rules, 'grades' | 'defaultGradeId'>;

/** The four figures upgrade conditions are measured on; counts are people, amounts are fen. */
export interface GradeProgress {
  /** Direct members (level-1 team), counted over `ancestors.0`. */
  directInvitees: number;
  /** The distributor's own paid spend (`user.stats.paidSpendFen`), in fen. */
  ownPaidSpendFen: number;
  /** Paid sales of the team, levels 1-3 (`user.stats.teamPaidSalesFen`), in fen. */
  teamPaidSalesFen: number;
  /** Commission released to the distributor so far (`user.stats.releasedCommissionFen`), in fen. */
  releasedCommissionFen: number;
}

export type GradeMetric = keyof GradeProgress;
export const GRADE_METRICS: ReadonlyArray<GradeMetric> = [
  'directInvitees',
  'ownPaidSpendFen',
  'teamPaidSalesFen',
  'releasedCommissionFen',
];

export interface CurrentGrade {
  /** The stored grade id; null (or an id the rules no longer have) means the default grade. */
  gradeId: string | null;
  /** True when an admin set the grade by hand: no automatic change then. */
  gradeSetByAdmin: boolean;
}

/** One stored grade change (collection `gradeChanges`), written before the user's grade moves. */
export interface GradeChangeDocument {
  /** Automatic changes: `auto-<userId>-<toGradeId>` (see autoGradeChangeId). */
  _id: string;
  /** OPENID of the distributor. */
  userId: string;
  /** The grade held before: the stored id, or the default grade's id when none was stored. */
  fromGradeId: string;
  toGradeId: string;
  /** `auto`: reached an upgrade condition; `admin`: set by hand in the admin function. */
  reason: 'auto' | 'admin';
  /** For `admin` changes, the OPENID of the admin who made it. */
  by?: string;
  /** For `admin` changes, the admin's stated reason (1-200 characters); absent on older records. */
  note?: string;
  /** The progress the decision was made on (automatic changes; admin changes may record it too). */
  progress?: GradeProgress;
  at: Date;
}

/** The grade a stored id stands for: the default grade for null or an id the rules no longer have. */
export function heldGrade(rules: GradeRules, gradeId: string | null): Grade {
  const held =
    rules.grades.find((grade) => grade.id === gradeId) ??
    rules.grades.find((grade) => grade.id === rules.defaultGradeId);
  if (!held) throw new Error(`rules have no default grade ${rules.defaultGradeId}`);
  return held;
}

/**
 * The id of an automatic upgrade's history document. Deterministic, so a retried upgrade finds
 * the document its first attempt wrote. Automatic upgrades only go up, so a user reaches each
 * grade automatically once, unless an admin moved them down in between (then the later
 * automatic return to that grade reuses the first document: see docs/api.md (distributor)).
 */
export function autoGradeChangeId(userId: string, toGradeId: string): string {
  return `auto-${userId}-${toGradeId}`;
}

/** The grade's conditions as [metric, threshold] pairs; empty for a manual-only grade. */
export function upgradeConditions(upgradeWhen: GradeUpgrade): Array<[GradeMetric, number]> {
  return GRADE_METRICS.flatMap((metric) => {
    const threshold = upgradeWhen[metric];
    return threshold === undefined ? [] : [[metric, threshold] as [GradeMetric, number]];
  });
}

/** True when ANY of the grade's upgrade conditions is met; a grade without conditions is never reached automatically. */
export function upgradeConditionMet(grade: Grade, progress: GradeProgress): boolean {
  return upgradeConditions(grade.upgradeWhen).some(([metric, threshold]) => progress[metric] >= threshold);
}

/**
 * The grade a distributor should hold: the highest-rank grade whose upgrade condition is met,
 * but never one ranked at or below the current grade (upgrades only go up, and an equal rank
 * is no upgrade), and no change at all when an admin set the grade by hand. Among met grades
 * of the same rank the first in the rules' order wins, so the answer is deterministic.
 */
export function evaluateGrade(rules: GradeRules, current: CurrentGrade, progress: GradeProgress): Grade {
  const held = heldGrade(rules, current.gradeId);
  if (current.gradeSetByAdmin) return held;
  let best = held;
  for (const grade of rules.grades) {
    if (grade.rank > best.rank && upgradeConditionMet(grade, progress)) best = grade;
  }
  return best;
}

export interface ConditionProgress {
  metric: GradeMetric;
  /** The threshold of the condition (people or fen, as the metric's name says). */
  target: number;
  /** The distributor's figure now. */
  current: number;
  met: boolean;
}

export interface NextGrade {
  grade: Grade;
  /** Reaching ANY one of these upgrades the distributor. */
  conditions: ConditionProgress[];
}

/**
 * The next grade a distributor can reach automatically: the lowest-rank grade above the
 * current one that has upgrade conditions. Null when there is none or the grade was set by hand.
 */
export function nextGrade(rules: GradeRules, current: CurrentGrade, progress: GradeProgress): NextGrade | null {
  if (current.gradeSetByAdmin) return null;
  const held = heldGrade(rules, current.gradeId);
  const candidates = rules.grades.filter(
    (grade) => grade.rank > held.rank && upgradeConditions(grade.upgradeWhen).length > 0,
  );
  const next = candidates.reduce<Grade | null>(
    (lowest, grade) => (lowest === null || grade.rank < lowest.rank ? grade : lowest),
    null,
  );
  if (!next) return null;
  const conditions = upgradeConditions(next.upgradeWhen).map(([metric, target]) => ({
    metric,
    target,
    current: progress[metric],
    met: progress[metric] >= target,
  }));
  return { grade: next, conditions };
}

/** What is wrong with a grade, as the admin's grade page and the admin function both say it. */
export interface GradeProblem {
  /** The form field: `id`, `name`, `rank`, `ratesBp.<level index>`, `ratesBp` or an upgradeWhen metric. */
  field: string;
  /** INVALID_GRADE for a value out of bounds, GRADE_OVER_CAP for rates adding up to more than the cap. */
  code: 'INVALID_GRADE' | 'GRADE_OVER_CAP';
  message: string;
}

type Bounds = { min: number; max: number };
/** The parts of the rules limits (shared/rulesLimits.ts) a grade is checked against. */
export interface GradeLimits {
  rateBp: Bounds;
  amountFen: Bounds;
  grades: { rank: Bounds; idPattern: string; nameLength: Bounds; directInvitees: Bounds };
}

const LEVEL_NAMES = ['一级', '二级', '三级'];
const percent = (rateBp: number): string => `${Number((rateBp / 100).toFixed(2))}%`;
const yuan = (fen: number): string => `¥${(fen / 100).toFixed(2)}`;
const within = (value: number, bounds: Bounds): boolean =>
  Number.isInteger(value) && value >= bounds.min && value <= bounds.max;

function rateProblems(grade: Grade, rules: Pick<Rules, 'levels' | 'capBp'>, limits: GradeLimits): GradeProblem[] {
  const invalid = (field: string, message: string): GradeProblem => ({ field, code: 'INVALID_GRADE', message });
  if (grade.ratesBp.length !== rules.levels)
    return [invalid('ratesBp', `需要 ${rules.levels} 个佣金比例，每级一个 (give one rate per level)`)];
  const problems = grade.ratesBp.flatMap((rate, level) =>
    within(rate, limits.rateBp)
      ? []
      : [
          invalid(
            `ratesBp.${level}`,
            `${LEVEL_NAMES[level] ?? `${level + 1}级`}比例须在 ${percent(limits.rateBp.min)}-${percent(limits.rateBp.max)} 之间 (rate out of bounds)`,
          ),
        ],
  );
  const total = grade.ratesBp.reduce((sum, rate) => sum + rate, 0);
  if (problems.length === 0 && total > rules.capBp)
    problems.push({
      field: 'ratesBp',
      code: 'GRADE_OVER_CAP',
      message: `各级比例合计 ${percent(total)}，超过了佣金封顶 ${percent(rules.capBp)} (the rates add up to more than capBp)`,
    });
  return problems;
}

/**
 * Every problem of a grade under the given rules and limits; empty when the grade can be saved.
 * Beyond the schema's bounds, a grade must give one rate per commission level, and its rates
 * together must not exceed the cap (a grade whose rates the cap would always cut promises more
 * than it pays).
 */
export function gradeProblems(
  grade: Grade,
  rules: Pick<Rules, 'levels' | 'capBp'>,
  limits: GradeLimits,
): GradeProblem[] {
  const invalid = (field: string, message: string): GradeProblem => ({ field, code: 'INVALID_GRADE', message });
  const problems: GradeProblem[] = [];
  if (!new RegExp(limits.grades.idPattern).test(grade.id))
    problems.push(invalid('id', '编号须为 1-32 位小写字母、数字、_ 或 - (grade id)'));
  const nameLength = Array.from(grade.name.trim()).length;
  if (nameLength < limits.grades.nameLength.min || nameLength > limits.grades.nameLength.max)
    problems.push(
      invalid('name', `名称须为 ${limits.grades.nameLength.min}-${limits.grades.nameLength.max} 个字 (grade name)`),
    );
  if (!within(grade.rank, limits.grades.rank))
    problems.push(
      invalid('rank', `排位须为 ${limits.grades.rank.min}-${limits.grades.rank.max} 的整数 (rank out of bounds)`),
    );
  problems.push(...rateProblems(grade, rules, limits));
  for (const [metric, threshold] of upgradeConditions(grade.upgradeWhen)) {
    const bounds = metric === 'directInvitees' ? limits.grades.directInvitees : limits.amountFen;
    if (within(threshold, bounds)) continue;
    const shown = (value: number): string => (metric === 'directInvitees' ? `${value} 人` : yuan(value));
    problems.push(
      invalid(metric, `升级条件须在 ${shown(bounds.min)}-${shown(bounds.max)} 之间 (threshold out of bounds)`),
    );
  }
  return problems;
}
