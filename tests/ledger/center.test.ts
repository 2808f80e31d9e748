/**
 * The distributor's ledger views: center figures (balances, earnings on the China calendar,
 * counts, the 30-day chart, withdraw rules) in a constant number of round trips, the explained
 * commission list and detail (held vs frozen vs released), withdrawal history, promotion orders,
 * paging and own-only access. Ledger documents are seeded in the shapes of shared/ledger.ts and
 * shared/withdrawals.ts (other functions write them); one test goes through the real order flow.
 */
import { CenterOutput } from '@shared/contracts/distributor';
import {
  CommissionOutput,
  CommissionsOutput,
  PromotionOrdersOutput,
  WithdrawalsOutput,
  type CommissionView,
} from '@shared/contracts/distributorLedger';
import type { AfterSaleStatus } from '@shared/afterSales';
import type { LevelCommission } from '@shared/attribution';
import type { AccountDocument, CommissionDocument, CommissionEvent } from '@shared/ledger';
import type { OrderDocument, OrderLine } from '@shared/orders';
import type { WithdrawalDocument } from '@shared/withdrawals';
import { useEmulator } from '../helpers/emulator';
import { seedAddress, seedOrder, seedProduct } from '../helpers/orders';
import { seedRules, seedUsers } from '../helpers/referrals';
import { settlementDone } from '../helpers/settlement';

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;
/** 2026-03-31 23:30 in China: the last half hour of a day and of a 31-day month. */
const START = Date.parse('2026-03-31T15:30:00Z');
const china = (text: string): Date => new Date(`${text}+08:00`);

type Json = Record<string, any>;

describe('distributor ledger views', () => {
  const f = useEmulator({
    functionEnv: { WXPAY_SUB_MCH_ID: '1900000109' },
    runScheduler: false,
    clock: { now: () => START },
    timers: [],
  });
  const call = async (data: Json, openid = 'oMe') => {
    const { result, invocation, error } = await f.emu.call('distributor', data, { openid });
    expect(error).toBeUndefined();
    return { result: result as Json, invocation };
  };
  const data = async <T>(input: Json, openid = 'oMe'): Promise<T> => {
    const { result } = await call(input, openid);
    expect(result.ok).toBe(true);
    return result.data as T;
  };

  /** An order line whose attribution snapshot gives `levels` (the shape placeOrder stores). */
  function line(
    skuId: string,
    baseFen: number,
    levels: LevelCommission[],
    extra: Partial<OrderLine> = {},
  ): Partial<OrderLine> & { skuId: string } {
    // The seeded rules' capBp is 2000.
    const capFen = Math.floor((baseFen * 2000) / 10_000);
    const quantity = extra.quantity ?? 1;
    const uncapped = levels.reduce((sum, level) => sum + level.uncappedFen, 0);
    return {
      skuId,
      name: `商品 ${skuId}`,
      spec: '标准',
      unitPriceFen: baseFen / quantity,
      quantity,
      paidFen: baseFen,
      attribution: {
        baseFen,
        quantity,
        capFen,
        capApplied: uncapped > capFen,
        levels,
        totalFen: levels.reduce((sum, level) => sum + level.amountFen, 0),
      },
      ...extra,
    };
  }
  const rate = (
    level: number,
    beneficiaryId: string,
    rateBp: number,
    uncappedFen: number,
    amountFen = uncappedFen,
  ): LevelCommission => ({ level, beneficiaryId, basis: { kind: 'rate', rateBp }, uncappedFen, amountFen });

  /** A commission as settleCommission and the ledger flows store it, taken from its order line. */
  function commission(
    order: OrderDocument,
    lineIndex: number,
    level: number,
    changes: Partial<CommissionDocument> & { createdAt: Date },
  ): CommissionDocument {
    const orderLine = order.lines[lineIndex] as OrderLine;
    const attributed = orderLine.attribution.levels.find((candidate) => candidate.level === level) as LevelCommission;
    const history: CommissionEvent[] = [{ event: 'settled', at: changes.createdAt }];
    return {
      _id: `c:${order._id}:${lineIndex}:${level}`,
      orderId: order._id,
      lineIndex,
      level,
      beneficiaryId: attributed.beneficiaryId,
      buyerId: order.buyerId,
      amountFen: attributed.amountFen,
      baseFen: orderLine.attribution.baseFen,
      basis: attributed.basis,
      capApplied: orderLine.attribution.capApplied,
      rulesVersion: 1,
      status: 'frozen',
      reversedFen: 0,
      clawedBackFen: 0,
      releaseAt: null,
      releaseBatch: null,
      releasedAt: null,
      history,
      updatedAt: changes.createdAt,
      ...changes,
    };
  }

  function afterSale(id: string, order: OrderDocument, lineIndex: number, status: AfterSaleStatus): Json {
    const orderLine = order.lines[lineIndex] as OrderLine;
    return {
      _id: id,
      orderId: order._id,
      buyerId: order.buyerId,
      idempotencyKey: `key-${id}`,
      kind: 'refundOnly',
      wholeOrder: false,
      status,
      orderStatusAtRequest: order.status,
      lines: [
        {
          lineIndex,
          skuId: orderLine.skuId,
          name: orderLine.name,
          spec: orderLine.spec,
          image: '',
          unitPriceFen: orderLine.unitPriceFen,
          quantity: 0,
          amountFen: 100,
        },
      ],
      shippingFen: 0,
      amountFen: 100,
      reason: '不想要了',
      returnShipment: null,
      review: null,
      refund: null,
      applied: null,
      createdAt: new Date(START),
      updatedAt: new Date(START),
      cancelledAt: null,
    };
  }

  function withdrawal(
    id: string,
    status: WithdrawalDocument['status'],
    amountFen: number,
    createdAt: Date,
    extra: Partial<WithdrawalDocument> = {},
  ): WithdrawalDocument {
    return {
      _id: `w:oMe:${id}`,
      userId: 'oMe',
      amountFen,
      feeFen: Math.floor(amountFen / 100),
      payoutFen: amountFen - Math.floor(amountFen / 100),
      channel: 'wechatTransfer',
      status,
      rulesVersion: 1,
      dayKey: createdAt.toISOString().slice(0, 10),
      transfer: null,
      rejectReason: null,
      history: [{ status: 'reviewing', at: createdAt, by: 'oMe' }],
      createdAt,
      updatedAt: createdAt,
      ...extra,
    };
  }

  const C = {} as Record<string, CommissionDocument>;

  /**
   * oMe's ledger around the end of March 2026 (China time):
   *   today (03-31): c1 1000 + c1b 200 frozen (order paid), c2 500 released, 100 clawed back → 1600
   *   yesterday:     c3 300 reversed in full → 0
   *   03-20:         c7 500 frozen, window until 04-05, an after-sale open on ANOTHER line → not held
   *   03-15:         c6 666 frozen (capped), an after-sale open on its line → held
   *   03-01 00:00:   c4 700 released (fixed 350 × 2): in the month, before the chart's first day
   *   02-28 23:59:   c5 2000 released: in the total only
   * plus oOther's 500 on o1 today, which oMe must never see.
   */
  function seedLedger(): void {
    seedRules(f.emu, {
      levels: 2,
      capBp: 2000,
      withdraw: {
        minAmountFen: 200,
        maxAmountFen: 500_000,
        feeBp: 100,
        maxPerDay: 2,
        review: { mode: 'manual' },
        channels: ['wechatTransfer', 'manual'],
      },
      notifications: {
        commission: { templateId: 'TPL_COMMISSION', keywords: { amount: 'amount1', time: 'time2', note: 'thing3' } },
        withdrawal: null,
      },
    });
    seedUsers(f.emu, [
      { id: 'oMe', status: 'approved' },
      { id: 'oOther', status: 'approved' },
      { id: 'oBuyer', nickname: '王小明', referrerId: 'oMe' },
      { id: 'oB2', nickname: 'Z' },
    ]);
    const order = (
      id: string,
      status: OrderDocument['status'],
      lines: Array<Partial<OrderLine> & { skuId: string }>,
      createdAt: Date,
      buyerId = 'oBuyer',
    ): OrderDocument =>
      seedOrder(
        f.emu,
        { _id: id, buyerId, status, createdAt, completedAt: status === 'completed' ? createdAt : null },
        lines,
      );
    const o1 = order(
      'o1',
      'paid',
      [
        line('s1', 10_005, [rate(1, 'oMe', 1000, 1000), rate(2, 'oOther', 500, 500)]),
        line('s1b', 2_000, [rate(1, 'oMe', 1000, 200)]),
      ],
      china('2026-03-31T22:59:00'),
    );
    const o2 = order(
      'o2',
      'completed',
      [line('s2', 10_000, [rate(1, 'oTop', 1000, 1000), rate(2, 'oMe', 500, 500)])],
      china('2026-03-31T00:05:00'),
      'oB2',
    );
    const o3 = order('o3', 'paid', [line('s3', 3_000, [rate(1, 'oMe', 1000, 300)])], china('2026-03-30T23:50:00'));
    const o4 = order(
      'o4',
      'completed',
      [
        line(
          's4',
          20_000,
          [
            {
              level: 1,
              beneficiaryId: 'oMe',
              basis: { kind: 'fixed', fixedFenPerUnit: 350 },
              uncappedFen: 700,
              amountFen: 700,
            },
          ],
          { quantity: 2 },
        ),
      ],
      china('2026-02-28T23:00:00'),
    );
    const o5 = order(
      'o5',
      'completed',
      [line('s5', 20_000, [rate(1, 'oMe', 1000, 2000)])],
      china('2026-02-28T23:00:00'),
    );
    const o6 = order(
      'o6',
      'completed',
      [line('s6', 5_000, [rate(1, 'oMe', 1600, 800, 666), rate(2, 'oOther', 800, 400, 333)])],
      china('2026-03-15T09:00:00'),
    );
    const o7 = order(
      'o7',
      'completed',
      [line('s7', 5_000, [rate(1, 'oMe', 1000, 500)]), line('s7b', 1_000, [])],
      china('2026-03-20T09:00:00'),
    );
    const released = (at: Date): Partial<CommissionDocument> => ({
      status: 'released',
      releaseAt: at,
      releasedAt: at,
      releaseBatch: 'b1',
    });
    const docs = [
      (C.c1 = commission(o1, 0, 1, { createdAt: china('2026-03-31T23:00:00') })),
      (C.c1b = commission(o1, 1, 1, { createdAt: china('2026-03-31T23:00:00') })),
      (C.other = commission(o1, 0, 2, { createdAt: china('2026-03-31T23:00:00') })),
      (C.c2 = commission(o2, 0, 2, {
        createdAt: china('2026-03-31T00:10:00'),
        ...released(china('2026-03-31T08:00:00')),
        clawedBackFen: 100,
        history: [
          { event: 'settled', at: china('2026-03-31T00:10:00') },
          { event: 'released', at: china('2026-03-31T08:00:00') },
          { event: 'clawedBack', at: china('2026-03-31T09:00:00'), amountFen: 100, refundId: 'as0123' },
        ],
      })),
      (C.c3 = commission(o3, 0, 1, {
        createdAt: china('2026-03-30T23:59:00'),
        status: 'reversed',
        reversedFen: 300,
        history: [
          { event: 'settled', at: china('2026-03-30T23:59:00') },
          { event: 'reversed', at: china('2026-03-31T10:00:00'), amountFen: 300, refundId: 'as0456' },
        ],
      })),
      (C.c4 = commission(o4, 0, 1, {
        createdAt: china('2026-03-01T00:00:00'),
        ...released(china('2026-03-12T00:00:00')),
      })),
      (C.c5 = commission(o5, 0, 1, {
        createdAt: china('2026-02-28T23:59:00'),
        ...released(china('2026-03-12T00:00:00')),
      })),
      (C.c6 = commission(o6, 0, 1, {
        createdAt: china('2026-03-15T10:00:00'),
        releaseAt: china('2026-04-03T10:00:00'),
      })),
      (C.c7 = commission(o7, 0, 1, {
        createdAt: china('2026-03-20T10:00:00'),
        releaseAt: china('2026-04-05T10:00:00'),
      })),
    ];
    f.emu.insert('commissions', docs as never);
    f.emu.insert('afterSales', [
      afterSale('s000000000000000000000001', o6, 0, 'requested'),
      afterSale('s000000000000000000000002', o7, 1, 'approved'),
      afterSale('s000000000000000000000003', o7, 0, 'refused'),
    ] as never);
    const account: AccountDocument = {
      _id: 'oMe',
      frozenFen: 2_366,
      availableFen: 1_600,
      withdrawingFen: 1_000,
      withdrawnFen: 500,
      createdAt: new Date(START),
      updatedAt: new Date(START),
    };
    f.emu.insert('accounts', [account] as never);
    f.emu.insert('withdrawals', [
      withdrawal('r1', 'withdrawn', 500, china('2026-03-20T12:00:00'), {
        history: [
          { status: 'reviewing', at: china('2026-03-20T12:00:00'), by: 'oMe' },
          { status: 'paying', at: china('2026-03-20T13:00:00'), by: 'oAdmin' },
          { status: 'withdrawn', at: china('2026-03-20T14:00:00'), by: 'system' },
        ],
      }),
      withdrawal('r2', 'rejected', 300, china('2026-03-25T12:00:00'), {
        rejectReason: '信息不全',
        history: [
          { status: 'reviewing', at: china('2026-03-25T12:00:00'), by: 'oMe' },
          { status: 'rejected', at: china('2026-03-25T13:00:00'), by: 'oAdmin', note: '信息不全' },
        ],
      }),
      withdrawal('r3', 'reviewing', 1_000, china('2026-03-31T12:00:00')),
      { ...withdrawal('x1', 'reviewing', 777, china('2026-03-31T12:00:00')), _id: 'w:oOther:x1', userId: 'oOther' },
    ] as never);
  }

  beforeEach(() => {
    f.emu.reset();
    f.emu.emulator.faults.clear();
  });

  const chartPoint = (chart: CenterOutput['earningsChart'], day: string): number | undefined =>
    chart.find((point) => point.day === day)?.earnedFen;

  describe('center', () => {
    it('answers balances, earnings, counts, the chart and the withdraw rules in 2 round trips', async () => {
      seedLedger();
      const { result, invocation } = await call({ $url: 'center' });
      const center = CenterOutput.parse(result.data);
      expect(center.status).toBe('approved');
      expect(center.balances).toEqual({
        frozenFen: 2_366,
        availableFen: 1_600,
        withdrawingFen: 1_000,
        withdrawnFen: 500,
      });
      expect(center.earnings).toEqual({
        todayFen: 1_600,
        monthFen: 3_466,
        totalFen: 5_466,
        day: '2026-03-31',
        month: '2026-03',
      });
      expect(center.counts).toEqual({
        commissions: { frozen: 3, held: 1, releasing: 0, released: 3, reversed: 1 },
        promotionOrders: 7,
        withdrawalsReviewing: 1,
        withdrawalsPaying: 0,
      });
      expect(center.earningsChart).toHaveLength(30);
      expect(center.earningsChart[0]).toEqual({ day: '2026-03-02', earnedFen: 0 });
      expect(center.earningsChart[29]).toEqual({ day: '2026-03-31', earnedFen: 1_600 });
      expect([
        chartPoint(center.earningsChart, '2026-03-30'),
        chartPoint(center.earningsChart, '2026-03-20'),
        chartPoint(center.earningsChart, '2026-03-15'),
      ]).toEqual([0, 500, 666]);
      // 03-01 is in the month but one day before the chart's first day.
      expect(chartPoint(center.earningsChart, '2026-03-01')).toBeUndefined();
      expect(center.earningsChart.reduce((sum, point) => sum + point.earnedFen, 0)).toBe(1_600 + 500 + 666);
      expect(center.rules).toEqual({
        withdraw: {
          minAmountFen: 200,
          maxAmountFen: 500_000,
          feeBp: 100,
          maxPerDay: 2,
          channels: ['wechatTransfer', 'manual'],
        },
        notifications: { commission: 'TPL_COMMISSION', withdrawal: null },
      });
      // One aggregation for the context, team and ledger figures, one for the held count; no write.
      expect(invocation.roundTrips.byAction).toEqual({ 'database.aggregateDocuments': 2 });
      expect(invocation.roundTrips.total).toBe(2);
    });

    it('moves today and this month across the China midnight that starts April', async () => {
      seedLedger();
      // 23:59 China on 03-31: still March.
      f.emu.emulator.options.clock.advance(29 * MINUTE_MS);
      let center = await data<CenterOutput>({ $url: 'center' });
      expect(center.earnings).toMatchObject({ todayFen: 1_600, monthFen: 3_466, day: '2026-03-31' });
      // 00:01 China on 04-01 (still 03-31 in UTC): a new day and a new month.
      f.emu.emulator.options.clock.advance(2 * MINUTE_MS);
      center = await data<CenterOutput>({ $url: 'center' });
      expect(center.earnings).toEqual({
        todayFen: 0,
        monthFen: 0,
        totalFen: 5_466,
        day: '2026-04-01',
        month: '2026-04',
      });
      expect(center.earningsChart[0]?.day).toBe('2026-03-03');
      expect(center.earningsChart[29]).toEqual({ day: '2026-04-01', earnedFen: 0 });
      expect(chartPoint(center.earningsChart, '2026-03-31')).toBe(1_600);
      // A commission earned at 00:00:30 on 04-01 counts for April at once.
      const o1 = f.emu.emulator.store.scan('orders').find((doc) => doc._id === 'o1') as unknown as OrderDocument;
      f.emu.insert('commissions', [
        commission({ ...o1, _id: 'o9' }, 1, 1, { createdAt: new Date(START + 30 * MINUTE_MS + 30_000) }),
      ] as never);
      center = await data<CenterOutput>({ $url: 'center' });
      expect(center.earnings).toMatchObject({ todayFen: 200, monthFen: 200, totalFen: 5_666 });
    });

    it('answers zeros for a distributor without an account or commissions, and keeps the profile fields', async () => {
      seedRules(f.emu);
      seedUsers(f.emu, [{ id: 'oNew', status: 'approved' }]);
      const { result, invocation } = await call({ $url: 'center' }, 'oNew');
      const center = CenterOutput.parse(result.data);
      expect(center).toMatchObject({
        status: 'approved',
        isDistributor: true,
        team: { directMembers: 0 },
        grade: { id: 'standard' },
      });
      expect(center.balances).toEqual({ frozenFen: 0, availableFen: 0, withdrawingFen: 0, withdrawnFen: 0 });
      expect(center.earnings).toMatchObject({ todayFen: 0, monthFen: 0, totalFen: 0 });
      expect(center.earningsChart.every((point) => point.earnedFen === 0)).toBe(true);
      expect(center.counts).toEqual({
        commissions: { frozen: 0, held: 0, releasing: 0, released: 0, reversed: 0 },
        promotionOrders: 0,
        withdrawalsReviewing: 0,
        withdrawalsPaying: 0,
      });
      expect(invocation.roundTrips.total).toBe(2);
    });
  });

  describe('commissions and commission', () => {
    it('pages newest first and explains each record; every status filter', async () => {
      seedLedger();
      const first = await data<CommissionsOutput>({ $url: 'commissions', pageSize: 3 });
      expect(() => CommissionsOutput.parse(first)).not.toThrow();
      // c1 and c1b share a time: the id decides (descending).
      expect(first.commissions.map((c) => c.id)).toEqual([C.c1b?._id, C.c1?._id, C.c2?._id]);
      expect(first.hasMore).toBe(true);
      const second = await data<CommissionsOutput>({ $url: 'commissions', pageSize: 3, page: 2 });
      expect(second.commissions.map((c) => c.id)).toEqual([C.c3?._id, C.c7?._id, C.c6?._id]);
      const third = await data<CommissionsOutput>({ $url: 'commissions', pageSize: 3, page: 3 });
      expect(third.commissions.map((c) => c.id)).toEqual([C.c4?._id, C.c5?._id]);
      expect(third.hasMore).toBe(false);
      const ids = async (status: string): Promise<Array<[string, string]>> =>
        (await data<CommissionsOutput>({ $url: 'commissions', status })).commissions.map((c) => [c.id, c.status]);
      expect(await ids('held')).toEqual([[C.c6?._id, 'held']]);
      expect(await ids('frozen')).toEqual([
        [C.c1b?._id, 'frozen'],
        [C.c1?._id, 'frozen'],
        [C.c7?._id, 'frozen'],
      ]);
      expect(await ids('released')).toEqual([
        [C.c2?._id, 'released'],
        [C.c4?._id, 'released'],
        [C.c5?._id, 'released'],
      ]);
      expect(await ids('reversed')).toEqual([[C.c3?._id, 'reversed']]);
      expect(await ids('releasing')).toEqual([]);
    });

    it('reads a page in 3 round trips: the page, then its orders and holds (one query each)', async () => {
      seedLedger();
      const { result, invocation } = await call({ $url: 'commissions', pageSize: 20 });
      expect(result.data.commissions).toHaveLength(8);
      expect(invocation.roundTrips.byAction).toEqual({ 'database.getDocument': 1, 'database.aggregateDocuments': 2 });
      const held = await call({ $url: 'commissions', status: 'held' });
      expect(held.invocation.roundTrips.total).toBe(3);
    });

    it('explains rounding, level, product and why a commission is frozen (order not completed)', async () => {
      seedLedger();
      const { commission: view } = await data<CommissionOutput>({ $url: 'commission', id: C.c1?._id });
      expect(() => CommissionOutput.parse({ commission: view })).not.toThrow();
      expect(view).toMatchObject({
        orderId: 'o1',
        lineIndex: 0,
        level: 1,
        levelLabel: '一级',
        product: { name: '商品 s1', spec: '标准', skuId: 's1', quantity: 1 },
        baseFen: 10_005,
        basis: { kind: 'rate', rateBp: 1000 },
        basisText: '10%',
        computation: { exactFen: '1000.5', roundedOffFen: '0.5', uncappedFen: 1000, capApplied: false, capFen: null },
        amountFen: 1000,
        netFen: 1000,
        status: 'frozen',
        statusLabel: '冻结中',
        releaseAt: null,
        pending: { reason: 'ORDER_NOT_COMPLETED', until: null },
      });
      expect(view.explanation).toEqual([
        '订单 o1 · 商品 s1（标准） × 1',
        '一级佣金：实付 ¥100.05 × 10% = ¥10.005，向下取整为 ¥10.00',
        '订单待发货，确认收货并过了售后期后结算',
      ]);
    });

    it('tells held (after-sale on its line) from frozen in the return window (after-sale on another line)', async () => {
      seedLedger();
      const held = (await data<CommissionOutput>({ $url: 'commission', id: C.c6?._id })).commission;
      expect(held).toMatchObject({
        status: 'held',
        statusLabel: '售后冻结',
        pending: { reason: 'AFTER_SALE_OPEN', until: '2026-04-03T02:00:00.000Z' },
        computation: {
          exactFen: '800',
          roundedOffFen: '0',
          uncappedFen: 800,
          capApplied: true,
          capFen: 1_000,
          lineUncappedFen: 1_200,
          cappedExactFen: '666.6666…',
        },
        amountFen: 666,
      });
      expect(held.explanation).toContain(
        '本商品各级佣金合计 ¥12.00 超过封顶 ¥10.00，按比例缩减：¥6.666666…，向下取整为 ¥6.66',
      );
      const frozen = (await data<CommissionOutput>({ $url: 'commission', id: C.c7?._id })).commission;
      expect(frozen).toMatchObject({
        status: 'frozen',
        pending: {
          reason: 'RETURN_WINDOW',
          until: '2026-04-05T02:00:00.000Z',
          text: '售后期内，预计 2026-04-05 10:00 结算',
        },
      });
      // Past its date, before the release timer ran.
      f.emu.emulator.options.clock.advance(6 * DAY_MS);
      const due = (await data<CommissionOutput>({ $url: 'commission', id: C.c7?._id })).commission;
      expect(due.pending).toEqual({
        reason: 'RELEASE_DUE',
        until: '2026-04-05T02:00:00.000Z',
        text: '已过售后期，等待系统结算',
      });
    });

    it('shows released, clawed back and reversed commissions with their history and amounts', async () => {
      seedLedger();
      const clawed = (await data<CommissionOutput>({ $url: 'commission', id: C.c2?._id })).commission;
      expect(clawed).toMatchObject({
        level: 2,
        levelLabel: '二级',
        basisText: '5%',
        status: 'released',
        statusLabel: '已结算',
        amountFen: 500,
        clawedBackFen: 100,
        netFen: 400,
        pending: null,
      });
      expect(clawed.history.map((event) => [event.event, event.amountFen, event.refundId])).toEqual([
        ['settled', null, null],
        ['released', null, null],
        ['clawedBack', 100, 'as0123'],
      ]);
      expect(clawed.history[2]?.text).toBe('结算后退款，扣回佣金 ¥1.00（退款单 as0123）');
      expect(clawed.explanation).toEqual(
        expect.arrayContaining(['结算后退款，扣回 ¥1.00', '实得佣金 ¥4.00', '已于 2026-03-31 08:00 结算到可提现余额']),
      );
      const reversed = (await data<CommissionOutput>({ $url: 'commission', id: C.c3?._id })).commission;
      expect(reversed).toMatchObject({
        status: 'reversed',
        statusLabel: '已失效',
        reversedFen: 300,
        netFen: 0,
        pending: null,
      });
      expect(reversed.history[1]).toMatchObject({
        event: 'reversed',
        amountFen: 300,
        refundId: 'as0456',
        text: '退款使佣金失效 ¥3.00（退款单 as0456）',
      });
      const fixed = (await data<CommissionOutput>({ $url: 'commission', id: C.c4?._id })).commission;
      expect(fixed).toMatchObject({
        basis: { kind: 'fixed', fixedFenPerUnit: 350 },
        basisText: '每件 ¥3.50',
        computation: { exactFen: '700', roundedOffFen: '0', uncappedFen: 700 },
      });
      expect(fixed.explanation[1]).toBe('一级佣金：每件 ¥3.50 × 2 件 = ¥7.00');
    });

    it("answers NOT_FOUND for someone else's commission and for unknown ids; INVALID_INPUT for a malformed id", async () => {
      seedLedger();
      const other = await call({ $url: 'commission', id: C.other?._id });
      expect(other.result).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: expect.any(String) } });
      expect((await call({ $url: 'commission', id: 'c:o404:0:1' })).result).toMatchObject({
        ok: false,
        error: { code: 'NOT_FOUND' },
      });
      expect((await call({ $url: 'commission', id: 'o1' })).result).toMatchObject({
        ok: false,
        error: { code: 'INVALID_INPUT' },
      });
      expect((await call({ $url: 'commissions', status: 'paid' })).result).toMatchObject({
        ok: false,
        error: { code: 'INVALID_INPUT' },
      });
      expect((await call({ $url: 'commissions', beneficiaryId: 'oOther' })).result).toMatchObject({
        ok: false,
        error: { code: 'INVALID_INPUT' },
      });
      // oOther sees only their own.
      const theirs = await data<CommissionsOutput>({ $url: 'commissions' }, 'oOther');
      expect(theirs.commissions.map((c: CommissionView) => c.id)).toEqual([C.other?._id]);
    });
  });

  describe('withdrawals', () => {
    it("pages the caller's withdrawals newest first with fee, payout, history and reject reason", async () => {
      seedLedger();
      const { result, invocation } = await call({ $url: 'withdrawals', pageSize: 2 });
      const page = WithdrawalsOutput.parse(result.data);
      expect(page.withdrawals.map((w) => [w.id, w.status, w.statusLabel, w.amountFen, w.feeFen, w.payoutFen])).toEqual([
        ['w:oMe:r3', 'reviewing', '审核中', 1_000, 10, 990],
        ['w:oMe:r2', 'rejected', '已拒绝', 300, 3, 297],
      ]);
      expect(page.withdrawals[1]).toMatchObject({
        rejectReason: '信息不全',
        history: [
          { status: 'reviewing', note: null },
          { status: 'rejected', note: '信息不全' },
        ],
      });
      expect(page.hasMore).toBe(true);
      expect(invocation.roundTrips.total).toBe(1);
      const last = await data<WithdrawalsOutput>({ $url: 'withdrawals', pageSize: 2, page: 2 });
      expect(last.withdrawals.map((w) => [w.id, w.status, w.history.length])).toEqual([['w:oMe:r1', 'withdrawn', 3]]);
      expect(last.hasMore).toBe(false);
    });
  });

  describe('promotionOrders', () => {
    it('groups the caller’s commissions by order, newest first, with the masked buyer and the order status', async () => {
      seedLedger();
      const { result, invocation } = await call({ $url: 'promotionOrders', pageSize: 3 });
      const page = PromotionOrdersOutput.parse(result.data);
      expect(
        page.orders.map((o) => [o.orderId, o.buyerNickname, o.orderStatusLabel, o.amountFen, o.netFen, o.status]),
      ).toEqual([
        ['o1', '王**明', '待发货', 1_200, 1_200, 'frozen'],
        ['o2', 'Z*', '已完成', 500, 400, 'released'],
        ['o3', '王**明', '待发货', 300, 0, 'reversed'],
      ]);
      // Only the caller's commissions: oOther's level 2 on o1 is not there.
      expect(page.orders[0]?.commissions.map((c) => [c.id, c.level])).toEqual([
        [C.c1?._id, 1],
        [C.c1b?._id, 1],
      ]);
      expect(page.orders[0]).toMatchObject({
        products: ['商品 s1', '商品 s1b'],
        orderStatus: 'paid',
        orderedAt: china('2026-03-31T22:59:00').toISOString(),
      });
      expect(page.hasMore).toBe(true);
      expect(invocation.roundTrips.total).toBe(3);
      const rest = await data<PromotionOrdersOutput>({ $url: 'promotionOrders', pageSize: 3, page: 2 });
      expect(rest.orders.map((o) => [o.orderId, o.status])).toEqual([
        ['o7', 'frozen'],
        ['o6', 'held'],
        ['o4', 'released'],
      ]);
      expect(JSON.stringify(rest)).not.toContain('oBuyer');
    });
  });

  describe('through the real order flow', () => {
    it('a paid order settled by settleCommission shows in the center, the list and promotion orders', async () => {
      seedRules(f.emu, {
        recruitment: 'apply',
        levels: 2,
        capBp: 3000,
        grades: [{ id: 'standard', name: '普通', rank: 0, ratesBp: [1000, 500], upgradeWhen: {} }],
        defaultGradeId: 'standard',
      });
      seedUsers(f.emu, [
        { id: 'oTop', status: 'approved' },
        { id: 'oRef', status: 'approved', referrerId: 'oTop' },
        { id: 'oBuyer', nickname: '李雷', referrerId: 'oRef', ancestors: ['oRef', 'oTop'] },
      ]);
      seedAddress(f.emu, 'oBuyer');
      seedProduct(f.emu, { _id: 'p-tea', name: '龙井' }, [{ _id: 'tea-250', priceFen: 12_345, stock: 10 }]);
      const placed = await f.emu.call(
        'placeOrder',
        { items: [{ skuId: 'tea-250', quantity: 1 }], addressId: 'addr-oBuyer', idempotencyKey: 'center-e2e-0001' },
        { openid: 'oBuyer' },
      );
      const orderId = (placed.result as Json).data.orderId as string;
      await fetch(`${f.emu.url}/_emulator/payments/${orderId}/pay`, { method: 'POST' });
      const order = (): OrderDocument =>
        f.emu.emulator.store.scan('orders').find((doc) => doc._id === orderId) as unknown as OrderDocument;
      for (let i = 0; i < 200 && !settlementDone(f.emu.emulator.store, orderId); i += 1)
        await new Promise((resolve) => setTimeout(resolve, 20));
      expect(order().settlement.state).toBe('settled');

      const center = await data<CenterOutput>({ $url: 'center' }, 'oRef');
      // 10% of 123.45 = 12.345 → 12.34 (floor).
      expect(center.balances).toEqual({ frozenFen: 1_234, availableFen: 0, withdrawingFen: 0, withdrawnFen: 0 });
      expect(center.earnings).toMatchObject({ todayFen: 1_234, monthFen: 1_234, totalFen: 1_234 });
      expect(center.counts).toMatchObject({ commissions: { frozen: 1, held: 0 }, promotionOrders: 1 });
      const list = await data<CommissionsOutput>({ $url: 'commissions' }, 'oRef');
      expect(list.commissions).toHaveLength(1);
      expect(list.commissions[0]).toMatchObject({
        orderId,
        level: 1,
        product: { name: '龙井', skuId: 'tea-250' },
        baseFen: 12_345,
        computation: { exactFen: '1234.5', uncappedFen: 1_234 },
        status: 'frozen',
        pending: { reason: 'ORDER_NOT_COMPLETED' },
      });
      expect(list.commissions[0]?.history.map((event) => event.event)).toEqual(['settled']);
      const top = await data<CommissionsOutput>({ $url: 'commissions' }, 'oTop');
      expect(top.commissions[0]).toMatchObject({
        level: 2,
        levelLabel: '二级',
        computation: { exactFen: '617.25', roundedOffFen: '0.25', uncappedFen: 617 },
      });
      const promoted = await data<PromotionOrdersOutput>({ $url: 'promotionOrders' }, 'oRef');
      expect(promoted.orders).toEqual([
        expect.objectContaining({
          orderId,
          buyerNickname: '李*',
          orderStatus: 'paid',
          amountFen: 1_234,
          status: 'frozen',
        }),
      ]);
    });
  });
});
