/**
 * What the 积分 page and the merchant's 用户积分 page show of a points account and its history
 * (shared/contracts/points.ts): pure, so both pages and their tests share it.
 */
import type { PointsEntryView, PointsPage } from '@shared/contracts/points';
import { formatDate, formatDateTime } from '../../utils/format';

const KIND_LABELS: Readonly<Record<PointsEntryView['kind'], string>> = {
  earn: '订单奖励（先冻结）',
  release: '解冻',
  earnBack: '退款扣回',
  spend: '下单抵扣',
  spendBack: '退回',
  expire: '过期',
  adjust: '商家调整',
};

export interface PointsSummaryView {
  available: number;
  frozen: number;
  /** '100 积分将于 2027-03-31 过期' (the last day they can be spent), or '' when nothing will expire. */
  expiry: string;
  /** How the shop's points work, in one line. */
  rule: string;
  enabled: boolean;
}

export interface PointsRow {
  id: string;
  title: string;
  reason: string;
  /** The change of available points ('+100', '-50'), or of frozen ones for an earning. */
  change: string;
  positive: boolean;
  at: string;
  /** '另有 72 积分不足扣回' when a take-back found too few points, else ''. */
  note: string;
}

export function summaryOf(page: PointsPage): PointsSummaryView {
  const { account, rules } = page;
  const expiry = account.nextExpiry
    ? // The expiry instant is the next month's first moment: the date shown is the month's last day.
      `${account.nextExpiry.points} 积分将于 ${formatDate(new Date(Date.parse(account.nextExpiry.at) - 1).toISOString())} 过期`
    : '';
  const rule = rules.enabled
    ? `每消费 1 元得 ${rules.earnPerYuan} 积分，${rules.pointsPerYuan} 积分可抵 1 元`
    : '商家暂未开启积分';
  return { available: account.available, frozen: account.frozen, expiry, rule, enabled: rules.enabled };
}

function signed(points: number): string {
  return points > 0 ? `+${points}` : String(points);
}

export function pointsRow(entry: PointsEntryView): PointsRow {
  const change =
    entry.kind === 'earn' || (entry.kind === 'earnBack' && entry.frozen !== 0) ? entry.frozen : entry.available;
  return {
    id: entry.id,
    title: KIND_LABELS[entry.kind],
    // The system's reasons mostly repeat the title; the merchant's reasons always show.
    reason: KIND_LABELS[entry.kind].startsWith(entry.reason) ? '' : entry.reason,
    change: signed(change),
    positive: change > 0,
    at: formatDateTime(entry.at),
    note: entry.shortfall > 0 ? `另有 ${entry.shortfall} 积分不足扣回` : '',
  };
}
