/**
 * 风险审核's reads (docs/rules.md section 9): the risk cases, open ones first, and one case with
 * its signals explained, its commissions and the rewards it held. Bounded: a page is one count, at
 * most two reads of cases and one of their orders' numbers; a case is three reads at once and,
 * when it held rewards, one more.
 */
import type { AdminError, AdminInput, AdminOutput } from '@shared/contracts/admin';
import type { RiskCaseSummary, RiskCaseView } from '@shared/contracts/adminRisk';
import { fail, ok, type Result } from '@shared/result';
import { RISK_SIGNAL_LABELS, type RiskCaseDocument, type RiskSignal } from '@shared/risk';
import type { CommissionDocument } from '@shared/ledger';
import type { RewardDocument } from '@shared/rewards';
import { _, countWhere, findWhere, getDoc } from '../_lib/db';
import { newestFirstPage } from '../_lib/paging';

type Answer<R extends 'listRiskCases' | 'riskCase'> = Promise<Result<AdminOutput<R>, AdminError>>;

/** The evidence of a signal in one line, as the merchant reads it. */
function detailOf(signal: RiskSignal): string {
  const e = signal.evidence;
  switch (signal.kind) {
    case 'sharedPhone':
      return `手机尾号 ${e.phoneTail ?? ''}`;
    case 'sharedAddress':
      return `地址指纹 ${e.addressHash ?? ''}`;
    case 'sharedIp':
      return `IP ${e.ip ?? ''}`;
    case 'bindBurst':
      return `IP ${e.ip ?? ''} 在 ${e.hour ?? ''} 时绑定 ${e.count ?? 0} 次`;
    case 'refundRate':
      return `退款率 ${((e.rateBp ?? 0) / 100).toFixed(2)}%，共 ${e.orders ?? 0} 单`;
    case 'selfPurchaseLoop':
      if (e.loop === 'self') return '买家即推广员';
      if (e.loop === 'downline') return '买家是该推广员的上级';
      return `买家从该推广员的订单获得佣金: ${(e.orderIds ?? []).join(', ')}`;
  }
}

function summaryOf(riskCase: RiskCaseDocument, orderNo: string | null): RiskCaseSummary {
  return {
    caseId: riskCase._id,
    orderId: riskCase.orderId,
    orderNo,
    buyerId: riskCase.buyerId,
    status: riskCase.status,
    labels: [...new Set(riskCase.signals.map((signal) => RISK_SIGNAL_LABELS[signal.kind]))],
    heldFen: riskCase.heldFen,
    createdAt: riskCase.createdAt.toISOString(),
  };
}

/** The case as 风险审核 shows it, with its order's commissions (read by the caller). */
export function caseView(
  riskCase: RiskCaseDocument,
  orderNo: string | null,
  commissions: readonly CommissionDocument[],
  rewards: readonly RewardDocument[],
): RiskCaseView {
  return {
    ...summaryOf(riskCase, orderNo),
    beneficiaryIds: riskCase.beneficiaryIds,
    signals: riskCase.signals.map((signal) => ({
      kind: signal.kind,
      label: RISK_SIGNAL_LABELS[signal.kind],
      beneficiaryId: signal.beneficiaryId,
      detail: detailOf(signal),
    })),
    commissions: commissions.map((commission) => ({
      commissionId: commission._id,
      beneficiaryId: commission.beneficiaryId,
      level: commission.level,
      amountFen: commission.amountFen,
      reversedFen: commission.reversedFen,
      status: commission.status,
      held: commission.riskHold === riskCase._id,
    })),
    rewards: rewards.map((reward) => ({
      rewardId: reward._id,
      kind: reward.kind,
      beneficiaryId: reward.beneficiaryId,
      amountFen: reward.amountFen,
      status: reward.status,
      held: reward.riskHold === riskCase._id,
    })),
    decidedBy: riskCase.decidedBy,
    decidedAt: riskCase.decidedAt ? riskCase.decidedAt.toISOString() : null,
    note: riskCase.note,
    voidedFen: riskCase.voidedFen,
  };
}

/** Open cases first (newest first), then the decided ones (newest first). */
async function openFirstPage(page: { offset: number; limit: number }, openCount: number) {
  const open = page.offset < openCount ? await newestFirstPage('riskCases', { status: 'open' }, page) : { items: [] };
  const taken = open.items.length;
  if (taken === page.limit) return { items: open.items, nextOffset: page.offset + taken };
  const decided = await newestFirstPage(
    'riskCases',
    { status: _.in(['approved', 'voided']) },
    { offset: Math.max(0, page.offset - openCount), limit: page.limit - taken },
  );
  return {
    items: [...open.items, ...decided.items],
    nextOffset: decided.nextOffset === null ? null : page.offset + page.limit,
  };
}

export async function listRiskCases(input: AdminInput<'listRiskCases'>): Answer<'listRiskCases'> {
  const openCount = await countWhere('riskCases', { status: 'open' });
  const page = input.status
    ? await newestFirstPage('riskCases', { status: input.status }, input)
    : await openFirstPage(input, openCount);
  const orderIds = page.items.map((riskCase) => riskCase.orderId);
  const orders =
    orderIds.length === 0 ? [] : await findWhere('orders', { _id: _.in(orderIds) }, { limit: orderIds.length });
  const numbers = new Map(orders.map((order) => [order._id, order.orderNo ?? null]));
  return ok({
    items: page.items.map((riskCase) => summaryOf(riskCase, numbers.get(riskCase.orderId) ?? null)),
    nextOffset: page.nextOffset,
    openCount,
  });
}

/**
 * The case, its order's number and the order's commissions (three reads at once), then the
 * rewards it lists (a fourth read, only when it held any).
 */
export async function readCaseView(caseId: string): Promise<RiskCaseView | null> {
  const orderId = caseId.slice('risk:'.length);
  const [riskCase, order, commissions] = await Promise.all([
    getDoc('riskCases', caseId),
    getDoc('orders', orderId),
    findWhere('commissions', { orderId }, { limit: 100, orderBy: [['_id', 'asc']] }),
  ]);
  if (!riskCase) return null;
  const rewardIds = riskCase.rewardIds ?? [];
  const rewards = rewardIds.length > 0 ? await findWhere('rewards', { _id: _.in(rewardIds) }, { limit: 100 }) : [];
  return caseView(riskCase, order?.orderNo ?? null, commissions, rewards);
}

export async function riskCase(input: AdminInput<'riskCase'>): Answer<'riskCase'> {
  const view = await readCaseView(input.caseId);
  return view ? ok(view) : fail('RISK_CASE_NOT_FOUND', `没有风险记录 ${input.caseId}`);
}
