/**
 * What the 数据分析 page shows, from the `admin.analytics` answer: the summary figures, the points
 * the two charts draw (daily sales in fen, daily paid orders), the funnel's rows with their bar
 * widths and rates, the repurchase rate, the tops, active distributors and the commission share.
 * Pure, so the page test checks the data the charts get without a canvas.
 */
import type { AnalyticsOutput } from '@shared/contracts/adminAnalytics';
import type { FunnelStep } from '@shared/analytics';
import { formatFen } from '@shared/money';
import { formatRateBp } from '../../utils/format';
import type { ChartPoint } from '../../components/chart/geometry';

export interface Figure {
  key: string;
  label: string;
  value: string;
}

export interface FunnelRow {
  key: string;
  label: string;
  count: number;
  /** The bar's width, % of the views (at least a sliver, so a small stage stays visible). */
  widthPct: number;
  /** 转化率 from the stage before, '' for the first. */
  rate: string;
}

export interface AnalyticsView {
  range: string;
  summary: Figure[];
  salesPoints: ChartPoint[];
  orderPoints: ChartPoint[];
  funnel: FunnelRow[];
  overall: string;
  repurchase: Figure[];
  topProducts: Array<{ key: string; rank: number; name: string; sales: string; detail: string }>;
  topDistributors: Array<{ key: string; rank: number; name: string; sales: string; detail: string }>;
  distributors: Figure[];
  commission: Figure[];
}

const STAGE_LABELS: Record<FunnelStep['stage'], string> = {
  views: '浏览商品',
  cartAdds: '加入购物车',
  ordered: '提交订单',
  paid: '支付订单',
};

/** A share in bp as a percentage, '—' when there is no whole to share. */
export const percent = (bp: number | null): string => (bp === null ? '—' : formatRateBp(bp));

/** 03-31 from 2026-03-31. */
const dayLabel = (day: string): string => day.slice(5);

function funnelRows(funnel: AnalyticsOutput['funnel']): FunnelRow[] {
  const views = funnel[0]?.count ?? 0;
  return funnel.map((step, index) => ({
    key: step.stage,
    label: STAGE_LABELS[step.stage],
    count: step.count,
    widthPct: views > 0 ? Math.max(2, Math.min(100, Math.round((step.count / views) * 100))) : 2,
    rate: index === 0 ? '' : `转化 ${percent(step.stepBp)}`,
  }));
}

export function analyticsView(data: AnalyticsOutput): AnalyticsView {
  const paid = data.funnel[data.funnel.length - 1];
  return {
    range: `${data.from} 至 ${data.to}`,
    summary: [
      { key: 'sales', label: '销售额', value: formatFen(data.totals.salesFen) },
      { key: 'orders', label: '支付订单', value: String(data.totals.orders) },
      { key: 'repurchase', label: '复购率', value: percent(data.repurchase.rateBp) },
      { key: 'commission', label: '佣金占比', value: percent(data.commission.shareBp) },
    ],
    salesPoints: data.daily.map((point) => ({ label: dayLabel(point.day), value: point.salesFen })),
    orderPoints: data.daily.map((point) => ({ label: dayLabel(point.day), value: point.orders })),
    funnel: funnelRows(data.funnel),
    overall: percent(paid?.overallBp ?? null),
    repurchase: [
      { key: 'buyers', label: '下单买家', value: String(data.repurchase.buyers) },
      { key: 'repeat', label: '复购买家', value: String(data.repurchase.repeatBuyers) },
      { key: 'rate', label: '复购率', value: percent(data.repurchase.rateBp) },
    ],
    topProducts: data.topProducts.map((product, index) => ({
      key: product.productId,
      rank: index + 1,
      name: product.name,
      sales: formatFen(product.salesFen),
      detail: `售出 ${product.quantity} 件`,
    })),
    topDistributors: data.topDistributors.map((entry, index) => ({
      key: entry.userId,
      rank: index + 1,
      name: entry.nickname || '未设置昵称',
      sales: formatFen(entry.salesFen),
      detail: `佣金 ${formatFen(entry.commissionFen)}`,
    })),
    distributors: [
      { key: 'active', label: '活跃分销员', value: String(data.distributors.active) },
      { key: 'approved', label: '全部分销员', value: String(data.distributors.approved) },
      { key: 'rate', label: '活跃率', value: percent(data.distributors.activeBp) },
    ],
    commission: [
      { key: 'commission', label: '佣金', value: formatFen(data.commission.commissionFen) },
      { key: 'goods', label: '商品实付', value: formatFen(data.commission.goodsPaidFen) },
      { key: 'share', label: '佣金占比', value: percent(data.commission.shareBp) },
    ],
  };
}
