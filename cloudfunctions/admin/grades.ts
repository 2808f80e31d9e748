/**
 * Grade administration (saveGrade, deleteGrade). Grades live in the rules document, so each
 * change builds the next rules from the version the admin's page was loaded from and saves them
 * through updateRules: the same compare-and-set on the version, the same history and the same
 * replays. A retried call whose first attempt went through finds its base in the history and is
 * answered `replayed`.
 */
import type { AdminError, AdminInput, AdminOutput } from '@shared/contracts/admin';
import { gradeProblems } from '@shared/grades';
import { fail, type Result } from '@shared/result';
import { RulesInput, type Grade, type Rules } from '@shared/rules';
import { rulesLimits } from '@shared/rulesLimits';
import { getDoc } from '../_lib/db';
import type { AdminContext } from './context';
import { conflict, peekRules, updateRules } from './rules';
import { rulesOf } from './views';

type GradeOutput = Promise<Result<AdminOutput<'saveGrade'>, AdminError>>;

/** The rules at `version`: the current ones, or that version from the history (a retried call); null if there is none. */
async function rulesAt(version: number): Promise<{ base: Rules | null; currentVersion: number }> {
  const { rules: current } = await peekRules();
  if (current.version === version) return { base: rulesOf(current), currentVersion: current.version };
  const saved = version < current.version ? await getDoc('rulesHistory', `v${version}`) : null;
  return { base: saved ? rulesOf(saved) : null, currentVersion: current.version };
}

/** Grades are kept in rank order, so every list of them (this page, the rules page) reads the same way. */
const byRank = (grades: Grade[]): Grade[] => [...grades].sort((a, b) => a.rank - b.rank);

async function save(context: AdminContext, expectedVersion: number, rules: Rules): GradeOutput {
  // The whole rule set is checked once more (at most 10 grades, one rate per level, the default grade kept).
  const parsed = RulesInput.safeParse(rules);
  if (!parsed.success) return fail('INVALID_GRADE', parsed.error.issues[0]?.message ?? 'invalid grades');
  return updateRules(context, { expectedVersion, rules: parsed.data });
}

export async function saveGrade(context: AdminContext, input: AdminInput<'saveGrade'>): GradeOutput {
  const { base, currentVersion } = await rulesAt(input.expectedVersion);
  if (!base) return conflict(currentVersion, input.expectedVersion);
  const { grade } = input;
  const exists = base.grades.some((candidate) => candidate.id === grade.id);
  if (input.mode === 'create' && exists)
    return fail('GRADE_EXISTS', `等级编号 ${grade.id} 已被使用 (the grade id is in use)`);
  if (input.mode === 'update' && !exists) return fail('UNKNOWN_GRADE', `等级 ${grade.id} 不存在 (no such grade)`);
  const problem = gradeProblems(grade, base, rulesLimits())[0];
  if (problem) return fail(problem.code, problem.message);
  const grades =
    input.mode === 'create'
      ? [...base.grades, grade]
      : base.grades.map((candidate) => (candidate.id === grade.id ? grade : candidate));
  return save(context, input.expectedVersion, { ...base, grades: byRank(grades) });
}

/** Deletes a grade nobody holds (updateRules refuses GRADE_IN_USE) that is not the default grade. */
export async function deleteGrade(context: AdminContext, input: AdminInput<'deleteGrade'>): GradeOutput {
  const { base, currentVersion } = await rulesAt(input.expectedVersion);
  if (!base) return conflict(currentVersion, input.expectedVersion);
  const grade = base.grades.find((candidate) => candidate.id === input.gradeId);
  if (!grade) return fail('UNKNOWN_GRADE', `等级 ${input.gradeId} 不存在 (no such grade)`);
  if (grade.id === base.defaultGradeId)
    return fail(
      'GRADE_IS_DEFAULT',
      `「${grade.name}」是新分销员的默认等级，不能删除 (the default grade cannot be deleted)`,
    );
  const grades = base.grades.filter((candidate) => candidate.id !== grade.id);
  return save(context, input.expectedVersion, { ...base, grades });
}
