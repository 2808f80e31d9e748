/**
 * onPayCallback against the payment sandbox: payments are opened through the real SDK from the
 * test process (as placeOrder will open them) and paid on the control plane, so the sandbox
 * invokes the callback as the platform does (SOURCE wx_paycallback, camelCase event) and
 * re-delivers on WeChat's schedule while the answer is not `{ errcode: 0 }`.
 */
import { PAY_CALLBACK_CODES, parsePayTime, strayRefundNo } from '@shared/contracts/onPayCallback';
import type { SkuDocument } from '@shared/catalog';
import type { OrderDocument } from '@shared/orders';
import { useEmulator } from '../helpers/emulator';
import { seedOrder, seedProduct } from '../helpers/orders';
import { seedRules, seedUsers, userDoc } from '../helpers/referrals';

const SUB_MCH_ID = '1900000109';
const BUYER = 'oBUYER00000000000000000001';
const START = Date.parse('2026-03-02T02:00:00Z');

type Json = Record<string, any>;

/**
 * Round trips by action without the settlement request, which the callback starts without
 * waiting: whether it lands inside the invocation's statistics depends on timing.
 */
function withoutSettlementCall(byAction: Record<string, number>): Record<string, number> {
  const { 'functions.invokeFunction': _started, ...rest } = byAction;
  return rest;
}

describe('onPayCallback', () => {
  // Time stands still unless a test moves it; only clock moves fire jobs (re-deliveries, timers).
  const f = useEmulator({
    functionEnv: { WXPAY_SUB_MCH_ID: SUB_MCH_ID },
    runScheduler: false,
    clock: { now: () => START },
  });
  const now = (): number => f.emu.emulator.options.clock.now();

  beforeEach(() => {
    f.emu.reset();
    f.emu.emulator.faults.clear();
    // These tests are about the order; settlement (which the payment starts) is tested in
    // tests/ledger: failing it keeps the order's durable `settlement: pending` request observable.
    f.emu.injectFault({ function: 'settleCommission', kind: 'fail', times: 0 });
    seedRules(f.emu);
    seedUsers(f.emu, [{ id: BUYER }]);
  });

  const control = async (method: 'GET' | 'POST', path: string): Promise<{ status: number; body: Json }> => {
    const response = await fetch(`${f.emu.url}/_emulator${path}`, {
      method,
      ...(method === 'POST' ? { headers: { 'content-type': 'application/json' }, body: '{}' } : {}),
    });
    return { status: response.status, body: (await response.json()) as Json };
  };

  /** An unpaid order of `lines` whose SKUs hold its stock (as placeOrder leaves them). */
  function seedReservedOrder(
    id: string,
    lines: Array<{ skuId: string; quantity: number; stockLeft: number; unitPriceFen?: number }>,
    order: Partial<OrderDocument> = {},
  ): OrderDocument {
    seedProduct(
      f.emu,
      { _id: `p-${id}` },
      lines.map((line) => ({
        _id: line.skuId,
        priceFen: line.unitPriceFen ?? 10_000,
        stock: line.stockLeft,
        reservedBy: [id],
      })),
    );
    return seedOrder(
      f.emu,
      { _id: id, buyerId: BUYER, ...order },
      lines.map(({ skuId, quantity, unitPriceFen }) => ({ skuId, quantity, unitPriceFen: unitPriceFen ?? 10_000 })),
    );
  }

  /** Opens the sandbox payment as placeOrder does (here from the test process, naming the payer). */
  async function openPayment(order: OrderDocument, totalFee = order.payableFen): Promise<void> {
    const reply = await (f.cloud as any).cloudPay.unifiedOrder({
      functionName: 'onPayCallback',
      envId: f.emu.envName,
      subMchId: SUB_MCH_ID,
      nonceStr: 'x'.repeat(16),
      body: 'test',
      outTradeNo: order._id,
      totalFee,
      spbillCreateIp: '127.0.0.1',
      tradeType: 'JSAPI',
      subOpenid: order.buyerId,
    });
    expect(reply).toMatchObject({ returnCode: 'SUCCESS', resultCode: 'SUCCESS' });
  }

  const pay = async (orderId: string): Promise<Json> => {
    const paid = await control('POST', `/payments/${orderId}/pay`);
    expect(paid.status).toBe(200);
    return paid.body;
  };
  const payment = async (orderId: string): Promise<Json> => (await control('GET', `/payments/${orderId}`)).body;
  const orderDoc = (id: string): OrderDocument =>
    f.emu.emulator.store.scan('orders').find((doc) => doc._id === id) as unknown as OrderDocument;
  const sku = (id: string): SkuDocument =>
    f.emu.emulator.store.scan('skus').find((doc) => doc._id === id) as unknown as SkuDocument;
  const everything = (): string =>
    JSON.stringify(['orders', 'skus', 'users', 'rules', 'rulesHistory'].map((name) => f.emu.emulator.store.scan(name)));
  const stats = (invocationId: string) => f.emu.emulator.stats.invocation(invocationId)!;
  /** Delivers `event` as the platform does (no user, SOURCE wx_paycallback). */
  const deliver = (event: Json) => f.emu.call('onPayCallback', event, { source: 'wx_paycallback' });

  it('a notification the platform confirms makes the order paid, flags the buyer and asks for settlement, in 3 database round trips', async () => {
    const order = seedReservedOrder('oPAY1', [{ skuId: 'sku-a', quantity: 2, stockLeft: 8 }]);
    await openPayment(order);
    const paid = await pay(order._id);

    expect(paid.callback).toMatchObject({ state: 'ACKNOWLEDGED', functionName: 'onPayCallback' });
    const [attempt] = paid.callback.attempts;
    expect(attempt.outcome).toBe('acknowledged');
    const doc = orderDoc(order._id);
    expect(doc).toMatchObject({
      status: 'paid',
      reservation: 'reserved',
      payableFen: 20_000,
      payment: {
        params: null,
        transactionId: paid.transactionId,
        paidFen: 20_000,
        paidAt: new Date(Math.floor(Date.parse(paid.paidAt) / 1000) * 1000),
      },
      settlement: { state: 'pending', settledAt: null },
      autoConfirmAt: null,
    });
    expect((await userDoc(f.emu, BUYER))?.hasPaidOrder).toBe(true);
    // The stock stays as the reservation left it.
    expect(sku('sku-a').stock).toBe(8);
    const invocation = stats(attempt.invocationId);
    expect(invocation.roundTrips.database).toBe(3);
    expect(withoutSettlementCall(invocation.roundTrips.byAction)).toEqual({
      'database.getDocument': 1,
      'database.modifyDocument': 2,
      'wx.wxPayApi': 1,
    });
    expect(JSON.parse(invocation.result!)).toEqual({ errcode: 0, errmsg: 'OK: paid' });
  });

  it('the same callback 15 times at once changes the order once; every answer acknowledges; the platform stops', async () => {
    const order = seedReservedOrder('oPAY15', [{ skuId: 'sku-b', quantity: 1, stockLeft: 4 }]);
    await openPayment(order);
    // The first delivery fails before it reads anything, so the 15 copies below race on an unpaid order.
    f.emu.injectFault({ function: 'onPayCallback', kind: 'fail' });
    const paid = await pay(order._id);
    expect(paid.callback.attempts[0]).toMatchObject({ ok: false });
    expect(orderDoc(order._id).status).toBe('pending_payment');

    const event = paid.callback.event as Json;
    const answers = await Promise.all(Array.from({ length: 15 }, () => deliver(event)));
    const messages = answers.map((answer) => (answer.result as Json).errmsg).sort();
    expect(answers.every((answer) => (answer.result as Json).errcode === 0)).toBe(true);
    expect(messages.filter((message) => message === 'OK: paid')).toHaveLength(1);
    expect(messages.filter((message) => message === 'OK: alreadyPaid')).toHaveLength(14);
    for (const answer of answers) expect(answer.invocation.roundTrips.database).toBeLessThanOrEqual(4);

    const afterRace = everything();
    expect(orderDoc(order._id)).toMatchObject({
      status: 'paid',
      payment: { transactionId: paid.transactionId, paidFen: 10_000 },
      settlement: { state: 'pending' },
    });
    expect((await userDoc(f.emu, BUYER))?.hasPaidOrder).toBe(true);

    // The platform's own re-delivery (15 s later) is a repeat: acknowledged, nothing changes.
    await f.emu.advanceClock(15_000);
    const delivered = await payment(order._id);
    expect(delivered.callback.state).toBe('ACKNOWLEDGED');
    expect(delivered.callback.attempts.map((a: Json) => a.outcome)).toEqual([
      expect.stringMatching(/^FUNCTIONS_EXECUTE_FAIL/),
      'acknowledged',
    ]);
    for (let n = 0; n < 15; n += 1) {
      const repeat = await deliver(event);
      expect(repeat.result).toEqual({ errcode: 0, errmsg: 'OK: alreadyPaid' });
      // A repeat reads the order and re-asserts the buyer flag; it does not ask the platform again.
      expect(withoutSettlementCall(repeat.invocation.roundTrips.byAction)).toEqual({
        'database.getDocument': 1,
        'database.modifyDocument': 1,
      });
    }
    expect(everything()).toBe(afterRace);
  });

  it('a callback with a wrong amount: the order stays unpaid and the money is refunded automatically', async () => {
    const order = seedReservedOrder('oWRONG', [{ skuId: 'sku-c', quantity: 1, stockLeft: 2 }]);
    // A payment of 9000 fen for an order of 10000 (the platform confirms the 9000).
    await openPayment(order, 9_000);
    const paid = await pay(order._id);

    expect(paid.callback.state).toBe('ACKNOWLEDGED');
    const doc = orderDoc(order._id);
    expect(doc).toMatchObject({
      status: 'pending_payment',
      payment: { transactionId: null, paidFen: null, paidAt: null },
      settlement: { state: 'none' },
    });
    expect(doc.strayPayment).toMatchObject({
      reason: 'AMOUNT_MISMATCH',
      decision: 'refund',
      transactionId: paid.transactionId,
      paidFen: 9_000,
      refundNo: strayRefundNo(order._id),
      refundId: expect.stringMatching(/^503/),
      refundedAt: null,
      revivedAt: null,
      closeReason: null,
    });
    expect(doc.strayPayment?.refundRequestedAt).toBeInstanceOf(Date);
    expect((await userDoc(f.emu, BUYER))?.hasPaidOrder).toBe(false);
    expect((await payment(order._id)).refunds).toEqual([
      expect.objectContaining({ outRefundNo: `${order._id}-stray`, refundFee: 9_000, status: 'PROCESSING' }),
    ]);
    expect(stats(paid.callback.attempts[0].invocationId).roundTrips.database).toBeLessThanOrEqual(4);

    // A repeat is acknowledged and refunds nothing more.
    const repeat = await deliver(paid.callback.event);
    expect(repeat.result).toEqual({ errcode: 0, errmsg: 'OK: refunded' });
    expect((await payment(order._id)).refunds).toHaveLength(1);
    expect(orderDoc(order._id).updatedAt).toEqual(doc.updatedAt);
  });

  it('an event whose amount the platform does not confirm changes nothing and is not acknowledged', async () => {
    const order = seedReservedOrder('oTAMPER', [{ skuId: 'sku-d', quantity: 1, stockLeft: 2 }]);
    await openPayment(order);
    f.emu.injectFault({ function: 'onPayCallback', kind: 'fail' });
    const paid = await pay(order._id);
    const before = everything();
    const event = paid.callback.event as Json;

    const tampered = await deliver({ ...event, totalFee: 1 });
    expect(tampered.result).toEqual({
      errcode: PAY_CALLBACK_CODES.NOT_CONFIRMED,
      errmsg: 'NOT_CONFIRMED: the event says 1 fen, the platform 10000',
    });
    const otherTransaction = await deliver({ ...event, transactionId: '4200000000000000000000000000' });
    expect(otherTransaction.result).toMatchObject({ errcode: PAY_CALLBACK_CODES.NOT_CONFIRMED });
    expect(everything()).toBe(before);
    expect((await payment(order._id)).refunds).toEqual([]);

    // An unpaid payment is not confirmed either.
    const unpaid = seedReservedOrder('oNOTPAID', [{ skuId: 'sku-e', quantity: 1, stockLeft: 1 }]);
    await openPayment(unpaid);
    const early = await deliver({ ...event, outTradeNo: unpaid._id });
    expect(early.result).toEqual({
      errcode: PAY_CALLBACK_CODES.NOT_CONFIRMED,
      errmsg: 'NOT_CONFIRMED: the platform says the payment is NOTPAY',
    });
    expect(orderDoc(unpaid._id).status).toBe('pending_payment');
  });

  it('a forged callback from a mini-program user reads and writes nothing and cannot stop the real one', async () => {
    const order = seedReservedOrder('oFORGED', [{ skuId: 'sku-f', quantity: 1, stockLeft: 3 }]);
    await openPayment(order);
    f.emu.injectFault({ function: 'onPayCallback', kind: 'fail' });
    const paid = await pay(order._id);
    const before = everything();

    // The shopper (or anyone) calls the function directly with the genuine event.
    const forged = await f.emu.call('onPayCallback', paid.callback.event, { openid: BUYER });
    expect(forged.result).toEqual({
      errcode: PAY_CALLBACK_CODES.FORBIDDEN,
      errmsg: 'FORBIDDEN: not called by the payment platform (source wx_client)',
    });
    expect(forged.invocation.roundTrips.total).toBe(0);
    // A call from another function carries the caller's source (wx_client,scf): refused too.
    const fromFunction = await f.emu.call('onPayCallback', paid.callback.event, { source: 'wx_client,scf' });
    expect(fromFunction.result).toMatchObject({ errcode: PAY_CALLBACK_CODES.FORBIDDEN });
    const invented = await f.emu.call(
      'onPayCallback',
      { ...paid.callback.event, totalFee: 1, transactionId: '4200999' },
      { openid: 'oMALLORY' },
    );
    expect(invented.result).toMatchObject({ errcode: PAY_CALLBACK_CODES.FORBIDDEN });
    expect(everything()).toBe(before);

    // The platform re-delivers the real notification 15 s after the failed first attempt: it is handled.
    await f.emu.advanceClock(15_000);
    expect((await payment(order._id)).callback.state).toBe('ACKNOWLEDGED');
    expect(orderDoc(order._id)).toMatchObject({ status: 'paid', payment: { transactionId: paid.transactionId } });
  });

  it('a payment after the order closed is refunded automatically, once', async () => {
    seedProduct(f.emu, { _id: 'p-closed' }, [
      { _id: 'sku-g', priceFen: 10_000, stock: 5, reservedBy: ['oCLOSED'], returnedBy: ['oCLOSED'] },
    ]);
    const closedAt = new Date(now());
    const order = seedOrder(
      f.emu,
      {
        _id: 'oCLOSED',
        buyerId: BUYER,
        status: 'closed',
        reservation: 'released',
        closedAt,
        closeReason: 'UNPAID_TIMEOUT',
      },
      [{ skuId: 'sku-g', quantity: 1 }],
    );
    await openPayment(order);
    const paid = await pay(order._id);

    expect(paid.callback.attempts[0].outcome).toBe('acknowledged');
    const doc = orderDoc(order._id);
    expect(doc).toMatchObject({
      status: 'closed',
      reservation: 'released',
      closeReason: 'UNPAID_TIMEOUT',
      payment: { transactionId: null },
      settlement: { state: 'none' },
    });
    expect(doc.strayPayment).toMatchObject({
      reason: 'ORDER_CLOSED',
      decision: 'refund',
      paidFen: 10_000,
      closeReason: 'UNPAID_TIMEOUT',
      refundNo: 'oCLOSED-stray',
    });
    expect(doc.strayPayment?.paidAt).toEqual(parsePayTime(paid.callback.event.timeEnd));
    expect((await payment(order._id)).refunds).toEqual([
      expect.objectContaining({ outRefundNo: 'oCLOSED-stray', refundFee: 10_000 }),
    ]);
    expect(sku('sku-g').stock).toBe(5);
    expect((await userDoc(f.emu, BUYER))?.hasPaidOrder).toBe(false);
    // Order, rules (revive or refund), the decision, the refund record.
    expect(stats(paid.callback.attempts[0].invocationId).roundTrips.database).toBe(4);

    const repeats = await Promise.all(Array.from({ length: 5 }, () => deliver(paid.callback.event)));
    for (const repeat of repeats) expect(repeat.result).toEqual({ errcode: 0, errmsg: 'OK: refunded' });
    expect((await payment(order._id)).refunds).toHaveLength(1);
    // The refund completes 5 s later on the platform (its notification goes to onRefundCallback).
    await f.emu.advanceClock(5_000);
    expect((await payment(order._id)).refunds[0]).toMatchObject({ status: 'SUCCESS', refundFee: 10_000 });
  });

  it('a payment after the order closed revives it when the merchant allows and stock suffices', async () => {
    seedRules(f.emu, { revivePaidClosedOrders: true });
    seedProduct(f.emu, { _id: 'p-revive' }, [
      { _id: 'sku-h', priceFen: 10_000, stock: 3, reservedBy: ['oREVIVE'], returnedBy: ['oREVIVE'] },
      { _id: 'sku-i', priceFen: 5_000, stock: 2, reservedBy: ['oREVIVE'], returnedBy: ['oREVIVE'] },
    ]);
    const order = seedOrder(
      f.emu,
      {
        _id: 'oREVIVE',
        buyerId: BUYER,
        status: 'closed',
        reservation: 'released',
        closedAt: new Date(now()),
        closeReason: 'UNPAID_TIMEOUT',
      },
      [
        { skuId: 'sku-h', quantity: 2, unitPriceFen: 10_000 },
        { skuId: 'sku-i', quantity: 2, unitPriceFen: 5_000 },
      ],
    );
    await openPayment(order);
    const paid = await pay(order._id);

    expect(paid.callback.attempts[0].outcome).toBe('acknowledged');
    expect(orderDoc(order._id)).toMatchObject({
      status: 'paid',
      reservation: 'reserved',
      closedAt: null,
      closeReason: null,
      payment: { transactionId: paid.transactionId, paidFen: 30_000 },
      settlement: { state: 'pending' },
      strayPayment: {
        reason: 'ORDER_CLOSED',
        decision: 'revive',
        closeReason: 'UNPAID_TIMEOUT',
        refundRequestedAt: null,
        revivedAt: expect.any(Date),
      },
    });
    expect([sku('sku-h').stock, sku('sku-i').stock]).toEqual([1, 0]);
    expect(sku('sku-h').reservedBy).toEqual(['oREVIVE', 'oREVIVE:revive']);
    expect((await payment(order._id)).refunds).toEqual([]);
    expect((await userDoc(f.emu, BUYER))?.hasPaidOrder).toBe(true);

    const repeat = await deliver(paid.callback.event);
    expect(repeat.result).toEqual({ errcode: 0, errmsg: 'OK: alreadyPaid' });
    expect([sku('sku-h').stock, sku('sku-i').stock]).toEqual([1, 0]);
  });

  it('a revival that finds a line out of stock gives back what it took and refunds', async () => {
    seedRules(f.emu, { revivePaidClosedOrders: true });
    seedProduct(f.emu, { _id: 'p-short' }, [
      { _id: 'sku-j', priceFen: 10_000, stock: 3, reservedBy: ['oSHORT'], returnedBy: ['oSHORT'] },
      { _id: 'sku-k', priceFen: 5_000, stock: 1, reservedBy: ['oSHORT'], returnedBy: ['oSHORT'] },
    ]);
    const order = seedOrder(
      f.emu,
      {
        _id: 'oSHORT',
        buyerId: BUYER,
        status: 'closed',
        reservation: 'released',
        closedAt: new Date(now()),
        closeReason: 'CANCELLED',
      },
      [
        { skuId: 'sku-j', quantity: 1, unitPriceFen: 10_000 },
        { skuId: 'sku-k', quantity: 2, unitPriceFen: 5_000 },
      ],
    );
    await openPayment(order);
    const paid = await pay(order._id);

    expect(paid.callback.attempts[0].outcome).toBe('acknowledged');
    expect(orderDoc(order._id)).toMatchObject({
      status: 'closed',
      closeReason: 'CANCELLED',
      strayPayment: {
        decision: 'refund',
        reason: 'ORDER_CLOSED',
        revivedAt: null,
        refundRequestedAt: expect.any(Date),
      },
    });
    expect([sku('sku-j').stock, sku('sku-k').stock]).toEqual([3, 1]);
    expect(sku('sku-j').returnedBy).toEqual(['oSHORT', 'oSHORT:revive']);
    expect((await payment(order._id)).refunds).toEqual([
      expect.objectContaining({ outRefundNo: 'oSHORT-stray', refundFee: 20_000 }),
    ]);
    expect((await userDoc(f.emu, BUYER))?.hasPaidOrder).toBe(false);
  });

  it('bad input and unknown orders are refused without writing; the platform keeps re-delivering', async () => {
    const before = everything();
    const bad = await deliver({
      returnCode: 'SUCCESS',
      resultCode: 'SUCCESS',
      transactionId: '4200',
      totalFee: 100,
      timeEnd: '20260302100000',
    });
    expect(bad.result).toMatchObject({
      errcode: PAY_CALLBACK_CODES.INVALID_INPUT,
      errmsg: expect.stringContaining('outTradeNo'),
    });
    expect(bad.invocation.roundTrips.total).toBe(0);
    const negative = await deliver({
      returnCode: 'SUCCESS',
      resultCode: 'SUCCESS',
      outTradeNo: 'oX',
      transactionId: '4200',
      totalFee: -5,
      timeEnd: '20260302100000',
    });
    expect(negative.result).toMatchObject({ errcode: PAY_CALLBACK_CODES.INVALID_INPUT });
    const unknown = await deliver({
      returnCode: 'SUCCESS',
      resultCode: 'SUCCESS',
      outTradeNo: 'oNOSUCHORDER',
      transactionId: '4200',
      totalFee: 100,
      timeEnd: '20260302100000',
    });
    expect(unknown.result).toEqual({
      errcode: PAY_CALLBACK_CODES.ORDER_NOT_FOUND,
      errmsg: 'ORDER_NOT_FOUND: no order oNOSUCHORDER',
    });
    const failure = await deliver({
      returnCode: 'SUCCESS',
      resultCode: 'FAIL',
      outTradeNo: 'oX',
      transactionId: '4200',
      totalFee: 100,
      timeEnd: '20260302100000',
    });
    expect(failure.result).toMatchObject({ errcode: 0 });
    expect(everything()).toBe(before);
  });

  it('a payment for an order whose stock is not yet held is answered RETRY, writing nothing; a later delivery pays it', async () => {
    const order = seedReservedOrder('oRESERVING', [{ skuId: 'sku-w', quantity: 1, stockLeft: 0 }], {
      reservation: 'reserving',
    });
    await openPayment(order);
    const before = everything();
    const paid = await pay(order._id);
    expect(paid.callback.attempts[0].outcome).toBe(
      `returned {"errcode":${PAY_CALLBACK_CODES.RETRY},"errmsg":"RETRY: order oRESERVING is changing; the next delivery finishes"}`,
    );
    expect(everything()).toBe(before);
    // placeOrder finishes its last step; the platform's next delivery makes the order paid.
    f.emu.emulator.put('orders', order._id, { ...orderDoc(order._id), reservation: 'reserved' } as never);
    await f.emu.advanceClock(15_000);
    expect((await payment(order._id)).callback.state).toBe('ACKNOWLEDGED');
    expect(orderDoc(order._id)).toMatchObject({
      status: 'paid',
      reservation: 'reserved',
      payment: { transactionId: paid.transactionId },
    });
  });

  it('a database failure is not acknowledged; the re-delivery finishes the payment', async () => {
    const order = seedReservedOrder('oDBFAIL', [{ skuId: 'sku-l', quantity: 1, stockLeft: 1 }]);
    await openPayment(order);
    f.emu.injectFault({ action: 'database.modifyDocument', function: 'onPayCallback', kind: 'fail' });
    const paid = await pay(order._id);
    expect(paid.callback.attempts[0].outcome).toMatch(/^returned \{"errcode":500,"errmsg":"ERROR: /);
    expect(orderDoc(order._id).status).toBe('pending_payment');
    await f.emu.advanceClock(15_000);
    expect((await payment(order._id)).callback.state).toBe('ACKNOWLEDGED');
    expect(orderDoc(order._id).status).toBe('paid');
  });

  it('a lost response or a killed instance after the paid update: the re-delivery completes the buyer flag', async () => {
    for (const kind of ['loseResponse', 'killInstance'] as const) {
      const order = seedReservedOrder(`oCRASH${kind}`, [{ skuId: `sku-${kind}`, quantity: 1, stockLeft: 1 }]);
      f.emu.emulator.put('users', BUYER, { ...(await userDoc(f.emu, BUYER)), hasPaidOrder: false } as never);
      await openPayment(order);
      // The paid update commits, then the answer is lost (or the instance dies) before the buyer update.
      f.emu.injectFault({ action: 'database.modifyDocument', function: 'onPayCallback', kind });
      const paid = await pay(order._id);
      expect(paid.callback.attempts[0].ok).toBe(false);
      expect(orderDoc(order._id).status).toBe('paid');
      expect((await userDoc(f.emu, BUYER))?.hasPaidOrder).toBe(false);
      await f.emu.advanceClock(15_000);
      const delivered = await payment(order._id);
      expect(delivered.callback.attempts.map((a: Json) => a.outcome)).toEqual([expect.any(String), 'acknowledged']);
      expect(JSON.parse(stats(delivered.callback.attempts[1].invocationId).result!)).toEqual({
        errcode: 0,
        errmsg: 'OK: alreadyPaid',
      });
      expect((await userDoc(f.emu, BUYER))?.hasPaidOrder).toBe(true);
      f.emu.emulator.faults.clear();
    }
  });
});
