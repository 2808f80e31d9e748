/** Results of the cloud functions as the pages receive them, shaped by shared/contracts. */
import type { CenterOutput, RankingOutput, TeamOutput } from '../../shared/contracts/distributor';
import type { ProfileView } from '../../shared/contracts/profile';

export function profileView(overrides: Partial<ProfileView> = {}): ProfileView {
  return {
    nickname: '阿明',
    avatarUrl: '',
    shareCode: 'ABCD2345',
    distributor: { status: 'none', isDistributor: false, gradeId: 'standard', gradeName: '普通分销员' },
    referrer: null,
    ...overrides,
  };
}

export function centerView(overrides: Partial<CenterOutput> = {}): CenterOutput {
  return {
    status: 'approved',
    isDistributor: true,
    recruitment: 'apply',
    shareCode: 'ABCD2345',
    levels: 2,
    grade: { id: 'standard', name: '普通分销员', rank: 0, ratesBp: [1000, 500] },
    autoUpgrade: true,
    upgraded: null,
    team: { directMembers: 3, level2Members: 5, level3Members: 0 },
    progress: { directInvitees: 3, ownPaidSpendFen: 0, teamPaidSalesFen: 125000, releasedCommissionFen: 0 },
    nextGrade: {
      id: 'silver',
      name: '银牌分销员',
      conditions: [
        { metric: 'directInvitees', target: 20, current: 3, met: false },
        { metric: 'teamPaidSalesFen', target: 1000000, current: 125000, met: false },
      ],
    },
    application: null,
    balances: { frozenFen: 0, availableFen: 0, withdrawingFen: 0, withdrawnFen: 0 },
    earnings: { todayFen: 0, monthFen: 0, totalFen: 0, day: '2026-03-15', month: '2026-03' },
    earningsChart: [],
    counts: { commissions: { frozen: 0, held: 0, releasing: 0, released: 0, reversed: 0 }, promotionOrders: 0, withdrawalsReviewing: 0, withdrawalsPaying: 0 },
    rules: { withdraw: { minAmountFen: 100, maxAmountFen: 2_000_000, feeBp: 0, maxPerDay: 3, channels: ['wechatTransfer'] }, notifications: { commission: null, withdrawal: null } },
    ...overrides,
  };
}

export function teamPage(page: number, names: string[], hasMore: boolean): TeamOutput {
  return {
    directMembers: 3,
    level2Members: 5,
    level3Members: 1,
    members: names.map((nickname, index) => ({ nickname, avatarUrl: '', joinedAt: `2026-03-0${index + 1}T02:00:00.000Z`, paidSpendFen: 1990 * (index + 1) })),
    page,
    pageSize: 20,
    hasMore,
    teamPaidSalesFen: 123456,
  };
}

export function rankingView(overrides: Partial<RankingOutput> = {}): RankingOutput {
  return {
    by: 'invitees',
    month: '2026-03',
    entries: [
      { rank: 1, nickname: '小红', avatarUrl: '', count: 12, salesFen: 0, isMe: false },
      { rank: 2, nickname: '', avatarUrl: '', count: 7, salesFen: 0, isMe: true },
    ],
    me: { rank: 2, count: 7, salesFen: 0 },
    ...overrides,
  };
}
