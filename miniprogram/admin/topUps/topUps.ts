/**
 * 充值订单 (merchant): the top-ups, newest first, by status, with amount, bonus and the shopper
 * (tap: their balance, admin/userBalance). 退款 refunds a paid top-up after a confirmation: amount
 * and bonus leave the balance at once (refused when the shopper spent them) and WeChat Pay
 * refunds the payment; a refund WeChat Pay refused shows why and 重试退款 submits it again.
 */
import { listTopUps, refundTopUp } from '../../services/admin';
import { filterBarListPage } from '../../utils/list-page';
import { listData } from '../../utils/paged-list';
import { adminSource, runRowAction, statusPage } from '../list';
import { topUpRow, type TopUpRow } from './rows';

type Filter = 'all' | 'pending_payment' | 'paid' | 'refunding' | 'refunded';

const FILTERS: Array<{ value: Filter; label: string }> = [
  { value: 'all', label: '全部' },
  { value: 'paid', label: '已到账' },
  { value: 'pending_payment', label: '待支付' },
  { value: 'refunding', label: '退款中' },
  { value: 'refunded', label: '已退款' },
];

Page({
  ...filterBarListPage({
    data: { ...listData<TopUpRow>(), filter: 'all' as Filter, busyId: '' },
    filters: FILTERS,
    loadOn: 'show',
    onReload: 'clear',
    source: ({ filter }) => adminSource((offset) => listTopUps(statusPage(filter, offset)), topUpRow),
  }),

  onUserTap(event: WechatMiniprogram.BaseEvent<Record<string, never>, { user: string }>) {
    void wx.navigateTo({ url: `/admin/userBalance/userBalance?userId=${event.currentTarget.dataset.user}` });
  },

  async onRefundTap(event: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
    const id = event.currentTarget.dataset.id;
    const row = this.data.rows.find((candidate) => candidate.id === id);
    if (!row) return;
    if (row.status === 'paid') {
      const answer = await wx.showModal({
        title: '退款',
        content: `退回 ${row.amount}${row.bonus ? `，并从余额扣回${row.bonus}` : ''}。余额不足时不能退款。`,
        confirmText: '退款',
      });
      if (!answer.confirm) return;
    }
    await runRowAction(this, {
      id,
      send: () => refundTopUp({ topUpId: id }),
      rowOf: (answer) => topUpRow(answer.topUp),
      done: (answer) => (answer.status === 'refused' ? '微信支付未受理' : '已提交退款'),
    });
  },
});
