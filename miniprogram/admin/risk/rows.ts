/** A risk case as the merchant's 风险审核 list and detail show it (admin.listRiskCases, admin.riskCase). */
import type { RiskCaseSummary, RiskCaseView } from '@shared/contracts/adminRisk';
import { formatFen } from '@shared/money';
import { formatDateTime } from '../../utils/format';

export const RISK_STATUS_LABELS: Record<RiskCaseSummary['status'], string> = {
  open: '待审核',
  approved: '已通过',
  voided: '已作废',
};

export interface RiskCaseRow {
  id: string;
  title: string;
  status: RiskCaseSummary['status'];
  statusLabel: string;
  reasons: string;
  held: string;
  time: string;
}

export function riskCaseRow(view: RiskCaseSummary): RiskCaseRow {
  return {
    id: view.caseId,
    title: `订单 ${view.orderNo ?? view.orderId}`,
    status: view.status,
    statusLabel: RISK_STATUS_LABELS[view.status],
    reasons: view.labels.join('、'),
    held: `冻结金额 ${formatFen(view.heldFen)}`,
    time: formatDateTime(view.createdAt),
  };
}

const LEVEL_LABELS = ['', '一级', '二级', '三级'];
const REWARD_KIND_LABELS: Record<RiskCaseView['rewards'][number]['kind'], string> = {
  inviteReward: '拉新奖励',
  teamBonus: '团队奖励',
};

/** The detail page's lines: the case's signals, commissions and rewards, worded for the merchant. */
export function riskCaseDetail(view: RiskCaseView) {
  return {
    ...riskCaseRow(view),
    buyer: view.buyerId,
    signals: view.signals.map((signal, index) => ({
      key: `${signal.kind}-${index}`,
      label: signal.label,
      who: signal.beneficiaryId ? `推广员 ${signal.beneficiaryId}` : '买家本人',
      detail: signal.detail,
    })),
    commissions: view.commissions.map((commission) => ({
      id: commission.commissionId,
      who: `${LEVEL_LABELS[commission.level] ?? `${commission.level} 级`} ${commission.beneficiaryId}`,
      amount: formatFen(commission.amountFen - commission.reversedFen),
      state: commission.status === 'reversed' ? '已冲回' : commission.held ? '风险冻结' : '正常',
    })),
    rewards: view.rewards.map((reward) => ({
      id: reward.rewardId,
      who: `${REWARD_KIND_LABELS[reward.kind]} ${reward.beneficiaryId}`,
      amount: formatFen(reward.amountFen),
      state: reward.status === 'voided' ? '已作废' : reward.held ? '风险冻结' : '正常',
    })),
    decision:
      view.status === 'open'
        ? ''
        : `${RISK_STATUS_LABELS[view.status]} · ${formatDateTime(view.decidedAt)}${view.note ? ` · ${view.note}` : ''}${
            view.voidedFen > 0 ? ` · 冲回 ${formatFen(view.voidedFen)}` : ''
          }`,
  };
}
export type RiskCaseDetail = ReturnType<typeof riskCaseDetail>;
