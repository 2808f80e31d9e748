/**
 * A hot distributor (docs/rules.md section 7, "Settlement shares and roll-ups"): many orders of
 * one team settling at once all write the same distributors' accounts and user documents. Each
 * settlement's transaction writes only its own order's documents, and the roll-ups that move the
 * shares into the hot documents batch what is pending, so none answers BUSY and nothing is left
 * for the sweep; a settlement that dies between its commit and its roll-up is finished by the
 * sweep (or a replay), and the ledger holds meanwhile.
 */
import type { SettlementShareDocument } from '@shared/ledger';
import type { OrderDocument } from '@shared/orders';
import type { UserDocument } from '@shared/users';
import { useEmulator } from '../helpers/emulator';
import { HOT, seedHotTeam, seedPaidOrders, TOP } from '../helpers/hotTeam';
import { checkAll, isQuiescent, snapshotOf } from '../helpers/invariants';

describe('a hot distributor: one team’s orders settling at once', () => {
  const f = useEmulator({ latencyMs: 10, timers: ['sweepSettlements'] });
  const scan = <T>(collection: string): T[] => f.emu.emulator.store.scan(collection) as unknown as T[];
  const pending = (): SettlementShareDocument[] =>
    scan<SettlementShareDocument>('settlementShares').filter((share) => share.state === 'pending');
  const problems = (): string[] => checkAll(snapshotOf(f.emu.emulator.store), { initialStock: new Map() });
  const user = (id: string): UserDocument => scan<UserDocument>('users').find((doc) => doc._id === id) as UserDocument;

  beforeEach(() => {
    f.emu.emulator.faults.clear();
    f.emu.reset();
  });

  /** The paid totals the team must show once everything is applied. */
  function expectPaidTotals(orderIds: readonly string[]): void {
    const orders = scan<OrderDocument>('orders').filter((order) => orderIds.includes(order._id));
    const netFen = orders.reduce((sum, order) => sum + (order.settlement.netGoodsFen ?? 0), 0);
    expect(netFen).toBeGreaterThan(0);
    expect([user(HOT).stats.teamPaidSalesFen, user(TOP).stats.teamPaidSalesFen]).toEqual([netFen, netFen]);
    const spent = scan<UserDocument>('users').reduce((sum, doc) => sum + doc.stats.paidSpendFen, 0);
    expect(spent).toBe(netFen);
  }

  it('150 concurrent settlements of one team: none BUSY, none left for the sweep, every invariant intact', async () => {
    const buyers = seedHotTeam(f.emu, 30);
    const orderIds = seedPaidOrders(f.emu, buyers, 150);
    const answers = await Promise.all(orderIds.map((orderId) => f.emu.call('settleCommission', { orderId })));
    expect(answers.filter((answer) => answer.error)).toEqual([]);
    expect(answers.map((answer) => answer.result)).toEqual(
      orderIds.map(() => ({ ok: true, data: { status: 'settled', commissionCount: 3 } })),
    );
    // Every call returned after its own shares were applied: nothing waits for the sweep.
    expect(pending()).toEqual([]);
    // One share per beneficiary (its sub-distributor, oHot, oTop); the buyer's spend is no share.
    expect(scan('settlementShares')).toHaveLength(150 * 3);
    expect(isQuiescent(snapshotOf(f.emu.emulator.store))).toBe(true);
    expect(problems()).toEqual([]);
    expectPaidTotals(orderIds);
    // The hot accounts took every order's credit in far fewer transactions than orders.
    expect(scan('ledgerEntries').filter((entry) => (entry as { userId: string }).userId === HOT)).toHaveLength(150);
  }, 120_000);

  it('a settlement that dies between its commit and its roll-up is finished by the sweep; the ledger holds meanwhile', async () => {
    const buyers = seedHotTeam(f.emu, 5);
    const [first, second] = seedPaidOrders(f.emu, buyers, 2) as [string, string];
    // The settlement's transaction commits, then its instance is killed before any roll-up.
    f.emu.injectFault({ action: 'database.commitTransaction', function: 'settleCommission', kind: 'killInstance' });
    const killed = await f.emu.call('settleCommission', { orderId: first });
    expect(killed.error).toBeDefined();
    f.emu.emulator.faults.clear();
    const order = scan<OrderDocument>('orders').find((doc) => doc._id === first) as OrderDocument;
    expect(order.settlement.state).toBe('settled');
    expect(
      pending()
        .map((share) => share.userId)
        .sort(),
    ).toEqual([HOT, TOP, 'oSub0'].sort());
    expect(scan('accounts')).toEqual([]);
    // Not quiescent, but every invariant that holds at all times holds: the credit is owed, not lost.
    expect(isQuiescent(snapshotOf(f.emu.emulator.store))).toBe(false);
    expect(problems()).toEqual([]);
    // The payment flow's call of another order of the team rolls up the hot users' shares too.
    expect((await f.emu.call('settleCommission', { orderId: second })).result).toMatchObject({ ok: true });
    expect(
      pending()
        .map((share) => share.userId)
        .sort(),
    ).toEqual(['oSub0']);
    // The sweep applies what is left once it is older than a minute.
    await f.emu.advanceClock(5 * 60_000);
    expect(pending()).toEqual([]);
    expect(isQuiescent(snapshotOf(f.emu.emulator.store))).toBe(true);
    expect(problems()).toEqual([]);
    expectPaidTotals([first, second]);
    expect((await f.emu.runTimer('sweepSettlements')).result).toEqual({
      ok: true,
      data: { settled: 0, rolledUp: 0, invites: 0, failed: 0, done: true },
    });
  }, 60_000);

  it('a replayed settlement finishes the roll-up a crash left pending', async () => {
    const buyers = seedHotTeam(f.emu, 1);
    const [orderId] = seedPaidOrders(f.emu, buyers, 1) as [string];
    f.emu.injectFault({ action: 'database.commitTransaction', function: 'settleCommission', kind: 'killInstance' });
    expect((await f.emu.call('settleCommission', { orderId })).error).toBeDefined();
    f.emu.emulator.faults.clear();
    expect(pending()).toHaveLength(3);
    expect((await f.emu.call('settleCommission', { orderId })).result).toEqual({
      ok: true,
      data: { status: 'alreadySettled', commissionCount: 0 },
    });
    expect(pending()).toEqual([]);
    expect(problems()).toEqual([]);
    expectPaidTotals([orderId]);
  }, 60_000);
});
