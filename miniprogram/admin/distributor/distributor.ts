/**
 * 分销员详情: one user as the merchant sees them (`admin.distributorDetail`): profile, referrer,
 * balances, team, the newest commissions and withdrawals and the grade history. The merchant
 * appoints, disables or enables them (`admin.setDistributorStatus`), sends a pending one to the
 * application review (admin/applications), and sets their grade by hand with a reason
 * (`admin.setGrade`; the reason is kept in the grade history). 移除 ends the distributorship with a
 * reason (`admin.removeDistributor`); an exited distributor shows the exit and the team's hand-over,
 * which 继续交接 continues for a big team (`admin.continueHandover`).
 */
import { admin } from '../../services/admin';
import type { PageStatus } from '../../utils/page-state';
import { adminFailureMessage } from '../gate';
import { askReason } from '../list';
import { REMOVE_CONFIRMATION } from './exit';
import { detailView, MOVE_CONFIRMATIONS, type DetailView } from './view';

Page({
  data: {
    status: 'loading' as PageStatus,
    message: '',
    userId: '',
    view: null as DetailView | null,
    /** The grade choices are open (调整等级). */
    choosingGrade: false,
    busy: false,
  },

  onLoad(query: Record<string, string | undefined>) {
    this.setData({ userId: query.userId ?? '' });
    void this.load();
  },

  async load() {
    if (!this.data.userId) {
      this.setData({ status: 'error', message: '缺少用户编号' });
      return;
    }
    if (!this.data.view) this.setData({ status: 'loading' });
    const result = await admin('distributorDetail', { userId: this.data.userId });
    if (!result.ok) {
      this.setData({ status: 'error', message: adminFailureMessage(result.error) });
      return;
    }
    this.setData({ status: 'ready', view: detailView(result.data) });
  },

  onRetry() {
    void this.load();
  },

  /** Runs one change (a status move or a grade) once at a time; a refusal says why in a dialog. */
  async change(send: () => Promise<{ ok: boolean; error?: { code: string; message: string } }>, done: string) {
    if (this.data.busy) return;
    this.setData({ busy: true });
    const result = await send();
    this.setData({ busy: false });
    if (!result.ok) {
      const error = result.error ?? { code: '', message: '操作失败' };
      void wx.showModal({ title: '操作未完成', content: adminFailureMessage(error), showCancel: false });
      return;
    }
    void wx.showToast({ title: done, icon: 'success' });
    await this.load();
  },

  async onMoveTap() {
    const move = this.data.view?.move;
    if (!move) return;
    const answer = await wx.showModal({ ...MOVE_CONFIRMATIONS[move.action], confirmText: move.label });
    if (!answer.confirm) return;
    await this.change(
      () => admin('setDistributorStatus', { userId: this.data.userId, action: move.action }),
      move.action === 'disable' ? '已停用' : move.action === 'enable' ? '已启用' : '已任命',
    );
  },

  async onRemoveTap() {
    const reason = await askReason(REMOVE_CONFIRMATION.title, REMOVE_CONFIRMATION.placeholderText, '移除');
    if (!reason) return;
    await this.change(() => admin('removeDistributor', { userId: this.data.userId, reason }), '已移除');
  },

  async onContinueHandoverTap() {
    await this.change(() => admin('continueHandover', { userId: this.data.userId }), '已继续交接');
  },

  onReviewTap() {
    void wx.navigateTo({ url: '/admin/applications/applications?status=pending' });
  },

  onPointsTap() {
    void wx.navigateTo({ url: `/admin/userPoints/userPoints?userId=${this.data.userId}` });
  },

  onBalanceTap() {
    void wx.navigateTo({ url: `/admin/userBalance/userBalance?userId=${this.data.userId}` });
  },

  onStatementTap() {
    void wx.navigateTo({ url: `/admin/ledger/ledger?userId=${this.data.userId}` });
  },

  onChooseGradeTap() {
    this.setData({ choosingGrade: !this.data.choosingGrade });
  },

  async onGradeTap(event: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string; name: string }>) {
    const { id, name } = event.currentTarget.dataset;
    const reason = await askReason(`调整为${name}`, '请填写调整原因（记入等级记录）', '确定');
    if (!reason) return;
    this.setData({ choosingGrade: false });
    await this.change(() => admin('setGrade', { userId: this.data.userId, gradeId: id, reason }), '等级已调整');
  },
});
