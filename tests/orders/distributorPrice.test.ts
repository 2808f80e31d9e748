/**
 * The distributor-exclusive price (分销专属价) against the emulator: the catalog shows it to the
 * distributors the server recognises from their OPENID (and nobody else), in the round trips the
 * pages always took; placeOrder and its quote charge it on the server with a per-grade price
 * winning, the 限时折扣 competing as a candidate, and a client never able to ask for it; the
 * self-purchase rule pays level 1 on the exclusive price exactly; the admin's save refuses
 * prices not below the SKU price.
 */
import type { OrderDocument } from '@shared/orders';
import type { SkuDocument } from '@shared/catalog';
import type { UserDocument } from '@shared/users';
import { useEmulator, type EmulatorFixture } from '../helpers/emulator';
import { seedActivity } from '../helpers/marketing';
import { seedAddress, seedProduct } from '../helpers/orders';
import { seedRules, seedUsers } from '../helpers/referrals';

type Answer = { ok: boolean; data?: any; error?: any };

const RULES = {
  recruitment: 'apply' as const,
  levels: 2,
  capBp: 3000,
  grades: [
    { id: 'standard', name: '普通', rank: 0, ratesBp: [1000, 500], upgradeWhen: {} },
    { id: 'gold', name: '金牌', rank: 1, ratesBp: [1500, 800], upgradeWhen: {} },
  ],
  defaultGradeId: 'standard',
  shipping: { flatFeeFen: 0, freeFromFen: null },
};

function seedShop(f: EmulatorFixture, selfPurchase = false): void {
  f.emu.reset();
  seedRules(f.emu, { ...RULES, selfPurchase });
  const users = seedUsers(f.emu, [
    { id: 'oTop', status: 'approved' },
    { id: 'oDist', status: 'approved', referrerId: 'oTop' },
    { id: 'oGold', status: 'approved', referrerId: 'oTop' },
    { id: 'oPending', status: 'pending', referrerId: 'oDist' },
    { id: 'oShopper', referrerId: 'oDist', ancestors: ['oDist', 'oTop'] },
  ]);
  const gold = users.find((user) => user._id === 'oGold') as UserDocument;
  f.emu.emulator.put('users', 'oGold', {
    ...gold,
    distributor: { ...gold.distributor, gradeId: 'gold' },
  } as unknown as Record<string, unknown>);
  for (const id of ['oDist', 'oGold', 'oPending', 'oShopper']) seedAddress(f.emu, id);
  f.emu.insert('categories', [{ _id: 'cat-test', name: '茶', sortOrder: 0 }]);
  seedProduct(f.emu, { _id: 'p-tea', name: '普洱茶' }, [
    {
      _id: 'tea-250',
      priceFen: 12_800,
      stock: 50,
      distributorPriceFen: 9_900,
      distributorPricesByGrade: { gold: 8_800 },
    },
    { _id: 'tea-500', priceFen: 20_000, stock: 50 },
  ]);
}

const orders = (f: EmulatorFixture): OrderDocument[] =>
  f.emu.emulator.store.scan('orders') as unknown as OrderDocument[];

describe('the distributor-exclusive price', () => {
  const f = useEmulator({ functionEnv: { WXPAY_SUB_MCH_ID: '1900000109' } });
  const catalog = async (route: string, input: object, openid: string | null) => {
    const response = await f.emu.call('catalog', { $url: route, ...input }, openid ? { openid } : {});
    return { result: response.result as Answer, roundTrips: response.invocation.roundTrips.database };
  };
  const placeOrder = async (openid: string, data: Record<string, unknown>) =>
    (await f.emu.call('placeOrder', data, { openid })).result as Answer;
  const place = (openid: string, items: object[], key = `checkout-${openid}`) =>
    placeOrder(openid, { items, addressId: `addr-${openid}`, idempotencyKey: key });
  const orderOf = (openid: string): OrderDocument =>
    orders(f).find((order) => order.buyerId === openid) as OrderDocument;

  beforeEach(() => seedShop(f));

  it('shows the product page a distributor their price (a grade its own) and everyone else the normal one, in one round trip', async () => {
    const skusOf = async (openid: string | null) => {
      const { result, roundTrips } = await catalog('detail', { productId: 'p-tea' }, openid);
      expect(roundTrips).toBe(1);
      return (result.data.skus as Array<Record<string, unknown>>).map((sku) => [
        sku.id,
        sku.priceFen,
        sku.distributorPriceFen,
      ]);
    };
    expect(await skusOf('oDist')).toEqual([
      ['tea-250', 12_800, 9_900],
      ['tea-500', 20_000, undefined],
    ]);
    expect(await skusOf('oGold')).toEqual([
      ['tea-250', 12_800, 8_800],
      ['tea-500', 20_000, undefined],
    ]);
    for (const openid of ['oShopper', 'oPending', 'oNobody', null])
      expect(await skusOf(openid)).toEqual([
        ['tea-250', 12_800, undefined],
        ['tea-500', 20_000, undefined],
      ]);
  });

  it('shows list cards a distributor their lowest price, others none, without a round trip more', async () => {
    const cardsOf = async (openid: string | null) => {
      const home = await catalog('home', {}, openid);
      const search = await catalog('search', { keyword: '普洱' }, openid);
      const category = await catalog('products', { categoryId: 'cat-test' }, openid);
      expect([home.roundTrips, search.roundTrips, category.roundTrips]).toEqual([1, 1, 2]);
      const cards = [
        home.result.data.sections[0].products[0],
        search.result.data.items[0],
        category.result.data.items[0],
      ];
      return cards.map((card) => card.distributorPrice);
    };
    expect(await cardsOf('oDist')).toEqual(Array(3).fill({ priceFen: 9_900, originalPriceFen: 12_800 }));
    expect(await cardsOf('oGold')).toEqual(Array(3).fill({ priceFen: 8_800, originalPriceFen: 12_800 }));
    expect(await cardsOf('oShopper')).toEqual([undefined, undefined, undefined]);
    expect(await cardsOf(null)).toEqual([undefined, undefined, undefined]);
  });

  it('charges a distributor their price on the server, named 分销专属价, and the quote says the same', async () => {
    const items = [
      { skuId: 'tea-250', quantity: 2 },
      { skuId: 'tea-500', quantity: 1 },
    ];
    const quoted = (await placeOrder('oDist', { $url: 'quote', items })).data;
    expect(await place('oDist', items)).toMatchObject({ ok: true, data: { payableFen: 39_800 } });
    const order = orderOf('oDist');
    // 2 × 128 + 200 = 456 元; the exclusive 99 takes 2 × 29 = 58 元 off the tea: 398 元.
    expect(order).toMatchObject({
      goodsFen: 45_600,
      discountFen: 5_800,
      payableFen: 39_800,
      discounts: [{ source: 'distributorPrice', id: 'distributorPrice', name: '分销专属价', amountFen: 5_800 }],
    });
    expect(
      order.lines.map((line) => [line.unitPriceFen, line.paidFen, line.attribution.baseFen, line.activity]),
    ).toEqual([
      [12_800, 19_800, 19_800, null],
      [20_000, 20_000, 20_000, null],
    ]);
    expect(quoted).toMatchObject({
      goodsFen: 45_600,
      discountFen: 5_800,
      payableFen: 39_800,
      discounts: order.discounts,
    });
    expect(quoted.lines.map((line: { paidFen: number }) => line.paidFen)).toEqual([19_800, 20_000]);
  });

  it("charges a grade's own price over the general one", async () => {
    expect(await place('oGold', [{ skuId: 'tea-250', quantity: 3 }])).toMatchObject({
      ok: true,
      data: { payableFen: 26_400 },
    });
    expect(orderOf('oGold').lines[0]).toMatchObject({ discountFen: 12_000, paidFen: 26_400 });
  });

  it('never gives it to anyone else, whatever the client sends', async () => {
    for (const extra of [{ distributorPriceFen: 1 }, { priceFen: 9_900 }]) {
      const refused = await placeOrder('oShopper', {
        items: [{ skuId: 'tea-250', quantity: 1, ...extra }],
        addressId: 'addr-oShopper',
        idempotencyKey: 'checkout-cheat',
      });
      expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    }
    const cheat = await placeOrder('oShopper', {
      items: [{ skuId: 'tea-250', quantity: 1 }],
      addressId: 'addr-oShopper',
      idempotencyKey: 'checkout-cheat',
      distributor: true,
    });
    expect(cheat).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(orders(f)).toEqual([]);
    for (const buyer of ['oShopper', 'oPending']) {
      expect(await place(buyer, [{ skuId: 'tea-250', quantity: 1 }])).toMatchObject({
        ok: true,
        data: { payableFen: 12_800 },
      });
      expect(orderOf(buyer)).toMatchObject({ discountFen: 0, discounts: [] });
    }
    // The shopper's order pays its referrers on the normal price: 10% and 5% of 128 元.
    expect(orderOf('oShopper').lines[0]!.attribution.levels.map((level) => level.amountFen)).toEqual([1_280, 640]);
  });

  it('competes with a 限时折扣 as a line price: the lowest wins, the activity keeps a tie', async () => {
    seedActivity(f.emu, 'td1', '春茶限时', {
      kind: 'timedDiscount',
      skus: [{ skuId: 'tea-250', productId: 'p-tea', priceFen: 9_000 }],
    });
    await place('oDist', [{ skuId: 'tea-250', quantity: 1 }]);
    await place('oGold', [{ skuId: 'tea-250', quantity: 1 }]);
    expect(orderOf('oDist')).toMatchObject({
      payableFen: 9_000,
      discounts: [{ source: 'activity', id: 'td1', amountFen: 3_800 }],
    });
    expect(orderOf('oDist').lines[0]!.activity).toMatchObject({ id: 'td1' });
    expect(orderOf('oGold')).toMatchObject({
      payableFen: 8_800,
      discounts: [{ source: 'distributorPrice', amountFen: 4_000 }],
    });
    expect(orderOf('oGold').lines[0]!.activity).toBeNull();
    const detail = async (openid: string) =>
      (await catalog('detail', { productId: 'p-tea' }, openid)).result.data.skus[0];
    expect(await detail('oDist')).toMatchObject({ activity: { priceFen: 9_000 } });
    expect((await detail('oDist')).distributorPriceFen).toBeUndefined();
    expect(await detail('oGold')).toMatchObject({ activity: { priceFen: 9_000 }, distributorPriceFen: 8_800 });
  });
});

describe('self-purchase commission on the exclusive price', () => {
  const f = useEmulator({ functionEnv: { WXPAY_SUB_MCH_ID: '1900000109' } });

  it.each([
    // Off: the buyer earns nothing on their own order; their referrer takes level 1 on 99 元 (10%).
    [false, [['oTop', 990]]],
    // On: the buyer takes level 1 (10% of 99 元), their referrer level 2 (5%).
    [
      true,
      [
        ['oDist', 990],
        ['oTop', 495],
      ],
    ],
  ])('selfPurchase %s: the base is the exclusive price paid', async (selfPurchase, expected) => {
    seedShop(f, selfPurchase as boolean);
    const response = await f.emu.call(
      'placeOrder',
      { items: [{ skuId: 'tea-250', quantity: 1 }], addressId: 'addr-oDist', idempotencyKey: 'checkout-self' },
      { openid: 'oDist' },
    );
    expect(response.result).toMatchObject({ ok: true, data: { payableFen: 9_900 } });
    const [order] = f.emu.emulator.store.scan('orders') as unknown as OrderDocument[];
    const line = order!.lines[0]!;
    expect(line.attribution.baseFen).toBe(9_900);
    expect(line.attribution.levels.map((level) => [level.beneficiaryId, level.amountFen])).toEqual(expected);
  });
});

describe('admin saveProduct with distributor prices', () => {
  const f = useEmulator();
  const ADMIN = 'oADMIN';
  const save = async (skus: object[], mode: 'create' | 'update' = 'create') =>
    (
      await f.emu.call(
        'admin',
        {
          $url: 'saveProduct',
          mode,
          product: { id: 'p1', categoryId: 'cat-tea', name: '龙井', onSale: true },
          skus,
        },
        { openid: ADMIN },
      )
    ).result as Answer;
  const sku = (): SkuDocument =>
    f.emu.emulator.store.scan('skus').find((row) => row._id === 'p1-a') as unknown as SkuDocument;

  beforeEach(() => {
    f.emu.reset();
    f.emu.insert('admins', [{ _id: ADMIN, addedBy: 'test', addedAt: new Date(), note: '' }]);
    f.emu.insert('categories', [{ _id: 'cat-tea', name: '茶叶', sortOrder: 0 }]);
  });

  it('refuses a price not below the SKU price, general or per grade, and writes nothing', async () => {
    for (const prices of [
      { distributorPriceFen: 10_000 },
      { distributorPriceFen: 12_000 },
      { distributorPricesByGrade: { gold: 10_001 } },
      { distributorPricesByGrade: { Gold: 5_000 } },
      { distributorPriceFen: 0 },
    ]) {
      const result = await save([{ id: 'p1-a', spec: '250g', priceFen: 10_000, ...prices }]);
      expect([prices, result]).toMatchObject([prices, { ok: false, error: { code: 'INVALID_INPUT' } }]);
    }
    expect(f.emu.emulator.store.scan('skus')).toEqual([]);
  });

  it('stores the prices, keeps them when a save leaves them out, and removes them when taken away', async () => {
    const created = await save([
      {
        id: 'p1-a',
        spec: '250g',
        priceFen: 10_000,
        distributorPriceFen: 8_000,
        distributorPricesByGrade: { gold: 7_500 },
      },
    ]);
    expect(created).toMatchObject({
      ok: true,
      data: { product: { skus: [{ distributorPriceFen: 8_000, distributorPricesByGrade: { gold: 7_500 } }] } },
    });
    expect(sku()).toMatchObject({ distributorPriceFen: 8_000, distributorPricesByGrade: { gold: 7_500 } });
    // A save without the fields (a client that does not know them) keeps them.
    const kept = await save([{ id: 'p1-a', spec: '250g 罐装', priceFen: 10_000 }], 'update');
    expect(kept).toMatchObject({ ok: true, data: { status: 'updated' } });
    expect(sku()).toMatchObject({
      spec: '250g 罐装',
      distributorPriceFen: 8_000,
      distributorPricesByGrade: { gold: 7_500 },
    });
    // Grade prices are replaced whole.
    const replaced = await save(
      [{ id: 'p1-a', spec: '250g 罐装', priceFen: 10_000, distributorPricesByGrade: { silver: 9_000 } }],
      'update',
    );
    expect(replaced).toMatchObject({ ok: true, data: { status: 'updated' } });
    expect(sku()).toMatchObject({ distributorPriceFen: 8_000, distributorPricesByGrade: { silver: 9_000 } });
    // A lower SKU price that would leave a stored exclusive price at or above it is refused.
    const before = sku();
    const lowered = await save([{ id: 'p1-a', spec: '250g 罐装', priceFen: 8_000 }], 'update');
    expect(lowered).toMatchObject({ ok: false, error: { code: 'DISTRIBUTOR_PRICE_NOT_BELOW' } });
    expect(sku()).toEqual(before);
    const cleared = await save(
      [{ id: 'p1-a', spec: '250g 罐装', priceFen: 10_000, distributorPriceFen: null, distributorPricesByGrade: {} }],
      'update',
    );
    expect(cleared).toMatchObject({ ok: true, data: { status: 'updated' } });
    expect(sku()).not.toHaveProperty('distributorPriceFen');
    expect(sku()).not.toHaveProperty('distributorPricesByGrade');
    expect(cleared.data.product.skus[0]).not.toHaveProperty('distributorPriceFen');
  });
});
