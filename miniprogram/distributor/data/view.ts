/**
 * What the distributor's 数据 page shows, from `distributor.analytics`: the totals, the points of
 * the earnings chart (a line, fen) and of the team sales chart (bars, fen), and the conversion of
 * the caller's shares, from the visits through them to the orders. Pure, so the page test checks the data the charts get without a canvas.
 */
import type { DistributorAnalyticsOutput } from '@shared/contracts/distributorAnalytics';
import { formatFen } from '@shared/money';
import type { ChartPoint } from '../../components/chart/geometry';
import { formatRateBp } from '../../utils/format';

export interface Figure {
  key: string;
  label: string;
  value: string;
}

export interface DataView {
  range: string;
  totals: Figure[];
  earningPoints: ChartPoint[];
  teamPoints: ChartPoint[];
  shares: Figure[];
}

const dayLabel = (day: string): string => day.slice(5);

const rate = (rateBp: number | null): string => (rateBp === null ? '—' : formatRateBp(rateBp));

/** The share conversion in its order: visits → binds (and their share), then paying users → direct orders. */
function shareFigures(shares: DistributorAnalyticsOutput['shares']): Figure[] {
  return [
    { key: 'visits', label: '分享访问', value: String(shares.visits) },
    { key: 'binds', label: '新绑定用户', value: String(shares.binds) },
    { key: 'visitBind', label: '访问转化', value: rate(shares.visitBindBp) },
    { key: 'paying', label: '已下单用户', value: String(shares.payingBinds) },
    { key: 'conversion', label: '转化率', value: rate(shares.conversionBp) },
    { key: 'directOrders', label: '直推订单', value: String(shares.directOrders) },
  ];
}

export function dataView(data: DistributorAnalyticsOutput): DataView {
  return {
    range: `${data.from} 至 ${data.to}`,
    totals: [
      { key: 'earned', label: '近 30 天收益', value: formatFen(data.totals.earnedFen) },
      { key: 'teamSales', label: '团队业绩', value: formatFen(data.totals.teamSalesFen) },
      { key: 'teamOrders', label: '团队订单', value: String(data.totals.teamOrders) },
    ],
    earningPoints: data.earnings.map((point) => ({ label: dayLabel(point.day), value: point.earnedFen })),
    teamPoints: data.teamSales.map((point) => ({ label: dayLabel(point.day), value: point.salesFen })),
    shares: shareFigures(data.shares),
  };
}
