/**
 * 提现记录: the caller's withdrawals, newest first, 20 a page as the list scrolls, each with its
 * amounts, status history, the rejection or failure reason, and 确认收款 while a WeChat transfer
 * waits for the distributor. The withdrawal subscribe messages open this page
 * (shared/withdrawals.ts WITHDRAWALS_PAGE), so it reloads on every show.
 */
import { distributor } from '../../services/distributor';
import { confirmTransfer } from '../../services/withdraw';
import { listPage } from '../../utils/list-page';
import { listData, pageSource } from '../../utils/paged-list';
import { confirmOutcomeMessage } from '../withdraw/confirm';
import { historyRow, moveRow, type WithdrawalRow } from './rows';

const PAGE_SIZE = 20;

/** A withdrawal made meanwhile shifts the pages by one: keyOf skips what is already listed. */
const SOURCE = pageSource(
  (page) => distributor.withdrawals({ page, pageSize: PAGE_SIZE }),
  (answer) => answer.withdrawals.map(historyRow),
  { keyOf: (row) => row.id },
);

Page({
  ...listPage({
    data: {
      ...listData<WithdrawalRow>(),
      /** The id of the withdrawal being confirmed, '' when none. */
      confirming: '',
    },
    loadOn: 'show',
    onReload: 'keep',
    source: () => SOURCE,
  }),

  async onConfirmTap(event: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
    const id = event.currentTarget.dataset.id;
    if (this.data.confirming) return;
    this.setData({ confirming: id });
    const outcome = await confirmTransfer(id);
    this.setData({ confirming: '' });
    if (outcome.status === 'synced') {
      const updated = moveRow(outcome.withdrawal);
      this.setData({ rows: this.data.rows.map((row) => (row.id === id ? updated : row)) });
    }
    const text = confirmOutcomeMessage(outcome, null);
    if (text) void wx.showToast({ title: text, icon: outcome.status === 'synced' ? 'success' : 'none' });
  },

  onWithdrawTap() {
    void wx.navigateTo({ url: '/distributor/withdraw/withdraw' });
  },
});
