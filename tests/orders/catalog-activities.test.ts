/**
 * The catalog with live activities, against the emulator: every list (home, a category, search)
 * and the product page carry the 限时折扣 price the order charges (lowest live activity price of
 * the SKU; ties: earliest start, then id), with the original price and the end of the window;
 * the product page adds the 满减 tiers covering the product and the server's time for the
 * countdown. Paused, ended, upcoming and other products' activities change nothing. The round
 * trips stay what they were without activities (they ride in the pages' own aggregations).
 */
import { applyRateFloor } from '@shared/money';
import { useEmulator, type EmulatorFixture } from '../helpers/emulator';
import { seedProduct } from '../helpers/orders';
import { seedUsers } from '../helpers/referrals';
import { seedDemoStore } from '../../scripts/seed';

type Answer = { ok: boolean; data?: any; error?: any };
const DAY_MS = 24 * 3600 * 1000;

function catalogApi(f: EmulatorFixture) {
  return async (route: string, input: object = {}, openid = 'oSHOPPER') => {
    const response = await f.emu.call('catalog', { $url: route, ...input }, { openid });
    if (response.error) throw new Error(`catalog ${route} failed: ${response.error.message}`);
    return { result: response.result as Answer, roundTrips: response.invocation.roundTrips.database };
  };
}

describe('catalog with live activities', () => {
  const f = useEmulator();
  const call = catalogApi(f);
  let now = 0;
  const at = (offsetMs: number) => new Date(now + offsetMs);

  function activity(id: string, fields: object): Record<string, unknown> {
    return {
      _id: id,
      name: id,
      startAt: at(-DAY_MS),
      endAt: at(2 * DAY_MS),
      status: 'active',
      commission: true,
      createdAt: at(-DAY_MS),
      updatedAt: at(-DAY_MS),
      ...fields,
    };
  }

  beforeEach(() => {
    f.emu.reset();
    now = f.emu.emulator.options.clock.now();
    f.emu.insert('categories', [
      { _id: 'cat-tea', name: '茶叶', sortOrder: 1 },
      { _id: 'cat-nuts', name: '坚果', sortOrder: 2 },
    ]);
    seedProduct(f.emu, { _id: 't1', categoryId: 'cat-tea', name: '龙井', sortOrder: 1 }, [
      { _id: 't1-a', priceFen: 10000, stock: 5 },
      { _id: 't1-b', priceFen: 20000, stock: 5 },
    ]);
    seedProduct(f.emu, { _id: 't2', categoryId: 'cat-tea', name: '碧螺春', sortOrder: 2 }, [
      { _id: 't2-a', priceFen: 5000, stock: 5 },
    ]);
    seedProduct(f.emu, { _id: 'n1', categoryId: 'cat-nuts', name: '核桃', sortOrder: 1 }, [
      { _id: 'n1-a', priceFen: 3000, stock: 5 },
    ]);
    f.emu.insert('activities', [
      // Two live discounts list t1-a: the lower price wins; the other SKU keeps the first one's.
      activity('td-a', {
        kind: 'timedDiscount',
        name: '春季限时折扣',
        skus: [
          { skuId: 't1-a', productId: 't1', priceFen: 8000 },
          { skuId: 't1-b', productId: 't1', priceFen: 15000 },
        ],
      }),
      activity('td-b', {
        kind: 'timedDiscount',
        name: '会员日',
        endAt: at(DAY_MS),
        skus: [{ skuId: 't1-a', productId: 't1', priceFen: 7500 }],
      }),
      // Neither paused, upcoming nor ended activities apply.
      activity('td-paused', {
        kind: 'timedDiscount',
        status: 'paused',
        skus: [{ skuId: 't2-a', productId: 't2', priceFen: 100 }],
      }),
      activity('td-later', {
        kind: 'timedDiscount',
        startAt: at(DAY_MS),
        skus: [{ skuId: 't2-a', productId: 't2', priceFen: 100 }],
      }),
      activity('td-over', {
        kind: 'timedDiscount',
        status: 'ended',
        skus: [{ skuId: 'n1-a', productId: 'n1', priceFen: 100 }],
      }),
      activity('fr-tea', {
        kind: 'fullReduction',
        name: '茶叶满减',
        scope: { kind: 'categories', categoryIds: ['cat-tea'] },
        tiers: [
          { thresholdFen: 19900, offFen: 2000 },
          { thresholdFen: 29950, offFen: 4000 },
        ],
      }),
      activity('fr-nuts', {
        kind: 'fullReduction',
        scope: { kind: 'products', productIds: ['n1'] },
        tiers: [{ thresholdFen: 9900, offFen: 1000 }],
      }),
    ]);
  });

  const t1Activity = () => ({
    activityId: 'td-b',
    name: '会员日',
    priceFen: 7500,
    originalPriceFen: 10000,
    endAt: at(DAY_MS).toISOString(),
  });

  it('home: the card of a discounted product carries its lowest activity price, still in one round trip', async () => {
    const { result, roundTrips } = await call('home');
    const cards = result.data.sections.flatMap((section: any) => section.products);
    expect(cards.find((card: any) => card.id === 't1').activity).toEqual(t1Activity());
    expect(cards.find((card: any) => card.id === 't2')).not.toHaveProperty('activity');
    expect(cards.find((card: any) => card.id === 'n1')).not.toHaveProperty('activity');
    expect(roundTrips).toBe(1);
  });

  it('a category and search carry the same, in the same round trips as without activities', async () => {
    const category = await call('products', { categoryId: 'cat-tea' });
    expect(category.result.data.items.map((card: any) => card.activity)).toEqual([t1Activity(), undefined]);
    expect(category.roundTrips).toBe(2);
    const search = await call('search', { keyword: '龙井' });
    expect(search.result.data.items[0].activity).toEqual(t1Activity());
    expect(search.roundTrips).toBe(1);
  });

  it('the product page: per SKU the activity price and end, the 满减 tiers covering it and the server time', async () => {
    const { result, roundTrips } = await call('detail', { productId: 't1' });
    expect(result.data.skus).toEqual([
      expect.objectContaining({
        id: 't1-a',
        priceFen: 10000,
        activity: { activityId: 'td-b', name: '会员日', priceFen: 7500, endAt: at(DAY_MS).toISOString() },
      }),
      expect.objectContaining({
        id: 't1-b',
        priceFen: 20000,
        activity: { activityId: 'td-a', name: '春季限时折扣', priceFen: 15000, endAt: at(2 * DAY_MS).toISOString() },
      }),
    ]);
    expect(result.data.reductions).toEqual([
      {
        activityId: 'fr-tea',
        name: '茶叶满减',
        endAt: at(2 * DAY_MS).toISOString(),
        tiers: [
          { thresholdFen: 19900, offFen: 2000, label: '满199减20' },
          { thresholdFen: 29950, offFen: 4000, label: '满299.5减40' },
        ],
      },
    ]);
    // The countdown starts from the server's clock: what is left is endAt − serverTime, to the second.
    const serverTime = Date.parse(result.data.serverTime);
    expect(Math.abs(serverTime - f.emu.emulator.options.clock.now())).toBeLessThan(5000);
    expect(Date.parse(result.data.skus[0].activity.endAt) - serverTime).toBeGreaterThan(DAY_MS - 5000);
    expect(roundTrips).toBe(1);
  });

  it('the displayed price is the stacking rule’s: 3 × t1-a at the activity price reach 满199减20', async () => {
    const { result } = await call('detail', { productId: 't1' });
    const sku = result.data.skus[0];
    const goodsAfterActivity = sku.activity.priceFen * 3;
    const tier = [...result.data.reductions[0].tiers]
      .reverse()
      .find((candidate: any) => goodsAfterActivity >= candidate.thresholdFen);
    // By hand: 3 × 75.00 = 225.00 ≥ 199 → 20 off → 205.00 for the goods; the activity discount is 3 × 25.00.
    expect(goodsAfterActivity).toBe(22500);
    expect(goodsAfterActivity - tier.offFen).toBe(20500);
    expect((sku.priceFen - sku.activity.priceFen) * 3).toBe(7500);
  });

  it('a product without live activities has neither reductions nor server time; 满减 alone shows its tiers', async () => {
    seedProduct(f.emu, { _id: 'h1', categoryId: 'cat-home', name: '毛巾' }, [{ _id: 'h1-a', priceFen: 900, stock: 5 }]);
    const { result } = await call('detail', { productId: 'h1' });
    expect(result.data).not.toHaveProperty('serverTime');
    expect(result.data).not.toHaveProperty('reductions');
    const paused = await call('detail', { productId: 't2' });
    expect(paused.result.data.skus[0]).not.toHaveProperty('activity');
    const nuts = await call('detail', { productId: 'n1' });
    expect(nuts.result.data.reductions.map((reduction: any) => reduction.tiers[0].label)).toEqual(['满99减10']);
    expect(nuts.result.data.skus[0]).not.toHaveProperty('activity');
  });

  it('the distributor estimate uses the activity price, and 0 when the activity pays no commission', async () => {
    seedUsers(f.emu, [{ id: 'oDIST', status: 'approved' }]);
    f.emu.emulator.put('activities', 'td-a', {
      ...activity('td-a', {}),
      kind: 'timedDiscount',
      commission: false,
      skus: [{ skuId: 't1-b', productId: 't1', priceFen: 15000 }],
    });
    const { result } = await call('detail', { productId: 't1' }, 'oDIST');
    const estimates = result.data.skus.map((sku: any) => [sku.id, sku.commissionEstimateFen]);
    // The default grade's 10% of the activity price; td-a pays none.
    expect(estimates).toEqual([
      ['t1-a', applyRateFloor(7500, 1000)],
      ['t1-b', 0],
    ]);
  });

  it('the demo store (npm start) shows a live 限时折扣 and the tea 满减', async () => {
    f.emu.reset();
    seedDemoStore(f.emu.emulator);
    const { result } = await call('detail', { productId: 'p-longjing' });
    expect(result.data.skus[0].activity).toMatchObject({ name: '新春限时折扣', priceFen: 9900 });
    expect(result.data.reductions[0].tiers.map((tier: any) => tier.label)).toEqual(['满199减20', '满299减40']);
    const home = await call('home');
    const puer = home.result.data.sections[0].products.find((card: any) => card.id === 'p-puer');
    expect(puer.activity).toMatchObject({ priceFen: 5900, originalPriceFen: 6900 });
  });

  it('every SKU is shown at the price placeOrder › quote charges for it', async () => {
    for (const productId of ['t1', 't2', 'n1']) {
      const { result } = await call('detail', { productId });
      for (const sku of result.data.skus) {
        const quoted = await f.emu.call(
          'placeOrder',
          { $url: 'quote', items: [{ skuId: sku.id, quantity: 1 }], couponId: null },
          { openid: 'oSHOPPER' },
        );
        const quote = (quoted.result as Answer).data;
        const [line] = quote.lines;
        expect(line.unitPriceFen).toBe(sku.priceFen);
        expect(line.activity?.id).toBe(sku.activity?.activityId);
        expect(line.activity?.priceFen ?? line.unitPriceFen).toBe(sku.activity?.priceFen ?? sku.priceFen);
      }
    }
  });
});
