/**
 * placeOrder against the emulator: pricing and attribution snapshot, stock reservation with its
 * compensation, idempotency, refusals, round trips, and crash recovery.
 */
import type { OrderDocument } from '@shared/orders';
import type { SkuDocument } from '@shared/catalog';
import { useEmulator } from '../helpers/emulator';
import { seedAddress, seedProduct } from '../helpers/orders';
import { seedRules, seedUsers } from '../helpers/referrals';
import type { EmulatorHandle } from '../../emulator/src/index';

const stockOf = (emu: EmulatorHandle, skuId: string): number =>
  (emu.emulator.store.scan('skus').find((sku) => sku._id === skuId) as unknown as SkuDocument).stock;
const orders = (emu: EmulatorHandle): OrderDocument[] =>
  emu.emulator.store.scan('orders') as unknown as OrderDocument[];

describe('placeOrder', () => {
  const f = useEmulator({ functionEnv: { WXPAY_SUB_MCH_ID: '1900000109' } });
  const place = (data: Record<string, unknown>, openid: string | null = 'oBuyer') =>
    f.emu.call('placeOrder', data, openid ? { openid } : {});

  beforeEach(() => {
    f.emu.reset();
    seedRules(f.emu, {
      recruitment: 'apply',
      levels: 2,
      capBp: 3000,
      grades: [{ id: 'standard', name: '普通', rank: 0, ratesBp: [1000, 500], upgradeWhen: {} }],
      defaultGradeId: 'standard',
      shipping: { flatFeeFen: 800, freeFromFen: 20_000 },
    });
    seedUsers(f.emu, [
      { id: 'oTop', status: 'approved' },
      { id: 'oRef', status: 'approved', referrerId: 'oTop' },
      { id: 'oBuyer', referrerId: 'oRef', ancestors: ['oRef', 'oTop'] },
    ]);
    seedAddress(f.emu, 'oBuyer');
    seedProduct(f.emu, { _id: 'p-tea' }, [{ _id: 'tea-250', priceFen: 12_800, stock: 10 }]);
    seedProduct(f.emu, { _id: 'p-towel', commission: { mode: 'fixed', fixedFenPerUnit: [300, 100] } }, [
      { _id: 'towel-white', priceFen: 3_990, stock: 5 },
      { _id: 'towel-grey', priceFen: 3_990, stock: 1 },
    ]);
  });

  it('prices on the server, snapshots attribution, reserves stock and opens the payment in k + 6 round trips (k + 5 to the database, one of them the order number)', async () => {
    const { result, invocation } = await place({
      items: [
        { skuId: 'tea-250', quantity: 1 },
        { skuId: 'towel-white', quantity: 2 },
      ],
      addressId: 'addr-oBuyer',
      idempotencyKey: 'checkout-0001',
    });
    expect(result).toEqual({
      ok: true,
      data: {
        orderId: expect.stringMatching(/^o[0-9a-f]{24}$/),
        payableFen: 20_780,
        payMethod: 'wechat',
        paid: false,
        payment: expect.objectContaining({ package: expect.stringMatching(/^prepay_id=/) }),
        payDeadline: expect.any(String),
      },
    });
    expect(invocation.roundTrips.database).toBe(2 + 5);
    expect(invocation.roundTrips.total).toBe(2 + 6);
    const [order] = orders(f.emu);
    expect(order).toMatchObject({
      buyerId: 'oBuyer',
      status: 'pending_payment',
      reservation: 'reserved',
      goodsFen: 20_780,
      shippingFen: 0,
      payableFen: 20_780,
      rulesVersion: 1,
      chain: ['oRef', 'oTop'],
    });
    expect(order?.address).toEqual({
      name: '李四',
      phone: '13900000000',
      province: '浙江省',
      city: '杭州市',
      district: '西湖区',
      detail: '文三路 2 号',
    });
    expect(
      order?.lines.map((line) => [
        line.skuId,
        line.paidFen,
        line.attribution.levels.map((level) => [level.beneficiaryId, level.amountFen]),
      ]),
    ).toEqual([
      [
        'tea-250',
        12_800,
        [
          ['oRef', 1_280],
          ['oTop', 640],
        ],
      ],
      [
        'towel-white',
        7_980,
        [
          ['oRef', 600],
          ['oTop', 200],
        ],
      ],
    ]);
    expect([stockOf(f.emu, 'tea-250'), stockOf(f.emu, 'towel-white')]).toEqual([9, 3]);
    const payment = (await (await fetch(`${f.emu.url}/_emulator/payments/${order?._id}`)).json()) as {
      totalFee: number;
      state: string;
      functionName: string;
    };
    expect(payment).toMatchObject({ totalFee: 20_780, state: 'NOTPAY', functionName: 'onPayCallback' });
  });

  it('charges shipping below the free threshold', async () => {
    const { result, error } = await place({
      items: [{ skuId: 'towel-white', quantity: 1 }],
      addressId: 'addr-oBuyer',
      idempotencyKey: 'checkout-0002',
    });
    expect(error).toBeUndefined();
    expect(result).toMatchObject({ ok: true, data: { payableFen: 3_990 + 800 } });
  });

  it('answers a replay with the same order, touching no stock, in one round trip', async () => {
    const data = {
      items: [{ skuId: 'tea-250', quantity: 2 }],
      addressId: 'addr-oBuyer',
      idempotencyKey: 'checkout-0003',
    };
    const first = await place(data);
    const again = await place(data);
    expect(again.result).toEqual(first.result);
    expect(again.invocation.roundTrips.database).toBe(1);
    expect(stockOf(f.emu, 'tea-250')).toBe(8);
    expect(orders(f.emu)).toHaveLength(1);
    expect((await place({ ...data, items: [{ skuId: 'tea-250', quantity: 3 }] })).result).toMatchObject({
      ok: false,
      error: { code: 'IDEMPOTENCY_KEY_REUSED' },
    });
  });

  it('gives back what earlier lines reserved when a later line is out of stock', async () => {
    const { result } = await place({
      items: [
        { skuId: 'tea-250', quantity: 2 },
        { skuId: 'towel-grey', quantity: 2 },
        { skuId: 'towel-white', quantity: 1 },
      ],
      addressId: 'addr-oBuyer',
      idempotencyKey: 'checkout-0004',
    });
    expect(result).toEqual({ ok: false, error: { code: 'OUT_OF_STOCK', message: '库存不足: towel-grey' } });
    expect([stockOf(f.emu, 'tea-250'), stockOf(f.emu, 'towel-grey'), stockOf(f.emu, 'towel-white')]).toEqual([
      10, 1, 5,
    ]);
    expect(orders(f.emu)).toEqual([
      expect.objectContaining({ status: 'closed', reservation: 'released', closeReason: 'OUT_OF_STOCK' }),
    ]);
    const payments = (await (await fetch(`${f.emu.url}/_emulator/payments`)).json()) as { payments: unknown[] };
    expect(payments.payments).toEqual([]);
  });

  it.each([
    ['an unknown SKU', { items: [{ skuId: 'nope', quantity: 1 }], addressId: 'addr-oBuyer' }, 'SKU_NOT_FOUND'],
    [
      'another user’s address',
      { items: [{ skuId: 'tea-250', quantity: 1 }], addressId: 'addr-oOther' },
      'ADDRESS_NOT_FOUND',
    ],
    [
      'a coupon (not available yet)',
      { items: [{ skuId: 'tea-250', quantity: 1 }], addressId: 'addr-oBuyer', couponId: 'c1' },
      'COUPON_INVALID',
    ],
    [
      'duplicate SKUs',
      {
        items: [
          { skuId: 'tea-250', quantity: 1 },
          { skuId: 'tea-250', quantity: 1 },
        ],
        addressId: 'addr-oBuyer',
      },
      'INVALID_INPUT',
    ],
    ['a quantity of 0', { items: [{ skuId: 'tea-250', quantity: 0 }], addressId: 'addr-oBuyer' }, 'INVALID_INPUT'],
    [
      'a client-sent price',
      { items: [{ skuId: 'tea-250', quantity: 1, priceFen: 1 }], addressId: 'addr-oBuyer' },
      'INVALID_INPUT',
    ],
  ])('refuses %s and writes nothing', async (_label, data, code) => {
    seedAddress(f.emu, 'oOther');
    const { result } = await place({ idempotencyKey: 'checkout-0005', ...data });
    expect(result).toMatchObject({ ok: false, error: { code } });
    expect(orders(f.emu)).toEqual([]);
    expect(stockOf(f.emu, 'tea-250')).toBe(10);
  });

  it('refuses a product taken off sale', async () => {
    await f.db
      .collection('products')
      .doc('p-tea')
      .update({ data: { onSale: false } });
    expect(
      (
        await place({
          items: [{ skuId: 'tea-250', quantity: 1 }],
          addressId: 'addr-oBuyer',
          idempotencyKey: 'checkout-0006',
        })
      ).result,
    ).toMatchObject({ ok: false, error: { code: 'NOT_ON_SALE' } });
  });

  it('refuses callers without a mini-program identity', async () => {
    expect(
      (
        await place(
          { items: [{ skuId: 'tea-250', quantity: 1 }], addressId: 'addr-oBuyer', idempotencyKey: 'checkout-0007' },
          null,
        )
      ).result,
    ).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });

  it.each([
    [
      'the response of a reservation is lost',
      { action: 'database.modifyDocument', function: 'placeOrder', kind: 'loseResponse' as const },
    ],
    [
      'the instance dies right after a reservation',
      { action: 'database.modifyDocument', function: 'placeOrder', kind: 'killInstance' as const },
    ],
    [
      'the instance dies after the order insert',
      { action: 'database.insertDocument', function: 'placeOrder', kind: 'killInstance' as const },
    ],
  ])('resumes on retry when %s, taking stock exactly once', async (_label, fault) => {
    f.emu.injectFault(fault);
    const data = {
      items: [
        { skuId: 'tea-250', quantity: 2 },
        { skuId: 'towel-white', quantity: 1 },
      ],
      addressId: 'addr-oBuyer',
      idempotencyKey: 'checkout-0008',
    };
    const interrupted = await place(data);
    expect(interrupted.error?.code).toBe('FUNCTIONS_EXECUTE_FAIL');
    const retried = await place(data);
    expect(retried.result).toMatchObject({ ok: true, data: { payableFen: 2 * 12_800 + 3_990 } });
    expect([stockOf(f.emu, 'tea-250'), stockOf(f.emu, 'towel-white')]).toEqual([8, 4]);
    expect(orders(f.emu)).toEqual([expect.objectContaining({ reservation: 'reserved', status: 'pending_payment' })]);
  });
});
