/**
 * The whole order lifecycle end to end with the real placeOrder: checkout, payment through the
 * sandbox and onPayCallback, shipping, receipt; and the unpaid paths (cancel, timeout) with the
 * stock and the payment they leave behind.
 */
import type { SkuDocument } from '@shared/catalog';
import type { OrderDocument } from '@shared/orders';
import type { Result } from '@shared/result';
import { useEmulator } from '../helpers/emulator';
import { seedAddress, seedProduct } from '../helpers/orders';
import { seedRules, seedUsers, userDoc } from '../helpers/referrals';

const BUYER = 'oBUYER00000000000000000004';
const ADMIN = 'oADMIN0000000000000000000004';
const START = Date.parse('2026-06-01T02:00:30Z');
const MINUTE_MS = 60_000;

type Json = Record<string, any>;

describe('placeOrder → pay → ship → receipt', () => {
  const f = useEmulator({
    functionEnv: { WXPAY_SUB_MCH_ID: '1900000109' },
    runScheduler: false,
    clock: { now: () => START },
  });

  beforeEach(() => {
    f.emu.reset();
    // These tests are about the order; settlement (which the payment starts) is tested in
    // tests/ledger: failing it keeps the order's durable `settlement: pending` request observable.
    f.emu.injectFault({ function: 'settleCommission', kind: 'fail', times: 0 });
    seedRules(f.emu);
    seedUsers(f.emu, [{ id: BUYER }]);
    seedAddress(f.emu, BUYER);
    seedProduct(f.emu, { _id: 'p-e2e' }, [{ _id: 'sku-e2e', priceFen: 12_800, stock: 5 }]);
    f.emu.insert('admins', [{ _id: ADMIN, addedBy: 'test', addedAt: new Date(START), note: '' }]);
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
  const stock = (): number =>
    (f.emu.emulator.store.scan('skus').find((doc) => doc._id === 'sku-e2e') as unknown as SkuDocument).stock;
  const call = async (name: string, data: object, openid: string): Promise<Result<any>> => {
    const { result, error } = await f.emu.call(name, data, { openid });
    expect(error).toBeUndefined();
    return result as Result<any>;
  };

  async function checkout(key: string): Promise<string> {
    const placed = await call(
      'placeOrder',
      { items: [{ skuId: 'sku-e2e', quantity: 2 }], addressId: `addr-${BUYER}`, idempotencyKey: key },
      BUYER,
    );
    if (!placed.ok) throw new Error(placed.error.message);
    return placed.data.orderId as string;
  }

  it('a paid order ships and completes; the buyer is flagged and settlement is requested', async () => {
    const orderId = await checkout('e2e-checkout-1');
    expect(stock()).toBe(3);
    const paid = await control('POST', `/payments/${orderId}/pay`);
    expect(paid.body.callback).toMatchObject({ state: 'ACKNOWLEDGED' });
    expect(orderDoc(orderId)).toMatchObject({
      status: 'paid',
      payment: { transactionId: paid.body.transactionId, paidFen: 25_600 },
      settlement: { state: 'pending' },
    });
    expect((await userDoc(f.emu, BUYER))?.hasPaidOrder).toBe(true);
    expect(f.emu.emulator.stats.invocation(paid.body.callback.attempts[0].invocationId)!.roundTrips.database).toBe(3);

    expect(await call('order', { $url: 'cancel', orderId }, BUYER)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_TRANSITION' },
    });
    expect(
      await call('admin', { $url: 'shipOrder', orderId, carrier: '顺丰速运', trackingNo: 'SF0001' }, ADMIN),
    ).toMatchObject({ ok: true, data: { status: 'shipped' } });
    expect(await call('order', { $url: 'confirmReceipt', orderId }, BUYER)).toMatchObject({
      ok: true,
      data: { status: 'completed', order: { statusLabel: '已完成', completedBy: 'shopper' } },
    });
    expect(stock()).toBe(3);
    const list = await call('order', { $url: 'list', status: 'completed' }, BUYER);
    expect(list.ok && list.data.items.map((order: Json) => order.id)).toEqual([orderId]);
  });

  it('a cancelled order gives its stock back and can no longer be paid', async () => {
    const orderId = await checkout('e2e-checkout-2');
    expect(await call('order', { $url: 'cancel', orderId }, BUYER)).toMatchObject({
      ok: true,
      data: { status: 'cancelled' },
    });
    expect(stock()).toBe(5);
    expect((await control('POST', `/payments/${orderId}/pay`)).status).toBe(409);
    // Placing again with the same key answers the closed order.
    expect(
      await call(
        'placeOrder',
        { items: [{ skuId: 'sku-e2e', quantity: 2 }], addressId: `addr-${BUYER}`, idempotencyKey: 'e2e-checkout-2' },
        BUYER,
      ),
    ).toMatchObject({ ok: false, error: { code: 'ORDER_CLOSED' } });
  });

  it('an order left unpaid closes when its deadline passes and gives its stock back', async () => {
    const orderId = await checkout('e2e-checkout-3');
    await f.emu.advanceClock(31 * MINUTE_MS);
    expect(orderDoc(orderId)).toMatchObject({
      status: 'closed',
      closeReason: 'UNPAID_TIMEOUT',
      reservation: 'released',
    });
    expect(stock()).toBe(5);
    expect((await control('GET', `/payments/${orderId}`)).body.state).toBe('CLOSED');
  });
});
