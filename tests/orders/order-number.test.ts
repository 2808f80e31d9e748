/**
 * Readable order numbers: placeOrder gives every new order one (China day + eight digits),
 * reserved in orderNumbers so that no two orders share it; a replay keeps it, a taken candidate
 * moves on to the next; shoppers and the merchant see it, the admin finds orders by its
 * beginning, and orders placed before numbers existed show their id.
 */
import type { OrderDocument } from '@shared/orders';
import type { Result } from '@shared/result';
import { orderNoCandidate } from '../../cloudfunctions/placeOrder/orderNo';
import { useEmulator } from '../helpers/emulator';
import { seedAddress, seedOrder, seedProduct } from '../helpers/orders';
import { seedRules, seedUsers } from '../helpers/referrals';

const ADMIN = 'oADMIN0000000000000000000003';
// 2026-12-07 23:30 in China (15:30 UTC): the China day, not the UTC one, starts the number.
const START = Date.parse('2026-12-07T15:30:00Z');

type Json = Record<string, any>;

describe('readable order numbers', () => {
  const f = useEmulator({
    functionEnv: { WXPAY_SUB_MCH_ID: '1900000109' },
    runScheduler: false,
    clock: { now: () => START },
  });
  const orders = (): OrderDocument[] => f.emu.emulator.store.scan('orders') as unknown as OrderDocument[];
  const place = (key: string) =>
    f.emu.call(
      'placeOrder',
      { items: [{ skuId: 'tea-250', quantity: 1 }], addressId: 'addr-oBuyer', idempotencyKey: key },
      { openid: 'oBuyer' },
    );
  const adminApi = async (route: string, input: object = {}): Promise<Result<any>> =>
    (await f.emu.call('admin', { $url: route, ...input }, { openid: ADMIN })).result as Result<any>;

  beforeEach(() => {
    f.emu.reset();
    seedRules(f.emu);
    seedUsers(f.emu, [{ id: 'oBuyer' }]);
    seedAddress(f.emu, 'oBuyer');
    seedProduct(f.emu, { _id: 'p-tea' }, [{ _id: 'tea-250', priceFen: 12_800, stock: 10 }]);
    f.emu.insert('admins', [{ _id: ADMIN, addedBy: 'test', addedAt: new Date(START), note: '' }]);
  });

  it('gives each new order a number of its China day and eight digits, unique and kept beside the id', async () => {
    const first = await place('number-0001');
    const second = await place('number-0002');
    expect(first.result).toMatchObject({ ok: true });
    expect(second.result).toMatchObject({ ok: true });
    const numbers = orders().map((order) => order.orderNo);
    expect(numbers).toEqual([expect.stringMatching(/^20261207\d{8}$/), expect.stringMatching(/^20261207\d{8}$/)]);
    expect(new Set(numbers).size).toBe(2);
    expect(orders().map((order) => order._id)).toEqual([
      expect.stringMatching(/^o[0-9a-f]{24}$/),
      expect.stringMatching(/^o[0-9a-f]{24}$/),
    ]);
    expect(f.emu.emulator.store.scan('orderNumbers')).toEqual(
      expect.arrayContaining(
        orders().map((order) => expect.objectContaining({ _id: order.orderNo, orderId: order._id })),
      ),
    );
  });

  it('keeps the number through a replay, and takes the next candidate when one is held by another order', async () => {
    // The order id is deterministic, so its first candidate is known: give it to another order.
    await place('number-0003');
    const [placed] = orders();
    f.emu.reset();
    seedRules(f.emu);
    seedUsers(f.emu, [{ id: 'oBuyer' }]);
    seedAddress(f.emu, 'oBuyer');
    seedProduct(f.emu, { _id: 'p-tea' }, [{ _id: 'tea-250', priceFen: 12_800, stock: 10 }]);
    const taken = orderNoCandidate(placed!._id, new Date(START), 0);
    expect(placed!.orderNo).toBe(taken);
    f.emu.insert('orderNumbers', [{ _id: taken, orderId: 'oSomeoneElse', createdAt: new Date(START) }]);

    const { result } = await place('number-0003');
    expect(result).toMatchObject({ ok: true });
    const [order] = orders();
    expect(order!.orderNo).toBe(orderNoCandidate(order!._id, new Date(START), 1));
    const again = await place('number-0003');
    expect(again.result).toEqual(result);
    expect(orders().map((doc) => doc.orderNo)).toEqual([order!.orderNo]);
  });

  it('shows the number to the shopper and the merchant, finds orders by its beginning, and the id for old orders', async () => {
    await place('number-0004');
    const [order] = orders();
    seedOrder(f.emu, { _id: 'oOld1', buyerId: 'oBuyer', createdAt: new Date(START - 60_000) });
    const shopper = (await f.emu.call('order', { $url: 'list' }, { openid: 'oBuyer' })).result as Result<any>;
    expect(shopper.ok && shopper.data.items.map((item: Json) => [item.id, item.orderNo])).toEqual([
      [order!._id, order!.orderNo],
      ['oOld1', 'oOld1'],
    ]);
    const detail = (await f.emu.call('order', { $url: 'detail', orderId: order!._id }, { openid: 'oBuyer' }))
      .result as Result<any>;
    expect(detail).toMatchObject({ ok: true, data: { orderNo: order!.orderNo } });
    const ids = async (search: string): Promise<string[]> => {
      const result = await adminApi('listOrders', { search });
      return result.ok ? result.data.items.map((item: Json) => item.orderNo) : [result.error.code];
    };
    expect(await ids(order!.orderNo!.slice(0, 10))).toEqual([order!.orderNo]);
    expect(await ids(order!.orderNo!)).toEqual([order!.orderNo]);
    expect(await ids('20261208')).toEqual([]);
    expect(await ids('oOld')).toEqual(['oOld1']);
  });
});
