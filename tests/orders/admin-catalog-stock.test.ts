/**
 * The admin's product routes, part 2: setStock (compare-and-set on the stock the admin saw),
 * adjustStock (never below zero, also under concurrent orders), setOnSale for products and SKUs
 * (with the price range following the SKUs, also under concurrent toggles) and listProducts.
 */
import { COLLECTIONS } from '@shared/collections';
import { useEmulator, type EmulatorFixture } from '../helpers/emulator';
import { seedProduct } from '../helpers/orders';

/** A function's answer as tests read it (`data` on ok, `error` otherwise). */
type Answer = { ok: boolean; data?: any; error?: any };

const ADMIN = 'oADMIN';

function adminApi(f: EmulatorFixture) {
  return async (route: string, input: object = {}, openid: string | null = ADMIN) => {
    const response = await f.emu.call('admin', { $url: route, ...input }, openid === null ? {} : { openid });
    if (response.error) throw new Error(`admin ${route} failed: ${response.error.message}`);
    return { result: response.result as Answer, invocation: response.invocation };
  };
}

function dump(f: EmulatorFixture): Record<string, unknown[]> {
  return Object.fromEntries(
    COLLECTIONS.map((collection) => [collection.name, f.emu.emulator.store.scan(collection.name)]),
  );
}

const doc = (f: EmulatorFixture, collection: string, id: string): Record<string, any> | undefined =>
  f.emu.emulator.store.scan(collection).find((row) => row._id === id);

/** What placeOrder's reserveStock does to a SKU (cloudfunctions/_lib/stock.ts), from outside any function. */
async function reserve(f: EmulatorFixture, skuId: string, orderId: string, quantity: number): Promise<number> {
  const _ = f.db.command;
  const reply = (await f.db
    .collection('skus')
    .where({ _id: skuId, stock: _.gte(quantity), reservedBy: _.nin([orderId]) })
    .update({ data: { stock: _.inc(-quantity), reservedBy: _.push([orderId]) } })) as unknown as {
    stats: { updated: number };
  };
  return reply.stats.updated;
}

describe('admin stock and on/off sale', () => {
  const f = useEmulator();
  const call = adminApi(f);

  beforeEach(() => {
    f.emu.reset();
    f.emu.insert('admins', [{ _id: ADMIN, addedBy: 'test', addedAt: new Date(), note: '' }]);
    seedProduct(f.emu, { _id: 'p1', minPriceFen: 1000, maxPriceFen: 3000 }, [
      { _id: 'p1-a', priceFen: 1000, stock: 10, reservedBy: ['o-old'], returnedBy: ['o-back'] },
      { _id: 'p1-b', priceFen: 2000, stock: 5 },
      { _id: 'p1-c', priceFen: 3000, stock: 0 },
    ]);
  });

  it('setStock: sets the stock it was shown, a replay is unchanged, the order lists are untouched', async () => {
    const { result } = await call('setStock', { skuId: 'p1-a', expectedStock: 10, stock: 25 });
    expect(result).toMatchObject({
      ok: true,
      data: { status: 'updated', sku: { id: 'p1-a', productId: 'p1', stock: 25, priceFen: 1000 } },
    });
    expect(doc(f, 'skus', 'p1-a')).toMatchObject({ stock: 25, reservedBy: ['o-old'], returnedBy: ['o-back'] });
    expect(Object.keys(result.data.sku).sort()).toEqual([
      'commission',
      'id',
      'onSale',
      'priceFen',
      'productId',
      'spec',
      'stock',
      'updatedAt',
    ]);
    const replay = await call('setStock', { skuId: 'p1-a', expectedStock: 10, stock: 25 });
    expect(replay.result).toMatchObject({ ok: true, data: { status: 'unchanged', sku: { stock: 25 } } });
    expect((await call('setStock', { skuId: 'p1-b', expectedStock: 5, stock: 5 })).result).toMatchObject({
      ok: true,
      data: { status: 'unchanged', sku: { stock: 5 } },
    });
  });

  it('setStock: STOCK_CHANGED when an order took stock since the admin looked; nothing written', async () => {
    expect(await reserve(f, 'p1-a', 'o-1', 2)).toBe(1);
    const before = dump(f);
    const { result } = await call('setStock', { skuId: 'p1-a', expectedStock: 10, stock: 25 });
    expect(result).toMatchObject({ ok: false, error: { code: 'STOCK_CHANGED' } });
    expect(result.error.message).toContain('8');
    expect(dump(f)).toEqual(before);
  });

  it('setStock and adjustStock: SKU_NOT_FOUND; nothing written', async () => {
    const before = dump(f);
    expect((await call('setStock', { skuId: 'nope', expectedStock: 1, stock: 2 })).result).toMatchObject({
      ok: false,
      error: { code: 'SKU_NOT_FOUND' },
    });
    expect((await call('adjustStock', { skuId: 'nope', delta: 2, requestId: 'adj-00001' })).result).toMatchObject({
      ok: false,
      error: { code: 'SKU_NOT_FOUND' },
    });
    expect((await call('adjustStock', { skuId: 'nope', delta: -2, requestId: 'adj-00002' })).result).toMatchObject({
      ok: false,
      error: { code: 'SKU_NOT_FOUND' },
    });
    expect(dump(f)).toEqual(before);
  });

  it('adjustStock: adds and takes away; INSUFFICIENT_STOCK rather than below zero, writing nothing', async () => {
    expect((await call('adjustStock', { skuId: 'p1-b', delta: 7, requestId: 'adj-00003' })).result).toMatchObject({
      ok: true,
      data: { sku: { id: 'p1-b', stock: 12 } },
    });
    expect((await call('adjustStock', { skuId: 'p1-b', delta: -12, requestId: 'adj-00004' })).result).toMatchObject({
      ok: true,
      data: { sku: { stock: 0 } },
    });
    const before = dump(f);
    const { result } = await call('adjustStock', { skuId: 'p1-b', delta: -1, requestId: 'adj-00005' });
    expect(result).toMatchObject({ ok: false, error: { code: 'INSUFFICIENT_STOCK' } });
    expect(dump(f)).toEqual(before);
    expect(doc(f, 'skus', 'p1-b')).toMatchObject({ stock: 0, reservedBy: [], returnedBy: [] });
  });

  it('adjustStock: a resent request (its response lost) adjusts once and answers unchanged', async () => {
    f.emu.injectFault({ action: 'database.modifyDocument', function: 'admin', kind: 'loseResponse' });
    const request = { skuId: 'p1-b', delta: 3, requestId: 'adj-lost-0001' };
    await expect(call('adjustStock', request)).rejects.toThrow(/FUNCTIONS_EXECUTE_FAIL|socket hang up|ECONNRESET/);
    expect(doc(f, 'skus', 'p1-b')?.stock).toBe(8);
    expect((await call('adjustStock', request)).result).toMatchObject({
      ok: true,
      data: { status: 'unchanged', sku: { stock: 8 } },
    });
    expect(doc(f, 'skus', 'p1-b')?.stock).toBe(8);
  });

  it('adjustStock against concurrent orders: stock never goes below zero and every unit is accounted for', async () => {
    // 10 units; 8 orders of 1 and 6 admin removals of 1 race: exactly 10 of the 14 succeed.
    const orders = Array.from({ length: 8 }, (_, i) => reserve(f, 'p1-a', `o-race-${i}`, 1));
    const removals = Array.from({ length: 6 }, (_, i) =>
      call('adjustStock', { skuId: 'p1-a', delta: -1, requestId: `adj-race-${i}` }),
    );
    const [reserved, removed] = await Promise.all([Promise.all(orders), Promise.all(removals)]);
    const taken = reserved.filter((n) => n === 1).length;
    const adjusted = removed.filter(({ result }) => result.ok).length;
    expect(taken + adjusted).toBe(10);
    for (const { result } of removed.filter(({ result }) => !result.ok))
      expect(result.error.code).toBe('INSUFFICIENT_STOCK');
    expect(doc(f, 'skus', 'p1-a')?.stock).toBe(0);
  });

  it('setOnSale: a product off and on, a replay unchanged, PRODUCT_NOT_FOUND writing nothing', async () => {
    expect((await call('setOnSale', { target: 'product', id: 'p1', onSale: false })).result).toEqual({
      ok: true,
      data: { status: 'changed', target: 'product', id: 'p1', onSale: false },
    });
    expect(doc(f, 'products', 'p1')?.onSale).toBe(false);
    expect((await call('setOnSale', { target: 'product', id: 'p1', onSale: false })).result).toEqual({
      ok: true,
      data: { status: 'unchanged', target: 'product', id: 'p1', onSale: false },
    });
    expect((await call('setOnSale', { target: 'product', id: 'p1', onSale: true })).result.data.status).toBe('changed');
    const before = dump(f);
    expect((await call('setOnSale', { target: 'product', id: 'nope', onSale: true })).result).toMatchObject({
      ok: false,
      error: { code: 'PRODUCT_NOT_FOUND' },
    });
    expect((await call('setOnSale', { target: 'sku', id: 'nope', onSale: true })).result).toMatchObject({
      ok: false,
      error: { code: 'SKU_NOT_FOUND' },
    });
    expect(dump(f)).toEqual(before);
  });

  it('setOnSale: a SKU off sale narrows the product price range; all off keeps the full range', async () => {
    await call('setOnSale', { target: 'sku', id: 'p1-c', onSale: false });
    expect(doc(f, 'products', 'p1')).toMatchObject({ minPriceFen: 1000, maxPriceFen: 2000 });
    await call('setOnSale', { target: 'sku', id: 'p1-a', onSale: false });
    expect(doc(f, 'products', 'p1')).toMatchObject({ minPriceFen: 2000, maxPriceFen: 2000 });
    await call('setOnSale', { target: 'sku', id: 'p1-b', onSale: false });
    expect(doc(f, 'products', 'p1')).toMatchObject({ minPriceFen: 1000, maxPriceFen: 3000 });
    expect(doc(f, 'skus', 'p1-a')).toMatchObject({ onSale: false, reservedBy: ['o-old'], returnedBy: ['o-back'] });
  });

  it('the price range follows the SKUs when several are toggled at once, 10 times', async () => {
    for (let round = 0; round < 10; round += 1) {
      const flips = [
        ['p1-a', round % 2 === 0],
        ['p1-b', round % 3 === 0],
        ['p1-c', round % 2 === 1],
      ] as const;
      await Promise.all(flips.map(([id, onSale]) => call('setOnSale', { target: 'sku', id, onSale })));
      const prices = flips
        .filter(([, onSale]) => onSale)
        .map(([id]) => ({ 'p1-a': 1000, 'p1-b': 2000, 'p1-c': 3000 })[id]);
      const expected =
        prices.length > 0
          ? { minPriceFen: Math.min(...prices), maxPriceFen: Math.max(...prices) }
          : { minPriceFen: 1000, maxPriceFen: 3000 };
      expect(doc(f, 'products', 'p1')).toMatchObject(expected);
    }
  });
});

describe('admin listProducts', () => {
  const f = useEmulator();
  const call = adminApi(f);

  beforeAll(() => {
    f.emu.reset();
    f.emu.insert('admins', [{ _id: ADMIN, addedBy: 'test', addedAt: new Date(), note: '' }]);
    seedProduct(f.emu, { _id: 'tea-1', categoryId: 'cat-tea', name: 'Green Tea', sortOrder: 2 }, [
      { _id: 'tea-1-a', priceFen: 100, stock: 7, reservedBy: ['o1'] },
    ]);
    seedProduct(f.emu, { _id: 'tea-2', categoryId: 'cat-tea', name: '红茶', sortOrder: 1, onSale: false }, [
      { _id: 'tea-2-b', priceFen: 300, stock: 2000, onSale: false },
      { _id: 'tea-2-a', priceFen: 200, stock: 0 },
    ]);
    seedProduct(f.emu, { _id: 'nut-1', categoryId: 'cat-nuts', name: 'Nuts', sortOrder: 1 }, [
      { _id: 'nut-1-a', priceFen: 500, stock: 1 },
    ]);
  });

  const ids = (result: Answer) => (result.ok ? result.data.items.map((item: { id: string }) => item.id) : result.error);

  it('lists every product, off sale too, by category then sortOrder, with every SKU and its exact stock', async () => {
    const { result } = await call('listProducts');
    expect(ids(result)).toEqual(['nut-1', 'tea-2', 'tea-1']);
    expect(result.data.nextOffset).toBeNull();
    const tea2 = result.data.items[1];
    expect(tea2).toMatchObject({ id: 'tea-2', name: '红茶', onSale: false, categoryId: 'cat-tea' });
    expect(
      tea2.skus.map((sku: { id: string; stock: number; onSale: boolean }) => [sku.id, sku.stock, sku.onSale]),
    ).toEqual([
      ['tea-2-a', 0, true],
      ['tea-2-b', 2000, false],
    ]);
    expect(result.data.items[2].skus[0]).not.toHaveProperty('reservedBy');
  });

  it('filters by category, sale state and search (part of a name in any case, or a whole id); pages', async () => {
    expect(ids((await call('listProducts', { categoryId: 'cat-tea' })).result)).toEqual(['tea-2', 'tea-1']);
    expect(ids((await call('listProducts', { onSale: false })).result)).toEqual(['tea-2']);
    expect(ids((await call('listProducts', { search: 'green' })).result)).toEqual(['tea-1']);
    expect(ids((await call('listProducts', { search: 'nut-1' })).result)).toEqual(['nut-1']);
    expect(ids((await call('listProducts', { search: '.*' })).result)).toEqual([]);
    const first = await call('listProducts', { limit: 2 });
    expect([ids(first.result), first.result.data.nextOffset]).toEqual([['nut-1', 'tea-2'], 2]);
    const second = await call('listProducts', { limit: 2, offset: 2 });
    expect([ids(second.result), second.result.data.nextOffset]).toEqual([['tea-1'], null]);
  });
});
