/**
 * The payment sandbox behind `cloud.cloudPay` (wire action `wx.wxPayApi`, docs/platform.md
 * section 6). Orders live in memory, keyed by out_trade_no. The control plane plays the payer
 * and the bank: `POST /_emulator/payments/<outTradeNo>/pay` settles an order and notifies the
 * function named in unifiedOrder, re-delivering on WeChat's schedule until it acknowledges.
 * Refunds complete a few (virtual) seconds after they are accepted and notify likewise.
 * downloadBill answers a day's trade bill from the same book (./bill.ts).
 */
import { DEFAULT_APPID, type Emulator } from '../emulator';
import { TcbApiError } from '../errors';
import type { ControlReply, ControlRoute, EmulatorModule, ModuleState, WireReply, WireRequest } from '../module';
import { downloadBill } from './bill';
import { CallbackDelivery, type Delivery, type DeliveryRef } from './callbacks';
import { CloudPayApi, type Payment, type Refund } from './cloudpay-api';
import {
  compactTime,
  decodeApiOptions,
  nonce,
  parseRequestData,
  payReply,
  randomDigits,
  SANDBOX_MCH_ID,
  spacedTime,
  text,
} from './wxpay';

/** How long after acceptance a refund completes (virtual time). */
export const REFUND_COMPLETION_MS = 5_000;
/** The scheduled job that completes a refund; its payload names the refund. */
const REFUND_JOB = 'payments.refund';
const PAYMENT_KEY = 'payment:';

function iso(ms: number | undefined): string | null {
  return ms === undefined ? null : new Date(ms).toISOString();
}

function controlError(status: number, code: string, message: string): ControlReply {
  return { status, body: { error: { code, message } } };
}

function callbackView(delivery: Delivery | undefined): Record<string, unknown> | null {
  if (!delivery) return null;
  return {
    functionName: delivery.functionName,
    state: delivery.state,
    attempts: delivery.attempts,
    nextAttemptAt: delivery.nextAttemptAt ?? null,
    event: delivery.event,
  };
}

/** What the control plane shows of a payment (camelCase, ISO times). */
export function paymentView(payment: Payment): Record<string, unknown> {
  const refundedFee = payment.refunds.reduce((sum, refund) => sum + refund.refundFee, 0);
  return {
    outTradeNo: payment.outTradeNo,
    state: payment.state,
    totalFee: payment.totalFee,
    refundedFee,
    refundableFee: payment.state === 'SUCCESS' || payment.state === 'REFUND' ? payment.totalFee - refundedFee : 0,
    body: payment.body,
    attach: payment.attach ?? null,
    appid: payment.appid,
    subMchId: payment.subMchId,
    openid: payment.payer,
    functionName: payment.functionName,
    prepayId: payment.prepayId,
    transactionId: payment.transactionId ?? null,
    createdAt: iso(payment.createdAt),
    paidAt: iso(payment.paidAt),
    callback: callbackView(payment.callback),
    refunds: payment.refunds.map((refund) => ({
      outRefundNo: refund.outRefundNo,
      refundId: refund.refundId,
      refundFee: refund.refundFee,
      status: refund.status,
      createdAt: iso(refund.createdAt),
      successAt: iso(refund.successAt),
      callback: callbackView(refund.callback),
    })),
  };
}

/** Fields every notification starts with: who it is from and to. */
function notificationHeader(payment: Payment): Record<string, unknown> {
  return {
    returnCode: 'SUCCESS',
    appid: payment.appid,
    mchId: SANDBOX_MCH_ID,
    subAppid: payment.appid,
    subMchId: payment.subMchId,
    nonceStr: nonce(),
  };
}

/** The payment-result notification, camelCased WeChat Pay v2 notify fields (docs/platform.md section 6.3). */
function paymentEvent(payment: Payment): Record<string, unknown> {
  return {
    ...notificationHeader(payment),
    resultCode: 'SUCCESS',
    openid: payment.spOpenid,
    isSubscribe: 'N',
    subOpenid: payment.payer,
    subIsSubscribe: 'N',
    tradeType: 'JSAPI',
    bankType: 'OTHERS',
    totalFee: payment.totalFee,
    feeType: 'CNY',
    cashFee: payment.totalFee,
    transactionId: payment.transactionId,
    outTradeNo: payment.outTradeNo,
    timeEnd: compactTime(payment.paidAt ?? 0),
    ...(payment.attach !== undefined ? { attach: payment.attach } : {}),
  };
}

/** The refund notification after req_info decryption, flat and camelCased (docs/platform.md section 6.3). */
function refundEvent(payment: Payment, refund: Refund): Record<string, unknown> {
  return {
    ...notificationHeader(payment),
    transactionId: payment.transactionId,
    outTradeNo: payment.outTradeNo,
    refundId: refund.refundId,
    outRefundNo: refund.outRefundNo,
    totalFee: payment.totalFee,
    settlementTotalFee: payment.totalFee,
    refundFee: refund.refundFee,
    settlementRefundFee: refund.refundFee,
    refundStatus: 'SUCCESS',
    successTime: spacedTime(refund.successAt ?? 0),
    refundRecvAccout: '支付用户零钱',
    refundAccount: 'REFUND_SOURCE_UNSETTLED_FUNDS',
    refundRequestSource: 'API',
  };
}

export class PaymentModule implements EmulatorModule {
  readonly name = 'payments';
  private readonly payments = new Map<string, Payment>();
  private readonly callbacks: CallbackDelivery;
  private readonly api: CloudPayApi;
  private transactionCounter = 0;

  constructor(private readonly emulator: Emulator) {
    this.callbacks = new CallbackDelivery(emulator, (ref) => this.deliveryOf(ref));
    this.api = new CloudPayApi(this.payments, (payment, refund) => this.scheduleRefundCompletion(payment, refund));
    emulator.scheduler.handle(REFUND_JOB, (payload, dueAt) => this.completeRefund(payload as DeliveryRef, dueAt));
  }

  private deliveryOf(ref: DeliveryRef): Delivery | undefined {
    const payment = this.payments.get(ref.outTradeNo);
    if (ref.outRefundNo === undefined) return payment?.callback;
    return payment?.refunds.find((refund) => refund.outRefundNo === ref.outRefundNo)?.callback;
  }

  /** Every payment (with its refunds and notification attempts) and the transaction counter, as records. */
  exportState(): ModuleState {
    const state: ModuleState = { transactionCounter: this.transactionCounter };
    for (const [outTradeNo, payment] of this.payments) state[`${PAYMENT_KEY}${outTradeNo}`] = payment;
    return state;
  }

  importState(state: ModuleState): void {
    this.payments.clear();
    this.transactionCounter = typeof state.transactionCounter === 'number' ? state.transactionCounter : 0;
    for (const [key, value] of Object.entries(state)) {
      if (key.startsWith(PAYMENT_KEY))
        this.payments.set(key.slice(PAYMENT_KEY.length), JSON.parse(JSON.stringify(value)) as Payment);
    }
  }

  readonly actions = { 'wx.wxPayApi': (request: WireRequest) => this.wxPayApi(request) };

  private now(): number {
    return this.emulator.options.clock.now();
  }

  private async wxPayApi(request: WireRequest): Promise<WireReply> {
    const apiName = text(request.fields.apiName) ?? '';
    const params = parseRequestData(request.fields.requestData);
    const options = decodeApiOptions(request.fields.apiOptions);
    const context = {
      appid: options.appid || request.identity?.appid || DEFAULT_APPID,
      openid: request.identity?.openid,
      envName: this.emulator.options.envName,
      now: this.now(),
    };
    // The bill is text, not a v2 reply object, so it is answered apart from the other APIs.
    if (apiName === 'downloadBill') return downloadBill(this.payments.values(), params, context.now);
    const reply = this.api.call(apiName, params, context);
    if (!reply)
      throw new TcbApiError('INVALID_PARAM', `cloudPay.${apiName} is not supported by the emulator's payment sandbox`);
    return payReply(reply);
  }

  list(): Payment[] {
    return [...this.payments.values()].sort((a, b) => b.createdAt - a.createdAt);
  }

  get(outTradeNo: string): Payment | undefined {
    return this.payments.get(outTradeNo);
  }

  /** The payer paid: NOTPAY (or a failed attempt) becomes SUCCESS and the callback is delivered once. */
  async pay(payment: Payment): Promise<void> {
    this.transactionCounter += 1;
    payment.state = 'SUCCESS';
    payment.paidAt = this.now();
    payment.transactionId = `4200${String(this.transactionCounter % 1e6).padStart(6, '0')}${compactTime(payment.paidAt).slice(0, 8)}${randomDigits(10)}`;
    payment.callback = this.callbacks.create(payment.functionName, paymentEvent(payment));
    // The payment is SUCCESS durably before its notification can write anything.
    await this.callbacks.deliver(`payment callback ${payment.outTradeNo}`, { outTradeNo: payment.outTradeNo });
  }

  private scheduleRefundCompletion(payment: Payment, refund: Refund): void {
    const ref: DeliveryRef = { outTradeNo: payment.outTradeNo, outRefundNo: refund.outRefundNo };
    this.emulator.scheduler.at(
      refund.createdAt + REFUND_COMPLETION_MS,
      `refund ${refund.outRefundNo}`,
      REFUND_JOB,
      ref,
    );
  }

  private async completeRefund(ref: DeliveryRef, dueAt: number): Promise<void> {
    const payment = this.payments.get(ref.outTradeNo);
    const refund = payment?.refunds.find((candidate) => candidate.outRefundNo === ref.outRefundNo);
    if (!payment || !refund || refund.status !== 'PROCESSING') return; // Dropped by a reset or a state import.
    refund.status = 'SUCCESS';
    refund.successAt = dueAt;
    refund.callback = this.callbacks.create(refund.functionName, refundEvent(payment, refund));
    await this.callbacks.deliver(`refund callback ${refund.outRefundNo}`, ref);
  }

  reset(): void {
    this.payments.clear();
    this.callbacks.reset();
  }

  readonly routes: ControlRoute[] = [
    {
      method: 'GET',
      pattern: /^\/payments$/,
      handle: () => ({ status: 200, body: { payments: this.list().map(paymentView) } }),
    },
    {
      method: 'GET',
      pattern: /^\/payments\/([^/]+)$/,
      handle: ({ params }) => this.withPayment(params[0], (payment) => ({ status: 200, body: paymentView(payment) })),
    },
    {
      method: 'POST',
      pattern: /^\/payments\/([^/]+)\/pay$/,
      handle: ({ params }) =>
        this.withPayment(params[0], async (payment) => {
          if (payment.state !== 'NOTPAY' && payment.state !== 'PAYERROR')
            return controlError(
              409,
              'INVALID_STATE',
              `payment ${payment.outTradeNo} is ${payment.state}: only NOTPAY or PAYERROR can be paid`,
            );
          await this.pay(payment);
          return { status: 200, body: paymentView(payment) };
        }),
    },
    {
      method: 'POST',
      pattern: /^\/payments\/([^/]+)\/fail$/,
      handle: ({ params }) =>
        this.withPayment(params[0], (payment) => {
          if (payment.state !== 'NOTPAY')
            return controlError(
              409,
              'INVALID_STATE',
              `payment ${payment.outTradeNo} is ${payment.state}: only NOTPAY can fail`,
            );
          // No notification: the platform calls back for successful payments only.
          payment.state = 'PAYERROR';
          return { status: 200, body: paymentView(payment) };
        }),
    },
  ];

  private withPayment(
    outTradeNo: string | undefined,
    act: (payment: Payment) => ControlReply | Promise<ControlReply>,
  ): ControlReply | Promise<ControlReply> {
    const payment = outTradeNo === undefined ? undefined : this.payments.get(outTradeNo);
    return payment
      ? act(payment)
      : controlError(404, 'PAYMENT_NOT_FOUND', `no payment with out_trade_no ${outTradeNo ?? ''}`);
  }
}
