/**
 * 分销员申请: the merchant reviews applications (`admin.listApplications`, newest first, 20 a
 * page, more on reaching the bottom, pull down to reload) and approves or rejects them
 * (`admin.reviewApplication`; a rejection needs a reason, shown to the applicant).
 */
import type { ApplicationView } from '@shared/contracts/admin';
import { admin } from '../../services/admin';
import { APPLICATION_STATUS_LABELS, displayName, formatDateTime } from '../../utils/format';
import { listData, loadNextPage, reloadList } from '../../utils/paged-list';
import { adminFailureMessage } from '../gate';
import { adminSource, PAGE_SIZE, replaceRow } from '../list';

type Filter = 'pending' | 'approved' | 'rejected' | 'all';

const FILTERS: Array<{ value: Filter; label: string }> = [
  { value: 'pending', label: '待审核' },
  { value: 'approved', label: '已通过' },
  { value: 'rejected', label: '已拒绝' },
  { value: 'all', label: '全部' },
];

interface Row {
  id: string;
  name: string;
  realName: string;
  phone: string;
  reason: string;
  createdAt: string;
  statusLabel: string;
  pending: boolean;
  reviewReason: string;
}

function rowOf(application: ApplicationView): Row {
  return {
    id: application.id,
    name: application.user ? displayName(application.user.nickname) : '用户已不存在',
    realName: application.form.realName,
    phone: application.form.phone,
    reason: application.form.reason,
    createdAt: formatDateTime(application.createdAt),
    statusLabel: APPLICATION_STATUS_LABELS[application.status] ?? application.status,
    pending: application.status === 'pending',
    reviewReason: application.reviewReason ?? '',
  };
}

Page({
  data: {
    ...listData<Row>(),
    filters: FILTERS,
    filter: 'pending' as Filter,
  },

  onLoad() {
    void this.reload();
  },

  async onPullDownRefresh() {
    await this.reload();
    void wx.stopPullDownRefresh();
  },

  onReachBottom() {
    void loadNextPage(this, this.source());
  },

  /** The list under the chosen filter. */
  source() {
    const filter = this.data.filter;
    return adminSource((offset) => admin('listApplications', filter === 'all' ? { limit: PAGE_SIZE, offset } : { status: filter, limit: PAGE_SIZE, offset }), rowOf);
  },

  reload() {
    return reloadList(this, this.source());
  },

  onFilterTap(event: WechatMiniprogram.BaseEvent<Record<string, never>, { filter: Filter }>) {
    if (event.currentTarget.dataset.filter === this.data.filter) return;
    this.setData({ filter: event.currentTarget.dataset.filter });
    void this.reload();
  },

  async onApproveTap(event: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
    const answer = await wx.showModal({ title: '通过申请', content: '通过后该用户即成为分销员。', confirmText: '通过' });
    if (answer.confirm) await this.review(event.currentTarget.dataset.id, 'approve', '');
  },

  async onRejectTap(event: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
    const answer = await wx.showModal({ title: '拒绝申请', editable: true, placeholderText: '请填写拒绝原因（申请人可见）', confirmText: '拒绝' });
    if (!answer.confirm) return;
    const reason = (answer.content ?? '').trim();
    if (reason === '') {
      void wx.showToast({ title: '请填写拒绝原因', icon: 'none' });
      return;
    }
    await this.review(event.currentTarget.dataset.id, 'reject', reason);
  },

  async review(applicationId: string, decision: 'approve' | 'reject', reason: string) {
    const result = await admin('reviewApplication', { applicationId, decision, reason });
    if (!result.ok) {
      void wx.showToast({ title: adminFailureMessage(result.error), icon: 'none' });
      return;
    }
    this.setData({ rows: replaceRow(this.data.rows, rowOf(result.data.application)) });
    void wx.showToast({ title: decision === 'approve' ? '已通过' : '已拒绝', icon: 'success' });
  },

  onRetry() {
    void this.reload();
  },
});
