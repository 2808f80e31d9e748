/**
 * releaseCommissions and completion scheduling: commissions whose return window has ended move
 * from the frozen to the available balance in claimed batches, exactly once, whatever crashes,
 * races or budget cuts happen; lines under an open after-sale wait. Small scenarios go through the
 * real flows (place, pay, settle, ship, confirm, after-sale); volume ones seed settled commissions
 * straight into the store (tests/bench/seedRelease.ts, consistent accounts and entries).
 */
import type { ReleaseCommissionsOutput } from '@shared/contracts/timers';
import {
  frozenFenOf,
  releasedFenOf,
  type AccountDocument,
  type CommissionDocument,
  type LedgerEntry,
} from '@shared/ledger';
import type { OrderDocument } from '@shared/orders';
import type { Result } from '@shared/result';
import type { UserDocument } from '@shared/users';
import { seedDueCommissions } from '../bench/seedRelease';
import { useEmulator } from '../helpers/emulator';
import { seedAddress, seedProduct } from '../helpers/orders';
import { seedRules, seedUsers } from '../helpers/referrals';
import { settlementDone } from '../helpers/settlement';

const DAY_MS = 86_400_000;
const ADMIN = 'oADMIN';
const BUYER = 'oBuyer';

describe('releaseCommissions', () => {
  const f = useEmulator({ functionEnv: { WXPAY_SUB_MCH_ID: '1900000109' }, timers: [] });
  const scan = <T>(collection: string): T[] => f.emu.emulator.store.scan(collection) as unknown as T[];
  const byId = <T extends { _id: string }>(collection: string, id: string): T =>
    scan<T>(collection).find((doc) => doc._id === id) as T;
  const commissions = () => scan<CommissionDocument>('commissions');
  const now = () => f.emu.emulator.options.clock.now();
  const snapshot = () =>
    JSON.stringify(
      ['accounts', 'ledgerEntries', 'commissions', 'users'].map((name) => f.emu.emulator.store.scan(name)),
    );

  async function run(
    data: Record<string, unknown> = {},
  ): Promise<{ report: ReleaseCommissionsOutput; roundTrips: number }> {
    const response = await f.emu.runTimer('releaseCommissions', data);
    expect(response.error).toBeUndefined();
    const result = response.result as Result<ReleaseCommissionsOutput>;
    if (!result.ok) throw new Error(`releaseCommissions refused: ${result.error.code}`);
    return { report: result.data, roundTrips: response.invocation.roundTrips.total };
  }

  /**
   * The ledger after any run, finished or crashed: every balance is the sum of its entries, and
   * each user's released total is the sum of their release entries. Once no batch is half done
   * (nothing `releasing`), accounts also agree with the commissions.
   */
  function checkLedger(): void {
    const entries = scan<LedgerEntry>('ledgerEntries');
    const all = commissions();
    const quiescent = !all.some((commission) => commission.status === 'releasing');
    for (const account of scan<AccountDocument>('accounts')) {
      const own = entries.filter((entry) => entry.userId === account._id);
      for (const balance of ['frozenFen', 'availableFen', 'withdrawingFen', 'withdrawnFen'] as const) {
        expect([account._id, balance, account[balance]]).toEqual([
          account._id,
          balance,
          own.reduce((sum, entry) => sum + entry.deltas[balance], 0),
        ]);
      }
      const released = own
        .filter((entry) => entry.kind === 'release')
        .reduce((sum, entry) => sum + entry.deltas.availableFen, 0);
      expect(byId<UserDocument>('users', account._id).stats.releasedCommissionFen).toBe(released);
      if (!quiescent) continue;
      const mine = all.filter((commission) => commission.beneficiaryId === account._id);
      expect(account.frozenFen).toBe(mine.reduce((sum, commission) => sum + frozenFenOf(commission), 0));
      expect(account.availableFen).toBe(mine.reduce((sum, commission) => sum + releasedFenOf(commission), 0));
    }
  }

  /** Every seeded commission released once: one release entry covers it, and the totals match. */
  function expectAllReleasedOnce(totalFen: number, count: number): void {
    expect(commissions().filter((commission) => commission.status === 'released').length).toBe(count);
    const releases = scan<LedgerEntry>('ledgerEntries').filter((entry) => entry.kind === 'release');
    const covered = releases.flatMap((entry) => entry.ref.commissionIds ?? []);
    expect(covered).toHaveLength(count);
    expect(new Set(covered).size).toBe(count);
    expect(releases.reduce((sum, entry) => sum + entry.deltas.availableFen, 0)).toBe(totalFen);
    checkLedger();
  }

  beforeEach(() => {
    f.emu.emulator.faults.clear();
    f.emu.reset();
  });

  describe('through the order flow', () => {
    beforeEach(() => {
      seedRules(f.emu, {
        recruitment: 'apply',
        levels: 2,
        capBp: 3000,
        returnWindowDays: 7,
        grades: [
          { id: 'standard', name: '普通', rank: 0, ratesBp: [1000, 500], upgradeWhen: {} },
          { id: 'silver', name: '银牌', rank: 1, ratesBp: [1200, 600], upgradeWhen: { releasedCommissionFen: 2_000 } },
        ],
        defaultGradeId: 'standard',
      });
      seedUsers(f.emu, [
        { id: 'oTop', status: 'approved' },
        { id: 'oRef', status: 'approved', referrerId: 'oTop' },
        { id: BUYER, referrerId: 'oRef', ancestors: ['oRef', 'oTop'] },
      ]);
      seedAddress(f.emu, BUYER);
      seedProduct(f.emu, { _id: 'p-tea' }, [
        { _id: 'tea-250', priceFen: 12_800, stock: 50 },
        { _id: 'tea-500', priceFen: 20_000, stock: 50 },
      ]);
      f.emu.insert('admins', [{ _id: ADMIN, addedBy: 'test', addedAt: new Date(now()), note: '' }]);
    });

    const admin = async (route: string, input: object) =>
      (await f.emu.call('admin', { $url: route, ...input }, { openid: ADMIN })).result as Result<any>;

    /** Places an order of the given SKUs, pays it, waits for its settlement and ships it. */
    async function shippedOrder(key: string, skus: string[] = ['tea-250']): Promise<string> {
      const items = skus.map((skuId) => ({ skuId, quantity: 1 }));
      const placed = await f.emu.call(
        'placeOrder',
        { items, addressId: `addr-${BUYER}`, idempotencyKey: key },
        { openid: BUYER },
      );
      const orderId = (placed.result as { data: { orderId: string } }).data.orderId;
      await fetch(`${f.emu.url}/_emulator/payments/${orderId}/pay`, { method: 'POST' });
      for (let i = 0; i < 200 && !settlementDone(f.emu.emulator.store, orderId); i += 1)
        await new Promise((resolve) => setTimeout(resolve, 20));
      expect(byId<OrderDocument>('orders', orderId).settlement.state).toBe('settled');
      expect(
        await admin('shipOrder', {
          orderId,
          carrier: '顺丰速运',
          trackingNo: `SF${key.replace(/\D/g, '').padEnd(10, '0')}`,
        }),
      ).toMatchObject({ ok: true });
      return orderId;
    }

    const confirm = (orderId: string) => f.emu.call('order', { $url: 'confirmReceipt', orderId }, { openid: BUYER });
    const ofOrder = (orderId: string) => commissions().filter((commission) => commission.orderId === orderId);

    it('completion schedules the release; due commissions are released once, not-due ones stay frozen', async () => {
      const first = await shippedOrder('release-0001');
      const notConfirmed = await shippedOrder('release-0002');
      expect((await confirm(first)).result).toMatchObject({ ok: true, data: { status: 'completed' } });
      const completed = byId<OrderDocument & { completedAt: Date }>('orders', first);
      expect(completed.commissionSchedule).toBe('done');
      const releaseAt = new Date(completed.completedAt.getTime() + 7 * DAY_MS);
      expect(
        ofOrder(first).map((c) => [c.beneficiaryId, c.amountFen, c.releaseAt, c.history.map((h) => h.event)]),
      ).toEqual([
        ['oRef', 1_280, releaseAt, ['settled', 'scheduled']],
        ['oTop', 640, releaseAt, ['settled', 'scheduled']],
      ]);
      expect(ofOrder(notConfirmed).map((c) => c.releaseAt)).toEqual([null, null]);

      // Before the window ends nothing is due.
      const early = await run();
      expect(early.report).toMatchObject({ releasedCommissions: 0, batches: 0, done: true });
      expect(commissions().every((c) => c.status === 'frozen')).toBe(true);

      await f.emu.advanceClock(7 * DAY_MS + 60_000);
      const late = await shippedOrder('release-0003');
      await confirm(late); // Its window starts now: not due.
      const { report } = await run();
      expect(report).toMatchObject({ releasedCommissions: 2, batches: 1, busyBatches: 0, held: 0, done: true });
      expect(
        ofOrder(first).map((c) => [c.status, c.releasedAt !== null, c.history.map((h) => h.event).at(-1)]),
      ).toEqual([
        ['released', true, 'released'],
        ['released', true, 'released'],
      ]);
      expect([...ofOrder(notConfirmed), ...ofOrder(late)].every((c) => c.status === 'frozen')).toBe(true);
      expect(
        ['oRef', 'oTop'].map((id) => [
          byId<AccountDocument>('accounts', id).availableFen,
          byId<UserDocument>('users', id).stats.releasedCommissionFen,
        ]),
      ).toEqual([
        [1_280, 1_280],
        [640, 640],
      ]);
      const entries = scan<LedgerEntry>('ledgerEntries').filter((entry) => entry.kind === 'release');
      const batch = ofOrder(first)[0]?.releaseBatch as string;
      expect(entries.map((entry) => [entry._id, entry.deltas.frozenFen, entry.deltas.availableFen, entry.ref])).toEqual(
        [
          [`release:${batch}:oRef`, -1_280, 1_280, { releaseBatch: batch, commissionIds: [`c:${first}:0:1`] }],
          [`release:${batch}:oTop`, -640, 640, { releaseBatch: batch, commissionIds: [`c:${first}:0:2`] }],
        ],
      );
      checkLedger();

      // A second run finds nothing and writes nothing.
      const before = snapshot();
      expect((await run()).report).toMatchObject({ releasedCommissions: 0, batches: 0 });
      expect(snapshot()).toBe(before);
    });

    it('holds the lines of an open after-sale while the other lines release, and releases them once it is refused', async () => {
      const orderId = await shippedOrder('release-0004', ['tea-250', 'tea-500']);
      await confirm(orderId);
      const requested = (
        await f.emu.call(
          'afterSale',
          {
            $url: 'request',
            orderId,
            kind: 'refundOnly',
            reason: '不想要了',
            idempotencyKey: 'hold-00001',
            lines: [{ lineIndex: 1, quantity: 0, amountFen: 1_000 }],
          },
          { openid: BUYER },
        )
      ).result as Result<{ afterSale: { id: string } }>;
      expect(requested.ok).toBe(true);
      await f.emu.advanceClock(7 * DAY_MS + 60_000);

      const held = await run();
      expect(held.report).toMatchObject({ releasedCommissions: 2, held: 2 });
      expect(ofOrder(orderId).map((c) => [c.lineIndex, c.level, c.status])).toEqual([
        [0, 1, 'released'],
        [0, 2, 'released'],
        [1, 1, 'frozen'],
        [1, 2, 'frozen'],
      ]);
      checkLedger();
      // Still held on the next run.
      expect((await run()).report).toMatchObject({ releasedCommissions: 0, held: 2 });

      expect(
        await admin('refuseAfterSale', {
          afterSaleId: requested.ok && requested.data.afterSale.id,
          reason: '商品无质量问题',
        }),
      ).toMatchObject({ ok: true });
      expect((await run()).report).toMatchObject({ releasedCommissions: 2, held: 0 });
      expect(ofOrder(orderId).every((c) => c.status === 'released')).toBe(true);
      expect(byId<AccountDocument>('accounts', 'oRef')).toMatchObject({ frozenFen: 0, availableFen: 1_280 + 2_000 });
      checkLedger();
    });

    it('re-drives the scheduling when completion crashed right after completing the order', async () => {
      const orderId = await shippedOrder('release-0005');
      // The order function dies right after its first write: the completing update.
      f.emu.injectFault({ action: 'database.modifyDocument', function: 'order', kind: 'killInstance' });
      expect((await confirm(orderId)).error?.message).toContain('killed');
      const order = byId<OrderDocument & { returnWindowEndsAt: Date }>('orders', orderId);
      expect([order.status, order.commissionSchedule]).toEqual(['completed', 'pending']);
      expect(ofOrder(orderId).map((c) => c.releaseAt)).toEqual([null, null]);

      expect((await run()).report).toMatchObject({ rescheduledOrders: 1, releasedCommissions: 0 });
      expect(byId<OrderDocument>('orders', orderId).commissionSchedule).toBe('done');
      expect(ofOrder(orderId).map((c) => c.releaseAt)).toEqual([order.returnWindowEndsAt, order.returnWindowEndsAt]);
      expect((await run()).report).toMatchObject({ rescheduledOrders: 0 });

      await f.emu.advanceClock(7 * DAY_MS + 60_000);
      expect((await run()).report).toMatchObject({ releasedCommissions: 2 });
      checkLedger();
    });

    it('the automatic confirmation schedules the release the same way', async () => {
      const orderId = await shippedOrder('release-0008');
      const autoConfirmAt = (byId<OrderDocument>('orders', orderId).autoConfirmAt as Date).getTime();
      await f.emu.advanceClock(autoConfirmAt - now() + 1_000);
      expect((await f.emu.runTimer('autoConfirmOrders', {})).result).toMatchObject({
        ok: true,
        data: { completed: 1 },
      });
      expect(byId<OrderDocument>('orders', orderId).commissionSchedule).toBe('done');
      // completedAt is the promised autoConfirmAt, so the window ends returnWindowDays after it.
      expect(ofOrder(orderId).map((c) => c.releaseAt?.getTime())).toEqual([
        autoConfirmAt + 7 * DAY_MS,
        autoConfirmAt + 7 * DAY_MS,
      ]);
    });

    it('grows stats.releasedCommissionFen, and the grade sweep upgrades on released commission', async () => {
      const orders = [await shippedOrder('release-0006'), await shippedOrder('release-0007')];
      for (const orderId of orders) await confirm(orderId);
      await f.emu.advanceClock(7 * DAY_MS + 60_000);
      await run();
      // oRef earned 2 x 1280 >= 2000; oTop 2 x 640 < 2000.
      expect(['oRef', 'oTop'].map((id) => byId<UserDocument>('users', id).stats.releasedCommissionFen)).toEqual([
        2_560, 1_280,
      ]);
      expect((await f.emu.runTimer('upgradeGrades', {})).result).toMatchObject({ ok: true, data: { upgraded: 1 } });
      expect(['oRef', 'oTop'].map((id) => byId<UserDocument>('users', id).distributor.gradeId)).toEqual([
        'silver',
        null,
      ]);
      checkLedger();
    });
  });

  describe('at volume (seeded settled commissions)', () => {
    const due = (commissionCount: number, distributors: number) =>
      seedDueCommissions(f.emu, { commissions: commissionCount, distributors, releaseAt: new Date(now() - 60_000) });

    it('releases 1000 commissions of 50 distributors in far fewer round trips than commissions', async () => {
      const seeded = due(1_000, 50);
      const { report, roundTrips } = await run();
      expect(report).toMatchObject({ releasedCommissions: 1_000, batches: 1, busyBatches: 0, done: true });
      // A read of its chain head and 3 writes per distributor, start and commit per 10 distributors, a
      // handful of reads: 224 (50 fewer before the ledger's hash chain).
      expect(roundTrips).toBeLessThan(1_000 / 4);
      expect(roundTrips).toBeGreaterThanOrEqual(3 * 50);
      expectAllReleasedOnce(seeded.totalFen, 1_000);
    });

    it('leaves commissions that are not due, and those of another batch, alone', async () => {
      const seeded = due(40, 10);
      seedDueCommissions(f.emu, {
        commissions: 20,
        distributors: 10,
        prefix: 'later-',
        releaseAt: new Date(now() + DAY_MS),
      });
      expect((await run()).report).toMatchObject({ releasedCommissions: 40 });
      expect(
        commissions()
          .filter((c) => c._id.includes('later-'))
          .every((c) => c.status === 'frozen' && c.releaseBatch === null),
      ).toBe(true);
      expectAllReleasedOnce(seeded.totalFen, 40);
    });

    it.each([
      ['after the claim', { action: 'database.modifyDocument', nth: 1, kind: 'killInstance' as const }],
      [
        'after the first transaction committed',
        { action: 'database.commitTransaction', kind: 'killInstance' as const },
      ],
      [
        'when the first commit’s response is lost',
        { action: 'database.commitTransaction', kind: 'loseResponse' as const },
      ],
      [
        'after the last transaction committed',
        { action: 'database.commitTransaction', nth: 12, kind: 'killInstance' as const },
      ],
    ])('a run that dies %s is finished by the next run, crediting exactly once', async (_label, fault) => {
      // 120 distributors: twelve transactions of 10, running at once.
      const seeded = due(240, 120);
      f.emu.injectFault({ ...fault, function: 'releaseCommissions' });
      const crashed = await f.emu.runTimer('releaseCommissions', {});
      expect(crashed.error).toBeDefined();
      expect(commissions().some((c) => c.status === 'releasing')).toBe(true);
      checkLedger();
      // A killed instance abandons its open transactions; their locks end with them (30 s).
      await f.emu.advanceClock(31_000);
      const { report } = await run();
      expect(report).toMatchObject({ recoveredBatches: 1, releasedCommissions: 240, busyBatches: 0 });
      expectAllReleasedOnce(seeded.totalFen, 240);
    });

    it('two concurrent runs credit once; two runs recovering the same batch credit once', async () => {
      const seeded = due(600, 300);
      const reports = (await Promise.all([run(), run()])).map((r) => r.report);
      expect(reports[0]!.releasedCommissions + reports[1]!.releasedCommissions).toBe(600);
      expectAllReleasedOnce(seeded.totalFen, 600);

      const more = seedDueCommissions(f.emu, {
        commissions: 400,
        distributors: 200,
        prefix: 'b-',
        releaseAt: new Date(now() - 60_000),
      });
      f.emu.injectFault({
        action: 'database.modifyDocument',
        function: 'releaseCommissions',
        nth: 1,
        kind: 'killInstance',
      });
      expect((await f.emu.runTimer('releaseCommissions', {})).error).toBeDefined();
      const recovering = (await Promise.all([run(), run(), run()])).map((r) => r.report);
      expect(recovering.reduce((sum, r) => sum + r.releasedCommissions, 0)).toBeGreaterThanOrEqual(400);
      expectAllReleasedOnce(seeded.totalFen + more.totalFen, 1_000);
    });

    it('a tiny budget stops a run after one page; the next runs continue where it stopped', async () => {
      // 450 distributors: a batch takes 200 of them, so three pages.
      const seeded = due(450, 450);
      const reports: ReleaseCommissionsOutput[] = [];
      for (let i = 0; i < 5 && (reports.length === 0 || !reports.at(-1)!.done); i += 1)
        reports.push((await run({ budgetMs: 0 })).report);
      expect(reports.map((r) => [r.releasedCommissions, r.done])).toEqual([
        [200, false],
        [200, false],
        [50, true],
      ]);
      expectAllReleasedOnce(seeded.totalFen, 450);
    });

    it('is refused to mini-program users and rejects bad input, writing nothing', async () => {
      due(10, 5);
      const before = snapshot();
      expect((await f.emu.call('releaseCommissions', {}, { openid: 'oSomeone' })).result).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN' },
      });
      expect((await f.emu.runTimer('releaseCommissions', { budgetMs: -1 })).result).toMatchObject({
        ok: false,
        error: { code: 'INVALID_INPUT' },
      });
      expect(snapshot()).toBe(before);
    });
  });
});
