/**
 * cloudPay.downloadBill: the trade bill (交易账单) of one China calendar day, built from the
 * sandbox's own payment book in WeChat Pay v2's text format (docs/platform.md section 6.4).
 *
 * What the bill holds, as WeChat Pay documents it:
 * - one row per payment that succeeded that day (交易时间 = its time_end), and one row per
 *   refund accepted that day (交易时间 = the acceptance, not the completion). A refund row's
 *   退款状态 is the refund's state when the bill was generated, never updated afterwards;
 * - every field, the summary's included, starts with a backtick; amounts are yuan with two
 *   decimals (fees with five); the header is the current "settlement" format of a
 *   service-provider merchant (特约商户号, 应结订单金额 ... 费率备注);
 * - the last two lines are the summary header and the summary: rows, 应结订单总金额, 退款总金额,
 *   充值券退款总金额, 手续费总金额, 订单总金额, 申请退款总金额.
 *
 * A day's bill exists from 09:00 China time of the next day (when WeChat Pay starts generating
 * it). A day without any row, or whose bill does not exist yet, answers `return_code: FAIL`,
 * `return_msg: 'No Bill Exist'`, `error_code: '20002'`, as JSON: the SDK hands that over as an
 * object, while the bill itself is text, which the SDK hands over as `{ data: text }` (or the
 * gzip bytes as `{ data: Buffer }` with `tar_type: GZIP`).
 */
import { gzipSync } from 'node:zlib';
import { chinaFormat } from '@shared/chinaTime';
import type { WireReply } from '../module';
import type { Payment, Refund } from './cloudpay-api';
import { payReply, SANDBOX_MCH_ID, spacedTime } from './wxpay';

/** WeChat Pay's rate for most categories (0.6%), in basis points; the fee is rounded to the fen. */
const FEE_RATE_BP = 60;
const DAY_MS = 24 * 3600_000;
/** WeChat Pay starts generating a day's bill at 09:00 China time of the next day. */
const BILL_READY_AFTER_MS = DAY_MS + 9 * 3600_000;

/** The detail columns of each bill type (the current format of a service-provider merchant). */
const ORDER_COLUMNS =
  '交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额';
const REFUND_COLUMNS = '微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态';
const GOODS_COLUMNS = '商品名称,商户数据包,手续费,费率,订单金额';
const COLUMNS: Record<BillType, string> = {
  ALL: `${ORDER_COLUMNS},${REFUND_COLUMNS},${GOODS_COLUMNS},申请退款金额,费率备注`,
  SUCCESS: `${ORDER_COLUMNS},${GOODS_COLUMNS},费率备注`,
  REFUND: `${ORDER_COLUMNS},退款申请时间,退款成功时间,${REFUND_COLUMNS},${GOODS_COLUMNS},申请退款金额,费率备注`,
};
/** The summary columns of each bill type. */
const SUMMARY: Record<BillType, string> = {
  ALL: '总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额',
  SUCCESS: '总交易单数,应结订单总金额,手续费总金额,订单总金额',
  REFUND: '总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额',
};
const BILL_TYPES = ['ALL', 'SUCCESS', 'REFUND'] as const;
type BillType = (typeof BILL_TYPES)[number];

/** One detail row: its fields by column name, and the amounts the summary adds up (fen). */
interface BillRow {
  fields: Record<string, string>;
  settledFen: number;
  refundFen: number;
  feeFen: number;
}

function yuan(fen: number, decimals = 2): string {
  const sign = fen < 0 ? '-' : '';
  const whole = Math.floor(Math.abs(fen) / 100);
  const cents = String(Math.abs(fen) % 100).padStart(2, '0');
  return `${sign}${whole}.${cents}${'0'.repeat(decimals - 2)}`;
}

/** The fee on an amount, rounded half up to the fen (WeChat Pay's rounding of fees). */
function feeFen(amountFen: number): number {
  return Math.round((amountFen * FEE_RATE_BP) / 10_000);
}

/** The fields a payment and its refunds share: who, which order, how it was paid. */
function orderFields(payment: Payment, at: number, state: string): Record<string, string> {
  return {
    交易时间: spacedTime(at),
    公众账号ID: payment.appid,
    商户号: SANDBOX_MCH_ID,
    特约商户号: payment.subMchId,
    微信订单号: payment.transactionId ?? '',
    商户订单号: payment.outTradeNo,
    用户标识: payment.spOpenid,
    交易类型: 'JSAPI',
    交易状态: state,
    付款银行: 'OTHERS',
    货币种类: 'CNY',
    代金券金额: '0.00',
    商品名称: payment.body,
    商户数据包: payment.attach ?? '',
    费率: '0.60%',
  };
}

function paymentRow(payment: Payment): BillRow {
  const fee = feeFen(payment.totalFee);
  const amount = yuan(payment.totalFee);
  const fields = {
    ...orderFields(payment, payment.paidAt ?? 0, 'SUCCESS'),
    ...{ 应结订单金额: amount, 微信退款单号: '0', 商户退款单号: '0', 退款金额: '0.00', 充值券退款金额: '0.00' },
    ...{ 手续费: yuan(fee, 5), 订单金额: amount, 申请退款金额: '0.00' },
  };
  return { fields, settledFen: payment.totalFee, refundFen: 0, feeFen: fee };
}

/** A refund as the bill generated at `generatedAt` (09:00 the next day) shows it: its state then. */
function refundRow(payment: Payment, refund: Refund, generatedAt: number): BillRow {
  const fee = -feeFen(refund.refundFee);
  const succeeded = refund.successAt !== undefined && refund.successAt <= generatedAt;
  const amount = yuan(refund.refundFee);
  const fields = {
    ...orderFields(payment, refund.createdAt, 'REFUND'),
    ...{ 应结订单金额: '0.00', 微信退款单号: refund.refundId, 商户退款单号: refund.outRefundNo },
    ...{
      退款金额: amount,
      充值券退款金额: '0.00',
      退款类型: 'ORIGINAL',
      退款状态: succeeded ? 'SUCCESS' : 'PROCESSING',
    },
    ...{ 退款申请时间: spacedTime(refund.createdAt), 退款成功时间: succeeded ? spacedTime(refund.successAt ?? 0) : '' },
    ...{ 手续费: yuan(fee, 5), 订单金额: '0.00', 申请退款金额: amount },
  };
  return { fields, settledFen: 0, refundFen: refund.refundFee, feeFen: fee };
}

/** The rows of the day starting at `dayStart` (China midnight), in time order. */
function rowsOf(payments: Iterable<Payment>, dayStart: number, billType: BillType): BillRow[] {
  const within = (at: number | undefined): at is number => at !== undefined && at >= dayStart && at < dayStart + DAY_MS;
  const timed: Array<{ at: number; row: BillRow }> = [];
  for (const payment of payments) {
    if (billType !== 'REFUND' && within(payment.paidAt)) timed.push({ at: payment.paidAt, row: paymentRow(payment) });
    if (billType === 'SUCCESS') continue;
    for (const refund of payment.refunds)
      if (within(refund.createdAt))
        timed.push({ at: refund.createdAt, row: refundRow(payment, refund, dayStart + BILL_READY_AFTER_MS) });
  }
  return timed.sort((a, b) => a.at - b.at).map((entry) => entry.row);
}

function billText(rows: BillRow[], billType: BillType): string {
  const sum = (pick: (row: BillRow) => number): number => rows.reduce((total, row) => total + pick(row), 0);
  const settled = yuan(sum((row) => row.settledFen));
  const refunded = yuan(sum((row) => row.refundFen));
  const summary: Record<string, string> = {
    总交易单数: String(rows.length),
    ...{ 应结订单总金额: settled, 退款总金额: refunded, 充值券退款总金额: '0.00' },
    ...{
      手续费总金额: yuan(
        sum((row) => row.feeFen),
        5,
      ),
      订单总金额: settled,
      申请退款总金额: refunded,
    },
  };
  // Every field of the rows and of the summary starts with a backtick, so that a spreadsheet keeps long numbers whole.
  const line = (columns: string, values: Record<string, string>): string =>
    columns
      .split(',')
      .map((column) => `\`${values[column] ?? ''}`)
      .join(',');
  const columns = COLUMNS[billType];
  const lines = [columns, ...rows.map((row) => line(columns, row.fields)), SUMMARY[billType]];
  return `${[...lines, line(SUMMARY[billType], summary)].join('\r\n')}\r\n`;
}

function isBillType(value: string): value is BillType {
  return (BILL_TYPES as readonly string[]).includes(value);
}

/** A request the sandbox refuses before looking at any bill (v2 `return_code: FAIL`). */
function refused(message: string, errorCode?: string): WireReply {
  return payReply({ return_code: 'FAIL', return_msg: message, ...(errorCode ? { error_code: errorCode } : {}) });
}

/** The answer to `downloadBill` with these (snake_case) parameters at virtual time `now`. */
export function downloadBill(payments: Iterable<Payment>, params: Record<string, unknown>, now: number): WireReply {
  const billDate = String(params.bill_date ?? '');
  const billType = String(params.bill_type ?? 'ALL');
  if (!params.nonce_str) return refused('缺少参数 nonce_str');
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(billDate);
  const dayStart = match ? Date.parse(`${match[1]}-${match[2]}-${match[3]}T00:00:00+08:00`) : NaN;
  if (!match || Number.isNaN(dayStart) || chinaFormat(dayStart, 'YYYYMMDD') !== billDate)
    return refused('bill_date 参数格式错误: yyyyMMdd');
  if (!isBillType(billType)) return refused('bill_type 参数错误: ALL、SUCCESS 或 REFUND');
  if (params.tar_type !== undefined && params.tar_type !== 'GZIP') return refused('tar_type 参数错误: 只能是 GZIP');
  const subMchId = typeof params.sub_mch_id === 'string' && params.sub_mch_id ? params.sub_mch_id : null;
  const own = [...payments].filter((payment) => subMchId === null || payment.subMchId === subMchId);
  const rows = now < dayStart + BILL_READY_AFTER_MS ? [] : rowsOf(own, dayStart, billType);
  if (rows.length === 0) return refused('No Bill Exist', '20002');
  const text = billText(rows, billType);
  return params.tar_type === 'GZIP'
    ? { kind: 'raw', contentType: 'application/octet-stream', body: gzipSync(Buffer.from(text, 'utf8')) }
    : { kind: 'raw', contentType: 'text/plain;charset=utf-8', body: text };
}
