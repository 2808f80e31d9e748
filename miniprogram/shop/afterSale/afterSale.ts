/**
 * 申请售后: kind (仅退款, or 退货退款 once shipped), the lines with units and amount (each
 * prefilled with what is left, or the units' share), and a reason → `afterSale.request`. Opened
 * from the order page with the line tapped chosen. The idempotency key is kept while an answer
 * is missing, so a retry never makes a second request; a refusal starts a new one.
 */
import { formatFen } from '@shared/money';
import { afterSale } from '../../services/afterSale';
import { isTransportFailure } from '../../services/call';
import type { PageStatus } from '../../utils/page-state';
import { newRequestId } from '../../utils/request-id';
import {
  checkRequest,
  parseYuan,
  suggestedAmountFen,
  yuanText,
  type AfterSaleKindChoice,
  type RefundableLine,
} from './form';

interface LineView {
  lineIndex: number;
  name: string;
  spec: string;
  image: string;
  chosen: boolean;
  quantity: number;
  maxQuantity: number;
  amountText: string;
  limit: string;
}

type LineEvent<D extends WechatMiniprogram.IAnyObject = Record<string, never>> = WechatMiniprogram.CustomEvent<
  D,
  Record<string, never>,
  { line: number }
>;

Page({
  data: {
    status: 'loading' as PageStatus,
    message: '',
    orderId: '',
    preferredLine: -1,
    canReturn: false,
    kind: 'refundOnly' as AfterSaleKindChoice,
    refundable: [] as RefundableLine[],
    lines: [] as LineView[],
    reason: '',
    total: formatFen(0),
    formError: '',
    submitting: false,
    idempotencyKey: '',
  },

  onLoad(query: Record<string, string | undefined>) {
    this.setData({
      orderId: query.orderId ?? '',
      preferredLine: query.lineIndex === undefined ? -1 : Number(query.lineIndex),
    });
    void this.load();
  },

  async load() {
    this.setData({ status: 'loading' });
    const result = await afterSale.refundable({ orderId: this.data.orderId });
    if (!result.ok) {
      this.setData({ status: 'error', message: result.error.message });
      return;
    }
    const refundable = result.data.lines.filter((line) => line.remainingFen > 0);
    if (!result.data.canRequest || refundable.length === 0) {
      this.setData({ status: 'error', message: '该订单暂时不能申请售后' });
      return;
    }
    const preferred = refundable.some((line) => line.lineIndex === this.data.preferredLine);
    const lines = refundable.map((line) => ({
      lineIndex: line.lineIndex,
      name: line.name,
      spec: line.spec,
      image: line.image,
      chosen: !preferred || line.lineIndex === this.data.preferredLine,
      quantity: line.remainingQuantity,
      maxQuantity: line.remainingQuantity,
      amountText: yuanText(line.remainingFen),
      limit: `最多 ${formatFen(line.remainingFen)}，${line.remainingQuantity} 件`,
    }));
    this.setData({ status: 'ready', canReturn: result.data.canReturn, refundable, lines });
    this.showTotal();
  },

  showTotal() {
    const total = this.data.lines
      .filter((line) => line.chosen)
      .reduce((sum, line) => sum + (parseYuan(line.amountText) ?? 0), 0);
    this.setData({ total: formatFen(total), formError: '' });
  },

  updateLine(lineIndex: number, change: Partial<LineView>) {
    this.setData({
      lines: this.data.lines.map((line) => (line.lineIndex === lineIndex ? { ...line, ...change } : line)),
    });
    this.showTotal();
  },

  onKindTap(event: WechatMiniprogram.BaseEvent<Record<string, never>, { kind: AfterSaleKindChoice }>) {
    const kind = event.currentTarget.dataset.kind;
    if (kind === 'returnAndRefund' && !this.data.canReturn) {
      void wx.showToast({ title: '商品发货后才能退货退款', icon: 'none' });
      return;
    }
    this.setData({ kind });
  },

  onLineTap(event: LineEvent) {
    const line = this.data.lines.find((candidate) => candidate.lineIndex === event.currentTarget.dataset.line);
    if (line) this.updateLine(line.lineIndex, { chosen: !line.chosen });
  },

  onQuantityChange(event: LineEvent<{ value: number }>) {
    const lineIndex = event.currentTarget.dataset.line;
    const source = this.data.refundable.find((line) => line.lineIndex === lineIndex);
    if (!source) return;
    const quantity = Number(event.detail.value);
    this.updateLine(lineIndex, { quantity, amountText: yuanText(suggestedAmountFen(source, quantity)) });
  },

  onAmountInput(event: LineEvent<{ value: string }>) {
    this.updateLine(event.currentTarget.dataset.line, { amountText: event.detail.value });
  },

  onReasonInput(event: WechatMiniprogram.Input) {
    this.setData({ reason: event.detail.value, formError: '' });
  },

  async onSubmitTap() {
    if (this.data.submitting) return;
    const chosen = this.data.lines.filter((line) => line.chosen);
    const checked = checkRequest(this.data.kind, chosen, this.data.refundable, this.data.reason);
    if (!checked.ok) {
      this.setData({ formError: checked.message });
      return;
    }
    const idempotencyKey = this.data.idempotencyKey || newRequestId();
    this.setData({ submitting: true, idempotencyKey });
    const result = await afterSale.request({
      orderId: this.data.orderId,
      kind: this.data.kind,
      lines: checked.lines,
      reason: checked.reason,
      idempotencyKey,
    });
    this.setData({ submitting: false });
    if (!result.ok) {
      if (!isTransportFailure(result)) this.setData({ idempotencyKey: '' });
      this.setData({ formError: result.error.message });
      return;
    }
    void wx.showToast({ title: '已提交，请等待商家审核', icon: 'none' });
    void wx.navigateBack();
  },

  onRetry() {
    void this.load();
  },
});
