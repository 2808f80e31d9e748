/**
 * The cloudPay APIs (`wx.wxPayApi`): unifiedOrder, queryOrder, closeOrder, refund and
 * queryRefund over the sandbox's payment book, answering with WeChat Pay v2 fields in
 * snake_case. As in v2, a malformed request is `return_code: FAIL` with a `return_msg`, and a
 * well-formed request the business rules refuse is `result_code: FAIL` with an `err_code`;
 * neither is a platform error, so the SDK hands both to the caller with errCode 0.
 */
import { createHash } from 'node:crypto';
import type { Delivery } from './callbacks';
import { compactTime, nonce, randomDigits, SANDBOX_MCH_ID, signV2, spacedTime, text, withSign } from './wxpay';

export type TradeState = 'NOTPAY' | 'SUCCESS' | 'REFUND' | 'CLOSED' | 'PAYERROR';

export interface Refund {
  outRefundNo: string;
  refundId: string;
  refundFee: number;
  functionName: string;
  status: 'PROCESSING' | 'SUCCESS';
  createdAt: number;
  successAt?: number;
  callback?: Delivery;
}

export interface Payment {
  outTradeNo: string;
  appid: string;
  subMchId: string;
  body: string;
  attach?: string;
  totalFee: number;
  functionName: string;
  envId: string;
  /** The payer's openid in the mini-program (sub_openid). */
  payer: string;
  /** The payer's openid under the service provider's appid (openid), which differs. */
  spOpenid: string;
  prepayId: string;
  state: TradeState;
  transactionId?: string;
  paidAt?: number;
  createdAt: number;
  refunds: Refund[];
  callback?: Delivery;
}

export interface CallContext {
  appid: string;
  /** The calling invocation's user, when the call came from a function serving one. */
  openid?: string;
  envName: string;
  now: number;
}

type Reply = Record<string, unknown>;
type Params = Record<string, unknown>;

const TRADE_STATE_DESC: Record<TradeState, string> = {
  NOTPAY: '订单未支付',
  SUCCESS: '支付成功',
  REFUND: '订单发生过退款，退款详情请查询退款单',
  CLOSED: '订单已关闭',
  PAYERROR: '支付失败，请重新下单支付',
};

const UNIFIED_ORDER_REQUIRED = [
  'function_name',
  'env_id',
  'sub_mch_id',
  'nonce_str',
  'body',
  'out_trade_no',
  'total_fee',
  'spbill_create_ip',
  'trade_type',
];
const REFUND_REQUIRED = [
  'function_name',
  'env_id',
  'sub_mch_id',
  'nonce_str',
  'out_refund_no',
  'total_fee',
  'refund_fee',
];

/** A v2 communication-level failure: the request itself is malformed. */
function malformed(message: string): Reply {
  return withSign({ return_code: 'FAIL', return_msg: message });
}

function missingParam(params: Params, names: string[]): string | undefined {
  const missing = names.find((name) => params[name] === undefined || params[name] === null || params[name] === '');
  return missing && `缺少参数 ${missing}`;
}

/** Amounts are integers in fen; JSON numbers and digit strings (v2 is XML) are both accepted. */
function fen(value: unknown): number | undefined {
  const number =
    typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  return Number.isInteger(number) && number > 0 ? number : undefined;
}

function formatError(params: Params): string | undefined {
  if (!/^[0-9A-Za-z_\-|*@]{1,32}$/.test(String(params.out_trade_no)))
    return 'out_trade_no 参数格式错误: 1-32 位字母、数字或 _-|*@';
  if (fen(params.total_fee) === undefined) return 'total_fee 参数错误: 须为正整数（分）';
  if (Buffer.byteLength(String(params.body)) > 128) return 'body 参数长度有误: 最长 128 字节';
  if (params.attach !== undefined && Buffer.byteLength(String(params.attach)) > 127)
    return 'attach 参数长度有误: 最长 127 字节';
  if (params.trade_type !== 'JSAPI') return 'trade_type 参数错误: 小程序云支付只支持 JSAPI';
  return undefined;
}

export class CloudPayApi {
  constructor(
    private readonly payments: Map<string, Payment>,
    /** Called when a refund is accepted; completion is asynchronous. */
    private readonly onRefund: (payment: Payment, refund: Refund) => void,
  ) {}

  call(apiName: string, params: Params, context: CallContext): Reply | undefined {
    switch (apiName) {
      case 'unifiedOrder':
        return this.unifiedOrder(params, context);
      case 'queryOrder':
        return this.queryOrder(params, context);
      case 'closeOrder':
        return this.closeOrder(params, context);
      case 'refund':
        return this.refund(params, context);
      case 'queryRefund':
        return this.queryRefund(params, context);
      default:
        return undefined;
    }
  }

  private header(appid: string, subMchId: string): Reply {
    return {
      return_code: 'SUCCESS',
      return_msg: 'OK',
      appid,
      mch_id: SANDBOX_MCH_ID,
      sub_appid: appid,
      sub_mch_id: subMchId,
      nonce_str: nonce(),
    };
  }

  private refused(appid: string, subMchId: string, errCode: string, description: string): Reply {
    return withSign({
      ...this.header(appid, subMchId),
      result_code: 'FAIL',
      err_code: errCode,
      err_code_des: description,
    });
  }

  private unifiedOrder(params: Params, context: CallContext): Reply {
    const invalid = missingParam(params, UNIFIED_ORDER_REQUIRED) ?? formatError(params);
    if (invalid) return malformed(invalid);
    if (params.env_id !== context.envName)
      return malformed(`env_id 参数错误: 回调函数所在环境 ${String(params.env_id)} 不是当前环境 ${context.envName}`);
    // Cloud pay fills the payer from the calling user; a call without one must name the payer.
    const payer = context.openid || text(params.sub_openid) || text(params.openid);
    if (!payer) return malformed('JSAPI 支付必须传 openid: 调用方没有用户身份，也没有 sub_openid');
    const outTradeNo = String(params.out_trade_no);
    const subMchId = String(params.sub_mch_id);
    const totalFee = fen(params.total_fee) ?? 0;
    const existing = this.payments.get(outTradeNo);
    if (existing) {
      if (existing.state === 'SUCCESS' || existing.state === 'REFUND')
        return this.refused(existing.appid, subMchId, 'ORDERPAID', '该订单已支付');
      if (existing.state === 'CLOSED') return this.refused(existing.appid, subMchId, 'ORDERCLOSED', '该订单已关闭');
      if (existing.totalFee !== totalFee || existing.subMchId !== subMchId || existing.payer !== payer) {
        return this.refused(
          existing.appid,
          subMchId,
          'INVALID_REQUEST',
          '201 商户订单号重复: 同一 out_trade_no 的参数与之前不一致',
        );
      }
      return this.prepayReply(existing, context.now);
    }
    const payment: Payment = {
      outTradeNo,
      appid: context.appid,
      subMchId,
      body: String(params.body),
      attach: text(params.attach),
      totalFee,
      functionName: String(params.function_name),
      envId: String(params.env_id),
      payer,
      spOpenid: `oSP${createHash('sha256').update(payer).digest('base64url').slice(0, 25)}`,
      prepayId: `wx${compactTime(context.now)}${nonce().slice(0, 20).toLowerCase()}`,
      state: 'NOTPAY',
      createdAt: context.now,
      refunds: [],
    };
    this.payments.set(outTradeNo, payment);
    return this.prepayReply(payment, context.now);
  }

  /** The prepay and the parameters the mini-program passes to wx.requestPayment. */
  private prepayReply(payment: Payment, now: number): Reply {
    const paymentParams: Record<string, string> = {
      appId: payment.appid,
      timeStamp: String(Math.floor(now / 1000)),
      nonceStr: nonce(),
      package: `prepay_id=${payment.prepayId}`,
      signType: 'MD5',
    };
    const reply = withSign({
      ...this.header(payment.appid, payment.subMchId),
      result_code: 'SUCCESS',
      trade_type: 'JSAPI',
      prepay_id: payment.prepayId,
    });
    return { ...reply, payment: { ...paymentParams, paySign: signV2(paymentParams) } };
  }

  private find(params: Params): Payment | undefined {
    const byTrade = text(params.out_trade_no);
    if (byTrade) return this.payments.get(byTrade);
    const byTransaction = text(params.transaction_id);
    return [...this.payments.values()].find(
      (payment) => byTransaction !== undefined && payment.transactionId === byTransaction,
    );
  }

  /** The order named by out_trade_no or transaction_id, if it belongs to the sub-merchant. */
  private lookup(params: Params, context: CallContext): { payment: Payment } | { reply: Reply } {
    const missing = missingParam(params, ['sub_mch_id', 'nonce_str']);
    if (missing) return { reply: malformed(missing) };
    if (!text(params.out_trade_no) && !text(params.transaction_id))
      return { reply: malformed('缺少参数 out_trade_no 或 transaction_id') };
    const payment = this.find(params);
    if (!payment || payment.subMchId !== params.sub_mch_id)
      return { reply: this.refused(context.appid, String(params.sub_mch_id), 'ORDERNOTEXIST', '订单不存在') };
    return { payment };
  }

  private queryOrder(params: Params, context: CallContext): Reply {
    const found = this.lookup(params, context);
    if ('reply' in found) return found.reply;
    const { payment } = found;
    const paid = payment.transactionId && payment.paidAt !== undefined;
    return withSign({
      ...this.header(payment.appid, payment.subMchId),
      result_code: 'SUCCESS',
      out_trade_no: payment.outTradeNo,
      trade_state: payment.state,
      trade_state_desc: TRADE_STATE_DESC[payment.state],
      total_fee: payment.totalFee,
      fee_type: 'CNY',
      trade_type: 'JSAPI',
      ...(payment.attach !== undefined ? { attach: payment.attach } : {}),
      ...(paid
        ? {
            openid: payment.spOpenid,
            is_subscribe: 'N',
            sub_openid: payment.payer,
            sub_is_subscribe: 'N',
            bank_type: 'OTHERS',
            cash_fee: payment.totalFee,
            transaction_id: payment.transactionId,
            time_end: compactTime(payment.paidAt ?? 0),
          }
        : {}),
    });
  }

  private closeOrder(params: Params, context: CallContext): Reply {
    const found = this.lookup(params, context);
    if ('reply' in found) return found.reply;
    const { payment } = found;
    if (payment.state === 'SUCCESS' || payment.state === 'REFUND')
      return this.refused(payment.appid, payment.subMchId, 'ORDERPAID', '订单已支付，不能发起关单');
    if (payment.state === 'CLOSED')
      return this.refused(payment.appid, payment.subMchId, 'ORDERCLOSED', '订单已关闭，无法重复关闭');
    payment.state = 'CLOSED';
    return withSign({ ...this.header(payment.appid, payment.subMchId), result_code: 'SUCCESS' });
  }

  private refund(params: Params, context: CallContext): Reply {
    const invalid =
      missingParam(params, REFUND_REQUIRED) ??
      (fen(params.total_fee) && fen(params.refund_fee) ? undefined : 'total_fee/refund_fee 参数错误: 须为正整数（分）');
    if (invalid) return malformed(invalid);
    if (params.env_id !== context.envName)
      return malformed(`env_id 参数错误: ${String(params.env_id)} 不是当前环境 ${context.envName}`);
    const found = this.lookup(params, context);
    if ('reply' in found) return found.reply;
    const { payment } = found;
    const refuse = (code: string, description: string): Reply =>
      this.refused(payment.appid, payment.subMchId, code, description);
    const outRefundNo = String(params.out_refund_no);
    const refundFee = fen(params.refund_fee) ?? 0;
    const same = payment.refunds.find((refund) => refund.outRefundNo === outRefundNo);
    if (same)
      return same.refundFee === refundFee
        ? this.refundReply(payment, same)
        : refuse('REFUND_FEE_MISMATCH', '订单金额或退款金额与之前请求不一致，请核实后再试');
    const elsewhere = [...this.payments.values()].some((other) =>
      other.refunds.some((refund) => refund.outRefundNo === outRefundNo),
    );
    if (elsewhere) return refuse('INVALID_REQUEST', 'out_refund_no 已用于另一笔订单');
    if (payment.state !== 'SUCCESS' && payment.state !== 'REFUND')
      return refuse('INVALID_REQUEST', `订单状态 ${payment.state} 不能退款`);
    if (fen(params.total_fee) !== payment.totalFee) return refuse('INVALID_REQUEST', 'total_fee 与订单金额不一致');
    const refunded = payment.refunds.reduce((sum, refund) => sum + refund.refundFee, 0);
    if (refundFee > payment.totalFee - refunded)
      return refuse('INVALID_REQUEST', `申请退款金额超过订单可退金额（剩余 ${payment.totalFee - refunded} 分）`);
    const refund: Refund = {
      outRefundNo,
      refundId: `503${compactTime(context.now).slice(0, 8)}${randomDigits(18)}`,
      refundFee,
      functionName: String(params.function_name),
      status: 'PROCESSING',
      createdAt: context.now,
    };
    payment.refunds.push(refund);
    payment.state = 'REFUND';
    this.onRefund(payment, refund);
    return this.refundReply(payment, refund);
  }

  private refundReply(payment: Payment, refund: Refund): Reply {
    return withSign({
      ...this.header(payment.appid, payment.subMchId),
      result_code: 'SUCCESS',
      transaction_id: payment.transactionId,
      out_trade_no: payment.outTradeNo,
      out_refund_no: refund.outRefundNo,
      refund_id: refund.refundId,
      refund_fee: refund.refundFee,
      total_fee: payment.totalFee,
      cash_fee: payment.totalFee,
      cash_refund_fee: refund.refundFee,
      coupon_refund_fee: 0,
      coupon_refund_count: 0,
    });
  }

  /** v2 refundquery: the order's refunds (or the one named) as indexed fields `<name>_<n>`. */
  private queryRefund(params: Params, context: CallContext): Reply {
    const missing = missingParam(params, ['sub_mch_id', 'nonce_str']);
    if (missing) return malformed(missing);
    const byRefund = text(params.out_refund_no) ?? text(params.refund_id);
    if (!byRefund && !text(params.out_trade_no) && !text(params.transaction_id))
      return malformed('缺少参数 out_refund_no、refund_id、out_trade_no 或 transaction_id');
    const matches = (refund: Refund): boolean =>
      !byRefund || refund.outRefundNo === byRefund || refund.refundId === byRefund;
    const payment = byRefund
      ? [...this.payments.values()].find((candidate) => candidate.refunds.some(matches))
      : this.find(params);
    const refunds = payment && payment.subMchId === params.sub_mch_id ? payment.refunds.filter(matches) : [];
    if (!payment || refunds.length === 0)
      return this.refused(context.appid, String(params.sub_mch_id), 'REFUNDNOTEXIST', '退款订单查询失败');
    const indexed: Reply = {};
    refunds.forEach((refund, n) => {
      Object.assign(indexed, {
        [`out_refund_no_${n}`]: refund.outRefundNo,
        [`refund_id_${n}`]: refund.refundId,
        [`refund_channel_${n}`]: 'ORIGINAL',
        [`refund_fee_${n}`]: refund.refundFee,
        [`refund_status_${n}`]: refund.status,
        [`refund_account_${n}`]: 'REFUND_SOURCE_UNSETTLED_FUNDS',
        [`refund_recv_accout_${n}`]: '支付用户零钱',
        ...(refund.successAt !== undefined ? { [`refund_success_time_${n}`]: spacedTime(refund.successAt) } : {}),
      });
    });
    return withSign({
      ...this.header(payment.appid, payment.subMchId),
      result_code: 'SUCCESS',
      transaction_id: payment.transactionId,
      out_trade_no: payment.outTradeNo,
      total_fee: payment.totalFee,
      cash_fee: payment.totalFee,
      refund_count: refunds.length,
      refund_fee: refunds.reduce((sum, refund) => sum + refund.refundFee, 0),
      ...indexed,
    });
  }
}
