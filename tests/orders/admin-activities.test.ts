/**
 * The merchant's activities (满减, 限时折扣) against the emulator: saveActivity's refusals with
 * stable codes, replays, pause/resume/end (an ended activity never comes back, even when an end
 * and a resume race), the list's states and filters, and the results read from paid orders.
 */
import { useEmulator, type EmulatorFixture } from '../helpers/emulator';
import { seedProduct } from '../helpers/orders';

type Answer = { ok: boolean; data?: any; error?: any };
const ADMIN = 'oADMIN';
const DAY_MS = 24 * 3600 * 1000;

function adminApi(f: EmulatorFixture) {
  return async (route: string, input: object = {}): Promise<Answer> => {
    const response = await f.emu.call('admin', { $url: route, ...input }, { openid: ADMIN });
    if (response.error) throw new Error(`admin ${route} failed: ${response.error.message}`);
    return response.result as Answer;
  };
}

/** Times relative to the start of each test (whole seconds, so every input of a test names the same instants). */
let base = 0;
const iso = (_f: EmulatorFixture, offsetMs: number): string => new Date(base + offsetMs).toISOString();

function reduction(f: EmulatorFixture, fields: object = {}): object {
  return {
    mode: 'create',
    id: 'fr1',
    kind: 'fullReduction',
    name: '满减',
    startAt: iso(f, -DAY_MS),
    endAt: iso(f, 30 * DAY_MS),
    commission: true,
    scope: { kind: 'categories', categoryIds: ['cat-tea'] },
    tiers: [
      { thresholdFen: 19900, offFen: 2000 },
      { thresholdFen: 29900, offFen: 4000 },
    ],
    ...fields,
  };
}

function discount(f: EmulatorFixture, fields: object = {}): object {
  return {
    mode: 'create',
    id: 'td1',
    kind: 'timedDiscount',
    name: '限时折扣',
    startAt: iso(f, -DAY_MS),
    endAt: iso(f, 30 * DAY_MS),
    commission: false,
    skus: [{ skuId: 't1-a', priceFen: 8000 }],
    ...fields,
  };
}

describe('admin activities', () => {
  const f = useEmulator();
  const admin = adminApi(f);
  const code = async (route: string, input: object) => (await admin(route, input)).error?.code;

  beforeEach(() => {
    f.emu.reset();
    base = Math.floor(f.emu.emulator.options.clock.now() / 1000) * 1000;
    f.emu.insert('admins', [
      { _id: ADMIN, addedBy: 'test', addedAt: new Date(f.emu.emulator.options.clock.now()), note: '' },
    ]);
    f.emu.insert('categories', [{ _id: 'cat-tea', name: '茶叶', sortOrder: 1 }]);
    seedProduct(f.emu, { _id: 't1', categoryId: 'cat-tea', name: '龙井' }, [
      { _id: 't1-a', priceFen: 10000, stock: 5 },
      { _id: 't1-b', priceFen: 20000, stock: 5 },
    ]);
  });

  it('creates both kinds, answers a replay unchanged and refuses another activity under a used id', async () => {
    const created = await admin('saveActivity', reduction(f));
    expect(created).toMatchObject({ ok: true, data: { status: 'created', activity: { id: 'fr1', state: 'running' } } });
    expect(await admin('saveActivity', reduction(f))).toMatchObject({ ok: true, data: { status: 'unchanged' } });
    expect(await code('saveActivity', reduction(f, { name: '另一个' }))).toBe('ACTIVITY_EXISTS');
    const timed = await admin('saveActivity', discount(f));
    expect(timed.data.activity).toMatchObject({
      kind: 'timedDiscount',
      status: 'active',
      skus: [{ skuId: 't1-a', productId: 't1', priceFen: 8000 }],
    });
    expect(f.emu.emulator.store.scan('activities')).toHaveLength(2);
  });

  it('refuses invalid input with stable codes and writes nothing', async () => {
    const refusals: [object, string][] = [
      [reduction(f, { startAt: iso(f, DAY_MS), endAt: iso(f, DAY_MS) }), 'INVALID_INPUT'],
      [reduction(f, { tiers: [] }), 'INVALID_INPUT'],
      [
        reduction(f, { tiers: Array.from({ length: 6 }, (_, i) => ({ thresholdFen: 1000 * (i + 2), offFen: i + 1 })) }),
        'INVALID_INPUT',
      ],
      [reduction(f, { tiers: [{ thresholdFen: 1000, offFen: 1000 }] }), 'INVALID_INPUT'],
      [
        reduction(f, {
          tiers: [
            { thresholdFen: 30000, offFen: 2000 },
            { thresholdFen: 20000, offFen: 4000 },
          ],
        }),
        'INVALID_INPUT',
      ],
      [
        reduction(f, {
          tiers: [
            { thresholdFen: 20000, offFen: 4000 },
            { thresholdFen: 30000, offFen: 4000 },
          ],
        }),
        'INVALID_INPUT',
      ],
      [discount(f, { skus: [] }), 'INVALID_INPUT'],
      [discount(f, { skus: [{ skuId: 't1-a', priceFen: 0 }] }), 'INVALID_INPUT'],
      [
        discount(f, {
          skus: [
            { skuId: 't1-a', priceFen: 100 },
            { skuId: 't1-a', priceFen: 200 },
          ],
        }),
        'INVALID_INPUT',
      ],
      [
        discount(f, { skus: Array.from({ length: 101 }, (_, i) => ({ skuId: `s${i}`, priceFen: 1 })) }),
        'INVALID_INPUT',
      ],
      [reduction(f, { endAt: iso(f, -1000) }), 'ACTIVITY_WINDOW_OVER'],
      [reduction(f, { scope: { kind: 'categories', categoryIds: ['cat-none'] } }), 'CATEGORY_NOT_FOUND'],
      [reduction(f, { scope: { kind: 'products', productIds: ['t1', 'p-none'] } }), 'PRODUCT_NOT_FOUND'],
      [discount(f, { skus: [{ skuId: 'sku-none', priceFen: 100 }] }), 'SKU_NOT_FOUND'],
      [discount(f, { skus: [{ skuId: 't1-a', priceFen: 10000 }] }), 'ACTIVITY_PRICE_NOT_BELOW'],
      [{ ...(reduction(f) as object), mode: 'update' }, 'ACTIVITY_NOT_FOUND'],
    ];
    for (const [input, expected] of refusals) expect(await code('saveActivity', input)).toBe(expected);
    expect(f.emu.emulator.store.scan('activities')).toEqual([]);
    await admin('saveActivity', reduction(f));
    expect(await code('saveActivity', { ...(discount(f) as object), id: 'fr1', mode: 'update' })).toBe(
      'ACTIVITY_KIND_CHANGED',
    );
  });

  it('pauses, resumes and ends; an ended activity is never paused, resumed or edited again', async () => {
    await admin('saveActivity', discount(f));
    const status = async (action: string) => admin('setActivityStatus', { id: 'td1', action });
    expect((await status('pause')).data).toMatchObject({ status: 'changed', activity: { state: 'paused' } });
    expect((await status('pause')).data.status).toBe('unchanged');
    expect((await status('resume')).data).toMatchObject({ status: 'changed', activity: { state: 'running' } });
    expect((await status('end')).data).toMatchObject({ status: 'changed', activity: { state: 'ended' } });
    expect((await status('end')).data.status).toBe('unchanged');
    expect((await status('resume')).error.code).toBe('ACTIVITY_ENDED');
    expect((await status('pause')).error.code).toBe('ACTIVITY_ENDED');
    expect(await code('saveActivity', { ...(discount(f) as object), mode: 'update', name: '复活' })).toBe(
      'ACTIVITY_ENDED',
    );
    expect(await code('setActivityStatus', { id: 'nope', action: 'end' })).toBe('ACTIVITY_NOT_FOUND');
  });

  it('an activity whose window passed is ended: it cannot be resumed or edited', async () => {
    await admin('saveActivity', discount(f, { endAt: iso(f, 60_000) }));
    await admin('setActivityStatus', { id: 'td1', action: 'pause' });
    f.emu.emulator.options.clock.advance(120_000);
    expect(await code('setActivityStatus', { id: 'td1', action: 'resume' })).toBe('ACTIVITY_ENDED');
    expect(await code('saveActivity', { ...(discount(f) as object), mode: 'update' })).toBe('ACTIVITY_ENDED');
    expect((await admin('getActivity', { id: 'td1' })).data.activity.state).toBe('ended');
  });

  it('a concurrent end and resume never leave an ended activity active', async () => {
    await admin('saveActivity', discount(f));
    for (let round = 0; round < 5; round += 1) {
      const id = `race${round}`;
      await admin('saveActivity', discount(f, { id }));
      await admin('setActivityStatus', { id, action: 'pause' });
      const [resumed, ended] = await Promise.all([
        admin('setActivityStatus', { id, action: 'resume' }),
        admin('setActivityStatus', { id, action: 'end' }),
      ]);
      expect(ended.data.status).toBe('changed');
      expect(resumed.ok ? resumed.data.status : resumed.error.code).toMatch(/changed|ACTIVITY_ENDED/);
      expect(f.emu.emulator.store.scan('activities').find((doc) => doc._id === id)?.status).toBe('ended');
    }
  });

  it('a concurrent end and edit or pause leave the activity ended', async () => {
    for (let round = 0; round < 4; round += 1) {
      const id = `race-edit${round}`;
      await admin('saveActivity', discount(f, { id }));
      const [edited, ended, paused] = await Promise.all([
        admin('saveActivity', discount(f, { id, mode: 'update', name: `改名${round}` })),
        admin('setActivityStatus', { id, action: 'end' }),
        admin('setActivityStatus', { id, action: 'pause' }),
      ]);
      expect(ended.data.status).toBe('changed');
      expect(edited.ok ? edited.data.status : edited.error.code).toMatch(/updated|ACTIVITY_ENDED/);
      expect(paused.ok ? paused.data.status : paused.error.code).toMatch(/changed|ACTIVITY_ENDED/);
      expect(f.emu.emulator.store.scan('activities').find((doc) => doc._id === id)?.status).toBe('ended');
    }
  });

  it('lists by kind and state (未开始, 进行中, 已暂停, 已结束), newest first', async () => {
    await admin('saveActivity', reduction(f));
    await admin('saveActivity', discount(f, { id: 'later', startAt: iso(f, DAY_MS) }));
    await admin('saveActivity', discount(f, { id: 'paused', startAt: iso(f, -3 * DAY_MS) }));
    await admin('setActivityStatus', { id: 'paused', action: 'pause' });
    await admin('saveActivity', discount(f, { id: 'over', startAt: iso(f, -2 * DAY_MS) }));
    await admin('setActivityStatus', { id: 'over', action: 'end' });
    const ids = async (input: object) =>
      (await admin('listActivities', input)).data.items.map((item: any) => item.activity.id);
    expect(await ids({})).toEqual(['later', 'fr1', 'over', 'paused']);
    expect(await ids({ state: 'upcoming' })).toEqual(['later']);
    expect(await ids({ state: 'running' })).toEqual(['fr1']);
    expect(await ids({ state: 'paused' })).toEqual(['paused']);
    expect(await ids({ state: 'ended' })).toEqual(['over']);
    expect(await ids({ kind: 'fullReduction' })).toEqual(['fr1']);
    expect(await ids({ kind: 'timedDiscount', state: 'running' })).toEqual([]);
    const paged = await admin('listActivities', { limit: 3 });
    expect(paged.data.nextOffset).toBe(3);
  });

  it('results: paid orders, units, discount, paid amount and net commission of the lines each activity touched', async () => {
    await admin('saveActivity', discount(f));
    await admin('saveActivity', reduction(f));
    const line = (lineIndex: number, fields: object) => ({
      lineIndex,
      skuId: 't1-a',
      productId: 't1',
      quantity: 2,
      unitPriceFen: 10000,
      lineTotalFen: 20000,
      paidFen: 15000,
      ...fields,
    });
    f.emu.insert('orders', [
      {
        _id: 'o1',
        status: 'paid',
        discounts: [
          { source: 'activity', id: 'td1', name: '限时折扣', amountFen: 4000 },
          { source: 'fullReduction', id: 'fr1', name: '满减', amountFen: 1200 },
        ],
        lines: [
          line(0, {
            activity: { id: 'td1', kind: 'timedDiscount', name: '限时折扣', priceFen: 8000 },
            discounts: [{ source: 'activity', id: 'td1', name: '限时折扣', amountFen: 4000 }],
            paidFen: 15000,
          }),
          line(1, {
            skuId: 't1-b',
            quantity: 1,
            unitPriceFen: 20000,
            paidFen: 18800,
            discounts: [{ source: 'fullReduction', id: 'fr1', name: '满减', amountFen: 1200 }],
          }),
        ],
      },
      {
        _id: 'o2',
        status: 'completed',
        discounts: [
          { source: 'fullReduction', id: 'fr1', name: '满减', amountFen: 800 },
          { source: 'coupon', id: 'td1', name: '券', amountFen: 300 },
        ],
        lines: [
          line(0, {
            activity: { id: 'td1', priceFen: 8000 },
            quantity: 1,
            paidFen: 8000,
            // No activity share listed: the activity's part is the price difference. A coupon's share counts for no activity.
            discounts: [
              { source: 'fullReduction', id: 'fr1', name: '满减', amountFen: 800 },
              { source: 'coupon', id: 'td1', name: '券', amountFen: 300 },
            ],
          }),
        ],
      },
      // Never paid: not counted.
      { _id: 'o3', status: 'closed', lines: [line(0, { activity: { id: 'td1', priceFen: 8000 } })] },
      { _id: 'o4', status: 'paid', lines: [line(0, {})] },
    ]);
    const commission = (orderId: string, lineIndex: number, level: number, amountFen: number, reversedFen = 0) => ({
      _id: `c:${orderId}:${lineIndex}:${level}`,
      orderId,
      lineIndex,
      level,
      amountFen,
      reversedFen,
      clawedBackFen: 0,
    });
    f.emu.insert('commissions', [
      commission('o1', 0, 1, 1500),
      commission('o1', 0, 2, 500, 100),
      commission('o1', 1, 1, 1880),
      commission('o2', 0, 1, 800),
      commission('o3', 0, 1, 999),
      commission('o4', 0, 1, 777),
    ]);
    const results = async (id: string) => (await admin('getActivity', { id })).data.results;
    expect(await results('td1')).toEqual({
      orders: 2,
      units: 3,
      discountFen: 2000 * 2 + 2000,
      paidFen: 15000 + 8000,
      commissionFen: 1500 + 400 + 800,
    });
    expect(await results('fr1')).toEqual({
      orders: 2,
      units: 2,
      discountFen: 2000,
      paidFen: 18800 + 8000,
      commissionFen: 1880 + 800,
    });
    const listed = (await admin('listActivities', {})).data.items;
    expect(listed.find((item: any) => item.activity.id === 'td1').results.orders).toBe(2);
  });
});
