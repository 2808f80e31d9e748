/**
 * 风险审核 · one case: why the order's commissions are on hold (each signal with its evidence:
 * phone tail, address fingerprint, IP, counts, refund rate, loop), the commissions and the
 * rewards it holds (the invite reward of a first order), and the decision. 通过 clears the hold
 * (they release at the next run once their return window ended); 作废 takes them back from the
 * distributors' frozen balances, after a confirmation. Both are final; a repeated tap answers the recorded decision.
 */
import { admin } from '../../services/admin';
import type { PageStatus } from '../../utils/page-state';
import { adminFailureMessage } from '../gate';
import { riskCaseDetail, type RiskCaseDetail } from '../risk/rows';

Page({
  data: {
    status: 'loading' as PageStatus,
    message: '',
    caseId: '',
    detail: null as RiskCaseDetail | null,
    note: '',
    busy: false,
  },

  onLoad(query: Record<string, string | undefined>) {
    this.setData({ caseId: decodeURIComponent(query.caseId ?? '') });
    void this.load();
  },

  async load() {
    this.setData({ status: 'loading' });
    const answer = await admin('riskCase', { caseId: this.data.caseId });
    if (!answer.ok) {
      this.setData({ status: 'error', message: adminFailureMessage(answer.error) });
      return;
    }
    this.setData({ status: 'ready', detail: riskCaseDetail(answer.data) });
  },

  onRetry() {
    void this.load();
  },

  onNote(event: WechatMiniprogram.CustomEvent<{ value: string }>) {
    this.setData({ note: event.detail.value });
  },

  async decide(route: 'approveRiskCase' | 'voidRiskCase', done: string) {
    if (this.data.busy) return;
    this.setData({ busy: true });
    const answer = await admin(route, { caseId: this.data.caseId, note: this.data.note.trim() });
    this.setData({ busy: false });
    if (!answer.ok) {
      void wx.showModal({ title: '操作未完成', content: adminFailureMessage(answer.error), showCancel: false });
      return;
    }
    this.setData({ detail: riskCaseDetail(answer.data.case) });
    void wx.showToast({ title: done, icon: 'success' });
  },

  onApproveTap() {
    void this.decide('approveRiskCase', '已通过');
  },

  async onVoidTap() {
    const answer = await wx.showModal({
      title: '作废佣金',
      content: this.data.detail?.rewards.length
        ? '该订单被冻结的佣金和奖励将从推广员的冻结余额中扣回，且不可恢复。'
        : '该订单被冻结的佣金将从推广员的冻结余额中扣回，且不可恢复。',
      confirmText: '作废',
    });
    if (answer.confirm) await this.decide('voidRiskCase', '已作废');
  },
});
