/**
 * WeChat's shipping management (发货信息管理): `wxa.sec.order.uploadShippingInfo` records how a
 * paid order was shipped, and `wxa.sec.order.getOrder` answers what the platform knows of it.
 * Checked as the platform does:
 *
 * - the request's shape (order_key, logistics_type, delivery_mode, shipping_list, upload_time,
 *   payer): 47001 `data format error`; a unified delivery with other than one entry: 268485228;
 *   an express delivery (logistics_type 1) without a tracking number or company: 268485226;
 * - the payment must be one of the payment sandbox's (by transaction_id, or mchid + out_trade_no):
 *   else 10060001 `支付单不存在`; and paid (not wholly refunded): else 10060004 `支付单处于不可发货的状态`;
 * - after the shopper confirmed receipt (the control plane plays the shopper): 10060004;
 * - a second upload replaces the first (the platform's one modification); a third: 10060003
 *   `支付单已使用重新发货机会`.
 */
import type { Payment } from '../pay/cloudpay-api';
import { wxJson, type OpenApiResult } from './protocol';

export interface ShippingRecord {
  transactionId: string;
  outTradeNo: string;
  /** The payer's openid as the upload gave it. */
  payer: string;
  logisticsType: number;
  deliveryMode: number;
  shippingList: Array<Record<string, unknown>>;
  uploadTime: string;
  /** Uploads accepted for the payment: 1, or 2 after the one modification. */
  uploads: number;
  state: 'shipped' | 'confirmed';
  function: string | null;
  /** ISO times by the emulator's clock. */
  firstUploadedAt: string;
  lastUploadedAt: string;
  confirmedAt: string | null;
}

/** Finds a payment of the payment sandbox by transaction id or out_trade_no. */
export interface PaymentLookup {
  byTransactionId(transactionId: string): Payment | undefined;
  byOutTradeNo(outTradeNo: string): Payment | undefined;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const formatError = (): OpenApiResult => wxJson(47001, 'data format error');
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string => (typeof value === 'string' ? value : '');

type KeyOf = { kind: 'transaction'; transactionId: string } | { kind: 'trade'; mchid: string; outTradeNo: string };

function orderKeyOf(value: unknown): KeyOf | null {
  if (!isObject(value)) return null;
  if (value.order_number_type === 2 && text(value.transaction_id))
    return { kind: 'transaction', transactionId: text(value.transaction_id) };
  if (value.order_number_type === 1 && text(value.mchid) && text(value.out_trade_no))
    return { kind: 'trade', mchid: text(value.mchid), outTradeNo: text(value.out_trade_no) };
  return null;
}

/** The shape checks, before the payment is looked up. */
function shapeRefusal(params: Record<string, unknown>): OpenApiResult | null {
  const list = params.shipping_list;
  if (
    ![1, 2, 3, 4].includes(params.logistics_type as number) ||
    ![1, 2].includes(params.delivery_mode as number) ||
    !Array.isArray(list) ||
    list.length < 1 ||
    list.length > 15 ||
    !list.every(isObject) ||
    !RFC3339.test(text(params.upload_time)) ||
    !isObject(params.payer) ||
    !text(params.payer.openid)
  )
    return formatError();
  if (params.delivery_mode === 1 && list.length !== 1)
    return wxJson(268485228, '统一发货模式下，物流信息列表长度必须为1');
  const entries = list as Array<Record<string, unknown>>;
  if (params.logistics_type === 1 && entries.some((entry) => !text(entry.tracking_no) || !text(entry.express_company)))
    return wxJson(268485226, '物流单号不能为空');
  return null;
}

function shippable(payment: Payment): boolean {
  const refunded = payment.refunds.reduce((sum, refund) => sum + refund.refundFee, 0);
  return (payment.state === 'SUCCESS' || payment.state === 'REFUND') && refunded < payment.totalFee;
}

export class ShippingInfo {
  private readonly records = new Map<string, ShippingRecord>();
  private payments: PaymentLookup | null = null;

  connect(payments: PaymentLookup): void {
    this.payments = payments;
  }

  private find(key: KeyOf): Payment | undefined {
    if (!this.payments) return undefined;
    if (key.kind === 'transaction') return this.payments.byTransactionId(key.transactionId);
    return this.payments.byOutTradeNo(key.outTradeNo);
  }

  upload(params: Record<string, unknown>, caller: string | null, now: number): OpenApiResult {
    const key = orderKeyOf(params.order_key);
    if (!key) return formatError();
    const refusal = shapeRefusal(params);
    if (refusal) return refusal;
    const payment = this.find(key);
    if (!payment) return wxJson(10060001, '支付单不存在');
    if (!payment.transactionId || !shippable(payment)) return wxJson(10060004, '支付单处于不可发货的状态');
    const previous = this.records.get(payment.transactionId);
    if (previous?.state === 'confirmed') return wxJson(10060004, '支付单处于不可发货的状态');
    if (previous && previous.uploads >= 2) return wxJson(10060003, '支付单已使用重新发货机会');
    const at = new Date(now).toISOString();
    this.records.set(payment.transactionId, {
      transactionId: payment.transactionId,
      outTradeNo: payment.outTradeNo,
      payer: text((params.payer as Record<string, unknown>).openid),
      logisticsType: params.logistics_type as number,
      deliveryMode: params.delivery_mode as number,
      shippingList: params.shipping_list as Array<Record<string, unknown>>,
      uploadTime: text(params.upload_time),
      uploads: (previous?.uploads ?? 0) + 1,
      state: 'shipped',
      function: caller,
      firstUploadedAt: previous?.firstUploadedAt ?? at,
      lastUploadedAt: at,
      confirmedAt: null,
    });
    return wxJson(0, 'ok');
  }

  /**
   * `getOrder` by transaction_id (or merchant_id + merchant_trade_no): order_state 1 paid and
   * not shipped, 2 shipped, 3 receipt confirmed, 5 wholly refunded.
   */
  getOrder(params: Record<string, unknown>): OpenApiResult {
    const key: KeyOf | null = text(params.transaction_id)
      ? { kind: 'transaction', transactionId: text(params.transaction_id) }
      : text(params.merchant_trade_no)
        ? { kind: 'trade', mchid: text(params.merchant_id), outTradeNo: text(params.merchant_trade_no) }
        : null;
    if (!key) return formatError();
    const payment = this.find(key);
    if (!payment?.transactionId) return wxJson(10060001, '支付单不存在');
    const record = this.records.get(payment.transactionId);
    const state = !shippable(payment) ? 5 : record?.state === 'confirmed' ? 3 : record ? 2 : 1;
    const order = {
      transaction_id: payment.transactionId,
      merchant_trade_no: payment.outTradeNo,
      openid: payment.payer,
      paid_amount: payment.totalFee,
      order_state: state,
      shipping: record
        ? {
            delivery_mode: record.deliveryMode,
            logistics_type: record.logisticsType,
            shipping_list: record.shippingList,
          }
        : null,
    };
    return wxJson(0, 'ok', `,"order":${JSON.stringify(order)}`);
  }

  /** The shopper confirms receipt on the platform: later uploads are refused. False when nothing was uploaded. */
  confirm(transactionId: string, now: number): boolean {
    const record = this.records.get(transactionId);
    if (!record) return false;
    record.state = 'confirmed';
    record.confirmedAt = new Date(now).toISOString();
    return true;
  }

  list(): ShippingRecord[] {
    return [...this.records.values()].sort((a, b) => b.lastUploadedAt.localeCompare(a.lastUploadedAt));
  }

  reset(): void {
    this.records.clear();
  }
}
