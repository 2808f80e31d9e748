/**
 * A distributor's analytics (数据) against the emulator: earnings per settlement day net of
 * reversals, team sales of the orders whose chain holds them, and the conversion of their shares
 * (visits through them in the range, binds in the range and those that paid an order), computed
 * by hand; one round trip whatever the team's size.
 */
import { DistributorAnalyticsOutput } from '@shared/contracts/distributorAnalytics';
import type { OrderStatus } from '@shared/orderStates';
import type { Result } from '@shared/result';
import { useEmulator } from '../helpers/emulator';
import { seedOrder } from '../helpers/orders';

/** 2026-03-31 23:30 in China: the 30 days are 03-02 .. 03-31. */
const START = Date.parse('2026-03-31T15:30:00Z');
const china = (text: string): Date => new Date(`${text}+08:00`);
const ME = 'oD1';

describe('distributor analytics', () => {
  const f = useEmulator({ runScheduler: false, clock: { now: () => START }, timers: [] });

  const call = async (openid = ME) => {
    const { result, invocation, error } = await f.emu.call('distributor', { $url: 'analytics' }, { openid });
    expect(error).toBeUndefined();
    const answer = result as Result<unknown>;
    if (!answer.ok) throw new Error(`analytics failed: ${answer.error.code}`);
    return { data: DistributorAnalyticsOutput.parse(answer.data), invocation };
  };

  function user(id: string, ancestors: string[], boundAt: string | null, hasPaidOrder: boolean) {
    return {
      _id: id,
      shareCode: `S${id}`,
      nickname: id,
      referrerId: ancestors[0] ?? null,
      ancestors,
      boundAt: boundAt ? china(boundAt) : null,
      hasPaidOrder,
      distributor: { status: 'approved', gradeId: null, gradeSetByAdmin: false, since: null },
    };
  }

  function commission(id: string, createdAt: string, amountFen: number, reversedFen = 0, beneficiaryId = ME) {
    return {
      _id: id,
      beneficiaryId,
      amountFen,
      reversedFen,
      clawedBackFen: 0,
      status: 'frozen',
      createdAt: china(createdAt),
    };
  }

  function order(id: string, chain: string[], status: OrderStatus, times: [string, string], paid: [number, number]) {
    seedOrder(
      f.emu,
      {
        _id: id,
        buyerId: `buyer-${id}`,
        chain,
        status,
        createdAt: china(times[0]),
        payment: { params: null, transactionId: `tx-${id}`, paidFen: null, paidAt: china(times[1]) },
      },
      [{ skuId: 'sku', unitPriceFen: paid[0], paidFen: paid[0], refundedFen: paid[1] }],
    );
  }

  function seed(): void {
    f.emu.insert('users', [
      user(ME, [], null, false),
      // Bound in the range: two paid since, one did not; one bound before the range; one bound to another.
      user('oU1', [ME], '2026-03-05T10:00:00', true),
      user('oU2', [ME], '2026-03-31T20:00:00', true),
      user('oU3', [ME], '2026-03-20T10:00:00', false),
      user('oU4', [ME], '2026-03-01T23:59:00', true),
      user('oU5', ['oD9'], '2026-03-10T10:00:00', true),
    ] as never);
    f.emu.insert('commissions', [
      commission('c1', '2026-03-31T10:00:00', 1_000),
      commission('c2', '2026-03-31T11:00:00', 500, 200),
      commission('c3', '2026-03-02T00:00:00', 300),
      commission('c4', '2026-03-01T23:59:00', 700),
      commission('c5', '2026-03-31T10:00:00', 9_000, 0, 'oD9'),
    ] as never);
    // Level 1 (direct shares): paid 03-31 and 03-30; level 2: paid 03-30, 1000 refunded.
    order('t1', [ME, 'oD0'], 'paid', ['2026-03-31T09:00:00', '2026-03-31T09:05:00'], [10_000, 0]);
    order('t2', [ME], 'completed', ['2026-03-30T09:00:00', '2026-03-30T09:05:00'], [5_000, 0]);
    order('t3', ['oD8', ME], 'completed', ['2026-03-30T10:00:00', '2026-03-30T10:05:00'], [4_000, 1_000]);
    // Placed the evening before the range, paid in it (within its payment deadline).
    order('t4', [ME], 'shipped', ['2026-03-01T23:50:00', '2026-03-02T00:10:00'], [2_000, 0]);
    // Paid before the range; another distributor's order; one not paid.
    order('t5', [ME], 'completed', ['2026-03-01T10:00:00', '2026-03-01T10:05:00'], [8_000, 0]);
    order('t6', ['oD9'], 'completed', ['2026-03-30T10:00:00', '2026-03-30T10:05:00'], [8_000, 0]);
    // Share visits: two days in the range; the day before it, a day after it, another sharer's.
    f.emu.insert('shareDailyStats', [
      { _id: `${ME}:20260302`, sharerId: ME, day: 20260302, visits: 4 },
      { _id: `${ME}:20260331`, sharerId: ME, day: 20260331, visits: 6 },
      { _id: `${ME}:20260301`, sharerId: ME, day: 20260301, visits: 100 },
      { _id: `${ME}:20260401`, sharerId: ME, day: 20260401, visits: 50 },
      { _id: 'oD9:20260315', sharerId: 'oD9', day: 20260315, visits: 7 },
    ]);
    seedOrder(f.emu, {
      _id: 't7',
      buyerId: 'buyer-t7',
      chain: [ME],
      status: 'pending_payment',
      createdAt: new Date(START),
    });
  }

  beforeEach(() => {
    f.emu.reset();
  });

  it('answers the figures computed by hand in one round trip', async () => {
    seed();
    const { data, invocation } = await call();
    expect([data.days, data.from, data.to, data.earnings.length, data.teamSales.length]).toEqual([
      30,
      '2026-03-02',
      '2026-03-31',
      30,
      30,
    ]);
    expect(data.earnings.filter((point) => point.earnedFen !== 0)).toEqual([
      { day: '2026-03-02', earnedFen: 300 },
      { day: '2026-03-31', earnedFen: 1_300 },
    ]);
    expect(data.teamSales.filter((point) => point.orders > 0)).toEqual([
      { day: '2026-03-02', salesFen: 2_000, orders: 1 },
      { day: '2026-03-30', salesFen: 8_000, orders: 2 },
      { day: '2026-03-31', salesFen: 10_000, orders: 1 },
    ]);
    expect(data.totals).toEqual({ earnedFen: 1_600, teamSalesFen: 20_000, teamOrders: 4 });
    expect(data.shares).toEqual({
      visits: 10,
      visitBindBp: 3_000,
      binds: 3,
      payingBinds: 2,
      conversionBp: 6_666,
      directOrders: 3,
      directBuyers: 3,
    });
    expect(invocation.roundTrips.total).toBe(1);
    expect(invocation.unindexedScans).toEqual([]);
  });

  it('answers zeros to a caller seen for the first time, and the same one round trip for a big team', async () => {
    const first = await call('oNobody');
    expect(first.data.totals).toEqual({ earnedFen: 0, teamSalesFen: 0, teamOrders: 0 });
    expect(first.data.shares.conversionBp).toBeNull();
    expect([first.data.shares.visits, first.data.shares.visitBindBp]).toEqual([0, null]);
    seed();
    for (let index = 0; index < 150; index += 1)
      order(`bulk${index}`, [ME], 'completed', ['2026-03-15T09:00:00', '2026-03-15T09:05:00'], [100, 0]);
    const { data, invocation } = await call();
    expect(invocation.roundTrips.total).toBe(1);
    expect(data.totals.teamOrders).toBe(154);
  });
});
