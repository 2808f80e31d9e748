/**
 * settleCommission: a paid order's snapshot becomes commission records and frozen balances,
 * with ledger entries that explain them and the buyer's and team's paid totals, exactly once.
 */
import type { AccountDocument, CommissionDocument, LedgerEntry } from '../../shared/ledger';
import type { OrderDocument } from '../../shared/orders';
import type { UserDocument } from '../../shared/users';
import { useEmulator } from '../helpers/emulator';
import { seedAddress, seedProduct } from '../helpers/orders';
import { seedRules, seedUsers } from '../helpers/referrals';

describe('settleCommission', () => {
  const f = useEmulator({ functionEnv: { WXPAY_SUB_MCH_ID: '1900000109' }, timers: ['sweepSettlements'] });
  const scan = <T>(collection: string): T[] => f.emu.emulator.store.scan(collection) as unknown as T[];
  const order = (id: string) => scan<OrderDocument>('orders').find((doc) => doc._id === id) as OrderDocument;
  const user = (id: string) => scan<UserDocument>('users').find((doc) => doc._id === id) as UserDocument;

  beforeEach(() => {
    f.emu.reset();
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
      { id: 'oBuyer', referrerId: 'oRef', ancestors: ['oRef', 'oTop'] },
    ]);
    seedAddress(f.emu, 'oBuyer');
    seedProduct(f.emu, { _id: 'p-tea' }, [{ _id: 'tea-250', priceFen: 12_800, stock: 10 }]);
  });

  /** Places an order of `quantity` teas and pays it in the sandbox; answers the order id. */
  async function placeAndPay(key: string, quantity = 1): Promise<string> {
    const placed = await f.emu.call('placeOrder', { items: [{ skuId: 'tea-250', quantity }], addressId: 'addr-oBuyer', idempotencyKey: key }, { openid: 'oBuyer' });
    const orderId = (placed.result as { data: { orderId: string } }).data.orderId;
    await fetch(`${f.emu.url}/_emulator/payments/${orderId}/pay`, { method: 'POST' });
    return orderId;
  }

  /** Waits until the payment flow's own settlement call has met the injected failure. */
  async function flowCallFailed(): Promise<void> {
    for (let i = 0; i < 200 && (f.emu.emulator.faults.list()[0]?.fired ?? 0) < 1; i += 1) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(f.emu.emulator.faults.list()[0]?.fired).toBe(1);
  }

  async function settledSoon(orderId: string): Promise<void> {
    for (let i = 0; i < 100 && order(orderId).settlement.state !== 'settled'; i += 1) await new Promise((resolve) => setTimeout(resolve, 20));
  }

  function checkLedger(): void {
    // Every account equals the sum of its entries; frozen equals its frozen commissions.
    for (const account of scan<AccountDocument>('accounts')) {
      const entries = scan<LedgerEntry>('ledgerEntries').filter((entry) => entry.userId === account._id);
      expect(account.frozenFen).toBe(entries.reduce((sum, entry) => sum + entry.deltas.frozenFen, 0));
      const commissions = scan<CommissionDocument>('commissions').filter((commission) => commission.beneficiaryId === account._id);
      expect(account.frozenFen).toBe(commissions.reduce((sum, commission) => sum + commission.amountFen, 0));
    }
  }

  it('settles a paid order right after the payment: records, frozen balances, entries, paid totals', async () => {
    const orderId = await placeAndPay('settle-0001', 2);
    await settledSoon(orderId);
    expect(order(orderId).settlement).toEqual({ state: 'settled', settledAt: expect.any(Date) });
    expect(scan<CommissionDocument>('commissions').map((c) => [c._id, c.beneficiaryId, c.amountFen, c.status, c.baseFen])).toEqual([
      [`c:${orderId}:0:1`, 'oRef', 2_560, 'frozen', 25_600],
      [`c:${orderId}:0:2`, 'oTop', 1_280, 'frozen', 25_600],
    ]);
    expect(scan<AccountDocument>('accounts').map((a) => [a._id, a.frozenFen, a.availableFen])).toEqual([
      ['oRef', 2_560, 0],
      ['oTop', 1_280, 0],
    ]);
    expect(scan<LedgerEntry>('ledgerEntries').map((e) => e._id)).toEqual([`settle:${orderId}:oRef`, `settle:${orderId}:oTop`]);
    expect(user('oBuyer').stats.paidSpendFen).toBe(25_600);
    expect([user('oRef').stats.teamPaidSalesFen, user('oTop').stats.teamPaidSalesFen]).toEqual([25_600, 25_600]);
    checkLedger();
  });

  it('settles once however often and however concurrently it is asked', async () => {
    const orderId = await placeAndPay('settle-0002');
    await settledSoon(orderId);
    const before = JSON.stringify(['accounts', 'ledgerEntries', 'commissions', 'users'].map((c) => f.emu.emulator.store.scan(c)));
    const again = await Promise.all(Array.from({ length: 5 }, () => f.emu.call('settleCommission', { orderId })));
    for (const response of again) expect(response.result).toEqual({ ok: true, data: { status: 'alreadySettled', commissionCount: 0 } });
    expect(JSON.stringify(['accounts', 'ledgerEntries', 'commissions', 'users'].map((c) => f.emu.emulator.store.scan(c)))).toBe(before);
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
  });

  it('refuses mini-program users, unpaid orders and unknown orders, writing nothing', async () => {
    const placed = await f.emu.call('placeOrder', { items: [{ skuId: 'tea-250', quantity: 1 }], addressId: 'addr-oBuyer', idempotencyKey: 'settle-0005' }, { openid: 'oBuyer' });
    const orderId = (placed.result as { data: { orderId: string } }).data.orderId;
    expect((await f.emu.call('settleCommission', { orderId }, { openid: 'oBuyer' })).result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect((await f.emu.call('settleCommission', { orderId })).result).toMatchObject({ ok: false, error: { code: 'NOT_PAID' } });
    expect((await f.emu.call('settleCommission', { orderId: 'nope' })).result).toMatchObject({ ok: false, error: { code: 'ORDER_NOT_FOUND' } });
    expect((await f.emu.call('settleCommission', { orderId: '../x' })).result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(scan('commissions')).toEqual([]);
    expect(scan('accounts')).toEqual([]);
  });
});
