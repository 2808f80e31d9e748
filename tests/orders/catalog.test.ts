/**
 * The catalog function (shoppers): home, categories, a category's products, search and the
 * product detail, against the emulator with the real SDK. The catalog is public: every route
 * also works without OPENID, and no route writes anything.
 */
import { COLLECTIONS } from '@shared/collections';
import { useEmulator, type EmulatorFixture } from '../helpers/emulator';
import { seedProduct } from '../helpers/orders';

/** A function's answer as tests read it (`data` on ok, `error` otherwise). */
type Answer = { ok: boolean; data?: any; error?: any };

function catalogApi(f: EmulatorFixture) {
  return async (route: string, input: object = {}, openid: string | null = 'oSHOPPER') => {
    const response = await f.emu.call('catalog', { $url: route, ...input }, openid === null ? {} : { openid });
    if (response.error) throw new Error(`catalog ${route} failed: ${response.error.message}`);
    return { result: response.result as Answer, invocation: response.invocation };
  };
}

function dump(f: EmulatorFixture): Record<string, unknown[]> {
  return Object.fromEntries(
    COLLECTIONS.map((collection) => [collection.name, f.emu.emulator.store.scan(collection.name)]),
  );
}

/** Tea: 8 products on sale (t1..t8, sortOrder descending by id so order is visible) and one off sale; snacks: one; home: none. */
function seedStore(f: EmulatorFixture): void {
  f.emu.insert('categories', [
    { _id: 'cat-snacks', name: '零食', sortOrder: 2 },
    { _id: 'cat-tea', name: '茶叶', sortOrder: 1 },
    { _id: 'cat-home', name: '家居', sortOrder: 3 },
  ]);
  for (let i = 1; i <= 8; i += 1) {
    seedProduct(
      f.emu,
      {
        _id: `t${i}`,
        categoryId: 'cat-tea',
        name: `绿茶 No.${i}`,
        sortOrder: 10 - i,
        images: [`cloud://x.y/products/t${i}/cover.png`],
      },
      [{ _id: `t${i}-a`, priceFen: 1000 * i, stock: 5 }],
    );
  }
  seedProduct(f.emu, { _id: 't-off', categoryId: 'cat-tea', name: '下架绿茶', onSale: false, sortOrder: 0 }, [
    { _id: 't-off-a', priceFen: 500, stock: 5 },
  ]);
  seedProduct(f.emu, { _id: 'n1', categoryId: 'cat-snacks', name: 'Mixed NUTS (A+B) 礼盒', sortOrder: 1 }, [
    { _id: 'n1-a', priceFen: 8990, stock: 200 },
  ]);
}

const card = (id: string, name: string, categoryId: string, priceFen: number, cover: string | null) => ({
  id,
  categoryId,
  name,
  cover,
  // The seeded covers are not in storage, so they have no link.
  coverUrl: null,
  minPriceFen: priceFen,
  maxPriceFen: priceFen,
});
const tea = (i: number) => card(`t${i}`, `绿茶 No.${i}`, 'cat-tea', 1000 * i, `cloud://x.y/products/t${i}/cover.png`);

describe('catalog: lists', () => {
  const f = useEmulator();
  const call = catalogApi(f);

  beforeAll(() => {
    f.emu.reset();
    seedStore(f);
  });

  it('home: every category, and a section per category with products on sale, first 6 by sortOrder, in one round trip', async () => {
    const before = dump(f);
    const { result, invocation } = await call('home');
    expect(result).toEqual({
      ok: true,
      data: {
        categories: [
          { id: 'cat-tea', name: '茶叶', sortOrder: 1 },
          { id: 'cat-snacks', name: '零食', sortOrder: 2 },
          { id: 'cat-home', name: '家居', sortOrder: 3 },
        ],
        sections: [
          {
            category: { id: 'cat-tea', name: '茶叶', sortOrder: 1 },
            products: [tea(8), tea(7), tea(6), tea(5), tea(4), tea(3)],
            hasMore: true,
          },
          {
            category: { id: 'cat-snacks', name: '零食', sortOrder: 2 },
            products: [card('n1', 'Mixed NUTS (A+B) 礼盒', 'cat-snacks', 8990, null)],
            hasMore: false,
          },
        ],
      },
    });
    expect(invocation.roundTrips.database).toBe(1);
    expect(dump(f)).toEqual(before);
  });

  it('serves every route without OPENID (a public catalog)', async () => {
    expect((await call('home', {}, null)).result.ok).toBe(true);
    expect((await call('categories', {}, null)).result.ok).toBe(true);
    expect((await call('products', { categoryId: 'cat-tea' }, null)).result.ok).toBe(true);
    expect((await call('search', { keyword: '绿茶' }, null)).result.ok).toBe(true);
    expect((await call('detail', { productId: 't1' }, null)).result.ok).toBe(true);
  });

  it('categories: by sortOrder', async () => {
    const { result } = await call('categories');
    expect(result).toEqual({
      ok: true,
      data: {
        items: [
          { id: 'cat-tea', name: '茶叶', sortOrder: 1 },
          { id: 'cat-snacks', name: '零食', sortOrder: 2 },
          { id: 'cat-home', name: '家居', sortOrder: 3 },
        ],
      },
    });
  });

  it('products: pages through a category on sale, in display order', async () => {
    const first = await call('products', { categoryId: 'cat-tea', page: 1, pageSize: 3 });
    expect(first.result).toEqual({
      ok: true,
      data: {
        category: { id: 'cat-tea', name: '茶叶', sortOrder: 1 },
        items: [tea(8), tea(7), tea(6)],
        page: 1,
        pageSize: 3,
        hasMore: true,
      },
    });
    const third = await call('products', { categoryId: 'cat-tea', page: 3, pageSize: 3 });
    expect(third.result).toEqual({
      ok: true,
      data: {
        category: { id: 'cat-tea', name: '茶叶', sortOrder: 1 },
        items: [tea(2), tea(1)],
        page: 3,
        pageSize: 3,
        hasMore: false,
      },
    });
    const empty = await call('products', { categoryId: 'cat-home' });
    expect(empty.result).toEqual({
      ok: true,
      data: {
        category: { id: 'cat-home', name: '家居', sortOrder: 3 },
        items: [],
        page: 1,
        pageSize: 20,
        hasMore: false,
      },
    });
  });

  it('products: CATEGORY_NOT_FOUND for an unknown category', async () => {
    const before = dump(f);
    const { result } = await call('products', { categoryId: 'cat-none' });
    expect(result).toEqual({ ok: false, error: { code: 'CATEGORY_NOT_FOUND', message: '分类不存在' } });
    expect(dump(f)).toEqual(before);
  });

  it('search: any case, only products on sale, paged', async () => {
    expect((await call('search', { keyword: 'no.1' })).result).toEqual({
      ok: true,
      data: { keyword: 'no.1', items: [tea(1)], page: 1, pageSize: 20, hasMore: false },
    });
    expect((await call('search', { keyword: '  nuts ' })).result).toEqual({
      ok: true,
      data: {
        keyword: 'nuts',
        items: [card('n1', 'Mixed NUTS (A+B) 礼盒', 'cat-snacks', 8990, null)],
        page: 1,
        pageSize: 20,
        hasMore: false,
      },
    });
    const paged = await call('search', { keyword: '绿茶', page: 2, pageSize: 5 });
    expect(paged.result).toEqual({
      ok: true,
      data: { keyword: '绿茶', items: [tea(3), tea(2), tea(1)], page: 2, pageSize: 5, hasMore: false },
    });
  });

  it('search: the keyword is literal text, never a pattern', async () => {
    expect(
      (await call('search', { keyword: '(A+B)' })).result.data.items.map((item: { id: string }) => item.id),
    ).toEqual(['n1']);
    expect((await call('search', { keyword: '.*' })).result.data.items).toEqual([]);
    expect((await call('search', { keyword: 'No.' })).result.data.items).toHaveLength(8);
    expect((await call('search', { keyword: 'No?' })).result.data.items).toEqual([]);
    expect((await call('search', { keyword: '[' })).result.data.items).toEqual([]);
  });

  it.each([
    ['home', { page: 1 }],
    ['categories', { all: true }],
    ['products', {}],
    ['products', { categoryId: 'cat tea' }],
    ['products', { categoryId: 'cat-tea', pageSize: 51 }],
    ['products', { categoryId: 'cat-tea', page: 0 }],
    ['search', { keyword: '   ' }],
    ['search', { keyword: 'x'.repeat(31) }],
    ['search', { keyword: 'tea', pageSize: 0 }],
    ['detail', { productId: 'p'.repeat(20) }],
    ['detail', { productId: 'p/1' }],
    ['detail', {}],
  ])('%s answers INVALID_INPUT for %j without touching the database', async (route, input) => {
    const before = dump(f);
    const { result, invocation } = await call(route, input);
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(invocation.roundTrips.database).toBe(0);
    expect(dump(f)).toEqual(before);
  });

  it('answers UNKNOWN_ROUTE for an unknown or missing $url', async () => {
    for (const event of [{ $url: 'deleteEverything' }, {}]) {
      const response = await f.emu.call('catalog', event, { openid: 'oSHOPPER' });
      expect(response.result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_ROUTE' } });
      expect(response.invocation.roundTrips.database).toBe(0);
    }
  });
});

describe('catalog: detail', () => {
  const f = useEmulator();
  const call = catalogApi(f);

  beforeEach(() => f.emu.reset());

  it('shows the product with its SKUs on sale, cheapest first, stock capped at 999, and links for its images', async () => {
    const upload = (await f.cloud.uploadFile({
      cloudPath: 'products/p1/cover.png',
      fileContent: Buffer.from('cover-bytes'),
    })) as { fileID: string };
    const missing = upload.fileID.replace('cover.png', 'gone.png');
    seedProduct(
      f.emu,
      {
        _id: 'p1',
        categoryId: 'cat-tea',
        name: '普洱',
        description: '云南',
        images: [upload.fileID, missing],
        minPriceFen: 6900,
        maxPriceFen: 19900,
      },
      [
        { _id: 'p1-big', spec: '357g 饼', priceFen: 19900, stock: 30 },
        { _id: 'p1-small', spec: '100g 小饼', priceFen: 6900, stock: 1500 },
        { _id: 'p1-gone', spec: '停产', priceFen: 100, stock: 3, onSale: false },
        { _id: 'p1-out', spec: '礼盒', priceFen: 19900, stock: 0 },
      ],
    );
    const before = dump(f);
    const { result, invocation } = await call('detail', { productId: 'p1' });
    expect(result).toEqual({
      ok: true,
      data: {
        id: 'p1',
        categoryId: 'cat-tea',
        name: '普洱',
        description: '云南',
        images: [
          {
            fileId: upload.fileID,
            url: expect.stringMatching(
              /^http:\/\/127\.0\.0\.1:\d+\/_emulator\/storage\/files\/products\/p1\/cover\.png\?/,
            ),
          },
          { fileId: missing, url: null },
        ],
        detailImages: [],
        minPriceFen: 6900,
        maxPriceFen: 19900,
        skus: [
          { id: 'p1-small', spec: '100g 小饼', priceFen: 6900, stock: 999, stockCapped: true },
          { id: 'p1-big', spec: '357g 饼', priceFen: 19900, stock: 30, stockCapped: false },
          { id: 'p1-out', spec: '礼盒', priceFen: 19900, stock: 0, stockCapped: false },
        ],
      },
    });
    expect(invocation.roundTrips.database).toBe(1);
    const image = await fetch(result.data.images[0].url);
    expect(image.status).toBe(200);
    expect(Buffer.from(await image.arrayBuffer()).toString()).toBe('cover-bytes');
    expect(dump(f)).toEqual(before);
  });

  it('shows a product on sale without SKUs on sale with an empty SKU list', async () => {
    seedProduct(f.emu, { _id: 'p2' }, [{ _id: 'p2-a', priceFen: 100, stock: 1, onSale: false }]);
    const { result } = await call('detail', { productId: 'p2' });
    expect(result).toMatchObject({ ok: true, data: { id: 'p2', images: [], skus: [] } });
  });

  it('NOT_ON_SALE for a product off sale, PRODUCT_NOT_FOUND for an unknown one; nothing written', async () => {
    seedProduct(f.emu, { _id: 'p3', onSale: false }, [{ _id: 'p3-a', priceFen: 100, stock: 1 }]);
    const before = dump(f);
    expect((await call('detail', { productId: 'p3' })).result).toEqual({
      ok: false,
      error: { code: 'NOT_ON_SALE', message: '商品已下架' },
    });
    expect((await call('detail', { productId: 'nope' })).result).toEqual({
      ok: false,
      error: { code: 'PRODUCT_NOT_FOUND', message: '商品不存在' },
    });
    expect(dump(f)).toEqual(before);
  });
});
