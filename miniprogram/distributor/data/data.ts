/**
 * 数据: the distributor's last 30 days, from `distributor.analytics` (one aggregation on the
 * server): earnings per day (a line), team sales (团队业绩) per day (bars) and the conversion of
 * their shares (visits through them, users who bound to them, and how many of those have paid an
 * order). view.ts
 * turns the answer into what is shown. Reloaded by pulling down.
 */
import { distributor } from '../../services/distributor';
import { loadPageData, type PageStatus } from '../../utils/page-state';
import { refreshed } from '../../utils/pull-down';
import { dataView, type DataView } from './view';

Page({
  data: {
    status: 'loading' as PageStatus,
    message: '',
    view: null as DataView | null,
  },

  onLoad() {
    void this.load();
  },

  onPullDownRefresh() {
    return refreshed(this.load());
  },

  async load() {
    const data = await loadPageData(this, this.data.view !== null, distributor.analytics);
    this.setData(data ? { status: 'ready', view: dataView(data) } : { view: null });
  },

  onRetry() {
    void this.load();
  },
});
