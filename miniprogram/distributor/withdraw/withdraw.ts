/**
 * 提现: the available balance, the amount with the rules' limits and the fee shown as typed
 * (form.ts), the channel when the shop allows more than one, and the request. The request id is
 * made once per withdrawal and kept (page data and storage) until the function answers, so a
 * retry after a network error, or after leaving the page, is the same withdrawal (the function
 * replays it) and never a second one. Before the first request the withdrawal subscribe
 * message is asked for; a refusal changes nothing. A transfer approved at once (review mode
 * autoBelow) offers 确认收款 right here. A WeChat transfer paying out 2,000 yuan or more asks for
 * the payee's real name (WeChat Pay requires it); it is sent with that request only, never kept here.
 * 到余额 (channel balance, when the shop offers it) needs no name and arrives in the balance at
 * once, with its own fee (usually none).
 */
import type { CenterOutput } from '@shared/contracts/distributor';
import { formatFen } from '@shared/money';
import type { WithdrawalChannel } from '@shared/withdrawals';
import { isTransportFailure } from '../../services/call';
import { distributor } from '../../services/distributor';
import { confirmTransfer, requestWithdrawal } from '../../services/withdraw';
import type { PageStatus } from '../../utils/page-state';
import { newRequestId } from '../../utils/request-id';
import { moveRow, type WithdrawalRow, CHANNEL_LABELS } from '../withdrawals/rows';
import {
  asksRealName,
  fenToYuanText,
  quoteWithdrawal,
  REAL_NAME_REASON,
  realNameProblem,
  refusalMessage,
  rulesText,
  type WithdrawLimits,
  type WithdrawQuote,
} from './form';
import { confirmOutcomeMessage } from './confirm';

/** The request id of a withdrawal whose answer never arrived (kept across page visits). */
const PENDING_REQUEST_KEY = 'distributor.withdraw.pendingRequestId';

function storedRequestId(): string {
  const stored: unknown = wx.getStorageSync(PENDING_REQUEST_KEY);
  return typeof stored === 'string' ? stored : '';
}

async function askForSubscription(templateId: string | null): Promise<void> {
  if (!templateId || typeof wx.requestSubscribeMessage !== 'function') return;
  try {
    await wx.requestSubscribeMessage({ tmplIds: [templateId] });
  } catch {
    // Refused or unavailable: the withdrawal goes ahead, only without the message.
  }
}

Page({
  data: {
    status: 'loading' as PageStatus,
    message: '',
    availableFen: 0,
    available: '',
    limits: null as WithdrawLimits | null,
    rules: '',
    templateId: null as string | null,
    channels: [] as Array<{ value: WithdrawalChannel; label: string }>,
    channel: 'wechatTransfer' as WithdrawalChannel,
    amountText: '',
    quote: quoteWithdrawal(
      '',
      { minAmountFen: 0, maxAmountFen: 0, feeBp: 0, maxPerDay: 0, channels: [] },
      0,
    ) as WithdrawQuote,
    /** The payee's real name, asked for only when `needsName` (asksRealName). */
    realName: '',
    needsName: false,
    nameProblem: '',
    nameReason: REAL_NAME_REASON,
    submitting: false,
    confirming: false,
    result: null as WithdrawalRow | null,
  },

  /** Every show: coming back from 提现记录 (a confirmed transfer) the balance may have moved. */
  onShow() {
    void this.load();
  },

  async load() {
    const result = await distributor.center();
    if (!result.ok) {
      this.setData({ status: 'error', message: result.error.message });
      return;
    }
    this.show(result.data);
  },

  show(center: CenterOutput) {
    const limits = center.rules.withdraw;
    const channel = limits.channels.includes(this.data.channel)
      ? this.data.channel
      : (limits.channels[0] ?? 'wechatTransfer');
    this.setData({
      status: 'ready',
      availableFen: center.balances.availableFen,
      available: formatFen(center.balances.availableFen),
      limits,
      rules: rulesText(limits),
      templateId: center.rules.notifications.withdrawal,
      channels: limits.channels.map((value) => ({ value, label: CHANNEL_LABELS[value] })),
      channel,
    });
    this.requote(this.data.amountText);
  },

  /** The quote of the typed amount, and whether the name is needed for it (with its problem). */
  requote(amountText: string, chosen?: WithdrawalChannel) {
    const limits = this.data.limits;
    if (!limits) return;
    const channel = chosen ?? this.data.channel;
    const quote = quoteWithdrawal(amountText, limits, this.data.availableFen, channel);
    const needsName = asksRealName(quote, limits, channel);
    this.setData({ amountText, channel, quote, needsName, nameProblem: '' });
  },

  onNameInput(event: WechatMiniprogram.Input) {
    this.setData({ realName: event.detail.value, nameProblem: '' });
  },

  onAmountInput(event: WechatMiniprogram.Input) {
    this.requote(event.detail.value);
  },

  onAllTap() {
    if (this.data.limits && this.data.availableFen > 0) {
      this.requote(fenToYuanText(Math.min(this.data.availableFen, this.data.limits.maxAmountFen)));
    }
  },

  onChannelTap(event: WechatMiniprogram.BaseEvent<Record<string, never>, { channel: WithdrawalChannel }>) {
    this.requote(this.data.amountText, event.currentTarget.dataset.channel);
  },

  async onSubmitTap() {
    const { quote, submitting, limits, channel, needsName } = this.data;
    if (submitting || !limits) return;
    if (!quote.canSubmit || quote.amountFen === null) {
      void wx.showToast({ title: quote.problem || '请输入提现金额', icon: 'none' });
      return;
    }
    const nameProblem = needsName ? realNameProblem(this.data.realName) : '';
    if (nameProblem) {
      this.setData({ nameProblem });
      void wx.showToast({ title: nameProblem, icon: 'none' });
      return;
    }
    // Asked first, while the tap still counts as the user's gesture (WeChat requires one).
    await askForSubscription(this.data.templateId);
    const requestId = storedRequestId() || newRequestId();
    wx.setStorageSync(PENDING_REQUEST_KEY, requestId);
    this.setData({ submitting: true });
    const realName = needsName ? { realName: this.data.realName.trim() } : {};
    const result = await requestWithdrawal({ requestId, amountFen: quote.amountFen, channel, ...realName });
    this.setData({ submitting: false });
    if (!result.ok) {
      // No answer (or BUSY): the same id goes again, so the retry can only replay this withdrawal.
      const retriable = isTransportFailure(result) || result.error.code === 'BUSY';
      if (!retriable) wx.removeStorageSync(PENDING_REQUEST_KEY);
      const text = refusalMessage(result.error, limits);
      void wx.showToast({ title: retriable ? `${text}，可再次提交，不会重复提现` : text, icon: 'none' });
      return;
    }
    wx.removeStorageSync(PENDING_REQUEST_KEY);
    this.setData({ result: moveRow(result.data.withdrawal), amountText: '', realName: '', needsName: false });
    const toBalance = result.data.withdrawal.channel === 'balance';
    void wx.showToast({
      title: result.data.status === 'replayed' ? '该提现申请已提交过' : toBalance ? '已到账余额' : '提现申请已提交',
      icon: 'success',
    });
    await this.load();
  },

  async onConfirmTap() {
    const result = this.data.result;
    if (!result || this.data.confirming) return;
    this.setData({ confirming: true });
    const outcome = await confirmTransfer(result.id);
    this.setData({ confirming: false });
    if (outcome.status === 'synced') this.setData({ result: moveRow(outcome.withdrawal) });
    const text = confirmOutcomeMessage(outcome, this.data.limits);
    if (text) void wx.showToast({ title: text, icon: outcome.status === 'synced' ? 'success' : 'none' });
    if (outcome.status === 'synced') await this.load();
  },

  onHistoryTap() {
    void wx.navigateTo({ url: '/distributor/withdrawals/withdrawals' });
  },

  onRetry() {
    this.setData({ status: 'loading' });
    void this.load();
  },
});
