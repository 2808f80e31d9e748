/** The distributor management's results as the merchant pages receive them (shared/contracts/adminDistributors.ts). */
import type { DistributorDetail, DistributorView } from '@shared/contracts/adminDistributors';
import { DEFAULT_RULES } from '@shared/rules';

export function distributorView(userId: string, overrides: Partial<DistributorView> = {}): DistributorView {
  return {
    userId,
    nickname: '小李',
    avatarUrl: '',
    shareCode: 'K7M3Q9TX',
    status: 'approved',
    gradeId: null,
    gradeName: '普通分销员',
    gradeSetByAdmin: false,
    since: '2026-03-01T02:00:00.000Z',
    referrerId: 'oTop',
    createdAt: '2026-02-20T02:00:00.000Z',
    stats: { paidSpendFen: 25_600, teamPaidSalesFen: 1_234_500, releasedCommissionFen: 12_000 },
    team: { directMembers: 12, totalMembers: 30 },
    balances: { frozenFen: 2_560, availableFen: 10_050, withdrawingFen: 300, withdrawnFen: 50_000 },
    ...overrides,
  };
}

export function distributorDetail(overrides: Partial<DistributorDetail> = {}): DistributorDetail {
  return {
    distributor: distributorView('oRef', { gradeId: 'gold', gradeName: '金牌分销员', gradeSetByAdmin: true }),
    referrer: { userId: 'oTop', nickname: '老王', shareCode: 'P2R4S6U8' },
    team: {
      directMembers: 2,
      level2Members: 5,
      level3Members: 1,
      members: [
        {
          userId: 'oA',
          nickname: '阿甲',
          avatarUrl: '',
          status: 'approved',
          joinedAt: '2026-03-02T02:00:00.000Z',
          paidSpendFen: 12_800,
        },
        { userId: 'oB', nickname: '', avatarUrl: '', status: 'none', joinedAt: null, paidSpendFen: 0 },
      ],
    },
    commissions: [
      {
        id: 'c:o-1002:0:1',
        orderId: 'o-1002',
        level: 1,
        amountFen: 2_560,
        reversedFen: 0,
        clawedBackFen: 0,
        status: 'frozen',
        releaseAt: null,
        createdAt: '2026-03-05T06:30:00.000Z',
      },
      {
        id: 'c:o-1001:0:2',
        orderId: 'o-1001',
        level: 2,
        amountFen: 1_280,
        reversedFen: 280,
        clawedBackFen: 0,
        status: 'released',
        releaseAt: '2026-03-04T06:30:00.000Z',
        createdAt: '2026-03-01T06:30:00.000Z',
      },
    ],
    withdrawals: [
      {
        id: 'w:oRef:req-0001',
        amountFen: 50_000,
        channel: 'wechatTransfer',
        status: 'withdrawn',
        createdAt: '2026-03-03T06:30:00.000Z',
      },
    ],
    gradeHistory: [
      {
        fromGradeId: 'silver',
        fromGradeName: '银牌分销员',
        toGradeId: 'gold',
        toGradeName: '金牌分销员',
        reason: 'admin',
        by: 'oADMIN',
        note: '年度销售冠军',
        at: '2026-03-06T06:30:00.000Z',
      },
      {
        fromGradeId: 'standard',
        fromGradeName: '普通分销员',
        toGradeId: 'silver',
        toGradeName: '银牌分销员',
        reason: 'auto',
        by: null,
        note: null,
        at: '2026-03-02T19:00:00.000Z',
      },
    ],
    grades: DEFAULT_RULES.grades.map(({ id, name }) => ({ id, name })),
    recruitment: 'apply',
    ...overrides,
  };
}
