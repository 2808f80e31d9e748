/**
 * Coupons at checkout against the emulator: a held coupon is taken by exactly one order under
 * concurrency, given back when an unpaid order closes (cancel, timer, out of stock) while still
 * valid and kept used once expired; a replay answers the same order.
 */
import type { UserCouponDocument } from '@shared/coupons';
import type { OrderDocument } from '@shared/orders';
import type { SkuDocument } from '@shared/catalog';
import { useEmulator } from '../helpers/emulator';
import { heldCouponDoc, seedHeldCoupon } from '../helpers/marketing';
import { BUYER, seedTeaShop, TEA_SKU } from '../helpers/teaShop';

type Answer = { ok: boolean; data?: { orderId: string; payableFen: number }; error?: { code: string } };

const COUPON = 'cpn1_oBuyer_1';
const MINUTE_MS = 60_000;

describe('placeOrder with a coupon', () => {
  const f = useEmulator({ functionEnv: { WXPAY_SUB_MCH_ID: '1900000109' } });
  const orders = () => f.emu.emulator.store.scan('orders') as unknown as OrderDocument[];
  const teaStock = () =>
    (f.emu.emulator.store.scan('skus').find((sku) => sku._id === TEA_SKU) as unknown as SkuDocument).stock;
  const coupon = () => heldCouponDoc(f.emu, COUPON) as UserCouponDocument;
  const place = async (key: string, couponId: string | null, quantity = 1): Promise<Answer> =>
    (
      await f.emu.call(
        'placeOrder',
        { items: [{ skuId: TEA_SKU, quantity }], addressId: `addr-${BUYER}`, idempotencyKey: key, couponId },
        { openid: BUYER },
      )
    ).result as Answer;

  beforeEach(() => {
    f.emu.reset();
    seedTeaShop(f.emu);
    seedHeldCoupon(f.emu, COUPON, BUYER, { name: '无门槛减10元', kind: 'noThreshold', offFen: 1_000 });
  });

  it('quotes in three round trips once the rules are stored, listing the coupon it picked', async () => {
    const { result, invocation } = await f.emu.call(
      'placeOrder',
      { $url: 'quote', items: [{ skuId: TEA_SKU, quantity: 1 }] },
      { openid: BUYER },
    );
    expect(result).toMatchObject({
      ok: true,
      data: { couponId: COUPON, coupons: [{ couponId: COUPON, amountFen: 1_000, usable: true }] },
    });
    // The rules with the shopper's coupons joined, the SKUs, the live activities.
    expect(invocation.roundTrips.database).toBe(3);
  });

  it('takes the coupon in k + 6 database round trips: the order is priced with it and holds it; a replay answers the same order', async () => {
    const { result, invocation } = await f.emu.call(
      'placeOrder',
      {
        items: [{ skuId: TEA_SKU, quantity: 1 }],
        addressId: `addr-${BUYER}`,
        idempotencyKey: 'coupon-key-1',
        couponId: COUPON,
      },
      { openid: BUYER },
    );
    const placed = result as Answer;
    // One line: the buyer's read, the SKUs, the order number, the order, the coupon, the stock, the payment parameters.
    expect(invocation.roundTrips.database).toBe(1 + 6);
    expect(placed).toMatchObject({ ok: true, data: { payableFen: 12_800 - 1_000 } }); // The tea shop ships free.
    const [order] = orders();
    expect(order).toMatchObject({
      couponId: COUPON,
      goodsFen: 12_800,
      discountFen: 1_000,
      discounts: [{ source: 'coupon', id: COUPON, name: '无门槛减10元', amountFen: 1_000 }],
    });
    expect(order?.lines[0]).toMatchObject({ discountFen: 1_000, paidFen: 11_800 });
    expect(coupon()).toMatchObject({ status: 'used', orderId: placed.data?.orderId });
    expect(await place('coupon-key-1', COUPON)).toEqual(placed);
    // The same key for another coupon choice is another request.
    expect(await place('coupon-key-1', null)).toMatchObject({ ok: false, error: { code: 'IDEMPOTENCY_KEY_REUSED' } });
  });

  it('refuses a coupon that is not usable, with nothing written', async () => {
    seedHeldCoupon(f.emu, 'cpn2_oOther_1', 'oOther', {});
    seedHeldCoupon(f.emu, 'cpn3_oBuyer_1', BUYER, { kind: 'threshold', thresholdFen: 20_000, offFen: 2_000 });
    for (const couponId of ['cpn2_oOther_1', 'cpn3_oBuyer_1', 'nope_oBuyer_1']) {
      expect(await place(`refused-${couponId.slice(0, 4)}`, couponId)).toMatchObject({
        ok: false,
        error: { code: 'COUPON_INVALID' },
      });
    }
    expect(orders()).toEqual([]);
    expect(f.emu.emulator.store.scan('orderNumbers')).toEqual([]);
  });

  it('one coupon, two concurrent orders: exactly one holds it, the other is refused COUPON_INVALID', async () => {
    const answers = await Promise.all([place('race-key-a', COUPON), place('race-key-b', COUPON)]);
    const winners = answers.filter((answer) => answer.ok);
    const losers = answers.filter((answer) => !answer.ok);
    expect(winners).toHaveLength(1);
    expect(losers).toEqual([{ ok: false, error: expect.objectContaining({ code: 'COUPON_INVALID' }) }]);
    const winner = winners[0]?.data?.orderId;
    expect(coupon()).toMatchObject({ status: 'used', orderId: winner });
    expect(
      orders()
        .filter((order) => order.couponId === COUPON && order.status !== 'closed')
        .map((o) => o._id),
    ).toEqual([winner]);
    // The loser wrote at most what the steps document: an order closed COUPON_INVALID holding nothing.
    for (const order of orders().filter((order) => order._id !== winner))
      expect(order).toMatchObject({ status: 'closed', closeReason: 'COUPON_INVALID', reservation: 'released' });
    expect(teaStock()).toBe(9);
    // The shopper's list shows only the winner.
    const listed = await f.emu.call('order', { $url: 'list' }, { openid: BUYER });
    expect((listed.result as { data: { items: Array<{ id: string }> } }).data.items.map((item) => item.id)).toEqual([
      winner,
    ]);
  });

  it('an attempt interrupted after its order insert, whose coupon another order took meanwhile, is closed COUPON_INVALID holding nothing', async () => {
    // The second insert of placeOrder is the order (the first takes its number).
    f.emu.injectFault({ action: 'database.insertDocument', function: 'placeOrder', kind: 'killInstance', nth: 2 });
    const interrupted = await f.emu.call(
      'placeOrder',
      {
        items: [{ skuId: TEA_SKU, quantity: 1 }],
        addressId: `addr-${BUYER}`,
        idempotencyKey: 'crash-key-a',
        couponId: COUPON,
      },
      { openid: BUYER },
    );
    expect(interrupted.error?.code).toBe('FUNCTIONS_EXECUTE_FAIL');
    expect(orders()).toEqual([expect.objectContaining({ reservation: 'reserving', couponId: COUPON })]);
    const other = await place('crash-key-b', COUPON);
    expect(other).toMatchObject({ ok: true });
    expect(await place('crash-key-a', COUPON)).toMatchObject({ ok: false, error: { code: 'COUPON_INVALID' } });
    const [first] = orders().filter((order) => order._id !== other.data?.orderId);
    expect(first).toMatchObject({ status: 'closed', closeReason: 'COUPON_INVALID', reservation: 'released' });
    expect(coupon()).toMatchObject({ status: 'used', orderId: other.data?.orderId });
    expect(teaStock()).toBe(9);
    // A replay answers the same refusal.
    expect(await place('crash-key-a', COUPON)).toMatchObject({ ok: false, error: { code: 'COUPON_INVALID' } });
  });

  it('an attempt interrupted right after taking its coupon resumes on retry, holding it once', async () => {
    f.emu.injectFault({ action: 'database.modifyDocument', function: 'placeOrder', kind: 'killInstance' });
    const data = {
      items: [{ skuId: TEA_SKU, quantity: 1 }],
      addressId: `addr-${BUYER}`,
      idempotencyKey: 'crash-key-c',
      couponId: COUPON,
    };
    const interrupted = await f.emu.call('placeOrder', data, { openid: BUYER });
    expect(interrupted.error?.code).toBe('FUNCTIONS_EXECUTE_FAIL');
    expect(coupon().status).toBe('used');
    const retried = await place('crash-key-c', COUPON);
    expect(retried).toMatchObject({ ok: true, data: { payableFen: 11_800 } });
    expect(coupon()).toMatchObject({ status: 'used', orderId: retried.data?.orderId });
    expect(teaStock()).toBe(9);
  });

  it('gives the coupon back when the shopper cancels the unpaid order, and it can be used again', async () => {
    const placed = await place('cancel-key-1', COUPON);
    const cancelled = await f.emu.call('order', { $url: 'cancel', orderId: placed.data?.orderId }, { openid: BUYER });
    expect(cancelled.result).toMatchObject({ ok: true, data: { status: 'cancelled' } });
    expect(coupon()).toMatchObject({ status: 'available', orderId: null, usedAt: null });
    expect(await place('cancel-key-2', COUPON)).toMatchObject({ ok: true });
    expect(coupon().status).toBe('used');
  });

  it('gives the coupon back when the closer closes the unpaid order, twice at once, exactly once', async () => {
    const placed = await place('timer-key-1', COUPON);
    await f.emu.advanceClock(31 * MINUTE_MS);
    await Promise.all([f.emu.runTimer('closeUnpaidOrders', {}), f.emu.runTimer('closeUnpaidOrders', {})]);
    expect(orders().find((order) => order._id === placed.data?.orderId)).toMatchObject({
      status: 'closed',
      closeReason: 'UNPAID_TIMEOUT',
      reservation: 'released',
    });
    expect(coupon()).toMatchObject({ status: 'available', orderId: null });
    expect(teaStock()).toBe(10);
  });

  it('keeps an expired coupon used when its order closes after the coupon ran out', async () => {
    f.emu.reset();
    seedTeaShop(f.emu);
    seedHeldCoupon(f.emu, COUPON, BUYER, { offFen: 500 }, 10 * MINUTE_MS);
    const placed = await place('expired-key-1', COUPON);
    expect(placed).toMatchObject({ ok: true });
    await f.emu.advanceClock(31 * MINUTE_MS);
    await f.emu.runTimer('closeUnpaidOrders', {});
    expect(orders()[0]).toMatchObject({ status: 'closed', closeReason: 'UNPAID_TIMEOUT' });
    expect(coupon()).toMatchObject({ status: 'used', orderId: placed.data?.orderId });
  });

  it('gives the coupon back when a line is out of stock', async () => {
    expect(await place('stock-key-1', COUPON, 11)).toMatchObject({ ok: false, error: { code: 'OUT_OF_STOCK' } });
    expect(coupon()).toMatchObject({ status: 'available', orderId: null });
    expect(teaStock()).toBe(10);
  });
});
