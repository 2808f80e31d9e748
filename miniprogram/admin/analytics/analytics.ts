/**
 * 数据分析: the merchant's charts and rates over the last 30 or 90 days (a switch at the top),
 * from `admin.analytics` (one aggregation on the server): daily sales (a line) and paid orders
 * (bars), the conversion funnel, repurchase, the top products and distributors, active
 * distributors and commission as a share of sales. view.ts turns the answer into what is shown.
 * Reloaded by pulling down.
 */
import type { AnalyticsOutput } from '@shared/contracts/adminAnalytics';
import { analytics } from '../../services/admin';
import { loadPageData, type PageStatus } from '../../utils/page-state';
import { refreshed } from '../../utils/pull-down';
import { adminFailureMessage } from '../gate';
import { analyticsView, type AnalyticsView } from './view';

type Days = AnalyticsOutput['days'];

/**
 * The ranges the route accepts, written here rather than imported as a value: a value import of
 * shared/analytics.ts would bundle the China time helpers (with dayjs) a second time.
 */
const RANGES: readonly Days[] = [30, 90];

Page({
  data: {
    status: 'loading' as PageStatus,
    message: '',
    days: 30 as Days,
    ranges: RANGES.map((days) => ({ days, label: `近 ${days} 天` })),
    view: null as AnalyticsView | null,
  },

  onLoad() {
    void this.load();
  },

  onPullDownRefresh() {
    return refreshed(this.load());
  },

  async load() {
    const days = this.data.days;
    const data = await loadPageData(this, this.data.view !== null, () => analytics({ days }), adminFailureMessage);
    // A switch tapped meanwhile has started its own load: this answer is for another range.
    if (days !== this.data.days) return;
    this.setData(data ? { status: 'ready', view: analyticsView(data) } : { view: null });
  },

  onRange(event: WechatMiniprogram.BaseEvent<Record<string, never>, { days: number }>) {
    const days = Number(event.currentTarget.dataset.days) as Days;
    if (days === this.data.days || !RANGES.includes(days)) return;
    this.setData({ days });
    void this.load();
  },

  onRetry() {
    void this.load();
  },
});
