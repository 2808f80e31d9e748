/**
 * 秒杀 sessions against the emulator: a session saved by the merchant (its stock document made by
 * saveActivity), 1,000 concurrent buyers of 100 units on 8 instances, the per-user limit under one
 * shopper's concurrent orders, and an unpaid order closed by two closers at once giving the
 * session's units, the shopper's count and the SKU's units back exactly once.
 */
import type { FlashPurchaseDocument, FlashStockDocument } from '@shared/activities';
import type { SkuDocument } from '@shared/catalog';
import type { OrderDocument } from '@shared/orders';
import { useEmulator, type EmulatorFixture } from '../helpers/emulator';
import { seedAddress, seedProduct } from '../helpers/orders';
import { seedRules, seedUsers } from '../helpers/referrals';

type Answer = { ok: boolean; data?: any; error?: { code: string; message: string } };
const ADMIN = 'oADMIN';
const HOUR_MS = 3600 * 1000;

const scan = <T>(f: EmulatorFixture, collection: string): T[] =>
  f.emu.emulator.store.scan(collection) as unknown as T[];
const one = <T extends { _id: string }>(f: EmulatorFixture, collection: string, id: string): T =>
  scan<T>(f, collection).find((doc) => doc._id === id) as T;

async function admin(f: EmulatorFixture, route: string, input: object): Promise<Answer> {
  const response = await f.emu.call('admin', { $url: route, ...input }, { openid: ADMIN });
  if (response.error) throw new Error(response.error.message);
  return response.result as Answer;
}

async function buy(f: EmulatorFixture, buyer: string, key: string, item: object): Promise<Answer> {
  const response = await f.emu.call(
    'placeOrder',
    { items: [{ skuId: 'fs-a', quantity: 1, ...item }], addressId: `addr-${buyer}`, idempotencyKey: key },
    { openid: buyer },
  );
  if (response.error) throw new Error(response.error.message);
  return response.result as Answer;
}

/** A session that started a minute ago and ends in an hour: 100 units of fs-a at 9.90 instead of 99.00. */
async function saveSession(f: EmulatorFixture, sku: { stock: number; perUserLimit: number }, id = 'fs1') {
  const now = f.emu.emulator.options.clock.now();
  return admin(f, 'saveActivity', {
    mode: 'create',
    id,
    kind: 'flashSale',
    name: '整点秒杀',
    startAt: new Date(now - 60_000).toISOString(),
    endAt: new Date(now + HOUR_MS).toISOString(),
    commission: false,
    skus: [{ skuId: 'fs-a', priceFen: 990, ...sku }],
  });
}

describe('flash sale sessions', () => {
  const f = useEmulator({
    functionEnv: { WXPAY_SUB_MCH_ID: '1900000109' },
    maxInstancesPerFunction: 8,
    runScheduler: false,
  });

  beforeEach(() => {
    f.emu.reset();
    seedRules(f.emu);
    f.emu.insert('admins', [
      { _id: ADMIN, addedBy: 'test', addedAt: new Date(f.emu.emulator.options.clock.now()), note: '' },
    ]);
    seedProduct(f.emu, { _id: 'p-fs' }, [{ _id: 'fs-a', priceFen: 9900, stock: 150 }]);
  });

  it('refuses a session above the SKU stock, at or above its price, and lists the kind', async () => {
    expect((await saveSession(f, { stock: 151, perUserLimit: 1 })).error?.code).toBe('FLASH_STOCK_INVALID');
    const now = f.emu.emulator.options.clock.now();
    const pricey = await admin(f, 'saveActivity', {
      mode: 'create',
      id: 'fs2',
      kind: 'flashSale',
      name: '贵',
      startAt: new Date(now + HOUR_MS).toISOString(),
      endAt: new Date(now + 2 * HOUR_MS).toISOString(),
      commission: true,
      skus: [{ skuId: 'fs-a', priceFen: 9900, stock: 1, perUserLimit: 1 }],
    });
    expect(pricey.error?.code).toBe('ACTIVITY_PRICE_NOT_BELOW');
    expect((await saveSession(f, { stock: 100, perUserLimit: 0 })).error?.code).toBe('INVALID_INPUT');
    expect(await saveSession(f, { stock: 100, perUserLimit: 1 })).toMatchObject({
      ok: true,
      data: { status: 'created' },
    });
    expect(one<FlashStockDocument>(f, 'flashStocks', 'fs1_fs-a')).toMatchObject({ remaining: 100, allotted: 100 });
    // After the start an allotment may be raised, never lowered; raising moves the remaining units.
    const edit = { mode: 'update', skus: [{ skuId: 'fs-a', priceFen: 990, stock: 90, perUserLimit: 1 }] };
    const lowered = await admin(f, 'saveActivity', { ...(await sessionInput(f)), ...edit });
    expect(lowered.error?.code).toBe('FLASH_STOCK_INVALID');
    const raised = { ...edit, skus: [{ skuId: 'fs-a', priceFen: 990, stock: 120, perUserLimit: 1 }] };
    expect(await admin(f, 'saveActivity', { ...(await sessionInput(f)), ...raised })).toMatchObject({ ok: true });
    expect(one<FlashStockDocument>(f, 'flashStocks', 'fs1_fs-a')).toMatchObject({ remaining: 120, allotted: 120 });
    const listed = await admin(f, 'listActivities', { kind: 'flashSale' });
    expect(listed.data.items.map((item: any) => item.activity.id)).toEqual(['fs1']);
  });

  it('sells exactly 100 units to 1,000 concurrent buyers: activity stock 0, never negative, SKU stock −100', async () => {
    await saveSession(f, { stock: 100, perUserLimit: 1 });
    const buyers = Array.from({ length: 1000 }, (_, i) => `oFs${i}`);
    seedUsers(
      f.emu,
      buyers.map((id) => ({ id })),
    );
    for (const buyer of buyers) seedAddress(f.emu, buyer);
    let lowest = Infinity;
    const sampler = setInterval(() => {
      lowest = Math.min(lowest, one<FlashStockDocument>(f, 'flashStocks', 'fs1_fs-a').remaining);
    }, 5);
    const answers = await Promise.all(buyers.map((buyer) => buy(f, buyer, `flash-${buyer}`, { activityId: 'fs1' })));
    clearInterval(sampler);
    expect(answers.filter((answer) => answer.ok)).toHaveLength(100);
    expect(answers.filter((answer) => !answer.ok).map((answer) => answer.error?.code)).toEqual(
      Array(900).fill('FLASH_SOLD_OUT'),
    );
    const stock = one<FlashStockDocument>(f, 'flashStocks', 'fs1_fs-a');
    expect(stock.remaining).toBe(0);
    expect(lowest).toBeGreaterThanOrEqual(0);
    expect(one<SkuDocument>(f, 'skus', 'fs-a').stock).toBe(50);
    const held = scan<OrderDocument>(f, 'orders').filter((order) => order.reservation === 'reserved');
    expect(held).toHaveLength(100);
    // Every accepted order pays the flash price, with no 满减 or coupon on the line.
    expect(new Set(held.map((order) => order.lines[0]?.paidFen))).toEqual(new Set([990]));
    expect(f.emu.emulator.runtime.instanceCount('placeOrder')).toBe(8);
  }, 180_000);

  it('holds the per-user limit under one shopper’s concurrent orders, and refuses a session that is not live', async () => {
    await saveSession(f, { stock: 100, perUserLimit: 2 });
    seedUsers(f.emu, [{ id: 'oOne' }]);
    seedAddress(f.emu, 'oOne');
    const keys = Array.from({ length: 6 }, (_, i) => `fs-one-${i}`);
    const answers = await Promise.all(keys.map((key) => buy(f, 'oOne', key, { activityId: 'fs1' })));
    expect(answers.filter((answer) => answer.ok)).toHaveLength(2);
    expect(answers.filter((answer) => !answer.ok).map((answer) => answer.error?.code)).toEqual(
      Array(4).fill('FLASH_LIMIT_REACHED'),
    );
    expect(one<FlashPurchaseDocument>(f, 'flashPurchases', 'fs1_fs-a_oOne').quantity).toBe(2);
    // The refused orders gave their session units back: only the two held ones are gone.
    expect(one<FlashStockDocument>(f, 'flashStocks', 'fs1_fs-a').remaining).toBe(98);
    expect(one<SkuDocument>(f, 'skus', 'fs-a').stock).toBe(148);
    // The checkout's quote prices the item in the session: the flash price, no coupon or 满减 on it.
    const quoted = (
      await f.emu.call(
        'placeOrder',
        { $url: 'quote', items: [{ skuId: 'fs-a', quantity: 1, activityId: 'fs1' }] },
        { openid: 'oOne' },
      )
    ).result as Answer;
    expect(quoted.data).toMatchObject({
      goodsFen: 9900,
      discountFen: 8910,
      lines: [{ paidFen: 990, activity: { id: 'fs1', kind: 'flashSale' } }],
    });
    const notLive = (
      await f.emu.call(
        'placeOrder',
        { $url: 'quote', items: [{ skuId: 'fs-a', quantity: 1, activityId: 'nope' }] },
        { openid: 'oOne' },
      )
    ).result as Answer;
    expect(notLive.error?.code).toBe('FLASH_NOT_LIVE');
    // The 秒杀 page lists the running session with what has sold.
    const listed = (await f.emu.call('catalog', { $url: 'flashSales' })).result as Answer;
    expect(listed.data.sessions).toEqual([
      expect.objectContaining({
        id: 'fs1',
        state: 'running',
        items: [
          expect.objectContaining({ skuId: 'fs-a', priceFen: 990, originalPriceFen: 9900, stock: 100, soldCount: 2 }),
        ],
      }),
    ]);
    // A replay answers the same; another session id, or a paused session, is not live.
    expect((await buy(f, 'oOne', keys[0] as string, { activityId: 'fs1' })).ok).toBe(answers[0]?.ok);
    expect((await buy(f, 'oOne', 'fs-other', { activityId: 'nope' })).error?.code).toBe('FLASH_NOT_LIVE');
    await admin(f, 'setActivityStatus', { id: 'fs1', action: 'pause' });
    expect((await buy(f, 'oOne', 'fs-paused', { activityId: 'fs1' })).error?.code).toBe('FLASH_NOT_LIVE');
  });

  it('gives both stocks back exactly once when two closers close an unpaid order at once', async () => {
    await saveSession(f, { stock: 100, perUserLimit: 1 });
    seedUsers(f.emu, [{ id: 'oLate' }]);
    seedAddress(f.emu, 'oLate');
    const placed = await buy(f, 'oLate', 'flash-late', { activityId: 'fs1' });
    expect(placed.ok).toBe(true);
    expect(one<FlashStockDocument>(f, 'flashStocks', 'fs1_fs-a').remaining).toBe(99);
    f.emu.emulator.options.clock.advance(31 * 60_000);
    const closers = await Promise.all([
      f.emu.runTimer('closeUnpaidOrders', {}),
      f.emu.runTimer('closeUnpaidOrders', {}),
    ]);
    expect(closers.map((closer) => closer.error)).toEqual([undefined, undefined]);
    const order = one<OrderDocument>(f, 'orders', placed.data.orderId);
    expect(order).toMatchObject({ status: 'closed', reservation: 'released' });
    expect(one<FlashStockDocument>(f, 'flashStocks', 'fs1_fs-a').remaining).toBe(100);
    expect(one<FlashPurchaseDocument>(f, 'flashPurchases', 'fs1_fs-a_oLate').quantity).toBe(0);
    expect(one<SkuDocument>(f, 'skus', 'fs-a').stock).toBe(150);
    // A third run (a retry) gives nothing back again, and the shopper may buy once more.
    await f.emu.runTimer('closeUnpaidOrders', {});
    expect(one<FlashStockDocument>(f, 'flashStocks', 'fs1_fs-a').remaining).toBe(100);
    expect((await buy(f, 'oLate', 'flash-late-2', { activityId: 'fs1' })).ok).toBe(true);
  });
});

/** The stored session as saveActivity's input (for an update). */
async function sessionInput(f: EmulatorFixture): Promise<object> {
  const got = await admin(f, 'getActivity', { id: 'fs1' });
  const { id, kind, name, startAt, endAt, commission, skus } = got.data.activity;
  return { id, kind, name, startAt, endAt, commission, skus: skus.map(({ productId: _p, ...sku }: any) => sku) };
}
