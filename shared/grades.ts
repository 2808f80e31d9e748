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
