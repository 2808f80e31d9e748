/**
 * 余额: the balance, the top-up amounts as chips (充 500 送 80) with a custom amount when the shop
 * allows one, and the history, newest first, 20 a page as it scrolls. A top-up is opened with an
 * idempotency key kept until it is paid or given up (a retry after a lost answer is the same
 * top-up), paid with wx.requestPayment, then topUpStatus is polled until the payment callback
 * credited it. The balance comes with the history's first page, so both reload together.
 */
import type { Result } from '@shared/result';
import { pay } from '../../services/placeOrder';
import { wallet } from '../../services/wallet';
import { listPage } from '../../utils/list-page';
import { listData, type ListPage, type ListSource } from '../../utils/paged-list';
import { newRequestId } from '../../utils/request-id';
import { entryRow, type EntryRow } from '../../utils/balance-entry';
import { chosenAmount, summaryView, type SummaryView } from './view';

const PAGE_SIZE = 20;
/** How often, and how long, the page asks whether the payment was credited. */
const POLL_MS = 1000;
const POLLS = 8;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The history by offset; its first page brings the balance and the top-up options beside it. */
const SOURCE: ListSource<EntryRow> = {
  first: 0,
  async fetch(offset): Promise<Result<ListPage<EntryRow>>> {
    const [entries, summary] = await Promise.all([
      wallet.entries({ offset, limit: PAGE_SIZE }),
      offset === 0 ? wallet.summary() : Promise.resolve(null),
    ]);
    if (!entries.ok) return entries;
    if (summary && !summary.ok) return summary;
    const rows = entries.data.items.map(entryRow);
    const page = { rows, next: entries.data.nextOffset };
    return { ok: true, data: summary ? { ...page, summary: { summary: summaryView(summary.data) } } : page };
  },
};

Page({
  ...listPage({
    data: {
      ...listData<EntryRow>(),
      summary: null as SummaryView | null,
      chosenFen: 0,
      customText: '',
      paying: false,
      /** The key of the top-up being paid, and its amount: a retry of the same amount reuses it. */
      pendingKey: '',
      pendingFen: 0,
    },
    loadOn: 'show',
    onReload: 'keep',
    source: () => SOURCE,
  }),

  onChipTap(event: WechatMiniprogram.BaseEvent<Record<string, never>, { fen: number }>) {
    this.setData({ chosenFen: Number(event.currentTarget.dataset.fen), customText: '' });
  },

  onCustomInput(event: WechatMiniprogram.Input) {
    this.setData({ customText: event.detail.value, chosenFen: 0 });
  },

  async onTopUpTap() {
    const { summary, chosenFen, customText, paying } = this.data;
    if (!summary || paying) return;
    const chosen = chosenAmount(summary.topUp, chosenFen, customText);
    if (!chosen.ok) {
      void wx.showToast({ title: chosen.message, icon: 'none' });
      return;
    }
    const key =
      this.data.pendingFen === chosen.amountFen && this.data.pendingKey ? this.data.pendingKey : newRequestId();
    this.setData({ paying: true, pendingKey: key, pendingFen: chosen.amountFen });
    const message = await this.topUp(key, chosen.amountFen);
    this.setData({ paying: false });
    void wx.showToast({ title: message, icon: message === '充值成功' ? 'success' : 'none' });
    void this.reload();
  },

  /** Opens, pays and waits for the top-up; answers what to tell the shopper. */
  async topUp(idempotencyKey: string, amountFen: number): Promise<string> {
    const opened = await wallet.topUp({ idempotencyKey, amountFen });
    if (!opened.ok) return opened.error.message;
    const { topUpId, payment } = opened.data;
    if (payment) {
      const outcome = await pay(topUpId, payment);
      if (outcome.status === 'cancelled') return '已取消支付';
      if (outcome.status === 'failed') return outcome.message;
    }
    this.setData({ pendingKey: '', pendingFen: 0 });
    for (let poll = 0; poll < POLLS; poll += 1) {
      const status = await wallet.topUpStatus({ topUpId });
      if (status.ok && status.data.status !== 'pending_payment') return '充值成功';
      await sleep(POLL_MS);
    }
    return '支付结果确认中，稍后到账';
  },
});
