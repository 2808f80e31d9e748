/**
 * The admin dashboard route: sales today and this month (paid goods net of refunds) on the China
 * calendar, orders by status, open after-sales, commission owed over every account and the
 * pending reviews, in two round trips (the admin check and one aggregation) whatever the shop's
 * size. The totals over the shop's whole history (completed and closed orders, commission owed)
 * come from the computeShopTotals timer's last run, so the tests run it before reading them.
 * Orders are seeded in placeOrder's shape; accounts, applications, withdrawals and after-sales
 * carry the fields the figures read (their full shapes are tested by their owners).
 */
import { COLLECTIONS } from '@shared/collections';
import { DashboardOutput } from '@shared/contracts/dashboard';
import type { ComputeShopTotalsOutput } from '@shared/contracts/timers';
import type { AfterSaleStatus } from '@shared/afterSales';
import type { OrderStatus } from '@shared/orderStates';
import type { Result } from '@shared/result';
import type { WithdrawalStatus } from '@shared/withdrawals';
import { dashboardLookups } from '../../cloudfunctions/admin/dashboardQueries';
import { conditionFields, servedByIndex } from '../../emulator/src/db/scanCheck';
import { useEmulator } from '../helpers/emulator';
import { seedOrder } from '../helpers/orders';

const MINUTE_MS = 60_000;
/** 2026-03-31 23:30 in China: the last half hour of a day and of a month. */
const START = Date.parse('2026-03-31T15:30:00Z');
const china = (text: string): Date => new Date(`${text}+08:00`);
const ADMIN = 'oADMIN';

/**
 * `totalsAt` is the timer run's start: at the virtual time it was run at, or a little after,
 * since time inside a function runs on from the clock at wall speed.
 */
function expectRunAt(totalsAt: string | null, runMs: number): void {
  const at = Date.parse(totalsAt ?? '');
  expect(at).toBeGreaterThanOrEqual(runMs);
  expect(at).toBeLessThan(runMs + 10_000);
}

describe('admin dashboard', () => {
  const f = useEmulator({ runScheduler: false, clock: { now: () => START }, timers: [] });

  const dashboard = async (openid = ADMIN) => {
    const { result, invocation, error } = await f.emu.call('admin', { $url: 'dashboard' }, { openid });
    expect(error).toBeUndefined();
    return { result: result as Result<unknown>, invocation };
  };
  const figures = async (): Promise<DashboardOutput> => {
    const { result } = await dashboard();
    if (!result.ok) throw new Error(`dashboard failed: ${result.error.code}`);
    return DashboardOutput.parse(result.data);
  };
  /** Runs the totals timer as its trigger does and answers its report. */
  const computeTotals = async (): Promise<ComputeShopTotalsOutput> => {
    const { result, error } = await f.emu.runTimer('computeShopTotals');
    expect(error).toBeUndefined();
    const report = result as Result<ComputeShopTotalsOutput>;
    if (!report.ok) throw new Error(`computeShopTotals failed: ${report.error.code}`);
    return report.data;
  };

  /** A paid order: `paidAt` in China time, lines as [paidFen, refundedFen]. */
  function paidOrder(id: string, status: OrderStatus, paidAt: string, lines: Array<[number, number]>): void {
    const at = china(paidAt);
    seedOrder(
      f.emu,
      {
        _id: id,
        buyerId: 'oBuyer',
        status,
        createdAt: at,
        payment: { params: null, transactionId: `tx-${id}`, paidFen: 0, paidAt: at },
      },
      lines.map(([paidFen, refundedFen], index) => ({
        skuId: `sku-${index}`,
        unitPriceFen: paidFen,
        paidFen,
        refundedFen,
      })),
    );
  }

  function seedShop(): void {
    const now = new Date(START);
    f.emu.insert('admins', [{ _id: ADMIN, addedBy: 'setup', addedAt: now, note: '' }]);
    // Today (03-31): 10000 + 5000 less a refund of 2000, and 3000 paid in the day's first minutes.
    paidOrder('o1', 'paid', '2026-03-31T23:10:00', [
      [10_000, 0],
      [5_000, 2_000],
    ]);
    paidOrder('o2', 'shipped', '2026-03-31T00:05:00', [[3_000, 0]]);
    // Earlier this month: one refunded in full (counts as an order, adds nothing), one at the month's first instant.
    paidOrder('o3', 'completed', '2026-03-30T23:55:00', [[8_000, 8_000]]);
    paidOrder('o4', 'completed', '2026-03-01T00:00:00', [[4_000, 0]]);
    // The last minute of February: not this month.
    paidOrder('o5', 'completed', '2026-02-28T23:59:00', [[7_000, 0]]);
    seedOrder(f.emu, { _id: 'o6', buyerId: 'oBuyer', status: 'pending_payment' });
    seedOrder(f.emu, { _id: 'o7', buyerId: 'oBuyer', status: 'closed', closedAt: now, closeReason: 'UNPAID_TIMEOUT' });
    const afterSales: AfterSaleStatus[] = [
      'requested',
      'requested',
      'approved',
      'refunding',
      'refunded',
      'refused',
      'cancelled',
    ];
    f.emu.insert(
      'afterSales',
      afterSales.map((status, index) => ({
        _id: `s${String(index).padStart(24, '0')}`,
        orderId: 'o1',
        status,
        createdAt: now,
      })) as never,
    );
    f.emu.insert('accounts', [
      {
        _id: 'oD1',
        frozenFen: 100,
        availableFen: 200,
        withdrawingFen: 300,
        withdrawnFen: 999,
        createdAt: now,
        updatedAt: now,
      },
      // Negative available after a clawback lowers what is owed.
      {
        _id: 'oD2',
        frozenFen: 1_000,
        availableFen: -50,
        withdrawingFen: 0,
        withdrawnFen: 0,
        createdAt: now,
        updatedAt: now,
      },
    ] as never);
    f.emu.insert('distributorApplications', [
      { _id: 'app-1', userId: 'oU1', status: 'pending', createdAt: now },
      { _id: 'app-2', userId: 'oU2', status: 'pending', createdAt: now },
      { _id: 'app-3', userId: 'oU3', status: 'approved', createdAt: now },
    ] as never);
    const withdrawals: WithdrawalStatus[] = ['reviewing', 'paying', 'withdrawn', 'reviewing', 'rejected'];
    f.emu.insert(
      'withdrawals',
      withdrawals.map((status, index) => ({
        _id: `w:oD1:req-${index}`,
        userId: 'oD1',
        status,
        createdAt: now,
      })) as never,
    );
  }

  beforeEach(() => {
    f.emu.reset();
  });

  it('answers every figure in 2 round trips: the admin check and one aggregation', async () => {
    seedShop();
    await computeTotals();
    const { result, invocation } = await dashboard();
    expect(result.ok).toBe(true);
    expect(DashboardOutput.parse((result as { data: unknown }).data)).toEqual({
      day: '2026-03-31',
      month: '2026-03',
      sales: { today: { netGoodsFen: 16_000, orders: 2 }, month: { netGoodsFen: 20_000, orders: 4 } },
      orders: { pendingPayment: 1, toShip: 1, shipped: 1, completed: 3, closed: 1 },
      topUps: { today: { count: 0, amountFen: 0, bonusFen: 0 } },
      afterSalesOpen: 4,
      commission: { frozenFen: 1_100, availableFen: 150, withdrawingFen: 300, owedFen: 1_550 },
      pending: { applications: 2, withdrawals: 2, afterSales: 2, riskCases: 0 },
      totalsAt: expect.any(String),
      alerts: { open: 0, items: [], templateId: null },
    });
    expectRunAt((result as { data: DashboardOutput }).data.totalsAt, START);
    expect(invocation.roundTrips.byAction).toEqual({ 'database.getDocument': 1, 'database.aggregateDocuments': 1 });
    expect(invocation.roundTrips.total).toBe(2);
  });

  it('keeps the round trips constant as the shop grows', async () => {
    seedShop();
    for (let index = 0; index < 60; index += 1)
      paidOrder(`bulk${index}`, 'completed', '2026-03-15T12:00:00', [[100, 0]]);
    const { invocation } = await dashboard();
    expect(invocation.roundTrips.total).toBe(2);
    const month = await figures();
    expect(month.sales.month).toEqual({ netGoodsFen: 20_000 + 6_000, orders: 64 });
  });

  it('moves today and this month across the China midnight that starts April', async () => {
    seedShop();
    await computeTotals();
    // 23:59 China on 03-31: still March.
    f.emu.emulator.options.clock.advance(29 * MINUTE_MS);
    expect((await figures()).sales.today).toEqual({ netGoodsFen: 16_000, orders: 2 });
    // 00:01 China on 04-01 (still 03-31 in UTC): a new day and a new month, nothing sold yet.
    f.emu.emulator.options.clock.advance(2 * MINUTE_MS);
    let now = await figures();
    expect([now.day, now.month]).toEqual(['2026-04-01', '2026-04']);
    expect(now.sales).toEqual({ today: { netGoodsFen: 0, orders: 0 }, month: { netGoodsFen: 0, orders: 0 } });
    // Orders by status and the balances do not depend on the day.
    expect(now.orders.completed).toBe(3);
    // Paid at 00:00:30 on 04-01: April at once; one paid at 23:59:59 on 03-31 stays March.
    paidOrder('o8', 'paid', '2026-04-01T00:00:30', [[2_500, 0]]);
    paidOrder('o9', 'paid', '2026-03-31T23:59:59', [[9_900, 0]]);
    now = await figures();
    expect(now.sales).toEqual({ today: { netGoodsFen: 2_500, orders: 1 }, month: { netGoodsFen: 2_500, orders: 1 } });
    expect(now.orders.toShip).toBe(3);
  });

  it('answers zeros for a new shop', async () => {
    f.emu.insert('admins', [{ _id: ADMIN, addedBy: 'setup', addedAt: new Date(START), note: '' }]);
    await computeTotals();
    const now = await figures();
    expect(now.sales.month).toEqual({ netGoodsFen: 0, orders: 0 });
    expect(now.commission?.owedFen).toBe(0);
    expect(now.pending).toEqual({ applications: 0, withdrawals: 0, afterSales: 0, riskCases: 0 });
  });

  it('refuses anyone who is not an admin, after one read', async () => {
    seedShop();
    const { result, invocation } = await dashboard('oBuyer');
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(invocation.roundTrips.total).toBe(1);
  });
  it('answers the live figures and no totals before the totals timer first ran', async () => {
    seedShop();
    const now = await figures();
    expect(now.totalsAt).toBeNull();
    expect(now.commission).toBeNull();
    expect(now.orders).toEqual({ pendingPayment: 1, toShip: 1, shipped: 1, completed: null, closed: null });
    expect(now.sales.today).toEqual({ netGoodsFen: 16_000, orders: 2 });
    expect(now.afterSalesOpen).toBe(4);
  });

  it('shows the totals as of the timer run, while the live figures change at once', async () => {
    seedShop();
    expect(await computeTotals()).toEqual({ done: true, failed: 0, completedOrders: 3, closedOrders: 1, accounts: 2 });
    const at = (await figures()).totalsAt;
    expectRunAt(at, START);
    // After the run: an order completes, one is paid, a commission is settled into an account.
    f.emu.emulator.options.clock.advance(5 * MINUTE_MS);
    paidOrder('o10', 'completed', '2026-03-31T23:32:00', [[1_000, 0]]);
    paidOrder('o11', 'paid', '2026-03-31T23:33:00', [[2_000, 0]]);
    f.emu.insert('accounts', [
      { _id: 'oD3', frozenFen: 700, availableFen: 0, withdrawingFen: 0, withdrawnFen: 0, createdAt: new Date(START) },
    ] as never);
    let now = await figures();
    expect(now.totalsAt).toBe(at);
    expect(now.orders).toEqual({ pendingPayment: 1, toShip: 2, shipped: 1, completed: 3, closed: 1 });
    expect(now.commission).toEqual({ frozenFen: 1_100, availableFen: 150, withdrawingFen: 300, owedFen: 1_550 });
    expect(now.sales.today).toEqual({ netGoodsFen: 19_000, orders: 4 });
    // The next run takes them in and says when.
    await computeTotals();
    now = await figures();
    expectRunAt(now.totalsAt, START + 5 * MINUTE_MS);
    expect([now.orders.completed, now.orders.closed]).toEqual([4, 1]);
    expect(now.commission).toEqual({ frozenFen: 1_800, availableFen: 150, withdrawingFen: 300, owedFen: 2_250 });
  });

  it('computes the totals in 3 round trips, from its timer trigger only', async () => {
    seedShop();
    const { invocation } = await f.emu.runTimer('computeShopTotals');
    expect(invocation.roundTrips.byAction).toEqual({
      'database.aggregateDocuments': 2,
      'database.modifyDocument': 1,
    });
    const { result } = await f.emu.call('computeShopTotals', {}, { openid: ADMIN });
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('starts every per-call lookup with a $match that a declared index serves', () => {
    for (const lookup of dashboardLookups(new Date(START), new Date(START))) {
      const first = lookup.pipeline?.[0] as { $match?: Record<string, unknown> } | undefined;
      expect(first?.$match).toBeDefined();
      const indexes = COLLECTIONS.find((collection) => collection.name === lookup.from)?.indexes ?? [];
      expect([lookup.as, servedByIndex(conditionFields(first?.$match ?? {}), indexes)]).toEqual([lookup.as, true]);
    }
    // The sales range needs an index on the payment time itself: status alone selects every paid order ever.
    const sales = dashboardLookups(new Date(START), new Date(START))[0]?.pipeline?.[0] as { $match: object };
    const { status: _status, ...range } = sales.$match as Record<string, unknown>;
    const orderIndexes = COLLECTIONS.find((collection) => collection.name === 'orders')?.indexes ?? [];
    expect(servedByIndex(conditionFields(range), orderIndexes)).toBe(true);
  });

  it('reads no large collection without an index once the shop has more than 1,000 orders', async () => {
    seedShop();
    const now = new Date(START);
    f.emu.insert(
      'orders',
      Array.from({ length: 1_200 }, (_, index) => ({
        _id: `bulk${String(index).padStart(5, '0')}`,
        buyerId: 'oBuyer',
        status: 'completed',
        createdAt: now,
        payment: { params: null, transactionId: `tx-bulk${index}`, paidFen: 100, paidAt: china('2026-03-15T12:00:00') },
        lines: [{ paidFen: 100, refundedFen: 0 }],
      })) as never,
    );
    const timer = await f.emu.runTimer('computeShopTotals');
    expect(timer.invocation.unindexedScans.filter((scan) => scan.collection === 'orders')).toEqual([]);
    const { result, invocation } = await dashboard();
    expect(invocation.unindexedScans).toEqual([]);
    expect(invocation.roundTrips.total).toBe(2);
    const data = DashboardOutput.parse((result as { data: unknown }).data);
    expect(data.orders.completed).toBe(1_203);
    expect(data.sales.month).toEqual({ netGoodsFen: 20_000 + 120_000, orders: 1_204 });
  });
});
