/**
 * 营销活动's rows: an activity from `admin.listActivities` as the list shows it (kind, state,
 * window in China time, what it offers, its results) and which actions its state allows.
 */
import type { ActivityResults, ActivityView } from '@shared/contracts/adminActivities';
import { formatFen } from '@shared/money';
import { formatDateTime } from '../../utils/format';

export const KIND_LABELS = {
  fullReduction: '满减',
  timedDiscount: '限时折扣',
  flashSale: '秒杀',
  groupBuy: '拼团',
} as const;
export const STATE_LABELS = { upcoming: '未开始', running: '进行中', paused: '已暂停', ended: '已结束' } as const;

export interface ActivityRow {
  id: string;
  name: string;
  kind: ActivityView['kind'];
  kindLabel: string;
  state: ActivityView['state'];
  stateLabel: string;
  window: string;
  /** "满199减20，满299减40" or "3 个规格"; and 不参与分佣 when distributors earn nothing on it. */
  offer: string;
  commissionText: string;
  results: string;
  canEdit: boolean;
  canPause: boolean;
  canResume: boolean;
  canEnd: boolean;
}

/** "满199减20": yuan without trailing zeros, as shared/activities.ts tierLabel words it for shoppers. */
function yuan(amountFen: number): string {
  return formatFen(amountFen)
    .replace(/^¥/, '')
    .replace(/\.00$/, '')
    .replace(/(\.\d)0$/, '$1');
}

function offerOf(activity: ActivityView): string {
  if (activity.kind === 'timedDiscount') return `${activity.skus.length} 个规格享活动价`;
  if (activity.kind === 'flashSale') {
    const units = activity.skus.reduce((sum, sku) => sum + sku.stock, 0);
    return `${activity.skus.length} 个规格秒杀 · 共 ${units} 件`;
  }
  if (activity.kind === 'groupBuy') return `${activity.groupSize} 人团 · ${activity.skus.length} 个规格享拼团价`;
  return activity.tiers.map((tier) => `满${yuan(tier.thresholdFen)}减${yuan(tier.offFen)}`).join('，');
}

function resultsText(results: ActivityResults): string {
  return `订单 ${results.orders} · ${results.units} 件 · 优惠 ${formatFen(results.discountFen)} · 实付 ${formatFen(results.paidFen)} · 佣金 ${formatFen(results.commissionFen)}`;
}

/** The row of an activity; `results` are the figures, or a row's text already made from them. */
export function activityRow(activity: ActivityView, results: ActivityResults | string): ActivityRow {
  const open = activity.state !== 'ended';
  return {
    id: activity.id,
    name: activity.name,
    kind: activity.kind,
    kindLabel: KIND_LABELS[activity.kind],
    state: activity.state,
    stateLabel: STATE_LABELS[activity.state],
    window: `${formatDateTime(activity.startAt)} 至 ${formatDateTime(activity.endAt)}`,
    offer: offerOf(activity),
    commissionText: activity.commission ? '' : '不参与分佣',
    results: typeof results === 'string' ? results : resultsText(results),
    canEdit: open,
    canPause: open && activity.status === 'active',
    canResume: open && activity.status === 'paused',
    canEnd: open,
  };
}
