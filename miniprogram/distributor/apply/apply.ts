/**
 * 申请成为分销员: the application form (real name, mobile, reason) and, once sent, its state.
 * What the page offers follows `distributor.center`: the form only where the recruitment mode
 * is 申请审核 and the caller may apply; a pending application can be retracted (撤回申请).
 */
import type { CenterOutput } from '@shared/contracts/distributor';
import { distributor } from '../../services/distributor';
import { formatDateTime } from '../../utils/format';
import type { PageStatus } from '../../utils/page-state';

/** What the page shows instead of (or above) the form. */
type Stage = 'form' | 'pending' | 'distributor' | 'closed' | 'everyone' | 'disabled';

function stageOf(center: CenterOutput): Stage {
  if (center.status === 'disabled') return 'disabled';
  if (center.isDistributor) return 'distributor';
  if (center.status === 'pending') return 'pending';
  if (center.recruitment === 'designated') return 'closed';
  if (center.recruitment === 'everyone') return 'everyone';
  return 'form';
}

Page({
  data: {
    status: 'loading' as PageStatus,
    message: '',
    stage: 'form' as Stage,
    rejection: '',
    submittedAt: '',
    form: { realName: '', phone: '', reason: '' },
    submitting: false,
  },

  onLoad() {
    void this.load();
  },

  async load() {
    this.setData({ status: 'loading' });
    const result = await distributor.center();
    if (!result.ok) {
      this.setData({ status: 'error', message: result.error.message });
      return;
    }
    const application = result.data.application;
    this.setData({
      status: 'ready',
      stage: stageOf(result.data),
      rejection: application?.status === 'rejected' ? (application.reviewReason ?? '未说明原因') : '',
      submittedAt: application?.status === 'pending' ? formatDateTime(application.createdAt) : '',
    });
  },

  onInput(event: WechatMiniprogram.Input & { currentTarget: { dataset: { field: string } } }) {
    this.setData({ [`form.${event.currentTarget.dataset.field}`]: event.detail.value });
  },

  async onSubmitTap() {
    const { realName, phone, reason } = this.data.form;
    if (realName.trim() === '' || phone.trim() === '') {
      void wx.showToast({ title: '请填写姓名和手机号', icon: 'none' });
      return;
    }
    if (this.data.submitting) return;
    this.setData({ submitting: true });
    const result = await distributor.apply({
      form: { realName, phone, reason: reason.trim() === '' ? undefined : reason },
    });
    this.setData({ submitting: false });
    if (!result.ok) {
      void wx.showToast({ title: result.error.message, icon: 'none' });
      return;
    }
    this.setData({ stage: 'pending', rejection: '', submittedAt: formatDateTime(result.data.application.createdAt) });
    void wx.showToast({ title: '申请已提交', icon: 'success' });
  },

  async onWithdrawTap() {
    const answer = await wx.showModal({ title: '撤回申请', content: '确定撤回这份申请吗？', confirmText: '撤回' });
    if (!answer.confirm) return;
    const result = await distributor.retractApplication();
    if (!result.ok) {
      void wx.showToast({ title: result.error.message, icon: 'none' });
      return;
    }
    this.setData({ stage: 'form', submittedAt: '' });
    void wx.showToast({ title: '已撤回', icon: 'success' });
  },

  onCenterTap() {
    void wx.redirectTo({ url: '/distributor/center/center' });
  },

  onRetry() {
    void this.load();
  },
});
