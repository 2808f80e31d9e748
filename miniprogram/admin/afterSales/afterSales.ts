/**
 * 售后审核: the shoppers' after-sales requests (`admin.listAfterSales`, newest first, paged,
 * pull down to reload). A request is approved (`admin.approveAfterSale`: WeChat Pay refunds it)
 * or refused with a reason the shopper sees (`admin.refuseAfterSale`). A return (退货退款) is
 * approved only once the merchant ticks 已收到退货: the function refuses it otherwise
 * (GOODS_NOT_RECEIVED), and the page shows that refusal like any other. An approved request
 * whose refund failed may be approved again (the function retries the same refund).
 */
import type { AdminAfterSaleView } from '@shared/contracts/afterSale';
import type { Result } from '@shared/result';
import { formatFen } from '@shared/money';
import { approveAfterSale, listAfterSales, refuseAfterSale } from '../../services/admin';
import { formatDateTime } from '../../utils/format';
import { filterBarListPage } from '../../utils/list-page';
import { listData } from '../../utils/paged-list';
import { adminSource, askReason, runRowAction, statusPage, type RowAction } from '../list';

type Filter = 'all' | AdminAfterSaleView['status'];

const FILTERS: Array<{ value: Filter; label: string }> = [
  { value: 'requested', label: '待审核' },
  { value: 'refunding', label: '退款中' },
  { value: 'refunded', label: '已退款' },
  { value: 'refused', label: '已拒绝' },
  { value: 'all', label: '全部' },
];

interface Row {
  id: string;
  orderId: string;
  kindLabel: string;
  statusLabel: string;
  isReturn: boolean;
  amount: string;
  lines: Array<{ key: string; text: string }>;
  reason: string;
  returnShipment: string;
  createdAt: string;
  reviewReason: string;
  refundError: string;
  /** requested: approve or refuse; approved (its refund did not go through): approve again. */
  canApprove: boolean;
  canRefuse: boolean;
}

function rowOf(request: AdminAfterSaleView): Row {
  return {
    id: request.id,
    orderId: request.orderId,
    kindLabel: request.kindLabel,
    statusLabel: request.statusLabel,
    isReturn: request.kind === 'returnAndRefund',
    amount: formatFen(request.amountFen),
    lines: request.lines.map((line) => ({
      key: String(line.lineIndex),
      text: `${line.name}（${line.spec}）×${line.quantity}  ${formatFen(line.amountFen)}`,
    })),
    reason: request.reason,
    returnShipment: request.returnShipment
      ? `${request.returnShipment.carrier} ${request.returnShipment.trackingNo}`
      : '',
    createdAt: formatDateTime(request.createdAt),
    reviewReason: request.review?.decision === 'refuse' ? (request.review.reason ?? '') : '',
    refundError: request.status === 'approved' ? (request.refund?.lastError ?? '') : '',
    canApprove: request.status === 'requested' || request.status === 'approved',
    canRefuse: request.status === 'requested',
  };
}

type Decided = { afterSale: AdminAfterSaleView };

/** A decision on a request: its answer is the request as it now is. */
function decision(id: string, send: () => Promise<Result<Decided>>, done: string): RowAction<Row, Decided> {
  return { id, send, rowOf: (answer) => rowOf(answer.afterSale), done: () => done };
}

Page({
  ...filterBarListPage({
    data: {
      ...listData<Row>(),
      filter: 'requested' as Filter,
      /** Ids of returns whose goods the merchant ticked as received. */
      received: {} as Record<string, boolean>,
      busyId: '',
    },
    filters: FILTERS,
    loadOn: 'load',
    onReload: 'clear',
    source: ({ filter }) => adminSource((offset) => listAfterSales(statusPage(filter, offset)), rowOf),
  }),

  onReceivedChange(event: WechatMiniprogram.CustomEvent<{ value: boolean }, Record<string, never>, { id: string }>) {
    this.setData({ received: { ...this.data.received, [event.currentTarget.dataset.id]: event.detail.value } });
  },

  async onApproveTap(event: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
    const row = this.data.rows.find((candidate) => candidate.id === event.currentTarget.dataset.id);
    if (!row || this.data.busyId) return;
    const answer = await wx.showModal({
      title: '同意退款',
      content: `将通过微信支付原路退回 ${row.amount}。`,
      confirmText: '同意',
    });
    if (!answer.confirm) return;
    const goodsReceived = row.isReturn && this.data.received[row.id] === true;
    const approve = () => approveAfterSale({ afterSaleId: row.id, goodsReceived });
    await runRowAction(this, decision(row.id, approve, '已同意退款'));
  },

  async onRefuseTap(event: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
    const afterSaleId = event.currentTarget.dataset.id;
    const reason = await askReason('拒绝售后', '请填写拒绝原因（顾客可见）', '拒绝');
    if (!reason) return;
    await runRowAction(
      this,
      decision(afterSaleId, () => refuseAfterSale({ afterSaleId, reason }), '已拒绝'),
    );
  },
});
