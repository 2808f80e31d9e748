/** The flash sale: 500 concurrent buyers of one SKU with stock 100, on 8 function instances. */
import type { OrderDocument } from '@shared/orders';
import type { SkuDocument } from '@shared/catalog';
import { useEmulator } from '../helpers/emulator';
import { seedAddress, seedProduct } from '../helpers/orders';
import { seedRules, seedUsers } from '../helpers/referrals';

describe('flash sale', () => {
  const f = useEmulator({ functionEnv: { WXPAY_SUB_MCH_ID: '1900000109' }, maxInstancesPerFunction: 8 });

  it('sells exactly the stock: 100 orders, stock 0, every loser OUT_OF_STOCK', async () => {
    seedRules(f.emu);
    const buyers = Array.from({ length: 500 }, (_, i) => `oFlash${i}`);
    seedUsers(
      f.emu,
      buyers.map((id) => ({ id })),
    );
    for (const buyer of buyers) seedAddress(f.emu, buyer);
    seedProduct(f.emu, { _id: 'p-flash' }, [{ _id: 'flash-1', priceFen: 990, stock: 100 }]);

    const responses = await Promise.all(
      buyers.map((buyer) =>
        f.emu.call(
          'placeOrder',
          { items: [{ skuId: 'flash-1', quantity: 1 }], addressId: `addr-${buyer}`, idempotencyKey: `flash-${buyer}` },
          { openid: buyer },
        ),
      ),
    );
    expect(responses.filter((response) => response.error)).toEqual([]);
    const outcomes = responses.map((response) => response.result as { ok: boolean; error?: { code: string } });
    expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(100);
    expect(outcomes.filter((outcome) => !outcome.ok).map((outcome) => outcome.error?.code)).toEqual(
      Array(400).fill('OUT_OF_STOCK'),
    );

    const sku = f.emu.emulator.store.scan('skus')[0] as unknown as SkuDocument;
    expect(sku.stock).toBe(0);
    const orders = f.emu.emulator.store.scan('orders') as unknown as OrderDocument[];
    expect(
      orders.filter((order) => order.reservation === 'reserved' && order.status === 'pending_payment'),
    ).toHaveLength(100);
    expect(orders.filter((order) => order.status === 'closed' && order.closeReason === 'OUT_OF_STOCK')).toHaveLength(
      400,
    );
    expect(f.emu.emulator.runtime.instanceCount('placeOrder')).toBe(8);
  });
});
