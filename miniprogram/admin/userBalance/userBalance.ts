/**
 * 用户余额 (merchant), opened with `?userId=`: the user's balance and entries, newest first, and
 * the adjustment form (增加 / 扣减, amount, reason). An adjustment keeps its request id until it
 * is applied, so a retry after a lost answer is the same adjustment; one that would take the
 * balance below zero is refused (BALANCE_INSUFFICIENT) and changes nothing. Every entry of an
 * adjustment keeps the admin and the reason.
 */
import type { Result } from '@shared/result';
import { formatFen } from '@shared/money';
import { adjustBalance, userBalance } from '../../services/admin';
import { listPage } from '../../utils/list-page';
import { listData, type ListPage, type ListSource } from '../../utils/paged-list';
import { newRequestId } from '../../utils/request-id';
import { entryRow, type EntryRow } from '../../utils/balance-entry';
import { adminFailureMessage } from '../gate';
import { PAGE_SIZE } from '../list';
import { adjustmentOf, type Direction } from './form';

interface Account {
  userId: string;
  name: string;
  balance: string;
}

/** The entries by offset; the first page brings the account beside them. */
function source(userId: string): ListSource<EntryRow> {
  return {
    first: 0,
    messageOf: adminFailureMessage,
    async fetch(offset): Promise<Result<ListPage<EntryRow>>> {
      const result = await userBalance({ userId, offset, limit: PAGE_SIZE });
      if (!result.ok) return result;
      const { entries, nickname, balanceFen } = result.data;
      const account: Account = { userId, name: nickname || '未设置昵称', balance: formatFen(balanceFen) };
      return {
        ok: true,
        data: { rows: entries.items.map(entryRow), next: entries.nextOffset, summary: { account } },
      };
    },
  };
}

Page({
  ...listPage({
    data: {
      ...listData<EntryRow>(),
      userId: '',
      account: null as Account | null,
      direction: 'add' as Direction,
      amountText: '',
      reasonText: '',
      saving: false,
      requestId: '',
    },
    loadOn: 'show',
    onReload: 'keep',
    source: ({ userId }) => source(userId),
  }),

  onLoad(query: Record<string, string | undefined>) {
    this.setData({ userId: query.userId ?? '' });
  },

  onDirectionTap(event: WechatMiniprogram.BaseEvent<Record<string, never>, { direction: Direction }>) {
    this.setData({ direction: event.currentTarget.dataset.direction, requestId: '' });
  },

  onAmountInput(event: WechatMiniprogram.Input) {
    this.setData({ amountText: event.detail.value, requestId: '' });
  },

  onReasonInput(event: WechatMiniprogram.Input) {
    this.setData({ reasonText: event.detail.value, requestId: '' });
  },

  async onAdjustTap() {
    const { direction, amountText, reasonText, saving, userId } = this.data;
    if (saving) return;
    const checked = adjustmentOf(direction, amountText, reasonText);
    if (!checked.ok) {
      void wx.showToast({ title: checked.message, icon: 'none' });
      return;
    }
    const requestId = this.data.requestId || newRequestId();
    this.setData({ saving: true, requestId });
    const result = await adjustBalance({ userId, amountFen: checked.amountFen, reason: checked.reason, requestId });
    this.setData({ saving: false });
    if (!result.ok) {
      void wx.showModal({ title: '调整未完成', content: adminFailureMessage(result.error), showCancel: false });
      return;
    }
    this.setData({ amountText: '', reasonText: '', requestId: '' });
    void wx.showToast({ title: '已调整', icon: 'success' });
    void this.reload();
  },
});
