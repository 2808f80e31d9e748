/**
 * The team bonus (团队奖励) shots (render.shot.ts draws them with the others): the distributor's
 * 团队奖励 page and the merchant's 团队奖励设置. The figures are those of the hand-computed month in
 * tests/teamBonus/scenario.test.ts, seen by distributor A: November's bonus ¥235.00 capped to
 * ¥200.00, and December so far.
 */
import type { TeamBonusOutput } from '@shared/contracts/teamBonus';
import { DEFAULT_RULES, type TeamBonusRules } from '@shared/rules';
import { ok } from '../helpers';
import type { Shot } from './shots';

export const TEAM_BONUS_RULES: TeamBonusRules = {
  enabled: true,
  tiers: [
    { minTeamSalesFen: 100_000, bonus: { kind: 'fixed', amountFen: 3_000 } },
    { minTeamSalesFen: 300_000, bonus: { kind: 'rate', rateBp: 500 } },
  ],
  monthlyCapFen: 20_000,
  frozenDays: 3,
};

const orderLine = (no: string, netFen: number, text: string) => ({
  kind: 'order',
  text: `订单 ${no}：实付商品减退款 ${text}`,
  amountFen: netFen,
});

/** What `distributor.teamBonus` answers distributor A in mid-December. */
export function teamBonusView(extra: Partial<TeamBonusOutput> = {}): TeamBonusOutput {
  return {
    enabled: true,
    month: {
      period: '202612',
      label: '2026年12月',
      teamSalesFen: 250_000,
      orderCount: 2,
      reached: { text: '团队业绩满 ¥1,000.00 奖励 ¥30.00', bonusFen: 3_000 },
      next: { text: '团队业绩满 ¥3,000.00 奖励业绩的 5%', missingFen: 50_000 },
    },
    tiers: ['团队业绩满 ¥1,000.00 奖励 ¥30.00', '团队业绩满 ¥3,000.00 奖励业绩的 5%'],
    monthlyCapFen: 20_000,
    frozenDays: 3,
    bonuses: [
      {
        id: 'tb:oA:202611',
        period: '202611',
        periodLabel: '2026年11月',
        amountFen: 20_000,
        status: 'frozen',
        statusLabel: '冻结中',
        releaseAt: '2026-12-04T18:30:00.000Z',
        clawedBackFen: 0,
        explanation: [
          orderLine('2026110512345678', 150_000, '¥1,500.00'),
          orderLine('2026111212345678', 50_000, '¥500.00'),
          orderLine('2026111512345678', 0, '¥0.00'),
          orderLine('2026112012345678', 180_000, '¥1,800.00'),
          orderLine('2026113012345678', 90_000, '¥900.00'),
          { kind: 'total', text: '2026年11月团队业绩 ¥4,700.00（5 笔订单，退货期结束后计入）', amountFen: 470_000 },
          { kind: 'tier', text: '达到档位：团队业绩满 ¥3,000.00 奖励业绩的 5%，计 ¥235.00', amountFen: 23_500 },
          { kind: 'cap', text: '每月封顶 ¥200.00', amountFen: 20_000 },
          { kind: 'amount', text: '团队奖励 ¥200.00', amountFen: 20_000 },
        ],
        createdAt: '2026-12-01T18:30:00.000Z',
      },
    ],
    page: 1,
    pageSize: 10,
    hasMore: false,
    ...extra,
  };
}

export const TEAM_BONUS_SHOTS: Shot[] = [
  {
    name: 'team-bonus',
    path: 'distributor/teamBonus/teamBonus',
    answers: { 'distributor.teamBonus': ok(teamBonusView()) },
  },
  {
    name: 'admin-team-bonus-settings',
    path: 'admin/teamBonusSettings/teamBonusSettings',
    answers: { 'admin.getRules': ok({ version: 5, rules: { ...DEFAULT_RULES, teamBonus: TEAM_BONUS_RULES } }) },
  },
];
