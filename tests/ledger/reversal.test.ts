/**
 * Reversals and clawbacks on refunds (docs/rules.md section 6), end to end on the emulator: a real
 * order paid and settled, after-sales requested and approved, WeChat Pay's sandbox refund and
 * its callback; release through releaseCommissions. After every step the ledger invariants of
 * section 8 hold (1, 2 and 4).
 */
import type { AfterSaleDocument } from '@shared/afterSales';
import {
  frozenFenOf,
  releasedFenOf,
  ZERO_BALANCES,
  type AccountDocument,
  type CommissionDocument,
  type LedgerEntry,
} from '@shared/ledger';
import { verifyAccountChain } from '@shared/ledgerChain';
import type { OrderDocument } from '@shared/orders';
import type { Result } from '@shared/result';
import type { UserDocument } from '@shared/users';
import { useEmulator } from '../helpers/emulator';
import { appendToAccount } from '../helpers/ledgerChain';
import { BUYER, placeAndPayTea, seedTeaShop } from '../helpers/teaShop';
import { settlementDone } from '../helpers/settlement';

type Json = Record<string, any>;
type Order = OrderDocument;

const ADMIN = 'oADMIN';
const DAY = 86_400_000;
const sum = <T>(items: readonly T[], pick: (item: T) => number): number =>
  items.reduce((total, item) => total + pick(item), 0);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('commission reversals and clawbacks', () => {
  const f = useEmulator({ runScheduler: false, timers: [], functionEnv: { WXPAY_SUB_MCH_ID: '1900000109' } });
  const scan = <T>(collection: string): T[] => f.emu.emulator.store.scan(collection) as unknown as T[];
  const byId = <T extends { _id: string }>(collection: string, id: string): T =>
    scan<T>(collection).find((doc) => doc._id === id) as T;
  const order = (id: string) => byId<Order>('orders', id);
  const user = (id: string) => byId<UserDocument>('users', id);
  const account = (id: string) => byId<AccountDocument>('accounts', id);
  const commission = (orderId: string, level: number, line = 0) =>
    byId<CommissionDocument>('commissions', `c:${orderId}:${line}:${level}`);
  const entry = (id: string) => byId<LedgerEntry>('ledgerEntries', id);
  const shopper = async (route: string, input: object) =>
    (await f.emu.call('afterSale', { $url: route, ...input }, { openid: BUYER })).result as Result<any>;
  const admin = async (route: string, input: object) =>
    (await f.emu.call('admin', { $url: route, ...input }, { openid: ADMIN })).result as Result<any>;
  const callback = (outRefundNo: string) =>
    f.emu.call('onRefundCallback', { outRefundNo }, { source: 'wx_paycallback' });
  const payment = async (orderId: string): Promise<Json> =>
    (await (await fetch(`${f.emu.url}/_emulator/payments/${orderId}`)).json()) as Json;

  beforeEach(() => {
    f.emu.emulator.faults.clear();
    f.emu.reset();
    seedTeaShop(f.emu, { returnWindowDays: 7 });
    f.emu.insert('admins', [{ _id: ADMIN, addedBy: 'setup', addedAt: new Date(), note: '' }]);
  });

  /** Section 8: accounts = Σ entries (1), commission = released + reversed + frozen (2), conservation (4). */
  function checkInvariants(): void {
    const accounts = scan<AccountDocument>('accounts');
    const entries = scan<LedgerEntry>('ledgerEntries');
    const commissions = scan<CommissionDocument>('commissions');
    for (const acc of accounts) {
      const mine = entries.filter((e) => e.userId === acc._id);
      for (const field of Object.keys(ZERO_BALANCES) as Array<keyof typeof ZERO_BALANCES>)
        expect([acc._id, field, acc[field]]).toEqual([acc._id, field, sum(mine, (e) => e.deltas[field])]);
      expect(acc.frozenFen).toBeGreaterThanOrEqual(0);
      // docs/ledger.md, "Tamper evidence": every account's hash chain holds.
      expect([acc._id, verifyAccountChain(acc, mine)]).toEqual([acc._id, { ok: true, entries: mine.length }]);
      expect(acc.frozenFen).toBe(
        sum(
          commissions.filter((c) => c.beneficiaryId === acc._id),
          frozenFenOf,
        ),
      );
    }
    for (const c of commissions) {
      expect(releasedFenOf(c) + c.reversedFen + frozenFenOf(c)).toBe(c.amountFen);
      expect(c.clawedBackFen).toBeGreaterThanOrEqual(0);
      expect(c.clawedBackFen).toBeLessThanOrEqual(releasedFenOf(c));
    }
    const balances = sum(accounts, (a) => a.frozenFen + a.availableFen + a.withdrawingFen + a.withdrawnFen);
    expect(sum(commissions, (c) => c.amountFen)).toBe(
      balances + sum(commissions, (c) => c.reversedFen + c.clawedBackFen),
    );
  }

  async function until(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
    // Up to a minute: settlement runs in the background, and a busy machine can take seconds.
    for (let i = 0; i < 3_000; i += 1) {
      if (await condition()) return;
      await sleep(20);
    }
    throw new Error(`timed out waiting for ${what}`);
  }

  /** Places an order of `quantity` teas (12 800 fen each) and pays it; settlement follows unless `settle` is false. */
  async function placeAndPay(key: string, quantity = 2, settle = true): Promise<string> {
    if (!settle) f.emu.injectFault({ function: 'settleCommission', kind: 'fail', nth: 1 });
    const orderId = await placeAndPayTea(f.emu, key, quantity);
    if (settle) await until(() => settlementDone(f.emu.emulator.store, orderId), 'settlement');
    else {
      await until(() => (f.emu.emulator.faults.list()[0]?.fired ?? 0) === 1, "the payment flow's settlement call");
      f.emu.emulator.faults.clear();
    }
    return orderId;
  }

  /** A price-only refund of `amountFen` on line 0, requested and approved; answers its out_refund_no. */
  async function approveRefund(orderId: string, key: string, amountFen: number): Promise<string> {
    const made = await shopper('request', {
      orderId,
      kind: 'refundOnly',
      reason: '不想要了',
      idempotencyKey: key,
      lines: [{ lineIndex: 0, quantity: 0, amountFen }],
    });
    expect(made.ok).toBe(true);
    const id = made.ok ? (made.data.afterSale.id as string) : '';
    expect(await admin('approveAfterSale', { afterSaleId: id })).toMatchObject({
      ok: true,
      data: { status: 'approved' },
    });
    return `a${id}`;
  }

  /** Requests, approves and lets the sandbox complete the refund (its callback arrives 5 s later). */
  async function refund(orderId: string, key: string, amountFen: number): Promise<string> {
    const outRefundNo = await approveRefund(orderId, key, amountFen);
    await f.emu.advanceClock(10_000);
    expect(byId<AfterSaleDocument>('afterSales', outRefundNo.slice(1)).status).toBe('refunded');
    return outRefundNo;
  }

  /** Ships, confirms receipt, lets the return window pass and runs the release. */
  async function completeAndRelease(orderId: string): Promise<void> {
    expect(await admin('shipOrder', { orderId, carrier: '顺丰速运', trackingNo: 'SF1234567890' })).toMatchObject({
      ok: true,
    });
    expect((await f.emu.call('order', { $url: 'confirmReceipt', orderId }, { openid: BUYER })).result).toMatchObject({
      ok: true,
    });
    await f.emu.advanceClock(8 * DAY);
    expect((await f.emu.runTimer('releaseCommissions', {})).result).toMatchObject({
      ok: true,
      data: { releasedCommissions: 2 },
    });
  }

  it('a partial refund before release reverses floor(amount × refunded / base) from frozen, and the paid totals', async () => {
    const orderId = await placeAndPay('rev-00001');
    expect([
      commission(orderId, 1).amountFen,
      commission(orderId, 2).amountFen,
      commission(orderId, 1).baseFen,
    ]).toEqual([2_560, 1_280, 25_600]);
    const outRefundNo = await refund(orderId, 'refund-0001', 9_999);

    // floor(2560 × 9999 / 25600) = 999, floor(1280 × 9999 / 25600) = 499.
    expect(commission(orderId, 1)).toMatchObject({ status: 'frozen', reversedFen: 999, clawedBackFen: 0 });
    expect(commission(orderId, 2)).toMatchObject({ status: 'frozen', reversedFen: 499, clawedBackFen: 0 });
    expect(commission(orderId, 1).history).toEqual([
      { event: 'settled', at: expect.any(Date) },
      { event: 'reversed', at: expect.any(Date), amountFen: 999, refundId: outRefundNo },
    ]);
    expect([account('oRef').frozenFen, account('oTop').frozenFen]).toEqual([1_561, 781]);
    expect(entry(`reverse:${outRefundNo}:oRef`)).toEqual({
      _id: `reverse:${outRefundNo}:oRef`,
      userId: 'oRef',
      kind: 'reverse',
      deltas: { ...ZERO_BALANCES, frozenFen: -999 },
      ref: { orderId, refundId: outRefundNo, commissionIds: [`c:${orderId}:0:1`] },
      at: expect.any(Date),
      // oRef's second entry, after its settle entry (docs/ledger.md, "Tamper evidence").
      seq: 2,
      prevHash: entry(`settle:${orderId}:oRef`).hash,
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(entry(`reverse:${outRefundNo}:oTop`).deltas.frozenFen).toBe(-499);
    expect(scan<LedgerEntry>('ledgerEntries').filter((e) => e.kind === 'clawback')).toEqual([]);
    expect(order(orderId).settlement.reversedRefunds).toEqual([outRefundNo]);
    // The goods refunded come off the buyer's spend and the team's sales.
    expect(user(BUYER).stats.paidSpendFen).toBe(25_600 - 9_999);
    expect([user('oRef').stats.teamPaidSalesFen, user('oTop').stats.teamPaidSalesFen]).toEqual([15_601, 15_601]);
    checkInvariants();
    // The whole callback (refund confirmed, applied, reversed for 2 commissions and 3 users' stats,
    // request marked) in 23 database round trips; the reversal transaction is 18 of them (16 before
    // the ledger's hash chain: each debited account is now read for its chain head).
    const [delivery] = f.emu.emulator.stats.snapshot().invocations.filter((i) => i.function === 'onRefundCallback');
    expect(delivery?.roundTrips.database).toBeLessThanOrEqual(23);
    expect(delivery?.roundTrips.byAction['database.commitTransaction']).toBe(1);
  });

  it('two partial refunds that add up to the line reverse exactly the whole commission', async () => {
    const orderId = await placeAndPay('rev-00002');
    await refund(orderId, 'refund-0001', 9_999);
    checkInvariants();
    const last = await refund(orderId, 'refund-0002', 15_601);
    // 2560 − 999 = 1561 and 1280 − 499 = 781: the remainder, not floor(c × 15601 / 25600).
    expect(entry(`reverse:${last}:oRef`).deltas.frozenFen).toBe(-1_561);
    expect(entry(`reverse:${last}:oTop`).deltas.frozenFen).toBe(-781);
    expect(commission(orderId, 1)).toMatchObject({ status: 'reversed', reversedFen: 2_560 });
    expect(commission(orderId, 2)).toMatchObject({ status: 'reversed', reversedFen: 1_280 });
    expect([account('oRef').frozenFen, account('oTop').frozenFen]).toEqual([0, 0]);
    expect(user(BUYER).stats.paidSpendFen).toBe(0);
    expect(user('oTop').stats.teamPaidSalesFen).toBe(0);
    checkInvariants();
  });

  it('a refund after release claws back from available, which may go negative', async () => {
    const orderId = await placeAndPay('rev-00003');
    await completeAndRelease(orderId);
    expect(account('oRef')).toMatchObject({ frozenFen: 0, availableFen: 2_560 });
    expect(user('oRef').stats.releasedCommissionFen).toBe(2_560);
    checkInvariants();

    // oRef has 2000 of it under withdrawal (seeded as the withdraw function records it).
    const now = new Date(f.emu.emulator.options.clock.now());
    const withdrawn = appendToAccount(account('oRef'), [
      {
        _id: 'withdraw:w-test',
        userId: 'oRef',
        kind: 'withdraw',
        deltas: { ...ZERO_BALANCES, availableFen: -2_000, withdrawingFen: 2_000 },
        ref: { withdrawalId: 'w-test' },
        at: now,
      },
    ]);
    f.emu.insert('ledgerEntries', withdrawn.entries as never);
    f.emu.emulator.put('accounts', 'oRef', {
      ...withdrawn.account,
      availableFen: 560,
      withdrawingFen: 2_000,
    } as unknown as Record<string, unknown>);
    checkInvariants();

    const partial = await refund(orderId, 'refund-0001', 9_999);
    expect(commission(orderId, 1)).toMatchObject({ status: 'released', reversedFen: 0, clawedBackFen: 999 });
    expect(commission(orderId, 1).history.at(-1)).toEqual({
      event: 'clawedBack',
      at: expect.any(Date),
      amountFen: 999,
      refundId: partial,
    });
    expect(entry(`clawback:${partial}:oRef`)).toMatchObject({
      kind: 'clawback',
      deltas: { ...ZERO_BALANCES, availableFen: -999 },
      ref: { orderId, refundId: partial },
    });
    expect(account('oRef')).toMatchObject({ frozenFen: 0, availableFen: 560 - 999, withdrawingFen: 2_000 });
    expect(account('oTop').availableFen).toBe(1_280 - 499);
    expect(user('oRef').stats.releasedCommissionFen).toBe(2_560 - 999);
    checkInvariants();

    const rest = await refund(orderId, 'refund-0002', 15_601);
    expect(commission(orderId, 1)).toMatchObject({ status: 'released', clawedBackFen: 2_560 });
    expect(account('oRef').availableFen).toBe(-2_000);
    expect(account('oTop').availableFen).toBe(0);
    expect([user('oRef').stats.releasedCommissionFen, user('oTop').stats.releasedCommissionFen]).toEqual([0, 0]);
    expect(entry(`clawback:${rest}:oTop`).deltas.availableFen).toBe(-781);
    expect(user(BUYER).stats.paidSpendFen).toBe(0);
    checkInvariants();
  });

  it('a refund before settlement: settlement credits only the net, and the refund is not taken again', async () => {
    const orderId = await placeAndPay('rev-00004', 2, false);
    const outRefundNo = await approveRefund(orderId, 'refund-0001', 9_999);
    // The first delivery applies the refund to the order's lines, then fails (its answer is lost).
    f.emu.injectFault({ action: 'database.modifyDocument', function: 'onRefundCallback', kind: 'loseResponse' });
    await f.emu.advanceClock(5_000);
    expect((await payment(orderId)).refunds[0].callback.attempts).toEqual([expect.objectContaining({ ok: false })]);
    expect(order(orderId).lines[0]?.refundedFen).toBe(9_999);
    expect(byId<AfterSaleDocument>('afterSales', outRefundNo.slice(1)).status).toBe('refunding');
    expect(order(orderId).settlement.state).toBe('pending');
    expect(scan('ledgerEntries')).toEqual([]);

    expect((await f.emu.call('settleCommission', { orderId })).result).toEqual({
      ok: true,
      data: { status: 'settled', commissionCount: 2 },
    });
    expect(commission(orderId, 1)).toMatchObject({
      status: 'frozen',
      reversedFen: 999,
      history: [{ event: 'settled' }, { event: 'reversed', amountFen: 999 }],
    });
    expect(entry(`settle:${orderId}:oRef`).deltas.frozenFen).toBe(2_560 - 999);
    expect(entry(`settle:${orderId}:oTop`).deltas.frozenFen).toBe(1_280 - 499);
    expect(order(orderId).settlement).toMatchObject({
      netGoodsFen: 15_601,
      teamIds: ['oRef', 'oTop'],
      reversedRefunds: [outRefundNo],
    });
    expect(user(BUYER).stats.paidSpendFen).toBe(15_601);
    checkInvariants();

    // The platform's re-delivery finishes the refund and takes nothing more: settlement netted it.
    const before = JSON.stringify(['accounts', 'ledgerEntries', 'commissions', 'users'].map((c) => scan(c)));
    await f.emu.advanceClock(15_000);
    expect((await payment(orderId)).refunds[0].callback.state).toBe('ACKNOWLEDGED');
    expect(byId<AfterSaleDocument>('afterSales', outRefundNo.slice(1)).status).toBe('refunded');
    expect(JSON.stringify(['accounts', 'ledgerEntries', 'commissions', 'users'].map((c) => scan(c)))).toBe(before);
    expect(order(orderId).settlement.reversedRefunds).toEqual([outRefundNo]);

    // The rest of the line, now after settlement, reverses exactly the remainder.
    await refund(orderId, 'refund-0002', 15_601);
    expect([commission(orderId, 1).status, commission(orderId, 2).status]).toEqual(['reversed', 'reversed']);
    expect(user(BUYER).stats.paidSpendFen).toBe(0);
    checkInvariants();
  });

  it('a refund of the whole line before settlement settles commissions already reversed, crediting nothing', async () => {
    const orderId = await placeAndPay('rev-00005', 2, false);
    await refund(orderId, 'refund-0001', 25_600);
    expect((await f.emu.call('settleCommission', { orderId })).result).toMatchObject({
      ok: true,
      data: { status: 'settled' },
    });
    expect(commission(orderId, 1)).toMatchObject({ status: 'reversed', reversedFen: 2_560 });
    expect([account('oRef').frozenFen, account('oTop').frozenFen]).toEqual([0, 0]);
    expect(user(BUYER).stats.paidSpendFen).toBe(0);
    checkInvariants();
  });

  it('many deliveries of one refund, concurrent and repeated, reverse it once', async () => {
    const orderId = await placeAndPay('rev-00006');
    const outRefundNo = await approveRefund(orderId, 'refund-0001', 9_999);
    // The platform's first delivery fails, so the deliveries below are the first to run.
    f.emu.injectFault({ function: 'onRefundCallback', kind: 'fail' });
    await f.emu.advanceClock(5_000);
    expect(order(orderId).refunds ?? []).toEqual([]);

    const answers = await Promise.all(Array.from({ length: 12 }, () => callback(outRefundNo)));
    // Each acknowledged, or (every attempt lost the race for the order) left for a re-delivery.
    for (const answer of answers) expect([0, 503]).toContain((answer.result as Json).errcode);
    expect(answers.some((answer) => (answer.result as Json).errcode === 0)).toBe(true);
    for (let i = 0; i < 3; i += 1) expect((await callback(outRefundNo)).result).toMatchObject({ errcode: 0 });
    await f.emu.advanceClock(60_000); // The platform's own re-deliveries.

    expect(
      scan<LedgerEntry>('ledgerEntries')
        .filter((e) => e.kind === 'reverse')
        .map((e) => [e._id, e.deltas.frozenFen])
        .sort(),
    ).toEqual([
      [`reverse:${outRefundNo}:oRef`, -999],
      [`reverse:${outRefundNo}:oTop`, -499],
    ]);
    expect(commission(orderId, 1).history.filter((event) => event.event === 'reversed')).toHaveLength(1);
    expect(order(orderId).settlement.reversedRefunds).toEqual([outRefundNo]);
    expect(user(BUYER).stats.paidSpendFen).toBe(15_601);
    expect(user('oTop').stats.teamPaidSalesFen).toBe(15_601);
    checkInvariants();
  });

  it('a crash right after the reversal committed: the next delivery finishes the refund and takes nothing more', async () => {
    const orderId = await placeAndPay('rev-00008');
    const outRefundNo = await approveRefund(orderId, 'refund-0001', 9_999);
    // The reversal's transaction commits, then its answer is lost: the delivery fails before step 3.
    f.emu.injectFault({ action: 'database.commitTransaction', function: 'onRefundCallback', kind: 'loseResponse' });
    await f.emu.advanceClock(5_000);
    expect((await payment(orderId)).refunds[0].callback.attempts).toEqual([expect.objectContaining({ ok: false })]);
    expect(byId<AfterSaleDocument>('afterSales', outRefundNo.slice(1)).status).toBe('refunding');
    expect(order(orderId).settlement.reversedRefunds).toEqual([outRefundNo]);
    const after = JSON.stringify(['accounts', 'ledgerEntries', 'commissions', 'users'].map((c) => scan(c)));
    checkInvariants();

    await f.emu.advanceClock(15_000);
    expect((await payment(orderId)).refunds[0].callback.state).toBe('ACKNOWLEDGED');
    expect(byId<AfterSaleDocument>('afterSales', outRefundNo.slice(1)).status).toBe('refunded');
    expect(JSON.stringify(['accounts', 'ledgerEntries', 'commissions', 'users'].map((c) => scan(c)))).toBe(after);
    expect(account('oRef').frozenFen).toBe(2_560 - 999);
    expect(user(BUYER).stats.paidSpendFen).toBe(15_601);
  });

  it('a commission claimed by an unfinished release batch leaves the callback unacknowledged; after the batch it is clawed back', async () => {
    const orderId = await placeAndPay('rev-00007');
    await admin('shipOrder', { orderId, carrier: '顺丰速运', trackingNo: 'SF1234567890' });
    await f.emu.call('order', { $url: 'confirmReceipt', orderId }, { openid: BUYER });
    await f.emu.advanceClock(8 * DAY);
    const outRefundNo = await approveRefund(orderId, 'refund-0001', 9_999);
    // A release run claimed level 1 (frozen → releasing) and died before finishing its batch. A
    // request is refused while its commission is releasing and marks it otherwise (so no release
    // claims it), so only data written before that rule can look like this: the reversal still
    // waits for the batch rather than touch a commission in it.
    f.emu.emulator.put('commissions', commission(orderId, 1)._id, {
      ...commission(orderId, 1),
      status: 'releasing',
      releaseBatch: 'b-crashed',
      heldBy: null,
    } as unknown as Record<string, unknown>);
    await f.emu.advanceClock(5_000);
    const delivery = (await payment(orderId)).refunds[0].callback;
    expect(delivery).toMatchObject({
      state: 'DELIVERING',
      attempts: [{ ok: false, outcome: expect.stringContaining('503') }],
    });
    // The refund is on the order (step 1), and nothing of the reversal was written, on either level.
    expect(order(orderId).refunds).toHaveLength(1);
    expect(byId<AfterSaleDocument>('afterSales', outRefundNo.slice(1)).status).toBe('refunding');
    expect(commission(orderId, 1)).toMatchObject({ status: 'releasing', reversedFen: 0, clawedBackFen: 0 });
    expect(commission(orderId, 2)).toMatchObject({ status: 'frozen', reversedFen: 0 });
    expect(order(orderId).settlement.reversedRefunds).toEqual([]);
    expect(user(BUYER).stats.paidSpendFen).toBe(25_600);
    checkInvariants();

    // The next release run finishes the crashed batch (and, the line being held, claims nothing else).
    expect((await f.emu.runTimer('releaseCommissions', {})).result).toMatchObject({
      ok: true,
      data: { recoveredBatches: 1, releasedCommissions: 1 },
    });
    expect(account('oRef')).toMatchObject({ frozenFen: 0, availableFen: 2_560 });
    await f.emu.advanceClock(15_000); // The platform's re-delivery.
    expect((await payment(orderId)).refunds[0].callback.state).toBe('ACKNOWLEDGED');
    expect(commission(orderId, 1)).toMatchObject({ status: 'released', clawedBackFen: 999 });
    expect(commission(orderId, 2)).toMatchObject({ status: 'frozen', reversedFen: 499 });
    expect(account('oRef').availableFen).toBe(2_560 - 999);
    expect(account('oTop').frozenFen).toBe(1_280 - 499);
    expect(byId<AfterSaleDocument>('afterSales', outRefundNo.slice(1)).status).toBe('refunded');
    expect(user(BUYER).stats.paidSpendFen).toBe(15_601);
    checkInvariants();
  });
});
