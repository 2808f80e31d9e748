/**
 * placeOrder › quote against the emulator: the checkout page's totals come from the same pricing
 * placeOrder runs (placing the quoted items charges exactly the quoted amounts), a quote reads
 * only (two round trips, no write action, not even default rules), and it refuses what
 * placeOrder would refuse, naming the product.
 */
import type { OrderDocument } from '@shared/orders';
import { COLLECTIONS } from '@shared/collections';
import { useEmulator } from '../helpers/emulator';
import { seedAddress, seedProduct } from '../helpers/orders';
import { seedRules, seedUsers } from '../helpers/referrals';
import type { EmulatorHandle } from '../../emulator/src/index';

const READ_ACTIONS = /^database\.(getDocument|queryDocument|aggregateDocument|aggregate)/;

function snapshot(emu: EmulatorHandle): string {
  return JSON.stringify(COLLECTIONS.map((spec) => [spec.name, emu.emulator.store.scan(spec.name)]));
}

describe('placeOrder › quote', () => {
  const f = useEmulator({ functionEnv: { WXPAY_SUB_MCH_ID: '1900000109' } });
  const call = (data: Record<string, unknown>, openid: string | null = 'oBuyer') =>
    f.emu.call('placeOrder', data, openid ? { openid } : {});
  const quote = (items: unknown, openid: string | null = 'oBuyer') => call({ $url: 'quote', items }, openid);

  beforeEach(() => {
    f.emu.reset();
    seedRules(f.emu, { shipping: { flatFeeFen: 800, freeFromFen: 20_000 } });
    seedUsers(f.emu, [{ id: 'oBuyer' }]);
    seedAddress(f.emu, 'oBuyer');
    seedProduct(f.emu, { _id: 'p-tea', name: '普洱茶', images: ['cloud://tea.png'] }, [
      { _id: 'tea-250', priceFen: 12_800, stock: 10, spec: '250g' },
    ]);
    seedProduct(f.emu, { _id: 'p-towel', name: '毛巾' }, [
      { _id: 'towel-white', priceFen: 3_990, stock: 5 },
      { _id: 'towel-grey', priceFen: 3_990, stock: 1, onSale: false },
    ]);
    seedProduct(f.emu, { _id: 'p-cup', name: '杯子', onSale: false }, [{ _id: 'cup-1', priceFen: 1_000, stock: 5 }]);
  });

  it('prices like placeOrder: placing the quoted items charges exactly the quoted amounts', async () => {
    const cases = [
      [{ skuId: 'towel-white', quantity: 1 }],
      [
        { skuId: 'tea-250', quantity: 1 },
        { skuId: 'towel-white', quantity: 2 },
      ],
      [{ skuId: 'towel-white', quantity: 2 }],
      [{ skuId: 'tea-250', quantity: 2 }],
    ];
    for (const [index, items] of cases.entries()) {
      const quoted = await quote(items);
      expect(quoted.error).toBeUndefined();
      expect([index, quoted.result]).toMatchObject([index, { ok: true }]);
      const data = (
        quoted.result as {
          data: {
            goodsFen: number;
            shippingFen: number;
            discountFen: number;
            payableFen: number;
            lines: Array<Record<string, unknown>>;
          };
        }
      ).data;
      const placed = await call({ items, addressId: 'addr-oBuyer', idempotencyKey: `quote-case-${index}` });
      expect(placed.result).toMatchObject({ ok: true, data: { payableFen: data.payableFen } });
      const order = (f.emu.emulator.store.scan('orders') as unknown as OrderDocument[]).find(
        (doc) => doc.idempotencyKey === `quote-case-${index}`,
      ) as OrderDocument;
      expect({ goodsFen: data.goodsFen, shippingFen: data.shippingFen, discountFen: data.discountFen }).toEqual({
        goodsFen: order.goodsFen,
        shippingFen: order.shippingFen,
        discountFen: order.discountFen,
      });
      expect(
        data.lines.map((line) => [
          line.skuId,
          line.unitPriceFen,
          line.quantity,
          line.lineTotalFen,
          line.discountFen,
          line.paidFen,
        ]),
      ).toEqual(
        order.lines.map((line) => [
          line.skuId,
          line.unitPriceFen,
          line.quantity,
          line.lineTotalFen,
          line.discountFen,
          line.paidFen,
        ]),
      );
    }
  });

  it('shows the lines as the checkout page needs them, shipping charged below the free threshold', async () => {
    const { result } = await quote([{ skuId: 'tea-250', quantity: 1 }]);
    expect(result).toEqual({
      ok: true,
      data: {
        lines: [
          {
            skuId: 'tea-250',
            productId: 'p-tea',
            name: '普洱茶',
            spec: '250g',
            image: 'cloud://tea.png',
            unitPriceFen: 12_800,
            quantity: 1,
            lineTotalFen: 12_800,
            discountFen: 0,
            paidFen: 12_800,
            activity: null,
            discounts: [],
            stock: 10,
          },
        ],
        goodsFen: 12_800,
        discountFen: 0,
        discounts: [],
        shippingFen: 800,
        payableFen: 13_600,
        couponId: null,
        coupons: [],
        balanceFen: 0,
      },
    });
  });

  it('reads in four round trips and writes nothing, not even the default rules of a new shop', async () => {
    f.emu.reset();
    seedProduct(f.emu, { _id: 'p-tea', name: '普洱茶' }, [{ _id: 'tea-250', priceFen: 12_800, stock: 10 }]);
    const before = snapshot(f.emu);
    const { result, invocation } = await quote([{ skuId: 'tea-250', quantity: 1 }]);
    expect(result).toMatchObject({ ok: true, data: { goodsFen: 12_800 } });
    // The rules with the coupons joined, the SKUs, the live activities; and, without stored rules, the coupons alone.
    expect(invocation.roundTrips.database).toBe(4);
    expect(
      Object.keys(invocation.roundTrips.byAction).filter(
        (action) => action.startsWith('database.') && !READ_ACTIONS.test(action),
      ),
    ).toEqual([]);
    expect(snapshot(f.emu)).toBe(before);
    expect(f.emu.emulator.store.scan('rules')).toEqual([]);
  });

  it.each([
    ['SKU_NOT_FOUND', [{ skuId: 'nope', quantity: 1 }], '商品已失效: nope'],
    [
      'NOT_ON_SALE',
      [
        { skuId: 'towel-white', quantity: 1 },
        { skuId: 'towel-grey', quantity: 1 },
      ],
      '商品已下架: 毛巾',
    ],
    ['NOT_ON_SALE', [{ skuId: 'cup-1', quantity: 1 }], '商品已下架: 杯子'],
    ['OUT_OF_STOCK', [{ skuId: 'towel-white', quantity: 6 }], '库存不足: 毛巾'],
  ])('refuses %s naming the product', async (code, items, message) => {
    const before = snapshot(f.emu);
    expect((await quote(items)).result).toEqual({ ok: false, error: { code, message } });
    expect(snapshot(f.emu)).toBe(before);
  });

  it('refuses bad input and callers without an OPENID before reading anything', async () => {
    for (const items of [
      [],
      [{ skuId: 'tea-250', quantity: 0 }],
      [{ skuId: 'tea-250', quantity: 1, priceFen: 1 }],
      [
        { skuId: 'tea-250', quantity: 1 },
        { skuId: 'tea-250', quantity: 1 },
      ],
    ]) {
      const { result, invocation } = await quote(items);
      expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
      expect(invocation.roundTrips.database).toBe(0);
    }
    expect(
      (await call({ $url: 'quote', items: [{ skuId: 'tea-250', quantity: 1 }], addressId: 'x' })).result,
    ).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const anonymous = await quote([{ skuId: 'tea-250', quantity: 1 }], null);
    expect(anonymous.result).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(anonymous.invocation.roundTrips.database).toBe(0);
  });

  it('leaves placeOrder itself as it was: an unknown $url is refused as input', async () => {
    const { result } = await call({
      $url: 'preview',
      items: [{ skuId: 'tea-250', quantity: 1 }],
      addressId: 'addr-oBuyer',
      idempotencyKey: 'checkout-x1',
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(f.emu.emulator.store.scan('orders')).toEqual([]);
  });
});
