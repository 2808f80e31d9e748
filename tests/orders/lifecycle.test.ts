/**
 * The order lifecycle timers on the emulator's virtual clock: closeUnpaidOrders (every minute:
 * unpaid orders past their payDeadline close, give their stock back and close their payment)
 * and autoConfirmOrders (hourly: shipped orders past autoConfirmAt complete), with the admin's
 * shipping in between.
 */
import type { AutoConfirmOrdersOutput, CloseUnpaidOrdersOutput } from '@shared/contracts/timers';
import type { SkuDocument } from '@shared/catalog';
import type { OrderDocument } from '@shared/orders';
import type { Result } from '@shared/result';
import { useEmulator } from '../helpers/emulator';
import { seedOrder, seedProduct } from '../helpers/orders';
import { seedRules, seedUsers } from '../helpers/referrals';

const SUB_MCH_ID = '1900000109';
const BUYER = 'oBUYER00000000000000000002';
const ADMIN = 'oADMIN0000000000000000000002';
const START = Date.parse('2026-04-01T01:00:30Z');
const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

type Json = Record<string, any>;

describe('order lifecycle timers', () => {
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
    f.emu.insert('admins', [{ _id: ADMIN, addedBy: 'test', addedAt: new Date(now()), note: '' }]);
  });

  const control = async (method: 'GET' | 'POST', path: string): Promise<{ status: number; body: Json }> => {
    const response = await fetch(`${f.emu.url}/_emulator${path}`, {
      method,
      ...(method === 'POST' ? { headers: { 'content-type': 'application/json' }, body: '{}' } : {}),
    });
    return { status: response.status, body: (await response.json()) as Json };
  };
  const orderDoc = (id: string): OrderDocument =>
    f.emu.emulator.store.scan('orders').find((doc) => doc._id === id) as unknown as OrderDocument;
  const sku = (id: string): SkuDocument =>
    f.emu.emulator.store.scan('skus').find((doc) => doc._id === id) as unknown as SkuDocument;
  const everything = (): string =>
    JSON.stringify(['orders', 'skus', 'users', 'system'].map((name) => f.emu.emulator.store.scan(name)));

  /** Moves the clock without running what falls due on the way (timers then count from the new time). */
  function jump(ms: number): void {
    f.emu.emulator.options.clock.advance(ms);
    f.emu.emulator.scheduler.clear();
  }

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

  /** An unpaid order whose SKUs (seeded here) hold its stock, as placeOrder leaves them. */
  function unpaidOrder(
    id: string,
    lines: Array<{ skuId: string; quantity: number; stockLeft: number; reserved?: boolean }>,
    order: Partial<OrderDocument> = {},
  ): OrderDocument {
    seedProduct(
      f.emu,
      { _id: `p-${id}` },
      lines.map((line) => ({
        _id: line.skuId,
        priceFen: 10_000,
        stock: line.stockLeft,
        reservedBy: line.reserved === false ? [] : [id],
      })),
    );
    return seedOrder(
      f.emu,
      { _id: id, buyerId: BUYER, ...order },
      lines.map(({ skuId, quantity }) => ({ skuId, quantity })),
    );
  }

  const runCloser = async (data: object = {}): Promise<CloseUnpaidOrdersOutput> => {
    const { result, error } = await f.emu.runTimer('closeUnpaidOrders', data);
    expect(error).toBeUndefined();
    const outcome = result as Result<CloseUnpaidOrdersOutput>;
    if (!outcome.ok) throw new Error(outcome.error.message);
    return outcome.data;
  };

  describe('closeUnpaidOrders', () => {
    it('fires every minute and closes an order once its payDeadline passed: stock back, payment closed for good', async () => {
      const order = unpaidOrder('oTIMEOUT', [
        { skuId: 'sku-t1', quantity: 2, stockLeft: 3 },
        { skuId: 'sku-t2', quantity: 1, stockLeft: 0 },
      ]);
      await openPayment(order);
      const timers = await control('GET', '/timers');
      expect(timers.body.timers).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ function: 'closeUnpaidOrders', trigger: 'everyMinute', cron: '0 * * * * * *' }),
          expect.objectContaining({ function: 'autoConfirmOrders', trigger: 'hourly', cron: '0 0 * * * * *' }),
        ]),
      );

      // The deadline is 30 minutes after creation (01:30:30 UTC); every run until then leaves the order alone.
      await f.emu.advanceClock(29.5 * MINUTE_MS);
      expect(orderDoc(order._id).status).toBe('pending_payment');
      // The first run after the deadline (01:31:00) closes it.
      await f.emu.advanceClock(MINUTE_MS);
      const closed = orderDoc(order._id);
      expect(closed).toMatchObject({ status: 'closed', closeReason: 'UNPAID_TIMEOUT', reservation: 'released' });
      expect(closed.closedAt!.getTime()).toBeGreaterThanOrEqual(order.payDeadline.getTime());
      expect(closed.closedAt!.getTime()).toBeLessThan(order.payDeadline.getTime() + MINUTE_MS);
      expect([sku('sku-t1').stock, sku('sku-t2').stock]).toEqual([5, 1]);
      expect(sku('sku-t1').returnedBy).toEqual([order._id]);
      expect((await control('GET', `/payments/${order._id}`)).body.state).toBe('CLOSED');
      // A late payment cannot happen any more.
      expect((await control('POST', `/payments/${order._id}/pay`)).status).toBe(409);

      // Later runs change nothing.
      const after = everything();
      await f.emu.advanceClock(3 * MINUTE_MS);
      expect(everything()).toBe(after);
      const firings = (await control('GET', '/timers')).body.firings.filter(
        (firing: Json) => firing.function === 'closeUnpaidOrders',
      );
      expect(firings).toHaveLength(34);
      expect(firings.every((firing: Json) => firing.ok)).toBe(true);
    });

    it('gives back only what a `reserving` order holds, and closes orders whose payment was never opened', async () => {
      const stuck = unpaidOrder(
        'oSTUCK',
        [
          { skuId: 'sku-s1', quantity: 1, stockLeft: 4 },
          { skuId: 'sku-s2', quantity: 3, stockLeft: 2, reserved: false },
        ],
        { reservation: 'reserving' },
      );
      jump(31 * MINUTE_MS);
      const report = await runCloser();
      expect(report).toEqual({ scanned: 1, closed: 1, paid: 0, skipped: 0, failed: 0, repaired: 0, done: true });
      expect(orderDoc(stuck._id)).toMatchObject({
        status: 'closed',
        closeReason: 'UNPAID_TIMEOUT',
        reservation: 'released',
      });
      // Line 1 was reserved and comes back; line 2 never was, so nothing is added to it.
      expect([sku('sku-s1').stock, sku('sku-s2').stock]).toEqual([5, 2]);
      expect(sku('sku-s2').returnedBy).toEqual([]);
    });

    it('applies a payment whose notification never got through instead of closing the order', async () => {
      const order = unpaidOrder('oLOSTNOTE', [{ skuId: 'sku-n', quantity: 1, stockLeft: 0 }]);
      await openPayment(order);
      // Every delivery of the notification fails.
      f.emu.injectFault({ function: 'onPayCallback', kind: 'fail', times: 0 });
      const paid = (await control('POST', `/payments/${order._id}/pay`)).body;
      expect(orderDoc(order._id).status).toBe('pending_payment');
      jump(31 * MINUTE_MS);
      expect(await runCloser()).toEqual({
        scanned: 1,
        closed: 0,
        paid: 1,
        skipped: 0,
        failed: 0,
        repaired: 0,
        done: true,
      });
      expect(orderDoc(order._id)).toMatchObject({
        status: 'paid',
        reservation: 'reserved',
        closedAt: null,
        payment: { transactionId: paid.transactionId, paidFen: 10_000 },
        settlement: { state: 'pending' },
      });
      expect(sku('sku-n').stock).toBe(0);
    });

    it('closes an order whose only payment had the wrong amount and was refunded', async () => {
      const order = unpaidOrder('oMISMATCH', [{ skuId: 'sku-m', quantity: 1, stockLeft: 0 }]);
      await openPayment(order, 100);
      await control('POST', `/payments/${order._id}/pay`);
      expect(orderDoc(order._id)).toMatchObject({
        status: 'pending_payment',
        strayPayment: { reason: 'AMOUNT_MISMATCH', decision: 'refund' },
      });
      jump(31 * MINUTE_MS);
      expect(await runCloser()).toMatchObject({ scanned: 1, closed: 1, paid: 0, failed: 0 });
      expect(orderDoc(order._id)).toMatchObject({
        status: 'closed',
        closeReason: 'UNPAID_TIMEOUT',
        reservation: 'released',
        strayPayment: { reason: 'AMOUNT_MISMATCH' },
      });
      expect(sku('sku-m').stock).toBe(1);
    });

    it('pages through many overdue orders and stops at its time budget; the next run continues', async () => {
      for (let n = 0; n < 7; n += 1) unpaidOrder(`oMANY${n}`, [{ skuId: `sku-many${n}`, quantity: 1, stockLeft: 0 }]);
      jump(31 * MINUTE_MS);
      expect(await runCloser({ pageSize: 2, budgetMs: 0 })).toEqual({
        scanned: 0,
        closed: 0,
        paid: 0,
        skipped: 0,
        failed: 0,
        repaired: 0,
        done: false,
      });
      expect(await runCloser({ pageSize: 2 })).toEqual({
        scanned: 7,
        closed: 7,
        paid: 0,
        skipped: 0,
        failed: 0,
        repaired: 0,
        done: true,
      });
      for (let n = 0; n < 7; n += 1) expect(sku(`sku-many${n}`).stock).toBe(1);
      expect(await runCloser({ pageSize: 2 })).toEqual({
        scanned: 0,
        closed: 0,
        paid: 0,
        skipped: 0,
        failed: 0,
        repaired: 0,
        done: true,
      });
    });

    it('a run killed between closing and giving back stock is repaired by the next run, which gives back once', async () => {
      const order = unpaidOrder('oKILLED', [{ skuId: 'sku-k1', quantity: 2, stockLeft: 1 }]);
      jump(31 * MINUTE_MS);
      // The close update commits, then the instance dies before any stock moves.
      f.emu.injectFault({ action: 'database.modifyDocument', function: 'closeUnpaidOrders', kind: 'killInstance' });
      const killed = await f.emu.runTimer('closeUnpaidOrders', {});
      expect(killed.error?.code).toBe('FUNCTIONS_EXECUTE_FAIL');
      expect(orderDoc(order._id)).toMatchObject({ status: 'closed', reservation: 'reserved' });
      expect(sku('sku-k1').stock).toBe(1);

      expect(await runCloser()).toEqual({
        scanned: 0,
        closed: 0,
        paid: 0,
        skipped: 0,
        failed: 0,
        repaired: 1,
        done: true,
      });
      expect(orderDoc(order._id).reservation).toBe('released');
      expect(sku('sku-k1').stock).toBe(3);
      await runCloser();
      expect(sku('sku-k1').stock).toBe(3);
    });

    it('refuses mini-program users and bad input without writing', async () => {
      unpaidOrder('oREFUSE', [{ skuId: 'sku-r', quantity: 1, stockLeft: 0 }]);
      jump(31 * MINUTE_MS);
      const before = everything();
      const fromUser = await f.emu.call('closeUnpaidOrders', {}, { openid: BUYER });
      expect(fromUser.result).toEqual({
        ok: false,
        error: { code: 'FORBIDDEN', message: 'closeUnpaidOrders runs from its timer' },
      });
      // Callers without a user are refused too: a web page, a script through the server SDK.
      for (const source of ['wx_http', 'scf', 'wx_client']) {
        const fromElsewhere = await f.emu.call('closeUnpaidOrders', {}, { source });
        expect(fromElsewhere.result).toEqual({
          ok: false,
          error: { code: 'FORBIDDEN', message: 'closeUnpaidOrders runs from its timer' },
        });
      }
      const bad = await f.emu.runTimer('closeUnpaidOrders', { pageSize: 0 });
      expect(bad.result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
      const autoFromUser = await f.emu.call('autoConfirmOrders', {}, { openid: BUYER });
      expect(autoFromUser.result).toEqual({
        ok: false,
        error: { code: 'FORBIDDEN', message: 'autoConfirmOrders runs from its timer' },
      });
      const autoBad = await f.emu.runTimer('autoConfirmOrders', { budgetMs: -1 });
      expect(autoBad.result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
      expect(everything()).toBe(before);
    });
  });

  describe('shipping and automatic confirmation', () => {
    const admin = async (route: string, input: object): Promise<Result<any>> =>
      (await f.emu.call('admin', { $url: route, ...input }, { openid: ADMIN })).result as Result<any>;

    it('ships with a tracking number; autoConfirmDays later the hourly timer completes it and the return window starts', async () => {
      seedRules(f.emu, { autoConfirmDays: 3, returnWindowDays: 5 });
      seedOrder(f.emu, {
        _id: 'oSHIP',
        buyerId: BUYER,
        status: 'paid',
        payment: { params: null, transactionId: '4200000001', paidFen: 10_000, paidAt: new Date(now()) },
        settlement: { state: 'pending', settledAt: null },
      });
      const shipped = await admin('shipOrder', {
        orderId: 'oSHIP',
        carrier: '顺丰速运',
        trackingNo: 'SF 1234 5678 90',
      });
      expect(shipped).toMatchObject({
        ok: true,
        data: {
          status: 'shipped',
          order: {
            status: 'shipped',
            statusLabel: '待收货',
            shipping: { carrier: '顺丰速运', trackingNo: 'SF1234567890' },
          },
        },
      });
      const doc = orderDoc('oSHIP');
      const shippedAt = doc.shipping!.shippedAt.getTime();
      expect(doc.autoConfirmAt!.getTime()).toBe(shippedAt + 3 * DAY_MS);

      // Ten seconds before autoConfirmAt the order is still shipped (time inside a function runs on
      // from the clock at wall speed, hence the margin); the first hourly run after it completes it.
      jump(doc.autoConfirmAt!.getTime() - now() - 10_000);
      const early = await f.emu.runTimer('autoConfirmOrders', {});
      expect(early.result as Result<AutoConfirmOrdersOutput>).toEqual({
        ok: true,
        data: { scanned: 0, completed: 0, skipped: 0, failed: 0, done: true },
      });
      await f.emu.advanceClock(HOUR_MS);
      const completed = orderDoc('oSHIP');
      expect(completed).toMatchObject({ status: 'completed', completedBy: 'auto', completedAt: doc.autoConfirmAt });
      expect(completed.returnWindowEndsAt!.getTime()).toBe(doc.autoConfirmAt!.getTime() + 5 * DAY_MS);
      const firings = (await control('GET', '/timers')).body.firings.filter(
        (firing: Json) => firing.function === 'autoConfirmOrders',
      );
      expect(firings).toHaveLength(1);

      // Replays change nothing; the timer does not touch completed orders.
      const after = everything();
      expect(
        await admin('shipOrder', { orderId: 'oSHIP', carrier: '顺丰速运', trackingNo: 'SF1234567890' }),
      ).toMatchObject({ ok: true, data: { status: 'unchanged' } });
      expect(await f.emu.runTimer('autoConfirmOrders', {})).toMatchObject({
        result: { ok: true, data: { scanned: 0, completed: 0 } },
      });
      expect(everything()).toBe(after);
    });

    it('the shopper confirming first wins; the timer then has nothing to do', async () => {
      seedOrder(f.emu, {
        _id: 'oRECEIVED',
        buyerId: BUYER,
        status: 'paid',
        payment: { params: null, transactionId: '4200000002', paidFen: 10_000, paidAt: new Date(now()) },
      });
      expect(
        await admin('shipOrder', { orderId: 'oRECEIVED', carrier: '中通快递', trackingNo: '7300000001' }),
      ).toMatchObject({ ok: true, data: { status: 'shipped' } });
      jump(2 * DAY_MS);
      const confirmed = await f.emu.call('order', { $url: 'confirmReceipt', orderId: 'oRECEIVED' }, { openid: BUYER });
      expect(confirmed.result).toMatchObject({
        ok: true,
        data: { status: 'completed', order: { status: 'completed', completedBy: 'shopper' } },
      });
      const doc = orderDoc('oRECEIVED');
      // Default rules: the return window is 7 days from the shopper's confirmation.
      expect(doc.returnWindowEndsAt!.getTime()).toBe(doc.completedAt!.getTime() + 7 * DAY_MS);
      expect(Math.abs(doc.completedAt!.getTime() - now())).toBeLessThan(5_000);
      jump(10 * DAY_MS);
      const report = await f.emu.runTimer('autoConfirmOrders', {});
      expect(report.result).toEqual({
        ok: true,
        data: { scanned: 0, completed: 0, skipped: 0, failed: 0, done: true },
      });
      expect(orderDoc('oRECEIVED').completedBy).toBe('shopper');
    });

    it('completes many due orders in pages and stops at its time budget; the next run continues', async () => {
      for (let n = 0; n < 5; n += 1) {
        seedOrder(f.emu, {
          _id: `oDUE${n}`,
          buyerId: BUYER,
          status: 'shipped',
          shipping: { carrier: 'EMS', trackingNo: `E${n}000`, shippedAt: new Date(now() - 11 * DAY_MS) },
          autoConfirmAt: new Date(now() - (n + 1) * HOUR_MS),
        });
      }
      expect((await f.emu.runTimer('autoConfirmOrders', { pageSize: 2, budgetMs: 0 })).result).toEqual({
        ok: true,
        data: { scanned: 0, completed: 0, skipped: 0, failed: 0, done: false },
      });
      expect((await f.emu.runTimer('autoConfirmOrders', { pageSize: 2 })).result).toEqual({
        ok: true,
        data: { scanned: 5, completed: 5, skipped: 0, failed: 0, done: true },
      });
      for (let n = 0; n < 5; n += 1) {
        expect(orderDoc(`oDUE${n}`)).toMatchObject({
          status: 'completed',
          completedBy: 'auto',
          completedAt: new Date(START - (n + 1) * HOUR_MS),
        });
      }
    });
  });
});
