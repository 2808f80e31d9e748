/**
 * Paying with the balance (余额支付, docs/wallet.md section 2) end to end on the emulator, in the
 * tea shop (two levels at 10% and 5%): the order paid from the balance in placeOrder follows the
 * WeChat-paid path (settlement, the same commissions); a partial refund goes back to the balance
 * and reverses commissions; an order the balance does not cover stays unpaid, is paid later with
 * order › payWithBalance or closes by the unpaid timer without asking WeChat Pay; replays pay once.
 */
import type { AfterSaleDocument } from '@shared/afterSales';
import type { CommissionDocument } from '@shared/ledger';
import type { OrderDocument } from '@shared/orders';
import type { Result } from '@shared/result';
import { balanceEntries, balanceOf, balanceProblems, seedBalance } from '../helpers/balance';
import { useEmulator } from '../helpers/emulator';
import { settlementDone } from '../helpers/settlement';
import { BUYER, seedTeaShop, TEA_SKU, until } from '../helpers/teaShop';

const ADMIN = 'oADMIN';

describe('paying with the balance', () => {
  const f = useEmulator({
    runScheduler: false,
    timers: [],
    functionEnv: { WXPAY_SUB_MCH_ID: '1900000109' },
  });
  const byId = <T>(collection: string, id: string): T =>
    f.emu.emulator.store.scan(collection).find((doc) => doc._id === id) as unknown as T;
  const order = (id: string) => byId<OrderDocument>('orders', id);
  const commission = (orderId: string, level: number) =>
    byId<CommissionDocument>('commissions', `c:${orderId}:0:${level}`);
  const call = async (name: string, data: object, openid = BUYER) => {
    const response = await f.emu.call(name, data, { openid });
    expect(response.error).toBeUndefined();
    return response;
  };
  const place = async (key: string, quantity = 2) =>
    call('placeOrder', {
      items: [{ skuId: TEA_SKU, quantity }],
      addressId: `addr-${BUYER}`,
      idempotencyKey: key,
      payMethod: 'balance',
    });
  const result = (response: { result?: unknown }) => response.result as Result<any> & { data?: any };
  const stock = () => byId<{ stock: number }>('skus', TEA_SKU).stock;
  const sandbox = async (orderId: string) => (await fetch(`${f.emu.url}/_emulator/payments/${orderId}`)).status;

  /**
   * Settlement as a WeChat-paid order gets it: the payment's own call when it gets through (a call
   * from a function a shopper invoked carries the shopper, whom settleCommission refuses), else
   * the settlement sweep a minute later.
   */
  async function settled(orderId: string): Promise<void> {
    await f.emu.advanceClock(2 * 60_000);
    await f.emu.runTimer('sweepSettlements', {});
    await until(() => settlementDone(f.emu.emulator.store, orderId), 'settlement');
  }

  beforeEach(() => {
    f.emu.emulator.faults.clear();
    f.emu.reset();
    seedTeaShop(f.emu, { returnWindowDays: 7 });
    f.emu.insert('admins', [{ _id: ADMIN, addedBy: 'setup', addedAt: new Date(), note: '' }]);
  });

  afterEach(() => expect(balanceProblems(f.emu)).toEqual([]));

  it('pays at once from the balance, then settles exactly as a WeChat-paid order', async () => {
    seedBalance(f.emu, BUYER, 30_000, 'adj-1');
    const quoted = result(await call('placeOrder', { $url: 'quote', items: [{ skuId: TEA_SKU, quantity: 2 }] }));
    expect(quoted).toMatchObject({ ok: true, data: { payableFen: 25_600, balanceFen: 30_000 } });

    const placed = await place('bal-checkout-1');
    expect(result(placed)).toEqual({
      ok: true,
      data: {
        orderId: expect.stringMatching(/^o[0-9a-f]{24}$/),
        payableFen: 25_600,
        payMethod: 'balance',
        paid: true,
        payment: null,
        payDeadline: expect.any(String),
      },
    });
    const orderId = result(placed).data.orderId as string;
    expect(order(orderId)).toMatchObject({
      status: 'paid',
      payMethod: 'balance',
      reservation: 'reserved',
      payment: { params: null, transactionId: `orderPay:${orderId}`, paidFen: 25_600 },
    });
    // No WeChat payment was ever opened for it.
    expect(await sandbox(orderId)).toBe(404);
    expect(balanceOf(f.emu, BUYER)?.balanceFen).toBe(4_400);
    expect(balanceEntries(f.emu, BUYER).map((entry) => [entry._id, entry.amountFen, entry.ref])).toEqual([
      ['adjust:adj-1', 30_000, { adjustmentId: 'adj-1' }],
      [`orderPay:${orderId}`, -25_600, { orderId }],
    ]);
    expect(stock()).toBe(8);
    await settled(orderId);
    expect([commission(orderId, 1).amountFen, commission(orderId, 2).amountFen]).toEqual([2_560, 1_280]);
    expect(byId<{ hasPaidOrder: boolean }>('users', BUYER).hasPaidOrder).toBe(true);
  });

  it('refunds partly back to the balance, exactly, reversing commissions; never more than was paid', async () => {
    seedBalance(f.emu, BUYER, 25_600, 'adj-1');
    const orderId = result(await place('bal-refund-1')).data.orderId as string;
    await settled(orderId);
    const refund = async (key: string, amountFen: number) => {
      const made = result(
        await call('afterSale', {
          $url: 'request',
          orderId,
          kind: 'refundOnly',
          reason: '不想要了',
          idempotencyKey: key,
          lines: [{ lineIndex: 0, quantity: 0, amountFen }],
        }),
      );
      if (!made.ok) return made;
      const id = made.data.afterSale.id as string;
      expect(result(await call('admin', { $url: 'approveAfterSale', afterSaleId: id }, ADMIN))).toMatchObject({
        ok: true,
      });
      return { ok: true, id };
    };

    const first = (await refund('bal-ref-0001', 9_999)) as { id: string };
    // Finished at once: no WeChat refund, no callback to wait for.
    expect(byId<AfterSaleDocument>('afterSales', first.id)).toMatchObject({
      status: 'refunded',
      refund: { refundId: `orderRefund:a${first.id}` },
    });
    expect(balanceOf(f.emu, BUYER)?.balanceFen).toBe(9_999);
    // floor(2560 × 9999 / 25600) = 999, floor(1280 × 9999 / 25600) = 499, as for a WeChat refund.
    expect([commission(orderId, 1).reversedFen, commission(orderId, 2).reversedFen]).toEqual([999, 499]);
    expect(order(orderId)).toMatchObject({ balanceRefundedFen: 9_999, lines: [{ refundedFen: 9_999 }] });

    // The merchant's re-drive (and the refund sweep) find it confirmed by its balance entry.
    const redrive = result(await call('admin', { $url: 'redriveAfterSaleRefund', afterSaleId: first.id }, ADMIN));
    expect(redrive).toMatchObject({ ok: true, data: { outcome: 'refunded' } });

    const second = (await refund('bal-ref-0002', 15_601)) as { id: string };
    expect(byId<AfterSaleDocument>('afterSales', second.id).status).toBe('refunded');
    expect(balanceOf(f.emu, BUYER)?.balanceFen).toBe(25_600);
    expect([commission(orderId, 1).reversedFen, commission(orderId, 2).reversedFen]).toEqual([2_560, 1_280]);
    // Nothing is left to refund: a third request is refused, and the balance got back exactly what was paid.
    expect(await refund('bal-ref-0003', 1)).toMatchObject({ ok: false });
    const refunded = balanceEntries(f.emu, BUYER).filter((entry) => entry.kind === 'orderRefund');
    expect(refunded.map((entry) => entry.amountFen)).toEqual([9_999, 15_601]);
    expect(order(orderId).balanceRefundedFen).toBe(25_600);
  });

  it('leaves an order the balance does not cover unpaid; it is paid later, once, with payWithBalance', async () => {
    seedBalance(f.emu, BUYER, 10_000, 'adj-1');
    const placed = result(await place('bal-short-1'));
    expect(placed).toMatchObject({ ok: false, error: { code: 'BALANCE_INSUFFICIENT' } });
    const [orderDoc] = f.emu.emulator.store.scan('orders') as unknown as OrderDocument[];
    const orderId = orderDoc!._id;
    expect(order(orderId)).toMatchObject({ status: 'pending_payment', reservation: 'reserved', payMethod: 'balance' });
    expect(stock()).toBe(8);
    expect(balanceOf(f.emu, BUYER)?.balanceFen).toBe(10_000);

    const detail = result(await call('order', { $url: 'detail', orderId }));
    expect(detail).toMatchObject({ ok: true, data: { payMethod: 'balance', status: 'pending_payment' } });
    expect(result(await call('order', { $url: 'payWithBalance', orderId }))).toMatchObject({
      ok: false,
      error: { code: 'BALANCE_INSUFFICIENT' },
    });
    // Another shopper's order is no order of theirs.
    expect(result(await call('order', { $url: 'payWithBalance', orderId }, 'oRef'))).toMatchObject({
      ok: false,
      error: { code: 'ORDER_NOT_FOUND' },
    });

    seedBalance(f.emu, BUYER, 20_000, 'adj-2');
    const paid = await call('order', { $url: 'payWithBalance', orderId });
    expect(result(paid)).toMatchObject({ ok: true, data: { status: 'paid', order: { status: 'paid' } } });
    // The transaction (begin, order, account, account write, entry, order write, commit) and the buyer flag (docs/bench.md).
    expect(paid.invocation.roundTrips.database).toBe(8);
    // A retry, and a replay of placeOrder with the same key, pay nothing twice.
    expect(result(await call('order', { $url: 'payWithBalance', orderId }))).toMatchObject({
      ok: true,
      data: { status: 'unchanged' },
    });
    expect(result(await place('bal-short-1'))).toMatchObject({ ok: true, data: { orderId, paid: true } });
    expect(balanceOf(f.emu, BUYER)?.balanceFen).toBe(30_000 - 25_600);
    expect(balanceEntries(f.emu, BUYER).filter((entry) => entry.kind === 'orderPay')).toHaveLength(1);
    await settled(orderId);
  });

  it('a replay of placeOrder after a top-up pays the order it left unpaid', async () => {
    expect(result(await place('bal-replay-1'))).toMatchObject({ ok: false, error: { code: 'BALANCE_INSUFFICIENT' } });
    seedBalance(f.emu, BUYER, 25_600, 'adj-1');
    const replay = result(await place('bal-replay-1'));
    expect(replay).toMatchObject({ ok: true, data: { paid: true, payMethod: 'balance' } });
    expect(order(replay.data.orderId).status).toBe('paid');
    expect(balanceOf(f.emu, BUYER)?.balanceFen).toBe(0);
    // The same key with WeChat Pay is another request.
    const wechat = result(
      await call('placeOrder', {
        items: [{ skuId: TEA_SKU, quantity: 2 }],
        addressId: `addr-${BUYER}`,
        idempotencyKey: 'bal-replay-1',
      }),
    );
    expect(wechat).toMatchObject({ ok: false, error: { code: 'IDEMPOTENCY_KEY_REUSED' } });
  });

  it('an unpaid balance order closes by the timer, gives its stock back and never asks WeChat Pay', async () => {
    expect(result(await place('bal-close-1'))).toMatchObject({ ok: false, error: { code: 'BALANCE_INSUFFICIENT' } });
    const [{ _id: orderId }] = f.emu.emulator.store.scan('orders') as unknown as OrderDocument[] as [OrderDocument];
    expect(stock()).toBe(8);
    await f.emu.advanceClock(31 * 60_000);
    const run = await f.emu.runTimer('closeUnpaidOrders', {});
    expect(run.result).toMatchObject({ ok: true, data: { closed: 1 } });
    expect(order(orderId)).toMatchObject({ status: 'closed', closeReason: 'UNPAID_TIMEOUT', reservation: 'released' });
    expect(stock()).toBe(10);
    expect(run.invocation.roundTrips.byAction['pay.closeOrder']).toBeUndefined();
    expect(await sandbox(orderId)).toBe(404);
    // A payment after the close finds nothing to pay, and takes nothing.
    seedBalance(f.emu, BUYER, 25_600, 'adj-1');
    expect(result(await call('order', { $url: 'payWithBalance', orderId }))).toMatchObject({
      ok: false,
      error: { code: 'INVALID_TRANSITION' },
    });
    expect(balanceOf(f.emu, BUYER)?.balanceFen).toBe(25_600);
  });

  it('a cancel racing a balance payment: exactly one wins', async () => {
    for (let round = 0; round < 4; round += 1) {
      // The balance is empty before each round (a lost payment leaves its top-up: spent here first).
      const left = balanceOf(f.emu, BUYER)?.balanceFen ?? 0;
      if (left > 0) seedBalance(f.emu, BUYER, -left, `adj-empty-${round}`);
      expect(result(await place(`bal-race-${round}`, 1))).toMatchObject({ ok: false });
      const orderId = (f.emu.emulator.store.scan('orders') as unknown as OrderDocument[]).find(
        (doc) => doc.idempotencyKey === `bal-race-${round}`,
      )!._id;
      seedBalance(f.emu, BUYER, 12_800, `adj-race-${round}`);
      const before = balanceOf(f.emu, BUYER)!.balanceFen;
      const [pay, cancel] = await Promise.all([
        call('order', { $url: 'payWithBalance', orderId }),
        call('order', { $url: 'cancel', orderId }),
      ]);
      const paid = result(pay).ok;
      expect([paid, result(cancel).ok]).toEqual(paid ? [true, false] : [false, true]);
      expect(order(orderId).status).toBe(paid ? 'paid' : 'closed');
      expect(balanceOf(f.emu, BUYER)!.balanceFen).toBe(paid ? before - 12_800 : before);
      expect(balanceEntries(f.emu, BUYER).filter((entry) => entry._id === `orderPay:${orderId}`)).toHaveLength(
        paid ? 1 : 0,
      );
    }
  });
});
