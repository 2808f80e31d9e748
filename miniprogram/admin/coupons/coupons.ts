/**
 * 优惠券 (merchant): every coupon, newest first, filtered by state, with its claims and uses;
 * 暂停 / 恢复 / 结束 (`admin.setCouponStatus`), 编辑 and 新建 in the form (admin/coupon), and
 * 效果 (`admin.couponResults`: claims, uses, paid orders, sales, commission) in a dialog.
 * Reloaded on every show, so what the form saved is seen on return.
 */
import { couponResults, listCoupons, setCouponStatus } from '../../services/admin';
import { filterBarListPage } from '../../utils/list-page';
import { listData } from '../../utils/paged-list';
import { adminFailureMessage } from '../gate';
import { adminSource, runRowAction, statusPage } from '../list';
import { couponRow, resultsText, type CouponRow } from './rows';

type Filter = 'all' | 'active' | 'paused' | 'ended';

const FILTERS: Array<{ value: Filter; label: string }> = [
  { value: 'all', label: '全部' },
  { value: 'active', label: '发放中' },
  { value: 'paused', label: '已暂停' },
  { value: 'ended', label: '已结束' },
];

const DONE = { pause: '已暂停', resume: '已恢复', end: '已结束' } as const;

Page({
  ...filterBarListPage({
    data: { ...listData<CouponRow>(), filter: 'all' as Filter, busyId: '' },
    filters: FILTERS,
    loadOn: 'show',
    onReload: 'clear',
    source: ({ filter }) => adminSource((offset) => listCoupons(statusPage(filter, offset)), couponRow),
  }),

  onCreateTap() {
    void wx.navigateTo({ url: '/admin/coupon/coupon' });
  },

  onEditTap(event: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
    void wx.navigateTo({ url: `/admin/coupon/coupon?id=${event.currentTarget.dataset.id}` });
  },

  async onStatusTap(
    event: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string; action: keyof typeof DONE }>,
  ) {
    const { id, action } = event.currentTarget.dataset;
    const row = this.data.rows.find((candidate) => candidate.id === id);
    if (!row) return;
    if (action === 'end') {
      const answer = await wx.showModal({
        title: '结束发放',
        content: '结束后不能再领取，也不能恢复；已领取的券在有效期内仍可使用。',
        confirmText: '结束',
      });
      if (!answer.confirm) return;
    }
    await runRowAction(this, {
      id,
      send: () => setCouponStatus({ couponId: id, action }),
      rowOf: (answer) => ({ ...couponRow({ ...answer.coupon, usedCount: row.used }) }),
      done: () => DONE[action],
    });
  },

  async onResultsTap(event: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
    const id = event.currentTarget.dataset.id;
    this.setData({ busyId: id });
    const result = await couponResults({ couponId: id });
    this.setData({ busyId: '' });
    const content = result.ok ? resultsText(result.data.results) : adminFailureMessage(result.error);
    void wx.showModal({
      title: result.ok ? `${result.data.coupon.name} 效果` : '读取失败',
      content,
      showCancel: false,
    });
  },
});
