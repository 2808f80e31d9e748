/**
 * Points (积分) end to end on the emulator (docs/wallet.md section 4): earned at settlement into
 * frozen, released by expirePoints once the return window has ended, spent at checkout as the
 * last discount, expired by month; taken back and given back on refunds, cumulatively exact;
 * given back once when an unpaid order closes; never spent twice by two orders at once.
 */
import type { AfterSaleDocument } from '@shared/afterSales';
import type { OrderDocument } from '@shared/orders';
import type { PointsAccountDocument, PointsEntryDocument } from '@shared/points';
import type { PointsRules } from '@shared/rules';
import type { Result } from '@shared/result';
import { useEmulator } from '../helpers/emulator';
import { settlementDone } from '../helpers/settlement';
import {
  BUYER,
  placeAndPayTea,
  requestTeaRefund,
  seedTeaShop,
  TEA_SKU,
  teaOrderPastWindow,
  until,
} from '../helpers/teaShop';

const ADMIN = 'oADMIN';
const DAY = 86_400_000;
const POINTS: PointsRules = { enabled: true, earnPerYuan: 1, pointsPerYuan: 100, maxDeductBp: 500, validityMonths: 1 };

describe('points (积分)', () => {
  const f = useEmulator({ runScheduler: false, timers: [], functionEnv: { WXPAY_SUB_MCH_ID: '1900000109' } });
  const byId = <T>(collection: string, id: string): T =>
    f.emu.emulator.store.scan(collection).find((doc) => doc._id === id) as T;
  const account = (): PointsAccountDocument => byId<PointsAccountDocument>('pointsAccounts', BUYER);
  const order = (id: string): OrderDocument => byId<OrderDocument>('orders', id);
  const entries = (): PointsEntryDocument[] =>
    f.emu.emulator.store.scan('pointsEntries') as unknown as PointsEntryDocument[];
  const admin = async (route: string, input: object) =>
    (await f.emu.call('admin', { $url: route, ...input }, { openid: ADMIN })).result as Result<any>;

  /** Each bucket of the buyer's account is the sum of its entries' deltas; available is the sum of its months. */
  function expectAccountIsSumOfEntries(): void {
    const mine = entries().filter((entry) => entry.userId === BUYER);
    const sum = (bucket: 'frozen' | 'available' | 'spent' | 'expired') =>
      mine.reduce((total, entry) => total + entry.deltas[bucket], 0);
    const { frozen, available, spent, expired, months } = account();
    expect({ frozen, available, spent, expired }).toEqual({
      frozen: sum('frozen'),
      available: sum('available'),
      spent: sum('spent'),
      expired: sum('expired'),
    });
    expect(Object.values(months).reduce((total, points) => total + points, 0)).toBe(available);
    expect(available).toBeGreaterThanOrEqual(0);
  }

  async function place(key: string, quantity: number, usePoints: boolean): Promise<Result<any>> {
    const placed = await f.emu.call(
      'placeOrder',
      { items: [{ skuId: TEA_SKU, quantity }], addressId: `addr-${BUYER}`, idempotencyKey: key, usePoints },
      { openid: BUYER },
    );
    return placed.result as Result<any>;
  }

  async function refund(orderId: string, key: string, amountFen: number): Promise<void> {
    const made = await requestTeaRefund(f.emu, orderId, key, amountFen);
    expect(made).toMatchObject({ ok: true });
    const id = made.data.afterSale.id as string;
    expect(await admin('approveAfterSale', { afterSaleId: id })).toMatchObject({ ok: true });
    await f.emu.advanceClock(10_000);
    await until(() => byId<AfterSaleDocument>('afterSales', id).status === 'refunded', 'the refund');
  }

  async function adjust(points: number, requestId: string): Promise<Result<any>> {
    return admin('adjustPoints', { userId: BUYER, points, reason: '活动补偿', requestId });
  }

  beforeEach(() => {
    f.emu.reset();
    seedTeaShop(f.emu, { returnWindowDays: 7, points: POINTS });
    f.emu.insert('admins', [{ _id: ADMIN, addedBy: 'setup', addedAt: new Date(), note: '' }]);
  });

  it('earns into frozen, releases after the return window, spends at checkout and expires by month', async () => {
    const orderId = await teaOrderPastWindow(f.emu, ADMIN, 'earn-0001');
    // 25 600 fen of goods: floor(256 yuan) × 1 = 256 points, frozen since settlement.
    expect(account()).toMatchObject({ frozen: 256, available: 0 });
    expect(order(orderId).points).toMatchObject({ earnedPoints: 256, earnState: 'frozen' });

    const run = await f.emu.runTimer('expirePoints', {});
    expect(run.result).toMatchObject({ ok: true, data: { releasedOrders: 1, done: true, failed: 0 } });
    expect(account()).toMatchObject({ frozen: 0, available: 256 });
    expect((await f.emu.runTimer('expirePoints', {})).result).toMatchObject({ data: { releasedOrders: 0 } });

    expect(await adjust(1_000, 'adjust-0001')).toMatchObject({ ok: true, data: { replayed: false } });
    expect(await adjust(1_000, 'adjust-0001')).toMatchObject({ ok: true, data: { replayed: true } });
    expect(account().available).toBe(1_256);

    // The quote says what the switch would take off: 5% of 12 800 fen = 640 fen = 640 points.
    const quoted = await f.emu.call(
      'placeOrder',
      { $url: 'quote', items: [{ skuId: TEA_SKU, quantity: 1 }] },
      { openid: BUYER },
    );
    expect(quoted.result).toMatchObject({
      ok: true,
      data: { payableFen: 12_800, points: { availablePoints: 1_256, usedPoints: 640, offFen: 640, applied: false } },
    });
    const spent = await place('spend-0001', 1, true);
    expect(spent).toMatchObject({ ok: true, data: { payableFen: 12_160 } });
    const spending = order((spent as { data: { orderId: string } }).data.orderId);
    expect(spending.points).toMatchObject({ usedPoints: 640, offFen: 640 });
    // The line's paidFen (the commission base) already excludes the points.
    expect(spending.lines[0]).toMatchObject({ paidFen: 12_160, discountFen: 640 });
    expect(account()).toMatchObject({ available: 616, spent: 640 });
    expectAccountIsSumOfEntries();

    // Month M's points expire at the end of month M + 1: two months on, all 616 are gone, once.
    await f.emu.advanceClock(62 * DAY);
    const expired = await f.emu.runTimer('expirePoints', {});
    expect(expired.result).toMatchObject({ ok: true, data: { expiredPoints: 616, expiredAccounts: 1 } });
    expect(account()).toMatchObject({ available: 0, expired: 616, months: {}, oldestMonth: null });
    expect((await f.emu.runTimer('expirePoints', {})).result).toMatchObject({ data: { expiredPoints: 0 } });
    expectAccountIsSumOfEntries();
  });

  it('takes earned points back on partial and full refunds before the release, cumulatively exact', async () => {
    const orderId = await placeAndPayTea(f.emu, 'refund-0001', 2);
    await until(() => settlementDone(f.emu.emulator.store, orderId), 'settlement');
    expect(account().frozen).toBe(256);
    // 5 050 fen refunded: floor(20 550 / 100) = 205 points stay, 51 come back.
    await refund(orderId, 'ask-00001', 5_050);
    expect(account().frozen).toBe(205);
    await refund(orderId, 'ask-00002', 3_333);
    // floor(17 217 / 100) = 172 stay.
    expect(account().frozen).toBe(172);
    await refund(orderId, 'ask-00003', 25_600 - 5_050 - 3_333);
    expect(account()).toMatchObject({ frozen: 0, available: 0 });
    expect(order(orderId).points).toMatchObject({ earnedPoints: 256, earnedBackPoints: 256 });
    const backs = entries().filter((entry) => entry.kind === 'earnBack');
    expect(backs.map((entry) => -entry.deltas.frozen)).toEqual([51, 33, 172]);
    expectAccountIsSumOfEntries();
  });

  it('after the release takes back from available, never below zero, recording the shortfall', async () => {
    const orderId = await teaOrderPastWindow(f.emu, ADMIN, 'release-01');
    await f.emu.runTimer('expirePoints', {});
    expect(account().available).toBe(256);
    // The shopper spends 200 of them (a merchant deduction here), leaving 56.
    expect(await adjust(-200, 'adjust-0002')).toMatchObject({ ok: true });
    expect(await adjust(-57, 'adjust-0003')).toMatchObject({ ok: false, error: { code: 'POINTS_INSUFFICIENT' } });
    await refund(orderId, 'ask-00004', 12_800);
    // 128 points to take back; 56 were there: available 0, shortfall 72.
    const back = entries().find((entry) => entry.kind === 'earnBack') as PointsEntryDocument;
    expect(back).toMatchObject({ deltas: { available: -56, frozen: 0 }, shortfall: 72 });
    expect(account().available).toBe(0);
    expectAccountIsSumOfEntries();
  });

  it('takes back from frozen before the release and from available after it, exactly what was earned in all', async () => {
    const orderId = await teaOrderPastWindow(f.emu, ADMIN, 'mixed-0001');
    expect(account().frozen).toBe(256);
    // 7 777 fen refunded before the release: floor(17 823 / 100) = 178 stay frozen, 78 come back.
    await refund(orderId, 'ask-00010', 7_777);
    expect(account()).toMatchObject({ frozen: 178, available: 0 });
    await f.emu.runTimer('expirePoints', {});
    expect(account()).toMatchObject({ frozen: 0, available: 178 });
    // The rest after the release: all 178 come out of available.
    await refund(orderId, 'ask-00011', 25_600 - 7_777);
    expect(account()).toMatchObject({ frozen: 0, available: 0 });
    expect(order(orderId).points).toMatchObject({ earnedPoints: 256, earnedBackPoints: 256, earnState: 'released' });
    const backs = entries().filter((entry) => entry.kind === 'earnBack');
    expect(backs.map((entry) => entry.deltas)).toEqual([
      { frozen: -78, available: 0, spent: 0, expired: 0 },
      { frozen: 0, available: -178, spent: 0, expired: 0 },
    ]);
    expectAccountIsSumOfEntries();
  });

  it('nets a refund applied before settlement into the earning itself', async () => {
    // The payment flow's settlement call fails; the refund lands first; the sweep then settles.
    f.emu.injectFault({ function: 'settleCommission', kind: 'fail', times: 0 });
    const orderId = await placeAndPayTea(f.emu, 'netted-001', 2);
    await until(() => order(orderId).status === 'paid', 'the payment');
    await refund(orderId, 'ask-00012', 5_050);
    f.emu.emulator.faults.clear();
    await f.emu.advanceClock(10 * 60_000);
    await f.emu.runTimer('sweepSettlements', {});
    await until(() => settlementDone(f.emu.emulator.store, orderId), 'settlement');
    // floor(20 550 / 100) = 205 earned, no take-back entry.
    expect(account()).toMatchObject({ frozen: 205 });
    expect(order(orderId).points).toMatchObject({ earnedPoints: 205 });
    expect(entries().filter((entry) => entry.kind === 'earnBack')).toHaveLength(0);
    expectAccountIsSumOfEntries();
  });

  it('gives the points of an order that closes unpaid back once', async () => {
    expect(await adjust(1_000, 'adjust-0004')).toMatchObject({ ok: true });
    const placed = await place('close-0001', 1, true);
    expect(placed).toMatchObject({ ok: true, data: { payableFen: 12_160 } });
    expect(account()).toMatchObject({ available: 360, spent: 640 });
    await f.emu.advanceClock(31 * 60_000);
    expect((await f.emu.runTimer('closeUnpaidOrders', {})).result).toMatchObject({ data: { closed: 1 } });
    await f.emu.runTimer('closeUnpaidOrders', {});
    expect(account()).toMatchObject({ available: 1_000, spent: 0 });
    expect(entries().filter((entry) => entry.kind === 'spendBack')).toHaveLength(1);
    expectAccountIsSumOfEntries();
  });

  it('gives spent points back proportionally on refunds of a paid order, all of them in the end', async () => {
    expect(await adjust(1_000, 'adjust-0005')).toMatchObject({ ok: true });
    const placed = await place('paid-0001', 1, true);
    const orderId = (placed as { data: { orderId: string } }).data.orderId;
    await fetch(`${f.emu.url}/_emulator/payments/${orderId}/pay`, { method: 'POST' });
    await until(() => settlementDone(f.emu.emulator.store, orderId), 'settlement');
    // Paid goods 12 160 fen: 121 points earned; 640 spent.
    expect(account()).toMatchObject({ available: 360, spent: 640, frozen: 121 });
    await refund(orderId, 'ask-00005', 4_000);
    // floor(640 × 4 000 / 12 160) = 210 back; floor(8 160 / 100) = 81 earned points stay.
    expect(account()).toMatchObject({ available: 570, spent: 430, frozen: 81 });
    await refund(orderId, 'ask-00006', 8_160);
    expect(account()).toMatchObject({ available: 1_000, spent: 0, frozen: 0 });
    expectAccountIsSumOfEntries();
  });

  it('spends the same points once when several orders take them at the same moment', async () => {
    expect(await adjust(640, 'adjust-0006')).toMatchObject({ ok: true });
    const keys = ['race-00001', 'race-00002', 'race-00003', 'race-00004'];
    const results = await Promise.all(keys.map((key) => place(key, 1, true)));
    // Each order either spent the 640 points, was priced without them (it read after they were
    // spent), or lost them at the take step and closed POINTS_INSUFFICIENT: never two spends.
    const orders = f.emu.emulator.store.scan('orders') as unknown as OrderDocument[];
    expect(orders.filter((doc) => doc.points?.usedPoints === 640 && doc.status !== 'closed')).toHaveLength(1);
    for (const result of results) if (!result.ok) expect(result.error.code).toBe('POINTS_INSUFFICIENT');
    expect(account()).toMatchObject({ available: 0, spent: 640 });
    expect(entries().filter((entry) => entry.kind === 'spend')).toHaveLength(1);
    expectAccountIsSumOfEntries();
  });

  it('closes an order POINTS_INSUFFICIENT when another order spent its points before it took them', async () => {
    expect(await adjust(640, 'adjust-0007')).toMatchObject({ ok: true });
    // The first order is priced with the points, then its take step fails (the instance dies).
    f.emu.injectFault({ action: 'database.commitTransaction', function: 'placeOrder', kind: 'fail', times: 1 });
    const first = await f.emu.call(
      'placeOrder',
      {
        items: [{ skuId: TEA_SKU, quantity: 1 }],
        addressId: `addr-${BUYER}`,
        idempotencyKey: 'slow-00001',
        usePoints: true,
      },
      { openid: BUYER },
    );
    expect((first.result as Result<unknown>)?.ok).not.toBe(true);
    f.emu.emulator.faults.clear();
    expect(await place('fast-00001', 1, true)).toMatchObject({ ok: true, data: { payableFen: 12_160 } });
    // The retry resumes the first order: its points are gone, so it closes and holds nothing.
    expect(await place('slow-00001', 1, true)).toMatchObject({ ok: false, error: { code: 'POINTS_INSUFFICIENT' } });
    const closed = (f.emu.emulator.store.scan('orders') as unknown as OrderDocument[]).filter(
      (doc) => doc.closeReason === 'POINTS_INSUFFICIENT',
    );
    expect(closed).toHaveLength(1);
    expect(closed[0]).toMatchObject({ reservation: 'released', status: 'closed' });
    expect(account()).toMatchObject({ available: 0, spent: 640 });
    expectAccountIsSumOfEntries();
  });
});
