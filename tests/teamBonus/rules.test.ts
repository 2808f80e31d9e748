/**
 * The team bonus's rules section and its pure computation (shared/rules.ts TeamBonusRules,
 * shared/teamBonus.ts): off by default and absent from older rules; tiers strictly going up;
 * the highest tier reached, a rate rounded down or a fixed amount, cut to the cap; the progress
 * toward the next tier; China months at their boundaries.
 */
import {
  DEFAULT_RULES,
  RulesInput,
  TeamBonusRules,
  teamBonusRulesOf,
  type TeamBonusRules as Bonus,
} from '@shared/rules';
import {
  periodLabel,
  periodOf,
  periodRange,
  previousPeriod,
  teamBonusOf,
  teamBonusProgress,
  tierReached,
} from '@shared/teamBonus';

const RULES: Bonus = {
  enabled: true,
  tiers: [
    { minTeamSalesFen: 100_000, bonus: { kind: 'fixed', amountFen: 3_000 } },
    { minTeamSalesFen: 300_000, bonus: { kind: 'rate', rateBp: 333 } },
  ],
  monthlyCapFen: 20_000,
  frozenDays: 0,
};

describe('teamBonus rules', () => {
  it('is off by default, and rules saved before it existed read as off', () => {
    expect(DEFAULT_RULES.teamBonus).toBeUndefined();
    expect(teamBonusRulesOf(RulesInput.parse(DEFAULT_RULES))).toMatchObject({ enabled: false, tiers: [] });
    expect(teamBonusOf(teamBonusRulesOf(DEFAULT_RULES), 10_000_000)).toMatchObject({ tierIndex: null, amountFen: 0 });
  });

  it('accepts tiers going up and refuses tiers that do not, an empty enabled bonus, or a zero cap', () => {
    expect(RulesInput.safeParse({ ...DEFAULT_RULES, teamBonus: RULES }).success).toBe(true);
    const refused = (bonus: unknown): string[] => {
      const parsed = TeamBonusRules.safeParse(bonus);
      return parsed.success ? [] : parsed.error.issues.map((issue) => issue.path.join('.'));
    };
    expect(refused({ ...RULES, tiers: [RULES.tiers[1], RULES.tiers[0]] })).toEqual(['tiers.1.minTeamSalesFen']);
    expect(refused({ ...RULES, tiers: [RULES.tiers[0], RULES.tiers[0]] })).toEqual(['tiers.1.minTeamSalesFen']);
    expect(refused({ ...RULES, tiers: [] })).toEqual(['tiers']);
    expect(refused({ ...RULES, enabled: false, tiers: [] })).toEqual([]);
    expect(refused({ ...RULES, monthlyCapFen: 0 })).toEqual(['monthlyCapFen']);
    expect(refused({ ...RULES, frozenDays: 91 })).toEqual(['frozenDays']);
    expect(refused({ ...RULES, tiers: [{ minTeamSalesFen: 1, bonus: { kind: 'rate', rateBp: 0 } }] })).toEqual([
      'tiers.0.bonus.rateBp',
    ]);
  });
});

describe('teamBonusOf: tier, rounding, cap', () => {
  it.each([
    [99_999, null, 0, 0, false],
    [100_000, 0, 3_000, 3_000, false],
    [299_999, 0, 3_000, 3_000, false],
    // 300,000 × 3.33% = 9,990 exactly; 300,001 × 3.33% = 9,990.0333 → 9,990 (floor).
    [300_000, 1, 9_990, 9_990, false],
    [300_001, 1, 9_990, 9_990, false],
    // 700,000 × 3.33% = 23,310 → cut to the cap of 20,000.
    [700_000, 1, 23_310, 20_000, true],
  ])('team sales %p fen → tier %p, %p before the cap, %p paid', (sales, tier, uncapped, amount, capped) => {
    expect(teamBonusOf(RULES, sales)).toEqual({
      tierIndex: tier,
      uncappedFen: uncapped,
      amountFen: amount,
      capApplied: capped,
    });
    expect(tierReached(RULES.tiers, sales)).toBe(tier);
  });

  it('a disabled bonus pays nothing whatever the sales', () => {
    expect(teamBonusOf({ ...RULES, enabled: false }, 700_000).amountFen).toBe(0);
  });
});

describe('teamBonusProgress', () => {
  it('names the next tier and what is missing, then the tier reached, then the top', () => {
    expect(teamBonusProgress(RULES, 40_000)).toEqual({
      teamSalesFen: 40_000,
      reached: null,
      next: { text: '团队业绩满 ¥1,000.00 奖励 ¥30.00', missingFen: 60_000 },
    });
    expect(teamBonusProgress(RULES, 150_000)).toEqual({
      teamSalesFen: 150_000,
      reached: { text: '团队业绩满 ¥1,000.00 奖励 ¥30.00', bonusFen: 3_000 },
      next: { text: '团队业绩满 ¥3,000.00 奖励业绩的 3.33%', missingFen: 150_000 },
    });
    expect(teamBonusProgress(RULES, 900_000)).toMatchObject({ reached: { bonusFen: 20_000 }, next: null });
    expect(teamBonusProgress({ ...RULES, enabled: false }, 900_000)).toMatchObject({ reached: null, next: null });
  });
});

describe('periods on the China calendar', () => {
  it('takes the China month, and the one before across a year', () => {
    // 2026-12-31 16:30 UTC is 2027-01-01 00:30 in China.
    const newYear = new Date('2026-12-31T16:30:00Z');
    expect(periodOf(newYear)).toBe('202701');
    expect(previousPeriod(newYear)).toBe('202612');
    expect(periodOf(new Date('2026-12-31T15:59:59Z'))).toBe('202612');
    expect(periodRange('202611')).toEqual({
      from: new Date('2026-10-31T16:00:00Z'),
      to: new Date('2026-11-30T16:00:00Z'),
    });
    expect(periodLabel('202603')).toBe('2026年3月');
  });
});
