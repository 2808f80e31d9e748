/** Results of the cloud functions as the pages receive them, shaped by shared/contracts. */
import type { CenterOutput, RankingOutput } from '@shared/contracts/distributor';
import type { TeamMembersOutput } from '@shared/contracts/distributorTeam';
import type { ProfileView } from '@shared/contracts/profile';

export function profileView(overrides: Partial<ProfileView> = {}): ProfileView {
  return {
    nickname: '阿明',
    avatarUrl: '',
    shareCode: 'ABCD2345',
    distributor: { status: 'none', isDistributor: false, gradeId: 'standard', gradeName: '普通分销员' },
    referrer: null,
    balances: null,
    earnings: null,
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
        { metric: 'directInvitees', target: 20, current: 3, met: false, remaining: 17 },
        { metric: 'teamPaidSalesFen', target: 1000000, current: 125000, met: false, remaining: 875000 },
      ],
    },
    application: null,
    balances: { frozenFen: 0, availableFen: 0, withdrawingFen: 0, withdrawnFen: 0 },
    earnings: { todayFen: 0, monthFen: 0, totalFen: 0, day: '2026-03-15', month: '2026-03' },
    earningsChart: [],
    counts: {
      commissions: { frozen: 0, held: 0, releasing: 0, released: 0, reversed: 0 },
      promotionOrders: 0,
      withdrawalsReviewing: 0,
      withdrawalsPaying: 0,
    },
    rules: {
      withdraw: { minAmountFen: 100, maxAmountFen: 2_000_000, feeBp: 0, maxPerDay: 3, channels: ['wechatTransfer'] },
      notifications: { commission: null, withdrawal: null },
    },
    ...overrides,
  };
}

/** One page of a team level (distributor.teamMembers): members named `names`, 3 / 5 / 1 per level. */
export function teamMembersPage(level: 1 | 2 | 3, names: string[], nextCursor: string | null): TeamMembersOutput {
  return {
    level,
    counts: { level1: 3, level2: 5, level3: 1 },
    members: names.map((nickname, index) => ({
      nickname,
      avatarUrl: '',
      idTail: `AB12C${index}`,
      joinedAt: `2026-03-0${index + 1}T02:00:00.000Z`,
      orders: index + 1,
      salesFen: 1990 * (index + 1),
      viaNickname: level === 1 ? null : '小红',
    })),
    nextCursor,
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

// ---- the ledger pages (分销中心 figures, 佣金明细, 推广订单, 提现, 提现记录) ----------------------
// (Imports here rather than at the top: this section is appended by the ledger pages' work.)
import type {
  CommissionsOutput,
  CommissionView,
  PromotionOrder,
  WithdrawalView as HistoryWithdrawalView,
} from '@shared/contracts/distributorLedger';
import type { WithdrawalView as MoveWithdrawalView } from '@shared/contracts/withdraw';

/** A distributor with money: balances, earnings, a chart with three earning days, counts, two channels. */
export function ledgerCenterView(overrides: Partial<CenterOutput> = {}): CenterOutput {
  const chart = Array.from({ length: 30 }, (_, index) => {
    const day = new Date(Date.UTC(2026, 1, 14 + index)).toISOString().slice(0, 10);
    return { day, earnedFen: index === 29 ? 1250 : index === 20 ? 4000 : index === 3 ? 10 : 0 };
  });
  return centerView({
    balances: { frozenFen: 3210, availableFen: 12345, withdrawingFen: 5000, withdrawnFen: 20000 },
    earnings: { todayFen: 1250, monthFen: 5250, totalFen: 40555, day: '2026-03-15', month: '2026-03' },
    earningsChart: chart,
    counts: {
      commissions: { frozen: 2, held: 1, releasing: 0, released: 7, reversed: 1 },
      promotionOrders: 9,
      withdrawalsReviewing: 1,
      withdrawalsPaying: 1,
    },
    rules: {
      withdraw: {
        minAmountFen: 100,
        maxAmountFen: 10000,
        feeBp: 60,
        maxPerDay: 3,
        channels: ['wechatTransfer', 'manual'],
      },
      notifications: { commission: 'TPL_COMMISSION', withdrawal: 'TPL_WITHDRAWAL' },
    },
    ...overrides,
  });
}

/** A level-1 rate commission on 实付 ¥100.05 at 10% (exact ¥10.005, floored ¥10.00), frozen in the return window. */
export function commissionView(overrides: Partial<CommissionView> = {}): CommissionView {
  return {
    id: 'c:o100:0:1',
    orderId: 'o100',
    lineIndex: 0,
    level: 1,
    levelLabel: '一级',
    product: { name: '保温杯', spec: '500ml 白色', skuId: 'sku-1', quantity: 1 },
    baseFen: 10005,
    basis: { kind: 'rate', rateBp: 1000 },
    basisText: '10%',
    computation: {
      exactFen: '1000.5',
      roundedOffFen: '0.5',
      uncappedFen: 1000,
      capApplied: false,
      capFen: null,
      lineUncappedFen: null,
      cappedExactFen: null,
    },
    amountFen: 1000,
    reversedFen: 0,
    clawedBackFen: 0,
    netFen: 1000,
    status: 'frozen',
    statusLabel: '冻结中',
    pending: {
      reason: 'RETURN_WINDOW',
      until: '2026-12-01T00:00:00.000Z',
      text: '售后期内，预计 2026-12-01 08:00 结算',
    },
    releaseAt: '2026-12-01T00:00:00.000Z',
    releasedAt: null,
    createdAt: '2026-11-20T02:00:00.000Z',
    history: [
      {
        event: 'settled',
        at: '2026-11-20T02:00:00.000Z',
        amountFen: null,
        refundId: null,
        releaseAt: null,
        text: '订单已支付，获得佣金 ¥10.00，冻结中',
      },
      {
        event: 'scheduled',
        at: '2026-11-24T02:00:00.000Z',
        amountFen: null,
        refundId: null,
        releaseAt: '2026-12-01T00:00:00.000Z',
        text: '订单已完成，预计 2026-12-01 08:00 结算',
      },
    ],
    explanation: [
      '订单 o100 · 保温杯（500ml 白色） × 1',
      '一级佣金：实付 ¥100.05 × 10% = ¥10.005，向下取整为 ¥10.00',
      '售后期内，预计 2026-12-01 08:00 结算',
    ],
    ...overrides,
  };
}

export function commissionsPage(page: number, views: CommissionView[], hasMore: boolean): CommissionsOutput {
  return { commissions: views, page, pageSize: 20, hasMore };
}

export function promotionOrder(overrides: Partial<PromotionOrder> = {}): PromotionOrder {
  return {
    orderId: 'o100',
    orderedAt: '2026-11-20T02:00:00.000Z',
    buyerNickname: '张**三',
    orderStatus: 'completed',
    orderStatusLabel: '已完成',
    products: ['保温杯', '茶叶'],
    amountFen: 1500,
    netFen: 1200,
    status: 'frozen',
    statusLabel: '冻结中',
    commissions: [
      { id: 'c:o100:0:1', lineIndex: 0, level: 1, status: 'frozen', netFen: 1000 },
      { id: 'c:o100:1:1', lineIndex: 1, level: 1, status: 'frozen', netFen: 200 },
    ],
    ...overrides,
  };
}

/** A withdrawal in 提现记录 (distributor.withdrawals): ¥100.00, fee ¥0.60, reviewing. */
export function withdrawalHistoryView(overrides: Partial<HistoryWithdrawalView> = {}): HistoryWithdrawalView {
  return {
    id: 'w:o1:req-0001',
    status: 'reviewing',
    statusLabel: '审核中',
    amountFen: 10000,
    feeFen: 60,
    payoutFen: 9940,
    channel: 'wechatTransfer',
    rejectReason: null,
    failReason: null,
    packageInfo: null,
    createdAt: '2026-03-15T02:00:00.000Z',
    updatedAt: '2026-03-15T02:00:00.000Z',
    history: [{ status: 'reviewing', at: '2026-03-15T02:00:00.000Z', note: null }],
    ...overrides,
  };
}

/** A withdrawal as the withdraw function answers it (request, transfer, sync). */
export function withdrawalMoveView(overrides: Partial<MoveWithdrawalView> = {}): MoveWithdrawalView {
  return {
    id: 'w:o1:req-0001',
    amountFen: 10000,
    feeFen: 60,
    payoutFen: 9940,
    channel: 'wechatTransfer',
    status: 'reviewing',
    transferState: null,
    reason: null,
    awaitsConfirmation: false,
    history: [
      { status: 'reviewing', transferRef: null, selfReview: false, at: '2026-03-15T02:00:00.000Z', note: null },
    ],
    createdAt: '2026-03-15T02:00:00.000Z',
    updatedAt: '2026-03-15T02:00:00.000Z',
    ...overrides,
  };
}
