/**
 * The payment sandbox through the real wx-server-sdk inside fixture functions (payDemo is a
 * checkout, payApi calls any cloudPay API, payDemoCallback is the notification handler), plus
 * raw wire requests where the SDK hides a field (it overwrites err_code with errCode 0).
 */
import { TEST_FUNCTIONS_BUILD_DIR } from '../../scripts/paths';
import { RETRY_DELAYS_MS } from '../../emulator/src/pay/callbacks';
import { REFUND_COMPLETION_MS } from '../../emulator/src/pay/payments';
import { decodeApiOptions } from '../../emulator/src/pay/wxpay';
import { useEmulator } from '../helpers/emulator';

const SUB_MCH_ID = '1900000109';
const BUYER = 'oBUYER0000000000000000001';
const DAY_MS = 86_400_000;
const ENV = 'pay-test-env';

type Json = Record<string, any>;
type Attempt = { attempt: number; dueAt: string; ok: boolean; outcome: string; invocationId: string };

/** The fields of the payment notification (docs/platform.md section 6.3 sample, plus attach when given). */
const PAYMENT_EVENT_FIELDS = [
  'returnCode',
  'appid',
  'mchId',
  'subAppid',
  'subMchId',
  'nonceStr',
  'resultCode',
  'openid',
  'isSubscribe',
  'subOpenid',
  'subIsSubscribe',
  'tradeType',
  'bankType',
  'totalFee',
  'feeType',
  'cashFee',
  'transactionId',
  'outTradeNo',
  'timeEnd',
  'attach',
];
const REFUND_EVENT_FIELDS = [
  'returnCode',
  'appid',
  'mchId',
  'subAppid',
  'subMchId',
  'nonceStr',
  'transactionId',
  'outTradeNo',
  'refundId',
  'outRefundNo',
  'totalFee',
  'settlementTotalFee',
  'refundFee',
  'settlementRefundFee',
  'refundStatus',
  'successTime',
  'refundRecvAccout',
  'refundAccount',
  'refundRequestSource',
];

/** `yyyyMMddHHmmss` / `yyyy-MM-dd HH:mm:ss` in UTC+8. */
function cst(ms: number, spaced = false): string {
  const text = new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
  return spaced ? text : text.replace(/[-: ]/g, '');
}

describe('payment sandbox (cloud.cloudPay)', () => {
  // Time stands still unless a test moves it, and jobs fire only then: retry timing is exact.
  const frozen = { now: () => Date.parse('2025-03-01T04:00:00Z') };
  const f = useEmulator({ functionsDir: TEST_FUNCTIONS_BUILD_DIR, runScheduler: false, clock: frozen, envName: ENV });
  const now = () => f.emu.emulator.options.clock.now();

  const control = async (
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: Json }> => {
    const response = await fetch(`${f.emu.url}/_emulator${path}`, {
      method,
      ...(method === 'POST'
        ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) }
        : {}),
    });
    return { status: response.status, body: (await response.json()) as Json };
  };

  const placeOrder = async (outTradeNo: string, totalFee: number, attach?: string): Promise<Json> => {
    const { result, error } = await f.emu.call('payDemo', { outTradeNo, totalFee, attach }, { openid: BUYER });
    expect(error).toBeUndefined();
    return result as Json;
  };

  /** Calls a cloudPay API through the SDK inside a function; `thrown` when the SDK threw. */
  const payApi = async (api: string, params: Json, appid?: string): Promise<Json> => {
    const { result, error } = await f.emu.call('payApi', { api, params, appid }, { openid: BUYER });
    expect(error).toBeUndefined();
    return result as Json;
  };

  /** A raw wx.wxPayApi request, as node-sdk sends it (multipart, Buffer parts). */
  const wire = async (apiName: string, requestData: Json): Promise<{ contentType: string | null; body: Json }> => {
    const form = new FormData();
    form.append('action', 'wx.wxPayApi');
    form.append('apiName', apiName);
    form.append('apiOptions', new Blob([]));
    form.append('requestData', new Blob([JSON.stringify({ sub_mch_id: SUB_MCH_ID, nonce_str: 'n', ...requestData })]));
    const response = await fetch(f.emu.adminUrl, { method: 'POST', body: form });
    return { contentType: response.headers.get('content-type'), body: (await response.json()) as Json };
  };

  const setCallbackBehaviour = (
    kind: 'payment' | 'refund',
    failFirst: number,
    style: 'errcode' | 'throw' = 'errcode',
  ): void => {
    f.emu.emulator.put('system', `payCallbackControl-${kind}`, { failFirst, style, calls: 0 });
  };

  const received = async (outTradeNo: string, kind: 'payment' | 'refund'): Promise<Json[]> => {
    const { data } = (await f.db
      .collection('system')
      .where({ type: 'payCallback', kind, 'event.outTradeNo': outTradeNo })
      .limit(100)
      .get()) as unknown as { data: Json[] };
    return data.sort((a, b) => a.call - b.call);
  };

  const attempts = async (outTradeNo: string): Promise<Attempt[]> =>
    (await control('GET', `/payments/${outTradeNo}`)).body.callback.attempts;

  it('checkout → pay → notification retried on the schedule while refused, and never again once acknowledged', async () => {
    setCallbackBehaviour('payment', 3);
    const checkout = await placeOrder('T1001', 2990, 'order:1001');
    expect(checkout.result).toMatchObject({
      errCode: 0,
      errMsg: 'cloudPay.unifiedOrder:ok',
      returnCode: 'SUCCESS',
      resultCode: 'SUCCESS',
      tradeType: 'JSAPI',
      subMchId: SUB_MCH_ID,
    });
    expect(checkout.payment).toEqual({
      appId: 'wxemulatorappid',
      timeStamp: expect.stringMatching(/^\d{10}$/),
      nonceStr: expect.stringMatching(/^\w{16,32}$/),
      package: `prepay_id=${checkout.result.prepayId}`,
      signType: 'MD5',
      paySign: expect.stringMatching(/^[0-9A-F]{32}$/),
    });
    expect(checkout.result.prepayId).toMatch(/^wx\d{14}\w+$/);
    expect(Number(checkout.payment.timeStamp)).toBe(Math.floor(now() / 1000));
    const pending = await control('GET', '/payments/T1001');
    expect(pending.body).toMatchObject({
      outTradeNo: 'T1001',
      state: 'NOTPAY',
      totalFee: 2990,
      openid: BUYER,
      attach: 'order:1001',
      functionName: 'payDemoCallback',
      callback: null,
    });

    const paid = await control('POST', '/payments/T1001/pay');
    expect(paid.status).toBe(200);
    expect(paid.body).toMatchObject({
      state: 'SUCCESS',
      transactionId: expect.stringMatching(/^4200\d{24}$/),
      callback: { state: 'DELIVERING', functionName: 'payDemoCallback' },
    });
    const paidAt = Date.parse(paid.body.paidAt);
    expect(paid.body.callback.attempts).toEqual([
      {
        attempt: 1,
        dueAt: paid.body.paidAt,
        ok: false,
        outcome: 'returned {"errcode":1,"errmsg":"not ready (call 1)"}',
        invocationId: expect.any(String),
      },
    ]);
    expect(paid.body.callback.nextAttemptAt).toBe(new Date(paidAt + 15_000).toISOString());

    const [first] = await received('T1001', 'payment');
    expect(Object.keys(first!.event).sort()).toEqual([...PAYMENT_EVENT_FIELDS].sort());
    expect(first!.event).toMatchObject({
      returnCode: 'SUCCESS',
      resultCode: 'SUCCESS',
      appid: 'wxemulatorappid',
      subAppid: 'wxemulatorappid',
      subMchId: SUB_MCH_ID,
      subOpenid: BUYER,
      tradeType: 'JSAPI',
      totalFee: 2990,
      cashFee: 2990,
      feeType: 'CNY',
      outTradeNo: 'T1001',
      attach: 'order:1001',
      transactionId: paid.body.transactionId,
      timeEnd: cst(paidAt),
    });
    expect(first!.event.openid).not.toBe(BUYER); // The service provider's openid, not the mini-program's.
    // The platform invokes the handler without a user.
    expect(first).toMatchObject({ source: 'wx_paycallback', openid: '' });

    await f.emu.advanceClock(paidAt + 15_000 - now() - 1);
    expect(await attempts('T1001')).toHaveLength(1);
    await f.emu.advanceClock(1); // 15 s: second attempt, refused.
    await f.emu.advanceClock(15_000); // 30 s: third, refused.
    expect((await attempts('T1001')).map((attempt) => attempt.ok)).toEqual([false, false, false]);
    await f.emu.advanceClock(30_000); // 60 s: fourth, acknowledged.
    const delivered = await control('GET', '/payments/T1001');
    expect(delivered.body.callback).toMatchObject({ state: 'ACKNOWLEDGED', nextAttemptAt: null });
    expect(
      delivered.body.callback.attempts.map((attempt: Attempt) => [Date.parse(attempt.dueAt) - paidAt, attempt.ok]),
    ).toEqual([
      [0, false],
      [15_000, false],
      [30_000, false],
      [60_000, true],
    ]);

    await f.emu.advanceClock(3 * DAY_MS);
    expect(await attempts('T1001')).toHaveLength(4);
    const events = await received('T1001', 'payment');
    expect(events.map((doc) => doc.call)).toEqual([1, 2, 3, 4]);
    // Every delivery carries the same notification.
    expect(new Set(events.map((doc) => JSON.stringify(doc.event))).size).toBe(1);
  });

  it('gives up after the last re-delivery of the schedule (24 h 4 min), also when the handler throws', async () => {
    setCallbackBehaviour('payment', 100, 'throw');
    await placeOrder('T1002', 100);
    const paid = await control('POST', '/payments/T1002/pay');
    const paidAt = Date.parse(paid.body.paidAt);
    const offsets = RETRY_DELAYS_MS.reduce<number[]>((due, delay) => [...due, due[due.length - 1]! + delay], [0]);
    expect(offsets[offsets.length - 1]).toBe(24 * 3_600_000 + 4 * 60_000);

    await f.emu.advanceClock(paidAt + offsets[offsets.length - 1]! - now() - 1);
    expect(await attempts('T1002')).toHaveLength(15);
    await f.emu.advanceClock(1);
    const final = await control('GET', '/payments/T1002');
    expect(final.body.callback).toMatchObject({ state: 'GAVE_UP', nextAttemptAt: null });
    expect(final.body.callback.attempts.map((attempt: Attempt) => Date.parse(attempt.dueAt) - paidAt)).toEqual(offsets);
    for (const attempt of final.body.callback.attempts as Attempt[]) {
      expect(attempt.ok).toBe(false);
      expect(attempt.outcome).toMatch(/^FUNCTIONS_EXECUTE_FAIL: .*not ready \(call \d+\)/);
    }
    await f.emu.advanceClock(7 * DAY_MS);
    expect(await attempts('T1002')).toHaveLength(16);
    expect(await received('T1002', 'payment')).toHaveLength(16);
  });

  it('unifiedOrder: same out_trade_no and amount → same prepay; another amount, a paid or a closed order → business failure', async () => {
    setCallbackBehaviour('payment', 0);
    const first = await placeOrder('T2001', 500);
    const again = await placeOrder('T2001', 500);
    expect(again.result.prepayId).toBe(first.result.prepayId);
    expect(again.payment.package).toBe(first.payment.package);

    const changed = await placeOrder('T2001', 600);
    // A business failure is a reply (errCode 0), and the SDK overwrites err_code with that 0.
    expect(changed.result).toMatchObject({
      errCode: 0,
      returnCode: 'SUCCESS',
      resultCode: 'FAIL',
      errCodeDes: expect.stringContaining('商户订单号重复'),
    });
    expect(changed.payment).toBeUndefined();
    expect((await wire('unifiedOrder', unifiedOrderParams('T2001', 600))).body).toMatchObject({
      result_code: 'FAIL',
      err_code: 'INVALID_REQUEST',
    });

    await control('POST', '/payments/T2001/pay');
    expect((await placeOrder('T2001', 500)).result).toMatchObject({ resultCode: 'FAIL', errCodeDes: '该订单已支付' });
    expect((await wire('unifiedOrder', unifiedOrderParams('T2001', 500))).body).toMatchObject({
      result_code: 'FAIL',
      err_code: 'ORDERPAID',
    });
    expect((await control('POST', '/payments/T2001/pay')).status).toBe(409);
  });

  it('unifiedOrder: a missing or malformed parameter is return_code FAIL with the reason', async () => {
    const base = {
      body: 'x',
      outTradeNo: 'T2100',
      spbillCreateIp: '127.0.0.1',
      subMchId: SUB_MCH_ID,
      totalFee: 1,
      functionName: 'payDemoCallback',
      nonceStr: 'n',
      tradeType: 'JSAPI',
    };
    const { body: _body, ...withoutBody } = base;
    expect((await payApi('unifiedOrder', withoutBody)).result).toMatchObject({
      errCode: 0,
      returnCode: 'FAIL',
      returnMsg: '缺少参数 body',
    });
    expect((await payApi('unifiedOrder', { ...base, totalFee: 1.5 })).result).toMatchObject({
      returnCode: 'FAIL',
      returnMsg: expect.stringContaining('total_fee'),
    });
    expect((await payApi('unifiedOrder', { ...base, tradeType: 'NATIVE' })).result).toMatchObject({
      returnCode: 'FAIL',
      returnMsg: expect.stringContaining('JSAPI'),
    });
    // body is limited to 128 bytes of UTF-8: 43 Chinese characters are 129.
    expect((await payApi('unifiedOrder', { ...base, body: '茶'.repeat(43) })).result).toMatchObject({
      returnCode: 'FAIL',
      returnMsg: expect.stringContaining('128 字节'),
    });
    expect((await payApi('unifiedOrder', { ...base, envId: 'another-env' })).result).toMatchObject({
      returnCode: 'FAIL',
      returnMsg: expect.stringContaining('env_id'),
    });
    // Without a calling user the payer must be named.
    expect(
      (await wire('unifiedOrder', { ...unifiedOrderParams('T2101', 1), sub_openid: undefined })).body,
    ).toMatchObject({ return_code: 'FAIL', return_msg: expect.stringContaining('openid') });
    expect((await control('GET', '/payments/T2100')).status).toBe(404);
  });

  it('queryOrder follows the order: unknown, NOTPAY, then SUCCESS with the payment details, by either number', async () => {
    setCallbackBehaviour('payment', 0);
    const unknown = await payApi('queryOrder', { subMchId: SUB_MCH_ID, outTradeNo: 'T3999', nonceStr: 'n' });
    expect(unknown.result).toMatchObject({
      errCode: 0,
      errMsg: 'cloudPay.queryOrder:ok',
      returnCode: 'SUCCESS',
      resultCode: 'FAIL',
      errCodeDes: '订单不存在',
    });
    expect((await wire('queryOrder', { out_trade_no: 'T3999' })).body).toMatchObject({
      result_code: 'FAIL',
      err_code: 'ORDERNOTEXIST',
    });

    await placeOrder('T3001', 1234, 'coupon:7');
    const notPaid = await payApi('queryOrder', { subMchId: SUB_MCH_ID, outTradeNo: 'T3001', nonceStr: 'n' });
    expect(notPaid.result).toMatchObject({
      resultCode: 'SUCCESS',
      tradeState: 'NOTPAY',
      totalFee: 1234,
      attach: 'coupon:7',
      outTradeNo: 'T3001',
    });
    expect(notPaid.result.transactionId).toBeUndefined();
    // An order belongs to its sub-merchant.
    expect(
      (await payApi('queryOrder', { subMchId: '1900000999', outTradeNo: 'T3001', nonceStr: 'n' })).result,
    ).toMatchObject({ resultCode: 'FAIL', errCodeDes: '订单不存在' });

    const paid = await control('POST', '/payments/T3001/pay');
    const byTradeNo = await payApi('queryOrder', { subMchId: SUB_MCH_ID, outTradeNo: 'T3001', nonceStr: 'n' });
    expect(byTradeNo.result).toMatchObject({
      tradeState: 'SUCCESS',
      transactionId: paid.body.transactionId,
      totalFee: 1234,
      cashFee: 1234,
      attach: 'coupon:7',
      subOpenid: BUYER,
      timeEnd: cst(Date.parse(paid.body.paidAt)),
      tradeType: 'JSAPI',
      sign: expect.stringMatching(/^[0-9A-F]{32}$/),
    });
    const byTransaction = await payApi('queryOrder', {
      subMchId: SUB_MCH_ID,
      transactionId: paid.body.transactionId,
      nonceStr: 'n',
    });
    expect(byTransaction.result).toMatchObject({ outTradeNo: 'T3001', tradeState: 'SUCCESS' });
  });

  it('closeOrder closes an unpaid order for good and refuses a paid one', async () => {
    setCallbackBehaviour('payment', 0);
    await placeOrder('T4001', 800);
    const closed = await payApi('closeOrder', { subMchId: SUB_MCH_ID, outTradeNo: 'T4001', nonceStr: 'n' });
    expect(closed.result).toMatchObject({
      errMsg: 'cloudPay.closeOrder:ok',
      returnCode: 'SUCCESS',
      resultCode: 'SUCCESS',
    });
    expect(
      (await payApi('queryOrder', { subMchId: SUB_MCH_ID, outTradeNo: 'T4001', nonceStr: 'n' })).result.tradeState,
    ).toBe('CLOSED');
    expect((await placeOrder('T4001', 800)).result).toMatchObject({ resultCode: 'FAIL', errCodeDes: '该订单已关闭' });
    expect((await control('POST', '/payments/T4001/pay')).body.error.code).toBe('INVALID_STATE');
    expect((await wire('closeOrder', { out_trade_no: 'T4001' })).body).toMatchObject({
      result_code: 'FAIL',
      err_code: 'ORDERCLOSED',
    });

    await placeOrder('T4002', 800);
    await control('POST', '/payments/T4002/pay');
    expect(
      (await payApi('closeOrder', { subMchId: SUB_MCH_ID, outTradeNo: 'T4002', nonceStr: 'n' })).result,
    ).toMatchObject({ resultCode: 'FAIL', errCodeDes: expect.stringContaining('已支付') });
    expect((await wire('closeOrder', { out_trade_no: 'T4002' })).body).toMatchObject({
      result_code: 'FAIL',
      err_code: 'ORDERPAID',
    });
  });

  it('a failed payment is PAYERROR and notifies nobody; it can still be paid', async () => {
    setCallbackBehaviour('payment', 0);
    await placeOrder('T5001', 300);
    const failed = await control('POST', '/payments/T5001/fail');
    expect(failed.body).toMatchObject({ state: 'PAYERROR', callback: null, transactionId: null });
    expect(
      (await payApi('queryOrder', { subMchId: SUB_MCH_ID, outTradeNo: 'T5001', nonceStr: 'n' })).result.tradeState,
    ).toBe('PAYERROR');
    await f.emu.advanceClock(DAY_MS);
    expect(await received('T5001', 'payment')).toHaveLength(0);
    expect((await control('POST', '/payments/T5001/fail')).status).toBe(409);
    expect((await control('POST', '/payments/T5001/pay')).body).toMatchObject({
      state: 'SUCCESS',
      callback: { state: 'ACKNOWLEDGED' },
    });
    expect((await control('POST', '/payments/T9999/pay')).status).toBe(404);
  });

  it('refund: accepted as PROCESSING, completes on the virtual clock, notifies (with retries) and caps at what was paid', async () => {
    setCallbackBehaviour('payment', 0);
    setCallbackBehaviour('refund', 1);
    await placeOrder('T6001', 2990);
    const paid = await control('POST', '/payments/T6001/pay');
    const refundParams = {
      subMchId: SUB_MCH_ID,
      outTradeNo: 'T6001',
      outRefundNo: 'R6001',
      totalFee: 2990,
      refundFee: 1000,
      functionName: 'payDemoCallback',
      nonceStr: 'n',
    };
    const accepted = await payApi('refund', refundParams);
    expect(accepted.result).toMatchObject({
      errCode: 0,
      errMsg: 'cloudPay.refund:ok',
      returnCode: 'SUCCESS',
      resultCode: 'SUCCESS',
      outTradeNo: 'T6001',
      outRefundNo: 'R6001',
      refundId: expect.stringMatching(/^\d{20,}$/),
      refundFee: 1000,
      totalFee: 2990,
      cashFee: 2990,
      transactionId: paid.body.transactionId,
    });
    const acceptedAt = now();
    expect((await payApi('refund', refundParams)).result.refundId).toBe(accepted.result.refundId); // Same out_refund_no: the same refund.
    expect((await payApi('refund', { ...refundParams, refundFee: 999 })).result).toMatchObject({
      resultCode: 'FAIL',
      errCodeDes: expect.stringContaining('不一致'),
    });
    expect((await wire('refund', { ...snake(refundParams), refund_fee: 999, env_id: ENV })).body).toMatchObject({
      err_code: 'REFUND_FEE_MISMATCH',
    });
    const tooMuch = await payApi('refund', { ...refundParams, outRefundNo: 'R6002', refundFee: 1991 });
    expect(tooMuch.result).toMatchObject({ resultCode: 'FAIL', errCodeDes: expect.stringContaining('1990') });
    expect(
      (await wire('refund', { ...snake(refundParams), out_refund_no: 'R6002', refund_fee: 1991, env_id: ENV })).body,
    ).toMatchObject({ err_code: 'INVALID_REQUEST' });

    expect(
      (await payApi('queryOrder', { subMchId: SUB_MCH_ID, outTradeNo: 'T6001', nonceStr: 'n' })).result.tradeState,
    ).toBe('REFUND');
    const processing = await payApi('queryRefund', { subMchId: SUB_MCH_ID, outRefundNo: 'R6001', nonceStr: 'n' });
    expect(processing.result).toMatchObject({ resultCode: 'SUCCESS', refundCount: 1, refundFee: 1000 });
    expect(Object.entries(processing.result).filter(([key]) => /status/i.test(key))).toEqual([
      ['refundStatus_0', 'PROCESSING'],
    ]);

    await f.emu.advanceClock(REFUND_COMPLETION_MS - 1);
    expect(await received('T6001', 'refund')).toHaveLength(0);
    await f.emu.advanceClock(1);
    const completedAt = acceptedAt + REFUND_COMPLETION_MS;
    const [first] = await received('T6001', 'refund');
    expect(Object.keys(first!.event).sort()).toEqual([...REFUND_EVENT_FIELDS].sort());
    expect(first!.event).toMatchObject({
      returnCode: 'SUCCESS',
      subMchId: SUB_MCH_ID,
      transactionId: paid.body.transactionId,
      outTradeNo: 'T6001',
      outRefundNo: 'R6001',
      refundId: accepted.result.refundId,
      totalFee: 2990,
      refundFee: 1000,
      settlementRefundFee: 1000,
      refundStatus: 'SUCCESS',
      successTime: cst(completedAt, true),
    });
    expect(first).toMatchObject({ source: 'wx_paycallback', openid: '' });
    await f.emu.advanceClock(15_000); // The handler refused once: re-delivered 15 s later, acknowledged.
    const view = await control('GET', '/payments/T6001');
    expect(view.body).toMatchObject({ state: 'REFUND', refundedFee: 1000, refundableFee: 1990 });
    expect(view.body.refunds).toEqual([
      expect.objectContaining({
        outRefundNo: 'R6001',
        status: 'SUCCESS',
        successAt: new Date(completedAt).toISOString(),
      }),
    ]);
    expect(view.body.refunds[0].callback).toMatchObject({
      state: 'ACKNOWLEDGED',
      attempts: [{ ok: false }, { ok: true }],
    });
    await f.emu.advanceClock(DAY_MS);
    expect(await received('T6001', 'refund')).toHaveLength(2);

    const done = await payApi('queryRefund', { subMchId: SUB_MCH_ID, outTradeNo: 'T6001', nonceStr: 'n' });
    const fields = Object.entries(done.result);
    expect(Object.fromEntries(fields.filter(([key]) => key.endsWith('_0')))).toMatchObject({
      refundStatus_0: 'SUCCESS',
      refundSuccessTime_0: cst(completedAt, true),
    });
  });

  it('refund by transaction_id up to the rest; refusals for unpaid orders and unknown refunds', async () => {
    setCallbackBehaviour('payment', 0);
    setCallbackBehaviour('refund', 0);
    await placeOrder('T7001', 500);
    const base = { subMchId: SUB_MCH_ID, totalFee: 500, functionName: 'payDemoCallback', nonceStr: 'n' };
    expect(
      (await payApi('refund', { ...base, outTradeNo: 'T7001', outRefundNo: 'R7000', refundFee: 100 })).result,
    ).toMatchObject({ resultCode: 'FAIL', errCodeDes: expect.stringContaining('NOTPAY') });
    const paid = await control('POST', '/payments/T7001/pay');
    const first = await payApi('refund', {
      ...base,
      transactionId: paid.body.transactionId,
      outRefundNo: 'R7001',
      refundFee: 200,
    });
    const rest = await payApi('refund', {
      ...base,
      transactionId: paid.body.transactionId,
      outRefundNo: 'R7002',
      refundFee: 300,
    });
    expect([first.result.resultCode, rest.result.resultCode]).toEqual(['SUCCESS', 'SUCCESS']);
    expect(
      (await payApi('refund', { ...base, outTradeNo: 'T7001', outRefundNo: 'R7003', refundFee: 1 })).result.resultCode,
    ).toBe('FAIL');
    const both = await payApi('queryRefund', {
      subMchId: SUB_MCH_ID,
      transactionId: paid.body.transactionId,
      nonceStr: 'n',
    });
    expect(both.result).toMatchObject({ refundCount: 2, refundFee: 500 });
    expect(
      (await payApi('queryRefund', { subMchId: SUB_MCH_ID, outRefundNo: 'R0000', nonceStr: 'n' })).result,
    ).toMatchObject({ resultCode: 'FAIL', errCodeDes: '退款订单查询失败' });
    expect((await wire('queryRefund', { out_refund_no: 'R0000' })).body).toMatchObject({ err_code: 'REFUNDNOTEXIST' });
    expect(
      (
        await wire('refund', {
          ...snake(base),
          out_trade_no: 'T0000',
          out_refund_no: 'R0001',
          refund_fee: 1,
          env_id: ENV,
        })
      ).body,
    ).toMatchObject({ err_code: 'ORDERNOTEXIST' });
  });

  it('speaks the wire protocol: plain application/json replies, apiOptions appid, unknown APIs as platform errors', async () => {
    const reply = await wire('queryOrder', { out_trade_no: 'T3999' });
    expect(reply.contentType).toBe('application/json');
    setCallbackBehaviour('payment', 0);
    const other = await payApi(
      'unifiedOrder',
      { ...camel(unifiedOrderParams('T8001', 100)), subMchId: SUB_MCH_ID, nonceStr: 'n' },
      'wxOTHERAPPID0001',
    );
    expect(other.result.payment).toMatchObject({ appId: 'wxOTHERAPPID0001' });
    expect(other.result).toMatchObject({ appid: 'wxOTHERAPPID0001', subAppid: 'wxOTHERAPPID0001' });
    // Unknown fields (here a varint, field 2) are skipped; a truncated message is refused.
    const appid = Buffer.from('wxHANDMADE', 'utf8');
    expect(decodeApiOptions(Buffer.concat([Buffer.from([0x10, 0x96, 0x01, 0x0a, appid.length]), appid]))).toEqual({
      appid: 'wxHANDMADE',
    });
    expect(decodeApiOptions(Buffer.alloc(0))).toEqual({});
    expect(() => decodeApiOptions(Buffer.from([0x0a, 0x05, 0x61]))).toThrow(/truncated/);
    const unsupported = await payApi('profitSharing', { subMchId: SUB_MCH_ID });
    expect(unsupported.thrown).toMatchObject({ errCode: -501007, errMsg: expect.stringContaining('profitSharing') });
  });

  it('lists payments newest first on the control plane', async () => {
    await f.emu.advanceClock(1000);
    await placeOrder('T9001', 100);
    await f.emu.advanceClock(1000);
    await placeOrder('T9002', 100);
    const { status, body } = await control('GET', '/payments');
    expect(status).toBe(200);
    expect(body.payments.slice(0, 2).map((payment: Json) => payment.outTradeNo)).toEqual(['T9002', 'T9001']);
    expect(body.payments.length).toBeGreaterThan(10);
    expect((await control('GET', '/payments/nope')).body.error.code).toBe('PAYMENT_NOT_FOUND');
    f.emu.reset();
    expect((await control('GET', '/payments')).body.payments).toEqual([]);
  });
});

function unifiedOrderParams(outTradeNo: string, totalFee: number): Json {
  return {
    body: '测试商品',
    out_trade_no: outTradeNo,
    spbill_create_ip: '127.0.0.1',
    total_fee: totalFee,
    env_id: ENV,
    function_name: 'payDemoCallback',
    trade_type: 'JSAPI',
    sub_openid: BUYER,
  };
}

const snake = (params: Json): Json =>
  Object.fromEntries(
    Object.entries(params).map(([key, value]) => [key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), value]),
  );
const camel = (params: Json): Json =>
  Object.fromEntries(
    Object.entries(params).map(([key, value]) => [key.replace(/_(\w)/g, (_m, c: string) => c.toUpperCase()), value]),
  );
