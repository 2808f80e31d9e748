/**
 * The analytics shots (render.shot.ts draws them with the others): the merchant's 数据分析 over
 * 30 days with a day of the sales chart tapped, and the distributor's 数据. The charts are the
 * component's own drawing (chartSvg.ts); the figures are the page tests' fixtures.
 */
import { ok, settle } from '../helpers';
import { adminAnalyticsView, distributorAnalyticsView } from '../analytics-fixtures';
import type { Shot } from './shots';

export const ANALYTICS_SHOTS: Shot[] = [
  {
    name: 'admin-analytics',
    path: 'admin/analytics/analytics',
    answers: { 'admin.analytics': ok(adminAnalyticsView(30)) },
    // A tap on the sales chart's 21st day shows its value above the chart.
    act: async (page) => {
      page.querySelector('.sales-chart')!.instance.select(20);
      await settle();
    },
  },
  {
    name: 'distributor-data',
    path: 'distributor/data/data',
    answers: { 'distributor.analytics': ok(distributorAnalyticsView()) },
  },
];
