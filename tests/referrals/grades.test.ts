/** shared/grades.ts: evaluateGrade and nextGrade, by example and by property (fast-check). */
import fc from 'fast-check';
import { evaluateGrade, heldGrade, nextGrade, type CurrentGrade, type GradeProgress } from '@shared/grades';
import { DEFAULT_RULES, RulesInput, type Grade, type Rules } from '@shared/rules';

const ZERO: GradeProgress = { directInvitees: 0, ownPaidSpendFen: 0, teamPaidSalesFen: 0, releasedCommissionFen: 0 };
const auto = (gradeId: string | null): CurrentGrade => ({ gradeId, gradeSetByAdmin: false });
const byHand = (gradeId: string | null): CurrentGrade => ({ gradeId, gradeSetByAdmin: true });

/** Default rules: standard (rank 0), silver (20 invitees or ¥10,000 team sales), gold (100 or ¥100,000). */
const rules = DEFAULT_RULES;

/** Four grades, one per metric, and a manual-only VIP grade above them. */
const metricRules: Rules = RulesInput.parse({
  ...DEFAULT_RULES,
  grades: [
    { id: 'base', name: '基础', rank: 0, ratesBp: [1000, 500] },
    { id: 'spender', name: '消费达人', rank: 1, ratesBp: [1100, 500], upgradeWhen: { ownPaidSpendFen: 50_000 } },
    { id: 'earner', name: '收益达人', rank: 2, ratesBp: [1200, 600], upgradeWhen: { releasedCommissionFen: 20_000 } },
    { id: 'vip', name: 'VIP', rank: 9, ratesBp: [2000, 1000] },
  ],
  defaultGradeId: 'base',
});

describe('evaluateGrade', () => {
  it.each<[string, CurrentGrade, Partial<GradeProgress>, string]>([
    ['no progress keeps the default grade', auto(null), {}, 'standard'],
    ['19 invitees are not enough for silver', auto(null), { directInvitees: 19 }, 'standard'],
    ['20 invitees reach silver', auto(null), { directInvitees: 20 }, 'silver'],
    [
      'team sales of ¥10,000 alone reach silver (ANY condition)',
      auto('standard'),
      { teamPaidSalesFen: 1_000_000 },
      'silver',
    ],
    ['team sales one fen short stay standard', auto('standard'), { teamPaidSalesFen: 999_999 }, 'standard'],
    ['100 invitees go straight to gold', auto('standard'), { directInvitees: 100 }, 'gold'],
    [
      'silver with gold-level sales moves to gold',
      auto('silver'),
      { directInvitees: 3, teamPaidSalesFen: 10_000_000 },
      'gold',
    ],
    ['gold with no progress stays gold (never down)', auto('gold'), {}, 'gold'],
    ['gold with silver-level progress stays gold', auto('gold'), { directInvitees: 20 }, 'gold'],
    [
      'a grade set by hand stays, however much progress',
      byHand('standard'),
      { directInvitees: 1000, teamPaidSalesFen: 99_000_000 },
      'standard',
    ],
    ['a grade set by hand stays, even with none', byHand('gold'), {}, 'gold'],
    ['an unknown stored grade counts as the default', auto('removed'), { directInvitees: 20 }, 'silver'],
    ['an unknown stored grade set by hand answers the default grade', byHand('removed'), {}, 'standard'],
  ])('%s', (_label, current, progress, expected) => {
    expect(evaluateGrade(rules, current, { ...ZERO, ...progress }).id).toBe(expected);
  });

  it.each<[string, Partial<GradeProgress>, string]>([
    ['own spend of ¥500 reaches spender', { ownPaidSpendFen: 50_000 }, 'spender'],
    ['released commission of ¥200 reaches earner', { releasedCommissionFen: 20_000 }, 'earner'],
    ['both reach the higher one', { ownPaidSpendFen: 50_000, releasedCommissionFen: 20_000 }, 'earner'],
    [
      'a manual-only grade is never reached automatically',
      { ownPaidSpendFen: 10_000_000_000, releasedCommissionFen: 10_000_000_000, directInvitees: 1_000_000 },
      'earner',
    ],
  ])('%s', (_label, progress, expected) => {
    expect(evaluateGrade(metricRules, auto('base'), { ...ZERO, ...progress }).id).toBe(expected);
  });

  it('an equal rank is no upgrade, and among met grades of one rank the first listed wins', () => {
    const tied: Pick<Rules, 'grades' | 'defaultGradeId'> = {
      defaultGradeId: 'a',
      grades: [
        { id: 'a', name: 'A', rank: 0, ratesBp: [100], upgradeWhen: {} },
        { id: 'b', name: 'B', rank: 1, ratesBp: [100], upgradeWhen: { directInvitees: 1 } },
        { id: 'c', name: 'C', rank: 1, ratesBp: [100], upgradeWhen: { directInvitees: 1 } },
      ],
    };
    expect(evaluateGrade(tied, auto('a'), { ...ZERO, directInvitees: 5 }).id).toBe('b');
    expect(evaluateGrade(tied, auto('c'), { ...ZERO, directInvitees: 5 }).id).toBe('c');
  });

  it('a default grade ranked above others is never left for a lower one', () => {
    const high: Pick<Rules, 'grades' | 'defaultGradeId'> = {
      defaultGradeId: 'mid',
      grades: [
        { id: 'low', name: 'Low', rank: 0, ratesBp: [100], upgradeWhen: { directInvitees: 1 } },
        { id: 'mid', name: 'Mid', rank: 5, ratesBp: [100], upgradeWhen: {} },
      ],
    };
    expect(evaluateGrade(high, auto(null), { ...ZERO, directInvitees: 10 }).id).toBe('mid');
  });
});

describe('nextGrade', () => {
  it('shows the next grade with each condition and how far the distributor is', () => {
    expect(nextGrade(rules, auto(null), { ...ZERO, directInvitees: 7, teamPaidSalesFen: 250_000 })).toEqual({
      grade: expect.objectContaining({ id: 'silver' }),
      conditions: [
        { metric: 'directInvitees', target: 20, current: 7, met: false },
        { metric: 'teamPaidSalesFen', target: 1_000_000, current: 250_000, met: false },
      ],
    });
  });

  it('is null at the top, for a grade set by hand, and skips manual-only grades', () => {
    expect(nextGrade(rules, auto('gold'), ZERO)).toBeNull();
    expect(nextGrade(rules, byHand('standard'), ZERO)).toBeNull();
    expect(nextGrade(metricRules, auto('earner'), ZERO)).toBeNull();
    expect(nextGrade(metricRules, auto('base'), ZERO)?.grade.id).toBe('spender');
  });
});

// ---- properties ----------------------------------------------------------------------------

const METRIC_CAP = 1_000_000;
const progressArb = fc.record({
  directInvitees: fc.nat(METRIC_CAP),
  ownPaidSpendFen: fc.nat(METRIC_CAP),
  teamPaidSalesFen: fc.nat(METRIC_CAP),
  releasedCommissionFen: fc.nat(METRIC_CAP),
});

const upgradeWhenArb = fc.record(
  {
    directInvitees: fc.integer({ min: 1, max: METRIC_CAP }),
    ownPaidSpendFen: fc.nat(METRIC_CAP),
    teamPaidSalesFen: fc.nat(METRIC_CAP),
    releasedCommissionFen: fc.nat(METRIC_CAP),
  },
  { requiredKeys: [] },
);

/** 1-6 grades with unique ids, ranks that may tie, random conditions, any of them the default. */
const rulesArb = fc
  .uniqueArray(fc.constantFrom('g0', 'g1', 'g2', 'g3', 'g4', 'g5'), { minLength: 1, maxLength: 6 })
  .chain((ids) =>
    fc.record({
      grades: fc.tuple(
        ...ids.map((id) =>
          fc.record({
            id: fc.constant<string>(id),
            name: fc.constant<string>(id),
            rank: fc.nat(4),
            ratesBp: fc.constant<number[]>([1000]),
            upgradeWhen: upgradeWhenArb,
          }),
        ),
      ),
      defaultGradeId: fc.constantFrom(...ids),
    }),
  ) as fc.Arbitrary<Pick<Rules, 'grades' | 'defaultGradeId'>>;

const currentArb = fc.record({
  gradeId: fc.oneof(fc.constantFrom('g0', 'g1', 'g2', 'g3', 'g4', 'g5', 'gone'), fc.constant(null)),
  gradeSetByAdmin: fc.boolean(),
});

const met = (grade: Grade, progress: GradeProgress): boolean =>
  (Object.keys(grade.upgradeWhen) as Array<keyof GradeProgress>).some(
    (metric) => progress[metric] >= (grade.upgradeWhen[metric] as number),
  );

describe('evaluateGrade properties', () => {
  it('is monotone in progress: more progress never gives a lower rank', () => {
    fc.assert(
      fc.property(rulesArb, currentArb, progressArb, progressArb, (r, current, progress, extra) => {
        const more = {
          directInvitees: progress.directInvitees + extra.directInvitees,
          ownPaidSpendFen: progress.ownPaidSpendFen + extra.ownPaidSpendFen,
          teamPaidSalesFen: progress.teamPaidSalesFen + extra.teamPaidSalesFen,
          releasedCommissionFen: progress.releasedCommissionFen + extra.releasedCommissionFen,
        };
        return evaluateGrade(r, current, more).rank >= evaluateGrade(r, current, progress).rank;
      }),
      { numRuns: 2000 },
    );
  });

  it('never answers a grade ranked below the current one', () => {
    fc.assert(
      fc.property(
        rulesArb,
        currentArb,
        progressArb,
        (r, current, progress) => evaluateGrade(r, current, progress).rank >= heldGrade(r, current.gradeId).rank,
      ),
      { numRuns: 2000 },
    );
  });

  it('respects gradeSetByAdmin: the held grade, whatever the progress', () => {
    fc.assert(
      fc.property(rulesArb, currentArb, progressArb, (r, current, progress) => {
        const byAdmin = { ...current, gradeSetByAdmin: true };
        return evaluateGrade(r, byAdmin, progress).id === heldGrade(r, current.gradeId).id;
      }),
      { numRuns: 2000 },
    );
  });

  it('answers the held grade or a met grade, and no met grade outranks the answer', () => {
    fc.assert(
      fc.property(rulesArb, currentArb, progressArb, (r, current, progress) => {
        const answer = evaluateGrade(r, current, progress);
        const held = heldGrade(r, current.gradeId);
        if (current.gradeSetByAdmin) return answer.id === held.id;
        const soundChoice = answer.id === held.id || met(answer, progress);
        const maximal = r.grades.every((grade) => !met(grade, progress) || grade.rank <= answer.rank);
        return soundChoice && maximal;
      }),
      { numRuns: 2000 },
    );
  });

  it('is idempotent: holding the answer, the answer stays', () => {
    fc.assert(
      fc.property(rulesArb, currentArb, progressArb, (r, current, progress) => {
        const answer = evaluateGrade(r, current, progress);
        return evaluateGrade(r, { ...current, gradeId: answer.id }, progress).id === answer.id;
      }),
      { numRuns: 2000 },
    );
  });
});
