/**
 * 经营概况, the merchant's landing page after the gate (admin/index): 待处理 first (the open
 * alerts with their actions, ./alerts.ts, and 订阅提醒 to accept the alert message), then sales today and this
 * month (paid goods net of refunds), orders by status, commission owed to distributors and what
 * waits for review, from `admin.dashboard` (one aggregation on the server). Each figure opens
 * the page where it is worked on; the menu reaches every admin page. Reloaded on every show,
 * since the other pages change the figures, and by pulling down.
 *
 * The commission owed is a total over every account that the server recomputes every 10 minutes
 * rather than on each call, so its card says when it was computed (统计于 HH:mm, China time) and,
 * before the first computation, shows dashes and 统计中 instead of a misleading zero.
 */
import { chinaDay, chinaFormat } from '@shared/chinaTime';
import type { AlertView } from '@shared/contracts/alerts';
import type { DashboardOutput } from '@shared/contracts/dashboard';
import { formatFen } from '@shared/money';
import { dashboard } from '../../services/admin';
import { loadPageData, type PageStatus } from '../../utils/page-state';
import { refreshed } from '../../utils/pull-down';
import { adminFailureMessage } from '../gate';
import { alertItems, markHandled, runAlertAction, subscribeToAlerts, type AlertItem } from './alerts';

interface Figure {
  key: string;
  label: string;
  value: string;
  /** The page it opens (under /admin/), '' when none. */
  page: string;
}

interface View {
  day: string;
  sales: Figure[];
  orders: Figure[];
  /** Today's top-ups (充值), each opening the top-up list (充值订单). */
  topUps: Figure[];
  owedFen: string;
  commission: Figure[];
  /** When the commission totals were computed: 统计于 HH:mm, with the date when not today. */
  totalsAt: string;
  pending: Figure[];
  pendingTotal: number;
  /** 待处理: the open alerts shown, how many are open, and the alert message's template (null: off). */
  alerts: AlertItem[];
  alertsOpen: number;
  alertTemplateId: string | null;
}

/** A figure the server has not computed yet shows as a dash. */
const NOT_YET = '—';

/** 统计于 14:30 on the dashboard's day, 统计于 03-30 14:30 on an earlier one, 统计中 before the first run. */
function totalsAtText(totalsAt: string | null, day: string): string {
  if (totalsAt === null) return '统计中';
  const at = Date.parse(totalsAt);
  return `统计于 ${chinaFormat(at, chinaDay(at) === day ? 'HH:mm' : 'MM-DD HH:mm')}`;
}

function commissionFigures(commission: DashboardOutput['commission']): Figure[] {
  const fen = (value: number | undefined) => (value === undefined ? NOT_YET : formatFen(value));
  return [
    { key: 'frozen', label: '冻结中', value: fen(commission?.frozenFen), page: '' },
    { key: 'available', label: '可提现', value: fen(commission?.availableFen), page: '' },
    {
      key: 'withdrawing',
      label: '提现中',
      value: fen(commission?.withdrawingFen),
      page: 'withdrawals/withdrawals',
    },
  ];
}

function topUpFigures(today: DashboardOutput['topUps']['today']): Figure[] {
  const page = 'topUps/topUps';
  return [
    { key: 'count', label: '充值笔数', value: String(today.count), page },
    { key: 'amount', label: '充值金额', value: formatFen(today.amountFen), page },
    { key: 'bonus', label: '赠送金额', value: formatFen(today.bonusFen), page },
  ];
}

function viewOf(figures: DashboardOutput): View {
  const { sales, orders, commission, pending } = figures;
  return {
    day: figures.day,
    sales: [
      { key: 'todaySales', label: '今日销售额', value: formatFen(sales.today.netGoodsFen), page: '' },
      { key: 'todayOrders', label: '今日订单', value: String(sales.today.orders), page: '' },
      { key: 'monthSales', label: '本月销售额', value: formatFen(sales.month.netGoodsFen), page: '' },
      { key: 'monthOrders', label: '本月订单', value: String(sales.month.orders), page: '' },
    ],
    orders: [
      { key: 'toShip', label: '待发货', value: String(orders.toShip), page: 'orders/orders?status=paid' },
      {
        key: 'pendingPayment',
        label: '待付款',
        value: String(orders.pendingPayment),
        page: 'orders/orders?status=pending_payment',
      },
      { key: 'shipped', label: '待收货', value: String(orders.shipped), page: 'orders/orders?status=shipped' },
      {
        key: 'afterSalesOpen',
        label: '售后处理中',
        value: String(figures.afterSalesOpen),
        page: 'afterSales/afterSales',
      },
    ],
    topUps: topUpFigures(figures.topUps.today),
    owedFen: commission ? formatFen(commission.owedFen) : NOT_YET,
    commission: commissionFigures(commission),
    totalsAt: totalsAtText(figures.totalsAt, figures.day),
    pending: [
      {
        key: 'applications',
        label: '分销员申请',
        value: String(pending.applications),
        page: 'applications/applications',
      },
      { key: 'withdrawals', label: '提现审核', value: String(pending.withdrawals), page: 'withdrawals/withdrawals' },
      {
        key: 'afterSales',
        label: '售后申请',
        value: String(pending.afterSales),
        page: 'afterSales/afterSales?status=requested',
      },
      { key: 'riskCases', label: '风险审核', value: String(pending.riskCases), page: 'risk/risk' },
    ],
    pendingTotal: pending.applications + pending.withdrawals + pending.afterSales + pending.riskCases,
    alerts: alertItems(figures.alerts.items, figures.day),
    alertsOpen: figures.alerts.open,
    alertTemplateId: figures.alerts.templateId,
  };
}

const MENU = [
  { page: 'products/products', label: '商品管理', icon: 'shop' },
  { page: 'categories/categories', label: '分类管理', icon: 'layers' },
  { page: 'orders/orders', label: '订单管理', icon: 'root-list' },
  { page: 'afterSales/afterSales', label: '售后审核', icon: 'service' },
  { page: 'withdrawals/withdrawals', label: '提现审核', icon: 'wallet' },
  { page: 'applications/applications', label: '分销员申请', icon: 'user-add' },
  { page: 'distributors/distributors', label: '分销员管理', icon: 'usergroup' },
  { page: 'grades/grades', label: '分销等级', icon: 'certificate' },
  { page: 'rules/rules', label: '分销规则', icon: 'setting' },
  { page: 'ledger/ledger', label: '账本校验', icon: 'secured' },
  { page: 'index/index?manage=1', label: '管理员', icon: 'user-safety' },
];

Page({
  data: {
    status: 'loading' as PageStatus,
    message: '',
    view: null as View | null,
    menu: MENU,
  },

  /** The open alerts as the server sent them, for their actions. */
  alerts: [] as AlertView[],

  onShow() {
    void this.load();
  },

  onPullDownRefresh() {
    return refreshed(this.load());
  },

  /** A failure drops the figures, so that 重试 shows the spinner rather than stale figures. */
  async load() {
    const data = await loadPageData(this, this.data.view !== null, dashboard, adminFailureMessage);
    this.alerts = data?.alerts.items ?? [];
    this.setData(data ? { status: 'ready', view: viewOf(data) } : { view: null });
  },

  async onAlertAction(event: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
    const alert = this.alerts.find((candidate: AlertView) => candidate.id === event.currentTarget.dataset.id);
    if (alert && (await runAlertAction(alert))) await this.load();
  },

  async onAlertResolve(event: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
    if (await markHandled(event.currentTarget.dataset.id)) await this.load();
  },

  onSubscribe() {
    const templateId = this.data.view?.alertTemplateId;
    if (templateId) void subscribeToAlerts(templateId);
  },

  onOpen(event: WechatMiniprogram.BaseEvent<Record<string, never>, { page: string }>) {
    const page = event.currentTarget.dataset.page;
    if (page) void wx.navigateTo({ url: `/admin/${page}` });
  },

  onRetry() {
    void this.load();
  },
});
