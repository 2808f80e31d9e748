/**
 * The cart function: the stored document, merging and limits, the view priced from the current
 * catalog (with unavailable lines and their reasons), every route and every refusal. Concurrent
 * changes are in cart-race.test.ts.
 */
import { COLLECTIONS } from '@shared/collections';
import { useEmulator, type EmulatorFixture } from '../helpers/emulator';
import { seedProduct } from '../helpers/orders';

/** A function's answer as tests read it (`data` on ok, `error` otherwise). */
type Answer = { ok: boolean; data?: any; error?: any };

const ME = 'oSHOPPER';

function cartApi(f: EmulatorFixture) {
  return async (route: string, input: object = {}, openid: string | null = ME) => {
    const response = await f.emu.call('cart', { $url: route, ...input }, openid === null ? {} : { openid });
    if (response.error) throw new Error(`cart ${route} failed: ${response.error.message}`);
    return { result: response.result as Answer, invocation: response.invocation };
  };
}

function dump(f: EmulatorFixture): Record<string, unknown[]> {
  return Object.fromEntries(
    COLLECTIONS.map((collection) => [collection.name, f.emu.emulator.store.scan(collection.name)]),
  );
}

const cartDoc = (f: EmulatorFixture, openid = ME): Record<string, any> | undefined =>
  f.emu.emulator.store.scan('carts').find((row) => row._id === openid);
const lines = (result: Answer) =>
  result.ok
    ? result.data.lines.map((line: { skuId: string; quantity: number; status: string }) => [
        line.skuId,
        line.quantity,
        line.status,
      ])
    : result.error;
let requestCounter = 0;
const rid = () => `req-${(requestCounter += 1).toString().padStart(6, '0')}`;

function seedShop(f: EmulatorFixture): void {
  seedProduct(f.emu, { _id: 'tea', name: '龙井', images: ['cloud://e.b/products/tea/cover.jpg'] }, [
    { _id: 'tea-250', spec: '250g', priceFen: 12_800, stock: 50 },
    { _id: 'tea-500', spec: '500g', priceFen: 23_800, stock: 3 },
    { _id: 'tea-off', spec: '旧款', priceFen: 9_900, stock: 9, onSale: false },
    { _id: 'tea-none', spec: '缺货', priceFen: 9_900, stock: 0 },
    { _id: 'tea-many', spec: '散装', priceFen: 100, stock: 5000 },
  ]);
  seedProduct(f.emu, { _id: 'nuts', name: '坚果', onSale: false }, [
    { _id: 'nuts-30', spec: '30 袋', priceFen: 8_990, stock: 100 },
  ]);
}

describe('cart', () => {
  const f = useEmulator();
  const call = cartApi(f);

  beforeEach(() => {
    f.emu.reset();
    seedShop(f);
  });

  it('get: an empty cart for a new user, in one round trip, creating nothing', async () => {
    const before = dump(f);
    const { result, invocation } = await call('get');
    expect(result).toEqual({
      ok: true,
      data: { lines: [], totals: { lineCount: 0, availableLineCount: 0, quantity: 0, goodsFen: 0 } },
    });
    expect(invocation.roundTrips.database).toBe(1);
    expect(dump(f)).toEqual(before);
  });

  it('add: stores carts/<openid> and answers the priced cart', async () => {
    const { result, invocation } = await call('add', { skuId: 'tea-250', quantity: 2, requestId: 'tap-000001' });
    expect(result).toEqual({
      ok: true,
      data: {
        lines: [
          {
            skuId: 'tea-250',
            productId: 'tea',
            name: '龙井',
            spec: '250g',
            cover: 'cloud://e.b/products/tea/cover.jpg',
            unitPriceFen: 12_800,
            quantity: 2,
            stock: 50,
            stockCapped: false,
            status: 'available',
            lineTotalFen: 25_600,
            addedAt: expect.any(String),
          },
        ],
        totals: { lineCount: 1, availableLineCount: 1, quantity: 2, goodsFen: 25_600 },
      },
    });
    expect(invocation.roundTrips.database).toBe(3);
    expect(cartDoc(f)).toEqual({
      _id: ME,
      items: [{ skuId: 'tea-250', quantity: 2, addedAt: expect.any(Date) }],
      requestIds: ['tap-000001'],
      version: 1,
      updatedAt: expect.any(Date),
    });
  });

  it('add: merges into the line (keeping its place and time), a replayed request adds nothing', async () => {
    await call('add', { skuId: 'tea-250', requestId: 'tap-000001' });
    await call('add', { skuId: 'tea-500', requestId: 'tap-000002' });
    const addedAt = cartDoc(f)?.items[0].addedAt;
    const merged = await call('add', { skuId: 'tea-250', quantity: 4, requestId: 'tap-000003' });
    expect(lines(merged.result)).toEqual([
      ['tea-500', 1, 'available'],
      ['tea-250', 5, 'available'],
    ]);
    expect(cartDoc(f)).toMatchObject({
      items: [
        { skuId: 'tea-250', quantity: 5, addedAt },
        { skuId: 'tea-500', quantity: 1 },
      ],
      requestIds: ['tap-000001', 'tap-000002', 'tap-000003'],
      version: 3,
    });
    const before = dump(f);
    const replay = await call('add', { skuId: 'tea-250', quantity: 4, requestId: 'tap-000003' });
    expect(replay.result).toEqual(merged.result);
    expect(dump(f)).toEqual(before);
  });

  it('add: remembers the last 20 request ids', async () => {
    for (let i = 0; i < 22; i += 1)
      await call('add', { skuId: 'tea-many', requestId: `tap-${String(i).padStart(6, '0')}` });
    expect(cartDoc(f)?.requestIds).toEqual(
      Array.from({ length: 20 }, (_, i) => `tap-${String(i + 2).padStart(6, '0')}`),
    );
    expect(cartDoc(f)?.items).toEqual([{ skuId: 'tea-many', quantity: 22, addedAt: expect.any(Date) }]);
  });

  it.each([
    ['SKU_NOT_FOUND', 'nope', 1, '商品不存在'],
    ['NOT_ON_SALE', 'tea-off', 1, '商品已下架'],
    ['NOT_ON_SALE', 'nuts-30', 1, '商品已下架'],
    ['OUT_OF_STOCK', 'tea-none', 1, '库存不足'],
    ['OUT_OF_STOCK', 'tea-500', 4, '库存不足'],
  ])('add: %s for %s × %d; nothing written', async (code, skuId, quantity, message) => {
    const before = dump(f);
    expect((await call('add', { skuId, quantity, requestId: rid() })).result).toEqual({
      ok: false,
      error: { code, message },
    });
    expect(dump(f)).toEqual(before);
  });

  it('add: SKU_NOT_FOUND for a SKU whose product is gone', async () => {
    f.emu.insert('skus', [
      {
        _id: 'orphan',
        productId: 'gone',
        spec: 'x',
        priceFen: 1,
        stock: 5,
        onSale: true,
        commission: null,
        reservedBy: [],
        returnedBy: [],
        updatedAt: new Date(),
      },
    ]);
    expect((await call('add', { skuId: 'orphan', requestId: rid() })).result).toMatchObject({
      ok: false,
      error: { code: 'SKU_NOT_FOUND' },
    });
  });

  it('add: OUT_OF_STOCK counts the units already in the cart; QUANTITY_LIMIT above 99 units; nothing written', async () => {
    await call('add', { skuId: 'tea-500', quantity: 2, requestId: rid() });
    await call('add', { skuId: 'tea-many', quantity: 98, requestId: rid() });
    const before = dump(f);
    expect((await call('add', { skuId: 'tea-500', quantity: 2, requestId: rid() })).result).toMatchObject({
      ok: false,
      error: { code: 'OUT_OF_STOCK' },
    });
    expect((await call('add', { skuId: 'tea-many', quantity: 2, requestId: rid() })).result).toEqual({
      ok: false,
      error: { code: 'QUANTITY_LIMIT', message: '单个商品最多购买 99 件' },
    });
    expect(dump(f)).toEqual(before);
    expect(lines((await call('add', { skuId: 'tea-many', quantity: 1, requestId: rid() })).result)).toContainEqual([
      'tea-many',
      99,
      'available',
    ]);
  });

  it('add: CART_FULL for a 51st line (more units of a line already there are fine); nothing written', async () => {
    seedProduct(
      f.emu,
      { _id: 'bulk' },
      Array.from({ length: 51 }, (_, i) => ({ _id: `bulk-${i}`, priceFen: 100, stock: 10 })),
    );
    const items = Array.from({ length: 50 }, (_, i) => ({
      skuId: `bulk-${i}`,
      quantity: 1,
      addedAt: new Date(1_700_000_000_000 + i),
    }));
    f.emu.insert('carts', [{ _id: ME, items, requestIds: [], version: 7, updatedAt: new Date() }]);
    const before = dump(f);
    expect((await call('add', { skuId: 'bulk-50', requestId: rid() })).result).toMatchObject({
      ok: false,
      error: { code: 'CART_FULL' },
    });
    expect(dump(f)).toEqual(before);
    const more = await call('add', { skuId: 'bulk-0', requestId: rid() });
    expect(more.result.data.totals).toEqual({ lineCount: 50, availableLineCount: 50, quantity: 51, goodsFen: 5_100 });
    expect(cartDoc(f)?.version).toBe(8);
  });

  it('get: current prices and stock, unavailable lines with their reason, totals over the available ones', async () => {
    const at = (i: number) => new Date(1_700_000_000_000 + i * 1000);
    f.emu.insert('carts', [
      {
        _id: ME,
        items: [
          { skuId: 'tea-250', quantity: 2, addedAt: at(1) },
          { skuId: 'vanished', quantity: 1, addedAt: at(2) },
          { skuId: 'tea-off', quantity: 1, addedAt: at(3) },
          { skuId: 'nuts-30', quantity: 1, addedAt: at(4) },
          { skuId: 'tea-none', quantity: 1, addedAt: at(5) },
          { skuId: 'tea-500', quantity: 5, addedAt: at(6) },
          { skuId: 'tea-many', quantity: 3, addedAt: at(7) },
        ],
        requestIds: [],
        version: 4,
        updatedAt: at(7),
      },
    ]);
    await f.db
      .collection('skus')
      .doc('tea-250')
      .update({ data: { priceFen: 11_000 } });
    const { result, invocation } = await call('get');
    expect(invocation.roundTrips.database).toBe(1);
    expect(lines(result)).toEqual([
      ['tea-many', 3, 'available'],
      ['tea-500', 5, 'insufficientStock'],
      ['tea-none', 1, 'soldOut'],
      ['nuts-30', 1, 'offSale'],
      ['tea-off', 1, 'offSale'],
      ['vanished', 1, 'gone'],
      ['tea-250', 2, 'available'],
    ]);
    expect(result.data.totals).toEqual({ lineCount: 7, availableLineCount: 2, quantity: 5, goodsFen: 22_300 });
    expect(result.data.lines[0]).toMatchObject({ stock: 999, stockCapped: true, unitPriceFen: 100, lineTotalFen: 300 });
    expect(result.data.lines[1]).toMatchObject({ stock: 3, stockCapped: false, lineTotalFen: 119_000 });
    expect(result.data.lines[5]).toEqual({
      skuId: 'vanished',
      productId: null,
      name: '',
      spec: '',
      cover: null,
      unitPriceFen: null,
      quantity: 1,
      stock: 0,
      stockCapped: false,
      status: 'gone',
      lineTotalFen: null,
      addedAt: at(2).toISOString(),
    });
    expect(result.data.lines[6]).toMatchObject({ unitPriceFen: 11_000, lineTotalFen: 22_000 });
  });

  it('setQuantity: sets, fewer units always allowed, more only with stock; LINE_NOT_FOUND; a no-op writes nothing', async () => {
    await call('add', { skuId: 'tea-250', requestId: rid() });
    await call('add', { skuId: 'tea-500', quantity: 3, requestId: rid() });
    expect(lines((await call('setQuantity', { skuId: 'tea-250', quantity: 7 })).result)).toEqual([
      ['tea-500', 3, 'available'],
      ['tea-250', 7, 'available'],
    ]);
    await f.db
      .collection('skus')
      .doc('tea-500')
      .update({ data: { onSale: false } });
    const before = dump(f);
    expect((await call('setQuantity', { skuId: 'tea-500', quantity: 4 })).result).toMatchObject({
      ok: false,
      error: { code: 'NOT_ON_SALE' },
    });
    expect((await call('setQuantity', { skuId: 'tea-250', quantity: 51 })).result).toMatchObject({
      ok: false,
      error: { code: 'OUT_OF_STOCK' },
    });
    expect((await call('setQuantity', { skuId: 'tea-many', quantity: 1 })).result).toEqual({
      ok: false,
      error: { code: 'LINE_NOT_FOUND', message: '购物车中没有这件商品' },
    });
    expect((await call('setQuantity', { skuId: 'tea-250', quantity: 7 })).result.ok).toBe(true);
    expect(dump(f)).toEqual(before);
    expect(lines((await call('setQuantity', { skuId: 'tea-500', quantity: 1 })).result)).toEqual([
      ['tea-500', 1, 'offSale'],
      ['tea-250', 7, 'available'],
    ]);
  });

  it('setQuantity: SKU_NOT_FOUND when adding units to a line whose SKU is gone', async () => {
    f.emu.insert('carts', [
      {
        _id: ME,
        items: [{ skuId: 'vanished', quantity: 1, addedAt: new Date() }],
        requestIds: [],
        version: 1,
        updatedAt: new Date(),
      },
    ]);
    expect((await call('setQuantity', { skuId: 'vanished', quantity: 2 })).result).toMatchObject({
      ok: false,
      error: { code: 'SKU_NOT_FOUND' },
    });
  });

  it('remove and clear: remove lines, answer the cart; replays write nothing; clear keeps the request ids', async () => {
    await call('add', { skuId: 'tea-250', requestId: 'tap-000001' });
    await call('add', { skuId: 'tea-500', requestId: 'tap-000002' });
    await call('add', { skuId: 'tea-many', requestId: 'tap-000003' });
    expect(lines((await call('remove', { skuIds: ['tea-500', 'tea-many', 'nope'] })).result)).toEqual([
      ['tea-250', 1, 'available'],
    ]);
    let before = dump(f);
    expect(lines((await call('remove', { skuIds: ['tea-500'] })).result)).toEqual([['tea-250', 1, 'available']]);
    expect(dump(f)).toEqual(before);
    expect((await call('clear')).result).toEqual({
      ok: true,
      data: { lines: [], totals: { lineCount: 0, availableLineCount: 0, quantity: 0, goodsFen: 0 } },
    });
    expect(cartDoc(f)).toMatchObject({ items: [], requestIds: ['tap-000001', 'tap-000002', 'tap-000003'] });
    before = dump(f);
    await call('clear');
    await call('add', { skuId: 'tea-250', requestId: 'tap-000001' });
    expect(dump(f)).toEqual(before);
  });

  it.each(['get', 'add', 'setQuantity', 'remove', 'clear'])(
    '%s: UNAUTHENTICATED without OPENID, touching nothing',
    async (route) => {
      const input =
        {
          add: { skuId: 'tea-250', requestId: rid() },
          setQuantity: { skuId: 'tea-250', quantity: 1 },
          remove: { skuIds: ['tea-250'] },
        }[route as 'add'] ?? {};
      const { result, invocation } = await call(route, input, null);
      expect(result).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
      expect(invocation.roundTrips.database).toBe(0);
    },
  );

  it.each([
    ['get', { openid: 'oOTHER' }],
    ['add', { skuId: 'tea-250' }],
    ['add', { skuId: 'tea-250', requestId: 'short' }],
    ['add', { skuId: 'tea-250', requestId: rid(), quantity: 100 }],
    ['add', { skuId: 'tea-250', requestId: rid(), quantity: 0 }],
    ['setQuantity', { skuId: 'tea-250', quantity: 0 }],
    ['setQuantity', { skuId: 'tea 250', quantity: 1 }],
    ['remove', { skuIds: [] }],
    ['remove', { skuIds: ['a', 'a'] }],
    ['clear', { all: true }],
  ])('%s answers INVALID_INPUT for %j without touching the database', async (route, input) => {
    const before = dump(f);
    const { result, invocation } = await call(route, input);
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(invocation.roundTrips.database).toBe(0);
    expect(dump(f)).toEqual(before);
  });

  it('answers UNKNOWN_ROUTE for an unknown $url', async () => {
    expect((await call('checkout')).result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_ROUTE' } });
  });
});
