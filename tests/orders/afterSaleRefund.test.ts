/**
 * Refunds end to end on the emulator: the admin's listAfterSales / approveAfterSale /
 * refuseAfterSale, WeChat Pay's sandbox refund (completes 5 s later on the virtual clock) and
 * onRefundCallback: amounts on the order's lines, the refunds log, stock, trust, repeats and
 * crashes; the commission-hold interface; stray payment refunds.
 */
import { createHash } from 'node:crypto';
import type { AfterSaleDocument } from '@shared/afterSales';
import { COLLECTIONS } from '@shared/collections';
import { ADMIN_CONTRACTS } from '@shared/contracts/admin';
import type { OrderDocument, OrderLine } from '@shared/orders';
import type { Result } from '@shared/result';
import { useEmulator, type EmulatorFixture } from '../helpers/emulator';
import { seedOrder, seedProduct } from '../helpers/orders';

const SUB_MCH_ID = '1900000109';
const ADMIN = 'oADMIN';
const BUYER = 'oBUYER';
type Json = Record<string, any>;
type Order = OrderDocument;

const idOf = (orderId: string, key: string): string =>
  `s${createHash('sha256').update(`${orderId}\n${key}`).digest('hex').slice(0, 24)}`;

function dump(f: EmulatorFixture): Record<string, unknown[]> {
  return Object.fromEntries(
    COLLECTIONS.map((collection) => [collection.name, f.emu.emulator.store.scan(collection.name)]),
  );
}

const scan = <T>(f: EmulatorFixture, collection: string, id: string): T =>
  f.emu.emulator.store.scan(collection).find((doc) => doc._id === id) as unknown as T;

async function control(f: EmulatorFixture, method: 'GET' | 'POST', path: string): Promise<Json> {
  const response = await fetch(`${f.emu.url}/_emulator${path}`, { method });
  return (await response.json()) as Json;
}

/** Opens and pays the sandbox payment of `orderId` from the test process, as the brief describes. */
async function payInSandbox(f: EmulatorFixture, orderId: string, totalFee: number): Promise<string> {
  const cloudPay = (f.cloud as unknown as { cloudPay: Record<string, (p: Json) => Promise<Json>> }).cloudPay;
  const opened = await cloudPay.unifiedOrder!({
    functionName: 'onPayCallback',
    envId: f.emu.envName,
    subMchId: SUB_MCH_ID,
    nonceStr: 'x'.repeat(16),
    body: 'test',
    outTradeNo: orderId,
    totalFee,
    spbillCreateIp: '127.0.0.1',
    tradeType: 'JSAPI',
    subOpenid: BUYER,
  });
  expect(opened.resultCode).toBe('SUCCESS');
  const paid = await control(f, 'POST', `/payments/${orderId}/pay`);
  expect(paid.state).toBe('SUCCESS');
  return paid.transactionId as string;
}

/**
 * A paid order (then moved to `status`) whose payment exists in the sandbox. Line 0: three
 * units of sku-a paying 8100 fen; line 1: one unit of sku-b paying 4500 fen; shipping 800 fen.
 */
async function paidOrder(
  f: EmulatorFixture,
  id: string,
  status: OrderDocument['status'] = 'shipped',
): Promise<OrderDocument> {
  const transactionId = await payInSandbox(f, id, 13_400);
  const now = new Date(f.emu.emulator.options.clock.now());
  const lines: Array<Partial<OrderLine> & { skuId: string }> = [
    { skuId: 'sku-a', unitPriceFen: 3000, quantity: 3, paidFen: 8100 },
    { skuId: 'sku-b', unitPriceFen: 5000, quantity: 1, paidFen: 4500 },
  ];
  return seedOrder(
    f.emu,
    {
      _id: id,
      buyerId: BUYER,
      status,
      shippingFen: 800,
      payableFen: 13_400,
      payment: { transactionId, paidFen: 13_400, paidAt: now, params: null },
    },
    lines,
  );
}

describe('after-sales refunds', () => {
  const f = useEmulator({ runScheduler: false, functionEnv: { WXPAY_SUB_MCH_ID: SUB_MCH_ID } });
  const shopper = async (route: string, input: object) =>
    (await f.emu.call('afterSale', { $url: route, ...input }, { openid: BUYER })).result as Result<any>;
  const admin = async (route: string, input: object, openid = ADMIN) => {
    const response = await f.emu.call('admin', { $url: route, ...input }, { openid });
    expect(response.error).toBeUndefined();
    return response.result as Result<any>;
  };
  const callback = (event: object, request: object = { source: 'wx_paycallback' }) =>
    f.emu.call('onRefundCallback', event, request);
  const order = (id: string) => scan<Order>(f, 'orders', id);
  const afterSale = (id: string) => scan<AfterSaleDocument>(f, 'afterSales', id);
  const stock = (skuId: string) => scan<{ stock: number; returnedBy: string[] }>(f, 'skus', skuId);
  const payment = (id: string) => control(f, 'GET', `/payments/${id}`);

  const request = async (input: object): Promise<string> => {
    const result = await shopper('request', {
      orderId: 'o-1',
      kind: 'refundOnly',
      reason: '不想要了',
      idempotencyKey: 'key-00001',
      ...input,
    });
    expect(result.ok).toBe(true);
    return result.ok ? result.data.afterSale.id : '';
  };
  /** Expects the admin call to be refused with `code` and to have written nothing. */
  const refused = async (code: string, route: string, input: object, openid = ADMIN) => {
    const before = dump(f);
    expect(await admin(route, input, openid)).toMatchObject({ ok: false, error: { code } });
    expect(dump(f)).toEqual(before);
  };

  beforeEach(() => {
    f.emu.emulator.faults.clear();
    f.emu.reset();
    f.emu.insert('admins', [{ _id: ADMIN, addedBy: 'setup', addedAt: new Date(), note: '' }]);
    seedProduct(f.emu, { _id: 'p-test' }, [
      { _id: 'sku-a', priceFen: 3000, stock: 10 },
      { _id: 'sku-b', priceFen: 5000, stock: 10 },
    ]);
  });

  it('a partial refund: the amounts on the order, the payment, the stock and the request', async () => {
    await paidOrder(f, 'o-1');
    const id = await request({ kind: 'returnAndRefund', lines: [{ lineIndex: 0, quantity: 1, amountFen: 2700 }] });
    await shopper('markReturned', { afterSaleId: id, carrier: '顺丰', trackingNo: 'SF1234567890' });

    const approved = await admin('approveAfterSale', { afterSaleId: id, goodsReceived: true });
    const data = ADMIN_CONTRACTS.approveAfterSale.output.parse(approved.ok && approved.data);
    expect(data).toMatchObject({
      status: 'approved',
      afterSale: {
        status: 'refunding',
        buyerId: BUYER,
        reviewedBy: ADMIN,
        review: { decision: 'approve', goodsReceived: true },
        refund: {
          outRefundNo: `a${id}`,
          attempts: 1,
          refundId: expect.stringMatching(/^\d+$/),
          lastError: null,
          succeededAt: null,
        },
      },
    });
    expect(await payment('o-1')).toMatchObject({
      refundedFee: 2700,
      refunds: [{ outRefundNo: `a${id}`, refundFee: 2700, status: 'PROCESSING' }],
    });
    expect(order('o-1').lines[0]).toMatchObject({ refundedFen: 0, refundedQuantity: 0 }); // Accepted is not done.

    await f.emu.advanceClock(10_000);
    expect((await payment('o-1')).refunds[0]).toMatchObject({
      status: 'SUCCESS',
      callback: { state: 'ACKNOWLEDGED', attempts: [{ ok: true, outcome: 'acknowledged' }] },
    });
    const after = order('o-1');
    expect(after.status).toBe('shipped'); // Refunds never change the order's status.
    expect(after.lines.map((l) => [l.paidFen, l.refundedFen, l.refundedQuantity])).toEqual([
      [8100, 2700, 1],
      [4500, 0, 0],
    ]);
    const entry = {
      outRefundNo: `a${id}`,
      afterSaleId: id,
      amountFen: 2700,
      shippingFen: 0,
      restock: true,
      at: expect.any(Date),
      lines: [
        {
          lineIndex: 0,
          amountFen: 2700,
          quantity: 1,
          refundedFenAfter: 2700,
          refundedQuantityAfter: 1,
          lastOfLine: false,
        },
      ],
    };
    expect(after.refunds).toEqual([entry]);
    expect(afterSale(id)).toMatchObject({
      status: 'refunded',
      applied: entry,
      refund: { succeededAt: expect.any(Date) },
    });
    expect(stock('sku-a')).toMatchObject({ stock: 11, returnedBy: [id] });
    expect(stock('sku-b').stock).toBe(10);

    // The rest of the order, refund only (the goods stay with the shopper): every line's last refund.
    const whole = await shopper('requestWholeOrder', {
      orderId: 'o-1',
      kind: 'refundOnly',
      reason: '其余也退',
      idempotencyKey: 'key-00002',
    });
    expect(whole).toMatchObject({ ok: true, data: { afterSale: { amountFen: 9900, shippingFen: 0 } } });
    const wholeId = whole.ok && whole.data.afterSale.id;
    expect(await admin('approveAfterSale', { afterSaleId: wholeId })).toMatchObject({
      ok: true,
      data: { status: 'approved' },
    });
    await f.emu.advanceClock(10_000);
    expect(order('o-1').lines.map((l) => [l.refundedFen, l.refundedQuantity])).toEqual([
      [8100, 3],
      [4500, 1],
    ]);
    expect(order('o-1').refunds?.[1]).toMatchObject({
      amountFen: 9900,
      restock: false,
      lines: [
        {
          lineIndex: 0,
          amountFen: 5400,
          quantity: 2,
          refundedFenAfter: 8100,
          refundedQuantityAfter: 3,
          lastOfLine: true,
        },
        {
          lineIndex: 1,
          amountFen: 4500,
          quantity: 1,
          refundedFenAfter: 4500,
          refundedQuantityAfter: 1,
          lastOfLine: true,
        },
      ],
    });
    expect([stock('sku-a').stock, stock('sku-b').stock]).toEqual([11, 10]);
    expect(await payment('o-1')).toMatchObject({ refundedFee: 12_600, refundableFee: 800 }); // Shipping kept: it was shipped.
  });

  it('a whole-order refund before shipping returns shipping and every unit', async () => {
    await paidOrder(f, 'o-1', 'paid');
    const whole = await shopper('requestWholeOrder', {
      orderId: 'o-1',
      kind: 'refundOnly',
      reason: '拍错了',
      idempotencyKey: 'key-00001',
    });
    const id = whole.ok && whole.data.afterSale.id;
    expect(await admin('approveAfterSale', { afterSaleId: id })).toMatchObject({
      ok: true,
      data: { status: 'approved' },
    });
    await f.emu.advanceClock(10_000);
    expect(await payment('o-1')).toMatchObject({ refundedFee: 13_400, refundableFee: 0 });
    expect(order('o-1').refunds).toEqual([
      expect.objectContaining({ amountFen: 13_400, shippingFen: 800, restock: true }),
    ]);
    expect([stock('sku-a').stock, stock('sku-b').stock]).toEqual([13, 11]);
    expect(order('o-1').status).toBe('paid');
  });

  it('approveAfterSale refuses with a stable code and writes nothing', async () => {
    await paidOrder(f, 'o-1');
    const ret = await request({ kind: 'returnAndRefund', lines: [{ lineIndex: 0, quantity: 1, amountFen: 2700 }] });
    await refused('GOODS_NOT_RECEIVED', 'approveAfterSale', { afterSaleId: ret });
    await refused('FORBIDDEN', 'approveAfterSale', { afterSaleId: ret, goodsReceived: true }, BUYER);
    await refused('INVALID_INPUT', 'approveAfterSale', { afterSaleId: 'x' });
    await refused('AFTER_SALE_NOT_FOUND', 'approveAfterSale', { afterSaleId: idOf('o-1', 'missing-key') });
    await shopper('cancel', { afterSaleId: ret });
    await refused('INVALID_TRANSITION', 'approveAfterSale', { afterSaleId: ret, goodsReceived: true });
  });

  it('a refund WeChat Pay refuses leaves the request approved; approving again retries the same refund', async () => {
    // No sandbox payment yet: the refund is refused (ORDERNOTEXIST).
    seedOrder(f.emu, { _id: 'o-1', buyerId: BUYER, status: 'shipped', payableFen: 10_000 });
    const id = await request({ lines: [{ lineIndex: 0, quantity: 0, amountFen: 1000 }] });
    expect(await admin('approveAfterSale', { afterSaleId: id })).toMatchObject({
      ok: false,
      error: { code: 'REFUND_FAILED', message: expect.stringContaining('订单不存在') },
    });
    expect(afterSale(id)).toMatchObject({
      status: 'approved',
      refund: { attempts: 1, refundId: null, lastError: '订单不存在' },
    });
    expect(await shopper('cancel', { afterSaleId: id })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_TRANSITION' },
    });

    await payInSandbox(f, 'o-1', 10_000);
    expect(await admin('approveAfterSale', { afterSaleId: id })).toMatchObject({
      ok: true,
      data: { status: 'approved', afterSale: { status: 'refunding', refund: { attempts: 2, lastError: null } } },
    });
    expect(await admin('approveAfterSale', { afterSaleId: id })).toMatchObject({
      ok: true,
      data: { status: 'unchanged' },
    });
    await f.emu.advanceClock(10_000);
    expect(afterSale(id).status).toBe('refunded');
    expect(await payment('o-1')).toMatchObject({ refundedFee: 1000 });
  });

  it('a refund accepted but not answered is finished by the callback', async () => {
    await paidOrder(f, 'o-1');
    const id = await request({ lines: [{ lineIndex: 1, quantity: 0, amountFen: 500 }] });
    f.emu.injectFault({ action: 'wx.wxPayApi', function: 'admin', kind: 'loseResponse' });
    expect(await admin('approveAfterSale', { afterSaleId: id })).toMatchObject({
      ok: false,
      error: { code: 'REFUND_FAILED' },
    });
    expect(afterSale(id)).toMatchObject({
      status: 'approved',
      refund: { lastError: expect.stringContaining('no answer') },
    });
    expect(await payment('o-1')).toMatchObject({ refunds: [{ outRefundNo: `a${id}`, refundFee: 500 }] });
    await f.emu.advanceClock(10_000);
    expect(afterSale(id)).toMatchObject({ status: 'refunded', refund: { lastError: null } });
    expect(order('o-1').lines[1]).toMatchObject({ refundedFen: 500, refundedQuantity: 0 });
  });

  it('refuseAfterSale: a request, with its reason; an approved one only once its refund surely does not exist', async () => {
    seedOrder(f.emu, { _id: 'o-1', buyerId: BUYER, status: 'shipped', payableFen: 10_000 });
    const first = await request({ lines: [{ lineIndex: 0, quantity: 0, amountFen: 1000 }] });
    await refused('INVALID_INPUT', 'refuseAfterSale', { afterSaleId: first, reason: '' });
    const result = await admin('refuseAfterSale', { afterSaleId: first, reason: '商品无质量问题' });
    expect(ADMIN_CONTRACTS.refuseAfterSale.output.parse(result.ok && result.data)).toMatchObject({
      status: 'refused',
      afterSale: {
        status: 'refused',
        statusLabel: '已拒绝',
        review: { decision: 'refuse', reason: '商品无质量问题' },
        reviewedBy: ADMIN,
      },
    });
    const before = dump(f);
    expect(await admin('refuseAfterSale', { afterSaleId: first, reason: '再说一次' })).toMatchObject({
      ok: true,
      data: { status: 'unchanged' },
    });
    expect(dump(f)).toEqual(before);
    expect(await shopper('detail', { afterSaleId: first })).toMatchObject({
      ok: true,
      data: { afterSale: { status: 'refused', review: { reason: '商品无质量问题' } } },
    });

    const second = await request({
      idempotencyKey: 'key-00002',
      lines: [{ lineIndex: 0, quantity: 0, amountFen: 1000 }],
    });
    await admin('approveAfterSale', { afterSaleId: second }); // Refused by WeChat Pay: no payment.
    await refused('REFUND_IN_PROGRESS', 'refuseAfterSale', { afterSaleId: second, reason: '无法退款' });
    await f.emu.advanceClock(61_000);
    expect(await admin('refuseAfterSale', { afterSaleId: second, reason: '无法退款' })).toMatchObject({
      ok: true,
      data: { status: 'refused' },
    });
    await refused('AFTER_SALE_NOT_FOUND', 'refuseAfterSale', { afterSaleId: idOf('o-1', 'missing-key'), reason: 'x' });
  });

  it('refuseAfterSale finds an accepted refund and moves the request on instead', async () => {
    await paidOrder(f, 'o-1');
    const id = await request({ lines: [{ lineIndex: 0, quantity: 0, amountFen: 1000 }] });
    f.emu.injectFault({ action: 'wx.wxPayApi', function: 'admin', kind: 'loseResponse' });
    f.emu.injectFault({ function: 'onRefundCallback', kind: 'fail', times: 0 });
    await admin('approveAfterSale', { afterSaleId: id });
    await f.emu.advanceClock(61_000);
    expect(await admin('refuseAfterSale', { afterSaleId: id, reason: '改主意了' })).toMatchObject({
      ok: false,
      error: { code: 'REFUND_IN_PROGRESS' },
    });
    expect(afterSale(id)).toMatchObject({ status: 'refunding', refund: { refundId: expect.stringMatching(/^\d+$/) } });
    await refused('INVALID_TRANSITION', 'refuseAfterSale', { afterSaleId: id, reason: '改主意了' });
    f.emu.emulator.faults.clear();
    await f.emu.advanceClock(3 * 60_000); // The next re-delivery.
    expect(afterSale(id).status).toBe('refunded');
  });

  it('listAfterSales: by status and order, newest first, in pages', async () => {
    seedOrder(f.emu, { _id: 'o-1', buyerId: BUYER, status: 'shipped' });
    seedOrder(f.emu, { _id: 'o-2', buyerId: BUYER, status: 'shipped' });
    const a = await request({ lines: [{ lineIndex: 0, quantity: 0, amountFen: 100 }] });
    await f.emu.advanceClock(1000);
    const b = await request({ orderId: 'o-2', lines: [{ lineIndex: 0, quantity: 0, amountFen: 100 }] });
    await f.emu.advanceClock(1000);
    const c = await request({ idempotencyKey: 'key-00003', lines: [{ lineIndex: 0, quantity: 0, amountFen: 100 }] });
    await admin('refuseAfterSale', { afterSaleId: c, reason: '重复申请' });
    const page = await admin('listAfterSales', { status: 'requested', limit: 1 });
    expect(ADMIN_CONTRACTS.listAfterSales.output.parse(page.ok && page.data)).toMatchObject({
      items: [{ id: b, buyerId: BUYER, status: 'requested' }],
      nextOffset: 1,
    });
    expect(await admin('listAfterSales', { status: 'requested', limit: 1, offset: 1 })).toMatchObject({
      ok: true,
      data: { items: [{ id: a }], nextOffset: null },
    });
    expect(await admin('listAfterSales', { orderId: 'o-1' })).toMatchObject({
      ok: true,
      data: { items: [{ id: c, status: 'refused' }, { id: a }], nextOffset: null },
    });
    await refused('INVALID_INPUT', 'listAfterSales', { status: 'lost' });
  });

  describe('onRefundCallback', () => {
    /** An approved refund whose first notification was refused, so the test decides what arrives when. */
    const pendingCallback = async (): Promise<{ id: string; event: Json }> => {
      await paidOrder(f, 'o-1');
      const id = await request({ kind: 'returnAndRefund', lines: [{ lineIndex: 0, quantity: 2, amountFen: 5400 }] });
      await admin('approveAfterSale', { afterSaleId: id, goodsReceived: true });
      f.emu.injectFault({ function: 'onRefundCallback', kind: 'fail' });
      await f.emu.advanceClock(5_000);
      const refund = (await payment('o-1')).refunds[0];
      expect(refund.callback.attempts).toEqual([expect.objectContaining({ ok: false })]);
      expect(afterSale(id).status).toBe('refunding');
      return { id, event: refund.callback.event };
    };
    const oneEffect = (id: string) => {
      expect(order('o-1').lines[0]).toMatchObject({ refundedFen: 5400, refundedQuantity: 2 });
      expect(order('o-1').refunds).toHaveLength(1);
      expect(stock('sku-a')).toMatchObject({ stock: 12, returnedBy: [id] });
      expect(afterSale(id)).toMatchObject({
        status: 'refunded',
        applied: { lines: [{ refundedFenAfter: 5400, lastOfLine: false }] },
      });
    };

    it('15 concurrent repeats, then the platform’s re-delivery: one effect, every answer errcode 0', async () => {
      const { id, event } = await pendingCallback();
      const answers = await Promise.all(Array.from({ length: 15 }, () => callback(event)));
      expect(answers.map((a) => (a.result as Json).errcode)).toEqual(Array(15).fill(0));
      oneEffect(id);
      await f.emu.advanceClock(15_000);
      expect((await payment('o-1')).refunds[0].callback).toMatchObject({ state: 'ACKNOWLEDGED' });
      oneEffect(id);
    });

    it('a crash between the steps is finished by the next delivery', async () => {
      const { id, event } = await pendingCallback();
      // The order's update is done but its answer lost: the call fails after step 1.
      f.emu.injectFault({ action: 'database.modifyDocument', function: 'onRefundCallback', kind: 'loseResponse' });
      expect((await callback(event)).result).toMatchObject({ errcode: 500 });
      expect(order('o-1').refunds).toHaveLength(1);
      expect(afterSale(id).status).toBe('refunding');
      // Dies right after giving stock back (step 2), before step 3.
      f.emu.injectFault({ action: 'database.modifyDocument', function: 'onRefundCallback', kind: 'killInstance' });
      expect((await callback(event)).error).toBeDefined();
      expect(afterSale(id).status).toBe('refunding');
      expect(stock('sku-a').stock).toBe(12);
      expect((await callback(event)).result).toMatchObject({ errcode: 0 });
      oneEffect(id);
    });

    it('trusts only the platform, and only what queryRefund confirms', async () => {
      const { id, event } = await pendingCallback();
      // A request in refunding whose refund was never submitted: only a forged event could name it.
      const forgedId = idOf('o-1', 'forged-key');
      f.emu.emulator.put('afterSales', forgedId, {
        ...(afterSale(id) as unknown as Record<string, unknown>),
        _id: forgedId,
        amountFen: 100,
        refund: { ...afterSale(id).refund, outRefundNo: `a${forgedId}` },
      });
      const before = dump(f);
      // A mini-program user calling the function directly, with the real event.
      expect((await callback(event, { openid: BUYER })).result).toMatchObject({
        errcode: 403,
        errmsg: expect.stringContaining('FORBIDDEN'),
      });
      expect((await callback({ ...event, outRefundNo: `a${forgedId}` })).result).toMatchObject({
        errcode: 409,
        errmsg: expect.stringContaining('has no refund'),
      });
      expect((await callback({ ...event, outRefundNo: `a${idOf('o-1', 'no-such-request')}` })).result).toMatchObject({
        errcode: 404,
      });
      expect((await callback({ ...event, outRefundNo: 'R0001' })).result).toMatchObject({ errcode: 404 });
      expect((await callback({ returnCode: 'SUCCESS' })).result).toMatchObject({ errcode: 400 });
      expect(dump(f)).toEqual(before);
      expect(afterSale(id).status).toBe('refunding');
    });

    it('records the completed refund of a stray payment once', async () => {
      const transactionId = await payInSandbox(f, 'o-stray', 5000);
      const now = new Date(f.emu.emulator.options.clock.now());
      const strayPayment = {
        reason: 'ORDER_CLOSED',
        decision: 'refund',
        transactionId,
        paidFen: 5000,
        paidAt: now,
        decidedAt: now,
        closeReason: 'UNPAID_TIMEOUT',
        refundNo: 'o-stray-stray',
        refundId: null,
        refundRequestedAt: null,
        refundedAt: null,
        revivedAt: null,
      };
      seedOrder(f.emu, { _id: 'o-stray', buyerId: BUYER, status: 'closed', strayPayment } as Partial<OrderDocument> & {
        _id: string;
        buyerId: string;
      });
      const cloudPay = (f.cloud as unknown as { cloudPay: Record<string, (p: Json) => Promise<Json>> }).cloudPay;
      const accepted = await cloudPay.refund!({
        functionName: 'onRefundCallback',
        envId: f.emu.envName,
        subMchId: SUB_MCH_ID,
        nonceStr: 'n'.repeat(16),
        outTradeNo: 'o-stray',
        outRefundNo: 'o-stray-stray',
        totalFee: 5000,
        refundFee: 5000,
      });
      expect(accepted.resultCode).toBe('SUCCESS');
      await f.emu.advanceClock(10_000);
      const refundedAt = order('o-stray').strayPayment?.refundedAt;
      expect(refundedAt).toEqual(expect.any(Date));
      expect(order('o-stray').lines[0]).toMatchObject({ refundedFen: 0, refundedQuantity: 0 });
      expect((await payment('o-stray')).refunds[0].callback).toMatchObject({ state: 'ACKNOWLEDGED' });
      await f.emu.advanceClock(10_000);
      expect((await callback({ outRefundNo: 'o-stray-stray' })).result).toMatchObject({ errcode: 0 });
      expect(order('o-stray').strayPayment?.refundedAt).toEqual(refundedAt);
    });
  });

  it('openAfterSaleLines: the lines of open requests, per order, in one read', async () => {
    seedOrder(f.emu, { _id: 'o-1', buyerId: BUYER, status: 'shipped' }, [
      { skuId: 'sku-a' },
      { skuId: 'sku-b' },
      { skuId: 'sku-a', quantity: 2 },
    ]);
    seedOrder(f.emu, { _id: 'o-2', buyerId: BUYER, status: 'completed' });
    seedOrder(f.emu, { _id: 'o-3', buyerId: BUYER, status: 'completed' });
    await request({
      lines: [
        { lineIndex: 0, quantity: 0, amountFen: 100 },
        { lineIndex: 2, quantity: 1, amountFen: 100 },
      ],
    });
    await request({ idempotencyKey: 'key-00002', lines: [{ lineIndex: 1, quantity: 0, amountFen: 100 }] });
    const cancelled = await request({ orderId: 'o-2', lines: [{ lineIndex: 0, quantity: 0, amountFen: 100 }] });
    await shopper('cancel', { afterSaleId: cancelled });
    const { openAfterSaleLines } = await import('../../cloudfunctions/_lib/afterSaleHolds');
    const holds = await openAfterSaleLines(['o-1', 'o-2', 'o-3', 'o-1']);
    expect(holds).toEqual(new Map([['o-1', new Set([0, 1, 2])]]));
    expect(await openAfterSaleLines([])).toEqual(new Map());
  });
});

describe('after-sales refunds without WeChat Pay configured', () => {
  const f = useEmulator({ runScheduler: false });

  it('approveAfterSale answers PAYMENT_UNAVAILABLE before any write', async () => {
    f.emu.insert('admins', [{ _id: ADMIN, addedBy: 'setup', addedAt: new Date(), note: '' }]);
    seedOrder(f.emu, { _id: 'o-1', buyerId: BUYER, status: 'shipped' });
    const made = await f.emu.call(
      'afterSale',
      {
        $url: 'request',
        orderId: 'o-1',
        kind: 'refundOnly',
        reason: '不想要了',
        idempotencyKey: 'key-00001',
        lines: [{ lineIndex: 0, quantity: 0, amountFen: 1000 }],
      },
      { openid: BUYER },
    );
    const id = (made.result as Json).data.afterSale.id as string;
    const before = dump(f);
    expect(
      (await f.emu.call('admin', { $url: 'approveAfterSale', afterSaleId: id }, { openid: ADMIN })).result,
    ).toMatchObject({ ok: false, error: { code: 'PAYMENT_UNAVAILABLE' } });
    expect(dump(f)).toEqual(before);
  });
});
