/** shared/grades.ts gradeProblems: what the grade page and saveGrade both refuse, field by field. */
import { gradeProblems } from '@shared/grades';
import { DEFAULT_RULES, Grade as GradeSchema, type Grade } from '@shared/rules';
import { rulesLimits } from '@shared/rulesLimits';

const OK: Grade = { id: 'vip', name: '至尊', rank: 5, ratesBp: [1500, 800], upgradeWhen: { directInvitees: 10 } };
const problems = (grade: Partial<Grade>, rules = DEFAULT_RULES) =>
  gradeProblems({ ...OK, ...grade }, rules, rulesLimits()).map(({ field, code }) => `${field}:${code}`);

describe('gradeProblems', () => {
  it('accepts a grade the schema accepts, with one rate per level and rates within the cap', () => {
    expect(problems({})).toEqual([]);
    expect(problems({ ratesBp: [2000, 1000] })).toEqual([]);
  });

  it('refuses each field out of bounds, as the schema would', () => {
    const cases: Array<[Partial<Grade>, string[]]> = [
      [{ id: 'VIP' }, ['id:INVALID_GRADE']],
      [{ name: ' ' }, ['name:INVALID_GRADE']],
      [{ name: '一二三四五六七八九十一二三四五六七八九十一' }, ['name:INVALID_GRADE']],
      [{ rank: 101 }, ['rank:INVALID_GRADE']],
      [{ ratesBp: [10_001, 0] }, ['ratesBp.0:INVALID_GRADE']],
      [{ upgradeWhen: { directInvitees: 0 } }, ['directInvitees:INVALID_GRADE']],
      [{ upgradeWhen: { teamPaidSalesFen: 10_000_000_001 } }, ['teamPaidSalesFen:INVALID_GRADE']],
    ];
    for (const [grade, expected] of cases) {
      expect(problems(grade)).toEqual(expected);
      // The schema refuses the same values, so the page never sends what the function's input parse refuses.
      expect(GradeSchema.safeParse({ ...OK, ...grade }).success).toBe(false);
    }
  });

  it('asks for one rate per commission level and keeps the rates within the cap', () => {
    expect(problems({ ratesBp: [1500] })).toEqual(['ratesBp:INVALID_GRADE']);
    expect(problems({ ratesBp: [1500, 800, 100] })).toEqual(['ratesBp:INVALID_GRADE']);
    expect(problems({ ratesBp: [2000, 1001] })).toEqual(['ratesBp:GRADE_OVER_CAP']);
    expect(problems({ ratesBp: [1000] }, { ...DEFAULT_RULES, levels: 1, capBp: 900 })).toEqual([
      'ratesBp:GRADE_OVER_CAP',
    ]);
  });
});
