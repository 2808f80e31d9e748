/**
 * 分销员申请: the merchant reviews applications (`admin.listApplications`, newest first, 20 a
 * page, more on reaching the bottom, pull down to reload) and approves or rejects them
 * (`admin.reviewApplication`; a rejection needs a reason, shown to the applicant). 查看详情 opens
 * the applicant's page in 分销员管理 (admin/distributor), with their team and history.
 */
import type { ApplicationView } from '@shared/contracts/admin';
import { admin } from '../../services/admin';
import { APPLICATION_STATUS_LABELS, displayName, formatDateTime } from '../../utils/format';
import { filterBarListPage } from '../../utils/list-page';
import { listData } from '../../utils/paged-list';
import { adminSource, askReason, runRowAction, statusPage, type RowAction } from '../list';

type Filter = 'pending' | 'approved' | 'rejected' | 'all';

const FILTERS: Array<{ value: Filter; label: string }> = [
  { value: 'pending', label: '待审核' },
  { value: 'approved', label: '已通过' },
  { value: 'rejected', label: '已拒绝' },
  { value: 'all', label: '全部' },
];

interface Row {
  id: string;
  /** The applicant's OPENID: 查看详情 opens their page in 分销员管理. */
  userId: string;
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
    userId: application.userId,
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

/** A review of an application: its answer is the application as it now is. */
function review(
  applicationId: string,
  decision: 'approve' | 'reject',
  reason: string,
): RowAction<Row, { application: ApplicationView }> {
  return {
    id: applicationId,
    send: () => admin('reviewApplication', { applicationId, decision, reason }),
    rowOf: (answer) => rowOf(answer.application),
    done: () => (decision === 'approve' ? '已通过' : '已拒绝'),
  };
}

Page({
  ...filterBarListPage({
    data: {
      ...listData<Row>(),
      filter: 'pending' as Filter,
      busyId: '',
    },
    filters: FILTERS,
    loadOn: 'load',
    onReload: 'clear',
    source: ({ filter }) => adminSource((offset) => admin('listApplications', statusPage(filter, offset)), rowOf),
  }),

  async onApproveTap(event: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
    const answer = await wx.showModal({
      title: '通过申请',
      content: '通过后该用户即成为分销员。',
      confirmText: '通过',
    });
    if (answer.confirm) await runRowAction(this, review(event.currentTarget.dataset.id, 'approve', ''));
  },

  onDetailTap(event: WechatMiniprogram.BaseEvent<Record<string, never>, { user: string }>) {
    void wx.navigateTo({ url: `/admin/distributor/distributor?userId=${event.currentTarget.dataset.user}` });
  },

  async onRejectTap(event: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
    const reason = await askReason('拒绝申请', '请填写拒绝原因（申请人可见）', '拒绝');
    if (reason) await runRowAction(this, review(event.currentTarget.dataset.id, 'reject', reason));
  },
});
