/**
 * 营销活动: the merchant's 满减 and 限时折扣 (`admin.listActivities`), filtered by state (未开始,
 * 进行中, 已暂停, 已结束) and kind, each with its results (orders, units, discount, paid,
 * commission). 暂停, 恢复 and 结束 (`admin.setActivityStatus`; 结束 asks first, since an ended
 * activity never comes back); 编辑 and 新建 open the form (admin/activity).
 */
import type { ActivityKind, ActivityState } from '@shared/activities';
import type { FailureBody } from '@shared/result';
import { admin } from '../../services/admin';
import type { PageStatus } from '../../utils/page-state';
import { loadPageData } from '../../utils/page-state';
import { adminFailureMessage } from '../gate';
import { PAGE_SIZE, replaceRow } from '../list';
import { activityRow, type ActivityRow } from './view';

type StateFilter = ActivityState | 'all';
type KindFilter = ActivityKind | 'all';

const STATE_FILTERS: { value: StateFilter; label: string }[] = [
  { value: 'all', label: '全部' },
  { value: 'upcoming', label: '未开始' },
  { value: 'running', label: '进行中' },
  { value: 'paused', label: '已暂停' },
  { value: 'ended', label: '已结束' },
];
const KIND_FILTERS: { value: KindFilter; label: string }[] = [
  { value: 'all', label: '全部类型' },
  { value: 'fullReduction', label: '满减' },
  { value: 'timedDiscount', label: '限时折扣' },
  { value: 'flashSale', label: '秒杀' },
];

type Tap = WechatMiniprogram.BaseEvent<
  Record<string, never>,
  { id?: string; value?: string; action?: string; kind?: string }
>;

function refused(title: string, error: FailureBody): void {
  void wx.showModal({ title, content: adminFailureMessage(error), showCancel: false });
}

Page({
  data: {
    status: 'loading' as PageStatus,
    message: '',
    stateFilters: STATE_FILTERS,
    kindFilters: KIND_FILTERS,
    state: 'all' as StateFilter,
    kind: 'all' as KindFilter,
    rows: [] as ActivityRow[],
    nextOffset: null as number | null,
    loadingMore: false,
    busyId: '',
  },

  onShow() {
    void this.load();
  },

  async onPullDownRefresh() {
    await this.load();
    void wx.stopPullDownRefresh();
  },

  onRetry() {
    void this.load();
  },

  /** The list input of the current filters from `offset`. */
  query(offset: number) {
    const { state, kind } = this.data;
    return {
      ...(state === 'all' ? {} : { state }),
      ...(kind === 'all' ? {} : { kind }),
      limit: PAGE_SIZE,
      offset,
    };
  },

  async load() {
    const data = await loadPageData(
      this,
      this.data.status === 'ready',
      () => admin('listActivities', this.query(0)),
      adminFailureMessage,
    );
    if (!data) return;
    const rows = data.items.map((item) => activityRow(item.activity, item.results));
    this.setData({ status: 'ready', rows, nextOffset: data.nextOffset });
  },

  async onMoreTap() {
    const offset = this.data.nextOffset;
    if (offset === null || this.data.loadingMore) return;
    this.setData({ loadingMore: true });
    const result = await admin('listActivities', this.query(offset));
    this.setData({ loadingMore: false });
    if (!result.ok) return refused('加载失败', result.error);
    const more = result.data.items.map((item) => activityRow(item.activity, item.results));
    this.setData({ rows: [...this.data.rows, ...more], nextOffset: result.data.nextOffset });
  },

  onStateTap(event: Tap) {
    this.setData({ state: (event.currentTarget.dataset.value ?? 'all') as StateFilter });
    void this.load();
  },

  onKindTap(event: Tap) {
    this.setData({ kind: (event.currentTarget.dataset.value ?? 'all') as KindFilter });
    void this.load();
  },

  onCreateTap(event: Tap) {
    void wx.navigateTo({ url: `/admin/activity/activity?kind=${event.currentTarget.dataset.kind ?? ''}` });
  },

  onEditTap(event: Tap) {
    void wx.navigateTo({ url: `/admin/activity/activity?id=${event.currentTarget.dataset.id ?? ''}` });
  },

  async onStatusTap(event: Tap) {
    const row = this.data.rows.find((candidate) => candidate.id === event.currentTarget.dataset.id);
    const action = event.currentTarget.dataset.action as 'pause' | 'resume' | 'end' | undefined;
    if (!row || !action || this.data.busyId) return;
    if (action === 'end') {
      const answer = await wx.showModal({ title: '结束活动', content: `结束后「${row.name}」不能再恢复，确定结束？` });
      if (!answer.confirm) return;
    }
    this.setData({ busyId: row.id });
    const result = await admin('setActivityStatus', { id: row.id, action });
    this.setData({ busyId: '' });
    if (!result.ok) return refused('操作未完成', result.error);
    // The results do not change with the status: the row keeps the ones it shows.
    this.setData({ rows: replaceRow(this.data.rows, activityRow(result.data.activity, row.results)) });
    void wx.showToast({ title: '已更新', icon: 'success' });
  },
});
