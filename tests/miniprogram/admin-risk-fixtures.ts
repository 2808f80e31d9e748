/** Example risk cases as admin.listRiskCases and admin.riskCase answer them (page tests and screenshots). */
import type { RiskCaseSummary, RiskCaseView } from '@shared/contracts/adminRisk';

export function riskSummary(id: string, overrides: Partial<RiskCaseSummary> = {}): RiskCaseSummary {
  return {
    caseId: `risk:${id}`,
    orderId: id,
    orderNo: '202606011230450001',
    buyerId: 'oBUYER0000000000000000001',
    status: 'open',
    labels: ['买家与推广员手机号相同', '买家与推广员 IP 相同'],
    heldFen: 3_840,
    createdAt: '2026-06-01T04:30:00.000Z',
    ...overrides,
  };
}

export function riskCaseFixture(id: string, overrides: Partial<RiskCaseView> = {}): RiskCaseView {
  return {
    ...riskSummary(id),
    // The two commissions and the invite reward below.
    heldFen: 4_340,
    beneficiaryIds: ['oREF00000000000000000001', 'oTOP00000000000000000001'],
    signals: [
      {
        kind: 'sharedPhone',
        label: '买家与推广员手机号相同',
        beneficiaryId: 'oREF00000000000000000001',
        detail: '手机尾号 8888',
      },
      {
        kind: 'sharedIp',
        label: '买家与推广员 IP 相同',
        beneficiaryId: 'oREF00000000000000000001',
        detail: 'IP 203.0.113.7',
      },
    ],
    commissions: [
      {
        commissionId: `c:${id}:0:1`,
        beneficiaryId: 'oREF00000000000000000001',
        level: 1,
        amountFen: 2_560,
        reversedFen: 0,
        status: 'frozen',
        held: true,
      },
      {
        commissionId: `c:${id}:0:2`,
        beneficiaryId: 'oTOP00000000000000000001',
        level: 2,
        amountFen: 1_280,
        reversedFen: 0,
        status: 'frozen',
        held: true,
      },
    ],
    rewards: [
      {
        rewardId: 'ir:oBUYER0000000000000000001',
        kind: 'inviteReward',
        beneficiaryId: 'oREF00000000000000000001',
        amountFen: 500,
        status: 'frozen',
        held: true,
      },
    ],
    decidedBy: null,
    decidedAt: null,
    note: '',
    voidedFen: 0,
    ...overrides,
  };
}
