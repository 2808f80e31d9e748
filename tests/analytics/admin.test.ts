/**
 * The merchant's analytics route (数据分析) against the emulator: a shop seeded with orders,
 * counters and distributors whose every figure is computed by hand below, the range's edges on
 * the China calendar, and two round trips (the admin check and one aggregation) whatever the
 * number of orders. Orders are seeded in placeOrder's shape (tests/helpers/orders.ts).
 */
import { COLLECTIONS } from '@shared/collections';
import { analyticsWindow } from '@shared/analytics';
import { AnalyticsOutput } from '@shared/contracts/adminAnalytics';
import type { LevelCommission } from '@shared/attribution';
import type { OrderStatus } from '@shared/orderStates';
import type { Result } from '@shared/result';
import { analyticsLookups } from '../../cloudfunctions/admin/analyticsQueries';
import { conditionFields, servedByIndex } from '../../emulator/src/db/scanCheck';
import { useEmulator } from '../helpers/emulator';
import { seedOrder } from '../helpers/orders';

/** 2026-03-31 23:30 in China: the range of 30 days is 03-02 .. 03-31. */
const START = Date.parse('2026-03-31T15:30:00Z');
const china = (text: string): Date => new Date(`${text}+08:00`);
const ADMIN = 'oADMIN';

interface Line {
  productId: string;
  name: string;
  unitPriceFen: number;
  quantity?: number;
  refundedFen?: number;
  refundedQuantity?: number;
  /** [beneficiary, amountFen] per level. */
  levels?: Array<[string, number]>;
}

describe('admin analytics', () => {
  const f = useEmulator({ runScheduler: false, clock: { now: () => START }, timers: [] });

  const call = async (input: object = {}, openid = ADMIN) => {
    const { result, invocation, error } = await f.emu.call('admin', { $url: 'analytics', ...input }, { openid });
    expect(error).toBeUndefined();
    return { result: result as Result<unknown>, invocation };
  };
  const figures = async (input: object = {}): Promise<AnalyticsOutput> => {
    const { result } = await call(input);
    if (!result.ok) throw new Error(`analytics failed: ${result.error.code}`);
    return AnalyticsOutput.parse(result.data);
  };

  /** An order placed at `createdAt` (China time) and paid at `paidAt` (null: unpaid). */
  function order(
    id: string,
    buyerId: string,
    status: OrderStatus,
    times: [string, string | null],
    lines: Line[],
  ): void {
    const [createdAt, paidAt] = times;
    seedOrder(
      f.emu,
      {
        _id: id,
        buyerId,
        status,
        createdAt: china(createdAt),
        payment: {
          params: null,
          transactionId: paidAt ? `tx-${id}` : null,
          paidFen: null,
          paidAt: paidAt ? china(paidAt) : null,
        },
      },
      lines.map((line, index) => {
        const quantity = line.quantity ?? 1;
        const paidFen = line.unitPriceFen * quantity;
        const levels: LevelCommission[] = (line.levels ?? []).map(([beneficiaryId, amountFen], level) => ({
          level: level + 1,
          beneficiaryId,
          basis: { kind: 'rate', rateBp: 1000 },
          uncappedFen: amountFen,
          amountFen,
        }));
        const totalFen = levels.reduce((sum, level) => sum + level.amountFen, 0);
        return {
          skuId: `${line.productId}-sku${index}`,
          productId: line.productId,
          name: line.name,
          unitPriceFen: line.unitPriceFen,
          quantity,
          paidFen,
          refundedFen: line.refundedFen ?? 0,
          refundedQuantity: line.refundedQuantity ?? 0,
          attribution: { baseFen: paidFen, quantity, capFen: 0, capApplied: false, levels, totalFen },
        };
      }),
    );
  }

  function user(id: string, nickname: string, status: string): Record<string, unknown> {
    return {
      _id: id,
      shareCode: `S${id}`,
      nickname,
      ancestors: [],
      distributor: { status, gradeId: null, gradeSetByAdmin: false, since: null },
    };
  }

  function seedShop(): void {
    f.emu.insert('admins', [{ _id: ADMIN, addedBy: 'setup', addedAt: new Date(START), note: '' }]);
    const longjing = { productId: 'p1', name: '龙井', unitPriceFen: 10_000 };
    // oB1 pays twice in the range; one of them was partly refunded (1 of 2 units, 2000 fen).
    order(
      'a1',
      'oB1',
      'paid',
      ['2026-03-31T09:55:00', '2026-03-31T10:00:00'],
      [
        {
          ...longjing,
          levels: [
            ['oD1', 1_000],
            ['oD2', 500],
          ],
        },
      ],
    );
    order(
      'a2',
      'oB1',
      'completed',
      ['2026-03-30T08:55:00', '2026-03-30T09:00:00'],
      [
        {
          productId: 'p2',
          name: '白茶',
          unitPriceFen: 3_000,
          quantity: 2,
          refundedFen: 2_000,
          refundedQuantity: 1,
          levels: [['oD1', 600]],
        },
      ],
    );
    // Placed before the range, paid at its first instant: paid in the range, not ordered in it. Level 2 earned nothing.
    order(
      'a3',
      'oB2',
      'shipped',
      ['2026-03-01T23:55:00', '2026-03-02T00:00:00'],
      [
        {
          ...longjing,
          levels: [
            ['oD3', 1_000],
            ['oD1', 0],
          ],
        },
      ],
    );
    // Paid in the last minute before the range.
    order(
      'a4',
      'oB3',
      'completed',
      ['2026-03-01T23:50:00', '2026-03-01T23:59:00'],
      [{ ...longjing, levels: [['oD1', 1_000]] }],
    );
    // Placed in the range and not paid (yet, or ever).
    order('a5', 'oB3', 'pending_payment', ['2026-03-31T23:00:00', null], [longjing]);
    order('a6', 'oB4', 'closed', ['2026-03-20T12:00:00', null], [longjing]);
    order('a7', 'oB4', 'closed', ['2026-02-28T12:00:00', null], [longjing]);
    f.emu.insert('productDailyStats', [
      { _id: 'p1:20260331', productId: 'p1', day: 20260331, views: 40, cartAdds: 8 },
      { _id: 'p2:20260302', productId: 'p2', day: 20260302, views: 10, cartAdds: 2 },
      { _id: 'p1:20260301', productId: 'p1', day: 20260301, views: 100, cartAdds: 30 },
    ]);
    f.emu.insert('users', [
      user('oD1', '一号', 'approved'),
      user('oD2', '二号', 'approved'),
      user('oD3', '三号', 'approved'),
      user('oD4', '四号', 'approved'),
      user('oD5', '五号', 'pending'),
    ] as never);
  }

  beforeEach(() => {
    f.emu.reset();
  });

  it('answers the 30 days computed by hand, in 2 round trips', async () => {
    seedShop();
    const { result, invocation } = await call({ days: 30 });
    const data = AnalyticsOutput.parse((result as { data: unknown }).data);
    expect([data.days, data.from, data.to, data.daily.length]).toEqual([30, '2026-03-02', '2026-03-31', 30]);
    expect(data.daily.filter((point) => point.orders > 0)).toEqual([
      { day: '2026-03-02', salesFen: 10_000, orders: 1 },
      { day: '2026-03-30', salesFen: 4_000, orders: 1 },
      { day: '2026-03-31', salesFen: 10_000, orders: 1 },
    ]);
    expect(data.totals).toEqual({ salesFen: 24_000, orders: 3 });
    // Views and adds of 03-02 .. 03-31; orders placed in the range: a1, a2, a5, a6; paid: a1, a2, a3.
    expect(data.funnel).toEqual([
      { stage: 'views', count: 50, stepBp: null, overallBp: null },
      { stage: 'cartAdds', count: 10, stepBp: 2_000, overallBp: 2_000 },
      { stage: 'ordered', count: 4, stepBp: 4_000, overallBp: 800 },
      { stage: 'paid', count: 3, stepBp: 7_500, overallBp: 600 },
    ]);
    expect(data.repurchase).toEqual({ buyers: 2, repeatBuyers: 1, rateBp: 5_000 });
    expect(data.topProducts).toEqual([
      { productId: 'p1', name: '龙井', salesFen: 20_000, quantity: 2 },
      { productId: 'p2', name: '白茶', salesFen: 4_000, quantity: 1 },
    ]);
    expect(data.topDistributors).toEqual([
      { userId: 'oD1', nickname: '一号', salesFen: 16_000, commissionFen: 1_600 },
      { userId: 'oD2', nickname: '二号', salesFen: 10_000, commissionFen: 500 },
      { userId: 'oD3', nickname: '三号', salesFen: 10_000, commissionFen: 1_000 },
    ]);
    expect(data.distributors).toEqual({ active: 3, approved: 4, activeBp: 7_500 });
    // 3100 of 26000 goods as paid: 11.923% floored to 1192 bp.
    expect(data.commission).toEqual({ commissionFen: 3_100, goodsPaidFen: 26_000, shareBp: 1_192 });
    expect(invocation.roundTrips.byAction).toEqual({ 'database.getDocument': 1, 'database.aggregateDocuments': 1 });
  });

  it('takes in the days before with 90 days', async () => {
    seedShop();
    const data = await figures({ days: 90 });
    expect([data.from, data.to, data.daily.length]).toEqual(['2026-01-01', '2026-03-31', 90]);
    expect(data.totals).toEqual({ salesFen: 34_000, orders: 4 });
    expect(data.funnel.map((step) => step.count)).toEqual([150, 40, 7, 4]);
    expect(data.repurchase).toEqual({ buyers: 3, repeatBuyers: 1, rateBp: 3_333 });
    expect(data.topDistributors[0]).toEqual({
      userId: 'oD1',
      nickname: '一号',
      salesFen: 26_000,
      commissionFen: 2_600,
    });
    expect(data.commission).toEqual({ commissionFen: 4_100, goodsPaidFen: 36_000, shareBp: 1_138 });
  });

  it('answers zeros and null rates for a new shop', async () => {
    f.emu.insert('admins', [{ _id: ADMIN, addedBy: 'setup', addedAt: new Date(START), note: '' }]);
    const data = await figures();
    expect(data.totals).toEqual({ salesFen: 0, orders: 0 });
    expect(data.daily.every((point) => point.salesFen === 0 && point.orders === 0)).toBe(true);
    expect(data.funnel.map((step) => [step.count, step.stepBp])).toEqual([
      [0, null],
      [0, null],
      [0, null],
      [0, null],
    ]);
    expect(data.repurchase.rateBp).toBeNull();
    expect(data.distributors).toEqual({ active: 0, approved: 0, activeBp: null });
    expect(data.commission.shareBp).toBeNull();
  });

  it('costs the same round trips for 10 orders as for 200', async () => {
    const roundTrips = async (orders: number): Promise<number> => {
      f.emu.reset();
      seedShop();
      for (let index = 0; index < orders; index += 1)
        order(
          `bulk${index}`,
          `oBulk${index % 7}`,
          'completed',
          ['2026-03-15T11:00:00', '2026-03-15T12:00:00'],
          [
            {
              productId: `p${index % 13}`,
              name: `商品${index % 13}`,
              unitPriceFen: 100,
              levels: [[`oD${index % 4}`, 10]],
            },
          ],
        );
      const { result, invocation } = await call({ days: 90 });
      expect(result.ok).toBe(true);
      return invocation.roundTrips.total;
    };
    expect(await roundTrips(10)).toBe(2);
    expect(await roundTrips(200)).toBe(2);
    // The tops stay at 10 rows however many products sold.
    expect((await figures({ days: 90 })).topProducts).toHaveLength(10);
  });

  it('refuses anyone who is not an admin, after one read, and a range other than 30 or 90', async () => {
    seedShop();
    const stranger = await call({}, 'oB1');
    expect(stranger.result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(stranger.invocation.roundTrips.total).toBe(1);
    expect((await call({ days: 7 })).result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('starts every lookup with a $match that a declared index serves', () => {
    const window = analyticsWindow(new Date(START), 90);
    for (const lookup of analyticsLookups(window, 20260101, 20260331)) {
      const first = lookup.pipeline?.[0] as { $match?: Record<string, unknown> } | undefined;
      expect(first?.$match).toBeDefined();
      const indexes = COLLECTIONS.find((collection) => collection.name === lookup.from)?.indexes ?? [];
      expect([lookup.as, servedByIndex(conditionFields(first?.$match ?? {}), indexes)]).toEqual([lookup.as, true]);
    }
  });
});
