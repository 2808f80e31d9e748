/**
 * Order lists and details: the shopper's `order` function (list by state, counts, detail,
 * cancel, confirmReceipt; only their own orders) and the admin's order routes (list with
 * filters and order-number search, detail, shipping), with every refusal code.
 */
import { ADMIN_CONTRACTS } from '@shared/contracts/admin';
import { CountOrdersOutput, ListOrdersOutput, OrderView } from '@shared/contracts/order';
import type { SkuDocument } from '@shared/catalog';
import type { OrderDocument } from '@shared/orders';
import type { Result } from '@shared/result';
import { useEmulator } from '../helpers/emulator';
import { seedOrder, seedProduct } from '../helpers/orders';
import { seedRules, seedUsers } from '../helpers/referrals';

const SUB_MCH_ID = '1900000109';
const ALICE = 'oALICE000000000000000000001';
const BOB = 'oBOB00000000000000000000001';
const ADMIN = 'oADMIN0000000000000000000003';
const START = Date.parse('2026-05-10T04:00:00Z');
const MINUTE_MS = 60_000;

type Json = Record<string, any>;

describe('order lists, details and shopper actions', () => {
  const f = useEmulator({
    functionEnv: { WXPAY_SUB_MCH_ID: SUB_MCH_ID },
    runScheduler: false,
    clock: { now: () => START },
  });
  const now = (): number => f.emu.emulator.options.clock.now();

  beforeEach(() => {
    f.emu.reset();
    f.emu.emulator.faults.clear();
    seedRules(f.emu);
    seedUsers(f.emu, [
      { id: ALICE, nickname: '爱丽丝' },
      { id: BOB, nickname: 'Bob' },
    ]);
    f.emu.insert('admins', [{ _id: ADMIN, addedBy: 'test', addedAt: new Date(now()), note: '' }]);
  });

  const orderApi = async (route: string, input: object = {}, openid: string | null = ALICE): Promise<Result<any>> => {
    const response = await f.emu.call('order', { $url: route, ...input }, openid === null ? {} : { openid });
    if (response.error) throw new Error(`order ${route} failed: ${response.error.message}`);
    return response.result as Result<any>;
  };
  const adminApi = async (route: string, input: object = {}, openid: string = ADMIN): Promise<Result<any>> => {
    const response = await f.emu.call('admin', { $url: route, ...input }, { openid });
    if (response.error) throw new Error(`admin ${route} failed: ${response.error.message}`);
    return response.result as Result<any>;
  };
  const orderDoc = (id: string): OrderDocument =>
    f.emu.emulator.store.scan('orders').find((doc) => doc._id === id) as unknown as OrderDocument;
  const sku = (id: string): SkuDocument =>
    f.emu.emulator.store.scan('skus').find((doc) => doc._id === id) as unknown as SkuDocument;
  const everything = (): string =>
    JSON.stringify(['orders', 'skus', 'users', 'admins'].map((name) => f.emu.emulator.store.scan(name)));
  const control = async (method: 'GET' | 'POST', path: string): Promise<{ status: number; body: Json }> => {
    const response = await fetch(`${f.emu.url}/_emulator${path}`, {
      method,
      ...(method === 'POST' ? { headers: { 'content-type': 'application/json' }, body: '{}' } : {}),
    });
    return { status: response.status, body: (await response.json()) as Json };
  };
  async function openPayment(order: OrderDocument): Promise<void> {
    const reply = await (f.cloud as any).cloudPay.unifiedOrder({
      functionName: 'onPayCallback',
      envId: f.emu.envName,
      subMchId: SUB_MCH_ID,
      nonceStr: 'x'.repeat(16),
      body: 'test',
      outTradeNo: order._id,
      totalFee: order.payableFen,
      spbillCreateIp: '127.0.0.1',
      tradeType: 'JSAPI',
      subOpenid: order.buyerId,
    });
    expect(reply).toMatchObject({ returnCode: 'SUCCESS', resultCode: 'SUCCESS' });
  }

  /** Orders of both shoppers in every state, created a minute apart (newest last). */
  function seedMany(): void {
    const states: Array<[string, string, OrderDocument['status']]> = [
      ['oA1', ALICE, 'pending_payment'],
      ['oA2', ALICE, 'paid'],
      ['oB1', BOB, 'paid'],
      ['oA3', ALICE, 'shipped'],
      ['oA4', ALICE, 'completed'],
      ['oA5', ALICE, 'closed'],
      ['oA6', ALICE, 'paid'],
      ['oB2', BOB, 'pending_payment'],
    ];
    states.forEach(([id, buyerId, status], index) => {
      const createdAt = new Date(START - (states.length - index) * MINUTE_MS);
      seedOrder(f.emu, {
        _id: id,
        buyerId,
        status,
        createdAt,
        payDeadline: new Date(createdAt.getTime() + 30 * MINUTE_MS),
        closeReason: status === 'closed' ? 'UNPAID_TIMEOUT' : null,
        payment: {
          params:
            status === 'pending_payment'
              ? {
                  appId: 'wxapp',
                  timeStamp: '1',
                  nonceStr: 'n',
                  package: 'prepay_id=wx1',
                  signType: 'MD5',
                  paySign: 'S',
                }
              : null,
          transactionId: null,
          paidFen: null,
          paidAt: null,
        },
      });
    });
  }

  describe('shopper', () => {
    it("lists only the caller's orders, newest first, by state, in pages; counts per state", async () => {
      seedMany();
      const all = await orderApi('list', { limit: 4 });
      const page1 = ListOrdersOutput.parse(all.ok && all.data);
      expect(page1.items.map((order) => order.id)).toEqual(['oA6', 'oA5', 'oA4', 'oA3']);
      expect(page1.nextOffset).toBe(4);
      const rest = await orderApi('list', { limit: 4, offset: 4 });
      expect(rest.ok && rest.data.items.map((order: OrderView) => order.id)).toEqual(['oA2', 'oA1']);
      expect(rest.ok && rest.data.nextOffset).toBeNull();

      const paid = await orderApi('list', { status: 'paid' });
      expect(paid.ok && paid.data.items.map((order: OrderView) => [order.id, order.statusLabel])).toEqual([
        ['oA6', '待发货'],
        ['oA2', '待发货'],
      ]);
      const bobs = await orderApi('list', {}, BOB);
      expect(bobs.ok && bobs.data.items.map((order: OrderView) => order.id)).toEqual(['oB2', 'oB1']);

      const counts = await orderApi('counts');
      expect(CountOrdersOutput.parse(counts.ok && counts.data)).toEqual({
        counts: { pending_payment: 1, paid: 2, shipped: 1, completed: 1, closed: 1 },
      });
      expect(await orderApi('counts', {}, 'oNOBODY')).toEqual({
        ok: true,
        data: { counts: { pending_payment: 0, paid: 0, shipped: 0, completed: 0, closed: 0 } },
      });
    });

    it("detail shows the caller's order (with pay parameters while unpaid) and hides everyone else's", async () => {
      seedMany();
      const detail = await orderApi('detail', { orderId: 'oA1' });
      const view = OrderView.parse(detail.ok && detail.data);
      expect(view).toMatchObject({
        id: 'oA1',
        status: 'pending_payment',
        statusLabel: '待付款',
        itemCount: 1,
        goodsFen: 10_000,
        payableFen: 10_000,
        payParams: { timeStamp: '1', nonceStr: 'n', package: 'prepay_id=wx1', signType: 'MD5', paySign: 'S' },
        payDeadline: new Date(START - 8 * MINUTE_MS + 30 * MINUTE_MS).toISOString(),
        address: { name: '张三', city: '杭州市' },
        strayRefund: null,
      });
      // The shopper's view carries no attribution, chain or buyer.
      expect(Object.keys(view.lines[0]!)).not.toContain('attribution');
      expect(Object.keys(detail.ok && detail.data)).not.toEqual(expect.arrayContaining(['chain', 'buyerId']));
      const shipped = await orderApi('detail', { orderId: 'oA3' });
      expect(shipped.ok && shipped.data.payParams).toBeNull();

      expect(await orderApi('detail', { orderId: 'oB1' })).toEqual({
        ok: false,
        error: { code: 'ORDER_NOT_FOUND', message: '订单 oB1 不存在 (no such order)' },
      });
      expect(await orderApi('detail', { orderId: 'oNONE' })).toMatchObject({
        ok: false,
        error: { code: 'ORDER_NOT_FOUND' },
      });
    });

    it('cancel closes an unpaid order, gives its stock back and closes its payment; replays answer unchanged', async () => {
      seedProduct(f.emu, { _id: 'p-cancel' }, [{ _id: 'sku-c', priceFen: 10_000, stock: 1, reservedBy: ['oCANCEL'] }]);
      const order = seedOrder(f.emu, { _id: 'oCANCEL', buyerId: ALICE }, [{ skuId: 'sku-c', quantity: 2 }]);
      await openPayment(order);
      const cancelled = await orderApi('cancel', { orderId: 'oCANCEL' });
      expect(cancelled).toMatchObject({
        ok: true,
        data: {
          status: 'cancelled',
          order: { status: 'closed', statusLabel: '已关闭', closeReason: 'CANCELLED', payParams: null },
        },
      });
      expect(orderDoc('oCANCEL')).toMatchObject({
        status: 'closed',
        reservation: 'released',
        closeReason: 'CANCELLED',
      });
      expect(sku('sku-c').stock).toBe(3);
      expect((await control('GET', '/payments/oCANCEL')).body.state).toBe('CLOSED');

      const before = everything();
      expect(await orderApi('cancel', { orderId: 'oCANCEL' })).toMatchObject({
        ok: true,
        data: { status: 'unchanged', order: { status: 'closed' } },
      });
      expect(everything()).toBe(before);
    });

    it("cancel refuses others' orders, orders past payment and orders the shopper has just paid, writing nothing", async () => {
      seedMany();
      const before = everything();
      expect(await orderApi('cancel', { orderId: 'oB2' })).toMatchObject({
        ok: false,
        error: { code: 'ORDER_NOT_FOUND' },
      });
      expect(await orderApi('cancel', { orderId: 'oA2' })).toMatchObject({
        ok: false,
        error: { code: 'INVALID_TRANSITION' },
      });
      expect(await orderApi('cancel', { orderId: 'oA5' })).toMatchObject({
        ok: false,
        error: { code: 'INVALID_TRANSITION' },
      });
      expect(everything()).toBe(before);

      // Paid on the platform, the notification not yet handled: the order cannot be cancelled.
      seedProduct(f.emu, { _id: 'p-paying' }, [{ _id: 'sku-p', priceFen: 10_000, stock: 0, reservedBy: ['oPAYING'] }]);
      const paying = seedOrder(f.emu, { _id: 'oPAYING', buyerId: ALICE }, [{ skuId: 'sku-p', quantity: 1 }]);
      await openPayment(paying);
      f.emu.injectFault({ function: 'onPayCallback', kind: 'fail' });
      await control('POST', '/payments/oPAYING/pay');
      const beforePaying = everything();
      expect(await orderApi('cancel', { orderId: 'oPAYING' })).toEqual({
        ok: false,
        error: {
          code: 'PAYMENT_IN_PROGRESS',
          message: '订单已支付或正在支付，无法取消 (the order has been paid or is being paid)',
        },
      });
      expect(everything()).toBe(beforePaying);
    });

    it("confirmReceipt completes a shipped order once; other states and others' orders are refused", async () => {
      seedMany();
      const before = everything();
      expect(await orderApi('confirmReceipt', { orderId: 'oA2' })).toMatchObject({
        ok: false,
        error: { code: 'INVALID_TRANSITION' },
      });
      expect(await orderApi('confirmReceipt', { orderId: 'oA3' }, BOB)).toMatchObject({
        ok: false,
        error: { code: 'ORDER_NOT_FOUND' },
      });
      expect(everything()).toBe(before);

      const done = await orderApi('confirmReceipt', { orderId: 'oA3' });
      expect(done).toMatchObject({
        ok: true,
        data: { status: 'completed', order: { status: 'completed', statusLabel: '已完成', completedBy: 'shopper' } },
      });
      const completedAt = orderDoc('oA3').completedAt!;
      expect(Math.abs(completedAt.getTime() - now())).toBeLessThan(5_000);
      expect(await orderApi('confirmReceipt', { orderId: 'oA3' })).toMatchObject({
        ok: true,
        data: { status: 'unchanged' },
      });
      expect(orderDoc('oA3').completedAt).toEqual(completedAt);
    });

    it('refuses bad input, unknown routes and calls without a user, writing nothing', async () => {
      seedMany();
      const before = everything();
      const invalid: Array<[string, object]> = [
        ['list', { status: 'lost' }],
        ['list', { limit: 51 }],
        ['list', { buyerId: BOB }],
        ['counts', { status: 'paid' }],
        ['detail', {}],
        ['detail', { orderId: 'o/1' }],
        ['cancel', { orderId: '' }],
        ['confirmReceipt', { orderId: 'x'.repeat(33) }],
      ];
      for (const [route, input] of invalid)
        expect(await orderApi(route, input)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
      expect(await orderApi('delete', { orderId: 'oA1' })).toMatchObject({
        ok: false,
        error: { code: 'UNKNOWN_ROUTE' },
      });
      expect(await orderApi('list', {}, null)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
      expect(await orderApi('cancel', { orderId: 'oA1' }, null)).toMatchObject({
        ok: false,
        error: { code: 'UNAUTHENTICATED' },
      });
      expect(everything()).toBe(before);
    });
  });

  describe('admin', () => {
    it('lists every order with filters: status, buyer, date range, order-number prefix; pages; nicknames', async () => {
      seedMany();
      const all = await adminApi('listOrders', {});
      const page = ADMIN_CONTRACTS.listOrders.output.parse(all.ok && all.data);
      expect(page.items.map((order) => order.id)).toEqual(['oB2', 'oA6', 'oA5', 'oA4', 'oA3', 'oB1', 'oA2', 'oA1']);
      expect(page.items[0]).toMatchObject({
        buyerId: BOB,
        buyerNickname: 'Bob',
        reservation: 'reserved',
        settlement: { state: 'none', settledAt: null },
        chain: [],
      });
      expect(page.items[0]!.lines[0]).toMatchObject({
        commission: { mode: 'default' },
        attribution: { baseFen: 10_000, levels: [] },
      });

      const ids = async (input: object): Promise<string[]> => {
        const result = await adminApi('listOrders', input);
        return result.ok ? result.data.items.map((order: OrderView) => order.id) : [result.error.code];
      };
      expect(await ids({ status: 'pending_payment' })).toEqual(['oB2', 'oA1']);
      expect(await ids({ buyerId: BOB })).toEqual(['oB2', 'oB1']);
      expect(await ids({ buyerId: ALICE, status: 'paid' })).toEqual(['oA6', 'oA2']);
      // Created in [START-6min, START-3min): oB1 (-6), oA3 (-5), oA4 (-4).
      expect(
        await ids({
          createdFrom: new Date(START - 6 * MINUTE_MS).toISOString(),
          createdTo: new Date(START - 3 * MINUTE_MS).toISOString(),
        }),
      ).toEqual(['oA4', 'oA3', 'oB1']);
      expect(await ids({ createdFrom: '2026-05-10T11:57:00+08:00' })).toEqual(['oB2', 'oA6', 'oA5']);
      expect(await ids({ search: 'oA5' })).toEqual(['oA5']);
      expect(await ids({ search: 'oB' })).toEqual(['oB2', 'oB1']);
      expect(await ids({ search: 'o B' })).toEqual(['INVALID_INPUT']);
      seedOrder(f.emu, { _id: 'oB2extra', buyerId: BOB, createdAt: new Date(START - 20 * MINUTE_MS) });
      expect(await ids({ search: 'oB2e' })).toEqual(['oB2extra']);
      expect(await ids({ search: 'oB2e', status: 'paid' })).toEqual([]);
      const second = await adminApi('listOrders', { limit: 3, offset: 3 });
      expect(second.ok && [second.data.items.map((order: OrderView) => order.id), second.data.nextOffset]).toEqual([
        ['oA4', 'oA3', 'oB1'],
        6,
      ]);
    });

    it('orderDetail shows the whole order; ships only paid orders; replays and conflicts', async () => {
      seedMany();
      const detail = await adminApi('orderDetail', { orderId: 'oB1' });
      expect(ADMIN_CONTRACTS.orderDetail.output.parse(detail.ok && detail.data)).toMatchObject({
        id: 'oB1',
        buyerId: BOB,
        buyerNickname: 'Bob',
        status: 'paid',
        strayPayment: null,
      });
      expect(await adminApi('orderDetail', { orderId: 'oNONE' })).toMatchObject({
        ok: false,
        error: { code: 'ORDER_NOT_FOUND' },
      });

      const before = everything();
      expect(await adminApi('shipOrder', { orderId: 'oA1', carrier: 'EMS', trackingNo: 'E0001' })).toMatchObject({
        ok: false,
        error: { code: 'INVALID_TRANSITION' },
      });
      expect(await adminApi('shipOrder', { orderId: 'oA5', carrier: 'EMS', trackingNo: 'E0001' })).toMatchObject({
        ok: false,
        error: { code: 'INVALID_TRANSITION' },
      });
      expect(await adminApi('shipOrder', { orderId: 'oNONE', carrier: 'EMS', trackingNo: 'E0001' })).toMatchObject({
        ok: false,
        error: { code: 'ORDER_NOT_FOUND' },
      });
      expect(everything()).toBe(before);

      const shipped = await adminApi('shipOrder', { orderId: 'oB1', carrier: 'EMS', trackingNo: 'E0001' });
      const data = ADMIN_CONTRACTS.shipOrder.output.parse(shipped.ok && shipped.data);
      expect(data).toMatchObject({
        status: 'shipped',
        order: { status: 'shipped', shipping: { carrier: 'EMS', trackingNo: 'E0001' } },
      });
      expect(Date.parse(data.order.autoConfirmAt!) - Date.parse(data.order.shipping!.shippedAt)).toBe(
        10 * 24 * 60 * MINUTE_MS,
      );
      const afterShip = everything();
      expect(await adminApi('shipOrder', { orderId: 'oB1', carrier: 'EMS', trackingNo: 'E0001' })).toMatchObject({
        ok: true,
        data: { status: 'unchanged' },
      });
      expect(await adminApi('shipOrder', { orderId: 'oB1', carrier: 'EMS', trackingNo: 'E0002' })).toMatchObject({
        ok: false,
        error: { code: 'INVALID_TRANSITION' },
      });
      expect(everything()).toBe(afterShip);

      // Two admins shipping at once: one ships, the other's identical request is a replay.
      const racing = await Promise.all(
        [1, 2].map(() => adminApi('shipOrder', { orderId: 'oA6', carrier: '圆通速递', trackingNo: 'YT0001' })),
      );
      expect(racing.map((result) => result.ok && result.data.status).sort()).toEqual(['shipped', 'unchanged']);
    });

    it('non-admins are refused and bad input is INVALID_INPUT, writing nothing', async () => {
      seedMany();
      const before = everything();
      for (const [route, input] of [
        ['shipOrder', { orderId: 'oA2', carrier: 'EMS', trackingNo: 'E0001' }],
        ['listOrders', {}],
        ['orderDetail', { orderId: 'oA2' }],
      ] as const) {
        expect(await adminApi(route, input, ALICE)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      }
      const invalid: Array<[string, object]> = [
        ['shipOrder', { orderId: 'oA2', carrier: '', trackingNo: 'E0001' }],
        ['shipOrder', { orderId: 'oA2', carrier: 'EMS', trackingNo: 'E1' }],
        ['shipOrder', { orderId: 'oA2', carrier: 'EMS', trackingNo: 'E0001', shippedAt: 'now' }],
        ['listOrders', { status: 'lost' }],
        ['listOrders', { createdFrom: '2026-05-10' }],
        ['listOrders', { createdFrom: '2026-05-10T00:00:00Z', createdTo: '2026-05-09T00:00:00Z' }],
        ['orderDetail', {}],
      ];
      for (const [route, input] of invalid)
        expect(await adminApi(route, input)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
      expect(everything()).toBe(before);
    });
  });
});
