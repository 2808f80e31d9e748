/**
 * settleCommission: a paid order's snapshot becomes commission records and frozen balances,
 * with ledger entries that explain them and the buyer's and team's paid totals, exactly once.
 */
import { frozenFenOf, type AccountDocument, type CommissionDocument, type LedgerEntry } from '@shared/ledger';
import type { OrderDocument } from '@shared/orders';
import type { UserDocument } from '@shared/users';
import { useEmulator } from '../helpers/emulator';
import { seedRules } from '../helpers/referrals';
import { settlementDone } from '../helpers/settlement';
import { placeAndPayTea, seedTeaShop, TEA_SHOP_RULES } from '../helpers/teaShop';

describe('settleCommission', () => {
  const f = useEmulator({ functionEnv: { WXPAY_SUB_MCH_ID: '1900000109' }, timers: ['sweepSettlements'] });
  const scan = <T>(collection: string): T[] => f.emu.emulator.store.scan(collection) as unknown as T[];
  const order = (id: string) => scan<OrderDocument>('orders').find((doc) => doc._id === id) as OrderDocument;
  const user = (id: string) => scan<UserDocument>('users').find((doc) => doc._id === id) as UserDocument;

  beforeEach(() => {
    f.emu.emulator.faults.clear();
    f.emu.reset();
    seedTeaShop(f.emu);
  });

  /** Places an order of `quantity` teas and pays it in the sandbox; answers the order id. */
  const placeAndPay = (key: string, quantity = 1): Promise<string> => placeAndPayTea(f.emu, key, quantity);

  /** Waits until the payment flow's own settlement call has met the injected failure. */
  async function flowCallFailed(): Promise<void> {
    for (let i = 0; i < 200 && (f.emu.emulator.faults.list()[0]?.fired ?? 0) < 1; i += 1)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(f.emu.emulator.faults.list()[0]?.fired).toBe(1);
  }

  async function settledSoon(orderId: string): Promise<void> {
    for (let i = 0; i < 100 && !settlementDone(f.emu.emulator.store, orderId); i += 1)
      await new Promise((resolve) => setTimeout(resolve, 20));
  }

  function checkLedger(): void {
    // Every account equals the sum of its entries; frozen equals what its commissions still hold.
    for (const account of scan<AccountDocument>('accounts')) {
      const entries = scan<LedgerEntry>('ledgerEntries').filter((entry) => entry.userId === account._id);
      expect(account.frozenFen).toBe(entries.reduce((sum, entry) => sum + entry.deltas.frozenFen, 0));
      const commissions = scan<CommissionDocument>('commissions').filter(
        (commission) => commission.beneficiaryId === account._id,
      );
      expect(account.frozenFen).toBe(commissions.reduce((sum, commission) => sum + frozenFenOf(commission), 0));
    }
  }

  const messages = async (): Promise<
    Array<{
      touser: string;
      templateId: string;
      page: string;
      data: Record<string, { value: string }>;
      function: string;
    }>
  > => ((await (await fetch(`${f.emu.url}/_emulator/messages`)).json()) as { messages: [] }).messages;
  const COMMISSION_TEMPLATE = {
    templateId: 'tmpl-commission',
    keywords: { amount: 'amount1', time: 'time2', note: 'thing3' },
  };
  const withCommissionMessages = () =>
    seedRules(f.emu, { ...TEA_SHOP_RULES, notifications: { commission: COMMISSION_TEMPLATE, withdrawal: null } });

  /** Places and pays an order whose settlement the payment flow does not do (its call fails). */
  async function placeAndPayUnsettled(key: string, quantity = 1): Promise<string> {
    f.emu.injectFault({ function: 'settleCommission', kind: 'fail', nth: 1 });
    const orderId = await placeAndPay(key, quantity);
    await flowCallFailed();
    f.emu.emulator.faults.clear();
    return orderId;
  }

  it('settles a paid order right after the payment: records, frozen balances, entries, paid totals', async () => {
    const orderId = await placeAndPay('settle-0001', 2);
    await settledSoon(orderId);
    expect(order(orderId).settlement).toEqual({
      state: 'settled',
      settledAt: expect.any(Date),
      teamIds: ['oRef', 'oTop'],
      netGoodsFen: 25_600,
      reversedRefunds: [],
    });
    expect(
      scan<CommissionDocument>('commissions').map((c) => [c._id, c.beneficiaryId, c.amountFen, c.status, c.baseFen]),
    ).toEqual([
      [`c:${orderId}:0:1`, 'oRef', 2_560, 'frozen', 25_600],
      [`c:${orderId}:0:2`, 'oTop', 1_280, 'frozen', 25_600],
    ]);
    for (const commission of scan<CommissionDocument>('commissions')) {
      expect(commission).toMatchObject({
        reversedFen: 0,
        clawedBackFen: 0,
        releaseAt: null,
        history: [{ event: 'settled', at: expect.any(Date) }],
      });
    }
    // Sorted: the beneficiaries' roll-ups run side by side, so either account may be created first.
    const accounts = scan<AccountDocument>('accounts').sort((a, b) => a._id.localeCompare(b._id));
    expect(accounts.map((a) => [a._id, a.frozenFen, a.availableFen])).toEqual([
      ['oRef', 2_560, 0],
      ['oTop', 1_280, 0],
    ]);
    // Sorted too, for the same reason: each entry is written in its own account's roll-up.
    expect(
      scan<LedgerEntry>('ledgerEntries')
        .map((e) => e._id)
        .sort(),
    ).toEqual([`settle:${orderId}:oRef`, `settle:${orderId}:oTop`]);
    expect(user('oBuyer').stats.paidSpendFen).toBe(25_600);
    expect([user('oRef').stats.teamPaidSalesFen, user('oTop').stats.teamPaidSalesFen]).toEqual([25_600, 25_600]);
    checkLedger();
  });

  it('settles once however often and however concurrently it is asked', async () => {
    const orderId = await placeAndPay('settle-0002');
    await settledSoon(orderId);
    const before = JSON.stringify(
      ['accounts', 'ledgerEntries', 'commissions', 'users'].map((c) => f.emu.emulator.store.scan(c)),
    );
    const again = await Promise.all(Array.from({ length: 5 }, () => f.emu.call('settleCommission', { orderId })));
    for (const response of again)
      expect(response.result).toEqual({ ok: true, data: { status: 'alreadySettled', commissionCount: 0 } });
    expect(
      JSON.stringify(['accounts', 'ledgerEntries', 'commissions', 'users'].map((c) => f.emu.emulator.store.scan(c))),
    ).toBe(before);
  });

  it('concurrent settlements of one order before any of them commits still settle it once', async () => {
    // The payment flow's own call is lost, so only these race.
    f.emu.injectFault({ function: 'settleCommission', kind: 'fail', nth: 1 });
    const orderId = await placeAndPay('settle-0003');
    await flowCallFailed();
    const results = await Promise.all(Array.from({ length: 4 }, () => f.emu.call('settleCommission', { orderId })));
    expect(results.map((r) => r.error)).toEqual([undefined, undefined, undefined, undefined]);
    const settled = results.filter((r) => (r.result as { data?: { status: string } }).data?.status === 'settled');
    expect(settled.length).toBeLessThanOrEqual(1);
    // Whoever lost either saw it settled or gave up BUSY; the sweep finishes what is left.
    await f.emu.advanceClock(5 * 60_000);
    expect(order(orderId).settlement.state).toBe('settled');
    expect(scan<CommissionDocument>('commissions')).toHaveLength(2);
    expect(user('oBuyer').stats.paidSpendFen).toBe(12_800);
    checkLedger();
  });

  it('is settled by the sweep when the payment flow’s call is lost', async () => {
    f.emu.injectFault({ function: 'settleCommission', kind: 'fail', nth: 1 });
    const orderId = await placeAndPay('settle-0004');
    await flowCallFailed();
    expect(order(orderId).settlement.state).toBe('pending');
    await f.emu.advanceClock(5 * 60_000);
    expect(order(orderId).settlement.state).toBe('settled');
    checkLedger();
    // Run again by its trigger, the sweep finds nothing left; nobody else may start it.
    expect((await f.emu.runTimer('sweepSettlements')).result).toEqual({
      ok: true,
      data: { settled: 0, rolledUp: 0, invites: 0, failed: 0, done: true },
    });
    expect((await f.emu.call('sweepSettlements', {}, { openid: 'oBuyer' })).result).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect((await f.emu.call('sweepSettlements', {}, { source: 'wx_http' })).result).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });

  it('an order completed before it settles gives its commissions the return window’s end as release date', async () => {
    const orderId = await placeAndPayUnsettled('settle-0006');
    const completedAt = new Date(f.emu.emulator.options.clock.now());
    const returnWindowEndsAt = new Date(completedAt.getTime() + 7 * 86_400_000);
    f.emu.emulator.put('orders', orderId, {
      ...order(orderId),
      status: 'completed',
      completedAt,
      returnWindowEndsAt,
    } as unknown as Record<string, unknown>);
    expect((await f.emu.call('settleCommission', { orderId })).result).toEqual({
      ok: true,
      data: { status: 'settled', commissionCount: 2 },
    });
    for (const commission of scan<CommissionDocument>('commissions')) {
      expect(commission).toMatchObject({ status: 'frozen', releaseAt: returnWindowEndsAt });
      expect(commission.history).toEqual([
        { event: 'settled', at: expect.any(Date) },
        { event: 'scheduled', at: expect.any(Date), releaseAt: returnWindowEndsAt },
      ]);
    }
    checkLedger();
  });

  it('sends each beneficiary one new-commission message after settling, and none on a replay', async () => {
    withCommissionMessages();
    const orderId = await placeAndPay('settle-0007', 2);
    await settledSoon(orderId);
    // The payment flow's settlement sends after its commit: wait for its messages.
    for (let i = 0; i < 100 && (await messages()).length < 2; i += 1)
      await new Promise((resolve) => setTimeout(resolve, 20));
    const sent = await messages();
    expect(
      sent.map((m) => [m.touser, m.templateId, m.page, m.function, m.data.amount1?.value, m.data.thing3?.value]).sort(),
    ).toEqual([
      ['oRef', 'tmpl-commission', 'distributor/center/center', 'settleCommission', '¥25.60', '新佣金待结算'],
      ['oTop', 'tmpl-commission', 'distributor/center/center', 'settleCommission', '¥12.80', '新佣金待结算'],
    ]);
    expect(sent.every((m) => /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/.test(m.data.time2?.value ?? ''))).toBe(true);
    expect((await f.emu.call('settleCommission', { orderId })).result).toMatchObject({
      ok: true,
      data: { status: 'alreadySettled' },
    });
    expect(await messages()).toHaveLength(2);
  });

  it('a beneficiary refusing messages does not fail the settlement; messages off send nothing', async () => {
    withCommissionMessages();
    await fetch(`${f.emu.url}/_emulator/messages/refuse`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ touser: 'oRef' }),
    });
    const refused = await placeAndPayUnsettled('settle-0008');
    expect((await f.emu.call('settleCommission', { orderId: refused })).result).toEqual({
      ok: true,
      data: { status: 'settled', commissionCount: 2 },
    });
    expect((await messages()).map((m) => m.touser)).toEqual(['oTop']);
    checkLedger();
    // The default rules have the message off.
    const before = (await messages()).length;
    seedRules(f.emu, TEA_SHOP_RULES);
    const orderId = await placeAndPayUnsettled('settle-0009');
    expect((await f.emu.call('settleCommission', { orderId })).result).toMatchObject({
      ok: true,
      data: { status: 'settled' },
    });
    expect(await messages()).toHaveLength(before);
  });

  it('refuses mini-program users, unpaid orders and unknown orders, writing nothing', async () => {
    const placed = await f.emu.call(
      'placeOrder',
      { items: [{ skuId: 'tea-250', quantity: 1 }], addressId: 'addr-oBuyer', idempotencyKey: 'settle-0005' },
      { openid: 'oBuyer' },
    );
    const orderId = (placed.result as { data: { orderId: string } }).data.orderId;
    expect((await f.emu.call('settleCommission', { orderId }, { openid: 'oBuyer' })).result).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect((await f.emu.call('settleCommission', { orderId })).result).toMatchObject({
      ok: false,
      error: { code: 'NOT_PAID' },
    });
    expect((await f.emu.call('settleCommission', { orderId: 'nope' })).result).toMatchObject({
      ok: false,
      error: { code: 'ORDER_NOT_FOUND' },
    });
    expect((await f.emu.call('settleCommission', { orderId: '../x' })).result).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    expect(scan('commissions')).toEqual([]);
    expect(scan('accounts')).toEqual([]);
  });
});
