/**
 * The admin's product routes, part 1: access and contracts of every product route, categories
 * and saveProduct (create, replay, edit, every refusal). Stock, on/off sale and the product
 * list are in admin-catalog-stock.test.ts.
 */
import { COLLECTIONS } from '@shared/collections';
import { ADMIN_CONTRACTS, type AdminRoute } from '@shared/contracts/admin';
import { useEmulator, type EmulatorFixture } from '../helpers/emulator';
import { seedProduct } from '../helpers/orders';

/** A function's answer as tests read it (`data` on ok, `error` otherwise). */
type Answer = { ok: boolean; data?: any; error?: any };

const ADMIN = 'oADMIN';
const PRODUCT_ROUTES = ['saveCategory', 'saveProduct', 'setStock', 'adjustStock', 'setOnSale', 'listProducts'] as const;

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

function seedAdmin(f: EmulatorFixture): void {
  f.emu.insert('admins', [
    { _id: ADMIN, addedBy: 'test', addedAt: new Date(f.emu.emulator.options.clock.now()), note: '' },
  ]);
}

const doc = (f: EmulatorFixture, collection: string, id: string): Record<string, any> | undefined =>
  f.emu.emulator.store.scan(collection).find((row) => row._id === id);

const VALID_INPUT: Record<(typeof PRODUCT_ROUTES)[number], object> = {
  saveCategory: { mode: 'create', id: 'cat-tea', name: '茶叶' },
  saveProduct: {
    mode: 'create',
    product: { id: 'p1', categoryId: 'cat-tea', name: '龙井', onSale: true },
    skus: [{ id: 'p1-a', spec: '250g', priceFen: 100 }],
  },
  setStock: { skuId: 'p1-a', expectedStock: 1, stock: 2 },
  adjustStock: { skuId: 'p1-a', delta: 5, requestId: 'adjust-0001' },
  setOnSale: { target: 'product', id: 'p1', onSale: false },
  listProducts: {},
};

const INVALID_INPUT: Array<[(typeof PRODUCT_ROUTES)[number], object]> = [
  ['saveCategory', { mode: 'upsert', id: 'cat-tea', name: '茶叶' }],
  ['saveCategory', { mode: 'create', id: 'cat tea', name: '茶叶' }],
  ['saveCategory', { mode: 'create', id: 'cat-tea', name: '' }],
  [
    'saveProduct',
    {
      mode: 'create',
      product: { id: 'p'.repeat(20), categoryId: 'c', name: 'x', onSale: true },
      skus: [{ id: 's', spec: 'x', priceFen: 1 }],
    },
  ],
  ['saveProduct', { mode: 'create', product: { id: 'p1', categoryId: 'c', name: 'x', onSale: true }, skus: [] }],
  [
    'saveProduct',
    {
      mode: 'create',
      product: { id: 'p1', categoryId: 'c', name: 'x', onSale: true },
      skus: [{ id: 's', spec: 'x', priceFen: 0 }],
    },
  ],
  [
    'saveProduct',
    {
      mode: 'create',
      product: { id: 'p1', categoryId: 'c', name: 'x', onSale: true },
      skus: [{ id: 's', spec: 'x', priceFen: 1.5 }],
    },
  ],
  [
    'saveProduct',
    {
      mode: 'create',
      product: { id: 'p1', categoryId: 'c', name: 'x', onSale: true },
      skus: [
        { id: 's', spec: 'x', priceFen: 1 },
        { id: 's', spec: 'y', priceFen: 2 },
      ],
    },
  ],
  [
    'saveProduct',
    {
      mode: 'create',
      product: { id: 'p1', categoryId: 'c', name: 'x', onSale: true },
      skus: [{ id: 's', spec: 'x', priceFen: 1, stock: 5 }],
    },
  ],
  [
    'saveProduct',
    {
      mode: 'create',
      product: { id: 'p1', categoryId: 'c', name: 'x', onSale: true },
      skus: [{ id: 's', spec: 'x', priceFen: 1, commission: { mode: 'percent', ratesBp: [10_001] } }],
    },
  ],
  [
    'saveProduct',
    {
      mode: 'create',
      product: {
        id: 'p1',
        categoryId: 'c',
        name: 'x',
        onSale: true,
        commission: { mode: 'fixed', fixedFenPerUnit: [1, 2, 3, 4] },
      },
      skus: [{ id: 's', spec: 'x', priceFen: 1 }],
    },
  ],
  [
    'saveProduct',
    {
      mode: 'create',
      product: { id: 'p1', categoryId: 'c', name: 'x', onSale: true, images: ['https://evil.example/a.png'] },
      skus: [{ id: 's', spec: 'x', priceFen: 1 }],
    },
  ],
  [
    'saveProduct',
    {
      mode: 'create',
      product: { id: 'p1', categoryId: 'c', name: 'x', onSale: true, images: ['cloud://env.bucket/products/p2/a.png'] },
      skus: [{ id: 's', spec: 'x', priceFen: 1 }],
    },
  ],
  [
    'saveProduct',
    {
      mode: 'create',
      product: {
        id: 'p1',
        categoryId: 'c',
        name: 'x',
        onSale: true,
        images: ['cloud://env.bucket/products/p1/../a.png'],
      },
      skus: [{ id: 's', spec: 'x', priceFen: 1 }],
    },
  ],
  [
    'saveProduct',
    {
      mode: 'create',
      product: {
        id: 'p1',
        categoryId: 'c',
        name: 'x',
        onSale: true,
        images: ['cloud://e.b/products/p1/a.png', 'cloud://e.b/products/p1/a.png'],
      },
      skus: [{ id: 's', spec: 'x', priceFen: 1 }],
    },
  ],
  [
    'saveProduct',
    { mode: 'create', product: { id: 'p1', categoryId: 'c', name: 'x' }, skus: [{ id: 's', spec: 'x', priceFen: 1 }] },
  ],
  ['setStock', { skuId: 'p1-a', stock: 2 }],
  ['setStock', { skuId: 'p1-a', expectedStock: 1, stock: -1 }],
  ['adjustStock', { skuId: 'p1-a', delta: 0 }],
  ['adjustStock', { skuId: 'p1-a', delta: 1.5 }],
  ['setOnSale', { target: 'product', id: 'p'.repeat(20), onSale: true }],
  ['setOnSale', { target: 'category', id: 'p1', onSale: true }],
  ['listProducts', { limit: 51 }],
  ['listProducts', { search: '' }],
];

describe('admin product routes: access and contracts', () => {
  const f = useEmulator();
  const call = adminApi(f);

  beforeEach(() => {
    f.emu.reset();
    seedAdmin(f);
  });

  it('the test inputs match the contracts', () => {
    for (const [route, input] of Object.entries(VALID_INPUT))
      expect(ADMIN_CONTRACTS[route as AdminRoute].input.safeParse(input).success).toBe(true);
    for (const [route, input] of INVALID_INPUT)
      expect(ADMIN_CONTRACTS[route as AdminRoute].input.safeParse(input).success).toBe(false);
  });

  it.each(PRODUCT_ROUTES)('%s refuses a non-admin with FORBIDDEN after one read and writes nothing', async (route) => {
    const before = dump(f);
    const { result, invocation } = await call(route, VALID_INPUT[route], 'oSHOPPER');
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(invocation.roundTrips.database).toBe(1);
    expect(dump(f)).toEqual(before);
  });

  it.each(PRODUCT_ROUTES)('%s refuses a call without OPENID with UNAUTHENTICATED', async (route) => {
    const { result, invocation } = await call(route, VALID_INPUT[route], null);
    expect(result).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(invocation.roundTrips.database).toBe(0);
  });

  it.each(INVALID_INPUT)('%s answers INVALID_INPUT for %j without touching the database', async (route, input) => {
    const before = dump(f);
    const { result, invocation } = await call(route, input);
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(invocation.roundTrips.database).toBe(0);
    expect(dump(f)).toEqual(before);
  });
});

describe('admin saveCategory', () => {
  const f = useEmulator();
  const call = adminApi(f);

  beforeEach(() => {
    f.emu.reset();
    seedAdmin(f);
  });

  it('creates, answers a replay unchanged, refuses another category with the same id, updates', async () => {
    expect(
      (await call('saveCategory', { mode: 'create', id: 'cat-tea', name: ' 茶叶 ', sortOrder: 2 })).result,
    ).toEqual({ ok: true, data: { status: 'created', category: { id: 'cat-tea', name: '茶叶', sortOrder: 2 } } });
    expect(doc(f, 'categories', 'cat-tea')).toEqual({ _id: 'cat-tea', name: '茶叶', sortOrder: 2 });
    expect((await call('saveCategory', { mode: 'create', id: 'cat-tea', name: '茶叶', sortOrder: 2 })).result).toEqual({
      ok: true,
      data: { status: 'unchanged', category: { id: 'cat-tea', name: '茶叶', sortOrder: 2 } },
    });
    const before = dump(f);
    expect((await call('saveCategory', { mode: 'create', id: 'cat-tea', name: '好茶' })).result).toMatchObject({
      ok: false,
      error: { code: 'CATEGORY_EXISTS' },
    });
    expect(dump(f)).toEqual(before);
    expect((await call('saveCategory', { mode: 'update', id: 'cat-tea', name: '好茶', sortOrder: 1 })).result).toEqual({
      ok: true,
      data: { status: 'updated', category: { id: 'cat-tea', name: '好茶', sortOrder: 1 } },
    });
    expect(doc(f, 'categories', 'cat-tea')).toEqual({ _id: 'cat-tea', name: '好茶', sortOrder: 1 });
    expect(
      (await call('saveCategory', { mode: 'update', id: 'cat-tea', name: '好茶', sortOrder: 1 })).result.data.status,
    ).toBe('unchanged');
  });

  it('CATEGORY_NOT_FOUND when updating an unknown category; nothing written', async () => {
    const before = dump(f);
    expect((await call('saveCategory', { mode: 'update', id: 'cat-none', name: '无' })).result).toMatchObject({
      ok: false,
      error: { code: 'CATEGORY_NOT_FOUND' },
    });
    expect(dump(f)).toEqual(before);
  });

  it('TOO_MANY_CATEGORIES beyond 50; nothing written', async () => {
    f.emu.insert(
      'categories',
      Array.from({ length: 50 }, (_, i) => ({ _id: `c${i}`, name: `c${i}`, sortOrder: i })),
    );
    const before = dump(f);
    expect((await call('saveCategory', { mode: 'create', id: 'c50', name: 'one more' })).result).toMatchObject({
      ok: false,
      error: { code: 'TOO_MANY_CATEGORIES' },
    });
    expect(dump(f)).toEqual(before);
  });
});

describe('admin saveProduct', () => {
  const f = useEmulator();
  const call = adminApi(f);
  let cover = '';

  const product = (changes: object = {}) => ({
    id: 'p1',
    categoryId: 'cat-tea',
    name: '明前龙井',
    description: '第一行\n第二行',
    images: [cover],
    onSale: true,
    sortOrder: 3,
    ...changes,
  });
  const skus = [
    { id: 'p1-250', spec: '250g 罐装', priceFen: 12_800, initialStock: 50 },
    {
      id: 'p1-500',
      spec: '500g 礼盒',
      priceFen: 23_800,
      initialStock: 10,
      commission: { mode: 'fixed', fixedFenPerUnit: [500, 200] },
    },
    { id: 'p1-old', spec: '旧包装', priceFen: 9_900, onSale: false },
  ];

  beforeEach(async () => {
    f.emu.reset();
    seedAdmin(f);
    f.emu.insert('categories', [
      { _id: 'cat-tea', name: '茶叶', sortOrder: 1 },
      { _id: 'cat-gift', name: '礼品', sortOrder: 2 },
    ]);
    cover = (
      (await f.cloud.uploadFile({ cloudPath: 'products/p1/cover.jpg', fileContent: Buffer.from('jpg') })) as {
        fileID: string;
      }
    ).fileID;
  });

  it('creates the SKUs and the product, the price range over the SKUs on sale, stock lists empty', async () => {
    const { result } = await call('saveProduct', { mode: 'create', product: product(), skus });
    expect(result).toMatchObject({
      ok: true,
      data: {
        status: 'created',
        product: { id: 'p1', slug: 'p1', minPriceFen: 12_800, maxPriceFen: 23_800, images: [cover] },
      },
    });
    expect(result.data.product.skus.map((sku: { id: string; stock: number }) => [sku.id, sku.stock])).toEqual([
      ['p1-old', 0],
      ['p1-250', 50],
      ['p1-500', 10],
    ]);
    const now = expect.any(Date);
    expect(doc(f, 'products', 'p1')).toEqual({
      _id: 'p1',
      slug: 'p1',
      categoryId: 'cat-tea',
      name: '明前龙井',
      description: '第一行\n第二行',
      images: [cover],
      detailImages: [],
      onSale: true,
      sortOrder: 3,
      minPriceFen: 12_800,
      maxPriceFen: 23_800,
      commission: { mode: 'default' },
      createdAt: now,
      updatedAt: now,
    });
    expect(doc(f, 'skus', 'p1-500')).toEqual({
      _id: 'p1-500',
      productId: 'p1',
      spec: '500g 礼盒',
      priceFen: 23_800,
      onSale: true,
      commission: { mode: 'fixed', fixedFenPerUnit: [500, 200] },
      stock: 10,
      reservedBy: [],
      returnedBy: [],
      updatedAt: now,
    });
    expect(doc(f, 'skus', 'p1-old')).toMatchObject({
      onSale: false,
      stock: 0,
      commission: null,
      reservedBy: [],
      returnedBy: [],
    });
  });

  it('answers a replayed create unchanged and writes nothing', async () => {
    await call('saveProduct', { mode: 'create', product: product(), skus });
    const before = dump(f);
    const { result } = await call('saveProduct', { mode: 'create', product: product(), skus });
    expect(result).toMatchObject({
      ok: true,
      data: { status: 'unchanged', product: { id: 'p1', minPriceFen: 12_800, maxPriceFen: 23_800 } },
    });
    expect(dump(f)).toEqual(before);
  });

  it('completes a create cut short after its SKUs (the retry writes the product)', async () => {
    f.emu.injectFault({ action: 'database.insertDocument', function: 'admin', kind: 'fail', nth: 4 });
    const first = await f.emu.call(
      'admin',
      { $url: 'saveProduct', mode: 'create', product: product(), skus },
      { openid: ADMIN },
    );
    expect(first.error).toBeDefined();
    expect(doc(f, 'products', 'p1')).toBeUndefined();
    expect(f.emu.emulator.store.count('skus')).toBe(3);
    f.emu.emulator.faults.clear();
    expect((await call('saveProduct', { mode: 'create', product: product(), skus })).result).toMatchObject({
      ok: true,
      data: { status: 'created' },
    });
    expect(doc(f, 'products', 'p1')).toMatchObject({ minPriceFen: 12_800, maxPriceFen: 23_800 });
  });

  it('edits: product fields, SKU price/spec/onSale/commission (replaced, not merged), new SKUs; never stock; omitted SKUs stay', async () => {
    await call('saveProduct', { mode: 'create', product: product(), skus });
    await f.db
      .collection('skus')
      .doc('p1-250')
      .update({ data: { stock: 42, reservedBy: ['order-1'] } });
    const edited = await call('saveProduct', {
      mode: 'update',
      product: product({
        name: '龙井 2026',
        categoryId: 'cat-gift',
        slug: 'longjing',
        commission: { mode: 'percent', ratesBp: [1000] },
      }),
      skus: [
        { id: 'p1-250', spec: '250g 新罐', priceFen: 13_800, initialStock: 999 },
        { id: 'p1-500', spec: '500g 礼盒', priceFen: 23_800, commission: { mode: 'percent', ratesBp: [800, 200] } },
        { id: 'p1-1kg', spec: '1kg', priceFen: 40_000, initialStock: 3 },
      ],
    });
    expect(edited.result).toMatchObject({
      ok: true,
      data: {
        status: 'updated',
        product: {
          name: '龙井 2026',
          slug: 'longjing',
          categoryId: 'cat-gift',
          minPriceFen: 13_800,
          maxPriceFen: 40_000,
        },
      },
    });
    expect(doc(f, 'products', 'p1')).toMatchObject({
      name: '龙井 2026',
      slug: 'longjing',
      commission: { mode: 'percent', ratesBp: [1000] },
      minPriceFen: 13_800,
      maxPriceFen: 40_000,
    });
    expect(doc(f, 'skus', 'p1-250')).toMatchObject({
      spec: '250g 新罐',
      priceFen: 13_800,
      stock: 42,
      reservedBy: ['order-1'],
      returnedBy: [],
    });
    expect(doc(f, 'skus', 'p1-500')?.commission).toEqual({ mode: 'percent', ratesBp: [800, 200] });
    expect(doc(f, 'skus', 'p1-1kg')).toMatchObject({ productId: 'p1', stock: 3, reservedBy: [], returnedBy: [] });
    expect(doc(f, 'skus', 'p1-old')).toMatchObject({ spec: '旧包装', onSale: false });
    expect(f.emu.emulator.store.count('skus')).toBe(4);
    // A second change of mode replaces the commission whole: no `ratesBp` left beside `fixedFenPerUnit`.
    await call('saveProduct', {
      mode: 'update',
      product: product({ commission: { mode: 'fixed', fixedFenPerUnit: [300] } }),
      skus: [skus[0]],
    });
    expect(doc(f, 'products', 'p1')?.commission).toEqual({ mode: 'fixed', fixedFenPerUnit: [300] });
  });

  it('keeps the price range over all SKUs while none is on sale', async () => {
    const { result } = await call('saveProduct', {
      mode: 'create',
      product: product({ onSale: false }),
      skus: [
        { id: 'p1-a', spec: 'a', priceFen: 500, onSale: false },
        { id: 'p1-b', spec: 'b', priceFen: 700, onSale: false },
      ],
    });
    expect(result.data.product).toMatchObject({ minPriceFen: 500, maxPriceFen: 700 });
  });

  it.each([
    ['PRODUCT_NOT_FOUND', 'update', {}, []],
    ['CATEGORY_NOT_FOUND', 'create', { categoryId: 'cat-none' }, []],
    ['SLUG_TAKEN', 'create', { slug: 'taken' }, []],
    ['SKU_TAKEN', 'create', {}, [{ id: 'other-a', spec: 'x', priceFen: 1 }]],
    [
      'IMAGE_NOT_FOUND',
      'create',
      { images: ['cloud://emulator-env.656d-emulator-env-1300000000/products/p1/never-uploaded.jpg'] },
      [],
    ],
  ])('%s: refused before any write', async (code, mode, changes, extraSkus) => {
    seedProduct(f.emu, { _id: 'other', slug: 'taken' }, [{ _id: 'other-a', priceFen: 1, stock: 1 }]);
    const before = dump(f);
    const { result } = await call('saveProduct', { mode, product: product(changes), skus: [...skus, ...extraSkus] });
    expect(result).toMatchObject({ ok: false, error: { code } });
    expect(dump(f)).toEqual(before);
  });

  it('PRODUCT_EXISTS: a create whose id holds another product; nothing written', async () => {
    await call('saveProduct', { mode: 'create', product: product(), skus });
    const before = dump(f);
    expect(
      (await call('saveProduct', { mode: 'create', product: product({ name: '别的茶' }), skus })).result,
    ).toMatchObject({ ok: false, error: { code: 'PRODUCT_EXISTS' } });
    expect(dump(f)).toEqual(before);
  });

  it('TOO_MANY_SKUS: more than 50 SKUs on one product; nothing written', async () => {
    seedProduct(
      f.emu,
      { _id: 'p1', categoryId: 'cat-tea', images: [cover] },
      Array.from({ length: 48 }, (_, i) => ({ _id: `p1-${i}`, priceFen: 100, stock: 1 })),
    );
    const before = dump(f);
    const { result } = await call('saveProduct', { mode: 'update', product: product(), skus });
    expect(result).toMatchObject({ ok: false, error: { code: 'TOO_MANY_SKUS' } });
    expect(dump(f)).toEqual(before);
  });
});
