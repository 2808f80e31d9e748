/**
 * withdraw `request`: the amount moves available → withdrawing in one transaction with its
 * ledger entry, within the rules' limits, never overdrawn however many requests race, once per
 * request id.
 */
import type { LedgerEntry } from '@shared/ledger';
import type { WithdrawalDocument } from '@shared/withdrawals';
import { appendToAccount } from '../helpers/ledgerChain';
import { seedRules, seedUsers } from '../helpers/referrals';
import { account, checkLedger, seedBalance, useWithdrawEmulator, withdrawRules } from './withdraw-fixture';

describe('withdraw request', () => {
  const f = useWithdrawEmulator();
  const request = (openid: string, requestId: string, amountFen: number, channel = 'wechatTransfer') =>
    f.withdraw(openid, 'request', { requestId, amountFen, channel });

  beforeEach(() => {
    f.emu.reset();
    seedUsers(f.emu, [
      { id: 'oDist', status: 'approved', nickname: '小王' },
      { id: 'oShopper', status: 'none' },
      { id: 'oBanned', status: 'disabled' },
      { id: 'oFormer', status: 'exited' },
    ]);
  });

  it('20 concurrent withdrawals worth more than the balance: exactly the affordable ones succeed, never below 0', async () => {
    seedRules(f.emu, withdrawRules({ maxPerDay: 100 }));
    seedBalance(f, 'oDist', 1_000);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => request('oDist', `race-${String(i).padStart(4, '0')}`, 100)),
    );
    const codes = results.map((result) => (result.ok ? 'ok' : result.error.code));
    expect(codes.filter((code) => code === 'ok')).toHaveLength(10);
    expect(codes.filter((code) => code === 'INSUFFICIENT_BALANCE')).toHaveLength(10);
    expect(account(f, 'oDist')).toMatchObject({
      availableFen: 0,
      withdrawingFen: 1_000,
      withdrawnFen: 0,
      withdrawCountOfDay: 10,
      withdrawDayKey: '2025-03-01',
    });
    const withdrawals = f.scan<WithdrawalDocument>('withdrawals');
    expect(withdrawals).toHaveLength(10);
    expect(withdrawals.every((w) => w.status === 'reviewing' && w.amountFen === 100)).toBe(true);
    expect(
      f
        .scan<LedgerEntry>('ledgerEntries')
        .filter((entry) => entry.kind === 'withdraw')
        .map((entry) => entry._id)
        .sort(),
    ).toEqual(withdrawals.map((w) => `withdraw:${w._id}`).sort());
    checkLedger(f);
  });

  it('records the withdrawal, the account change and the entry with the fee, in few round trips', async () => {
    seedRules(f.emu, withdrawRules({ feeBp: 150 }));
    seedBalance(f, 'oDist', 5_000);
    const response = await f.emu.call(
      'withdraw',
      { $url: 'request', requestId: 'fee-00001', amountFen: 1_001, channel: 'wechatTransfer' },
      { openid: 'oDist' },
    );
    expect(response.result).toEqual({
      ok: true,
      data: {
        status: 'created',
        withdrawal: expect.objectContaining({
          id: 'w:oDist:fee-00001',
          amountFen: 1_001,
          feeFen: 15,
          payoutFen: 986,
          status: 'reviewing',
          channel: 'wechatTransfer',
          awaitsConfirmation: false,
        }),
      },
    });
    // The transaction: begin, the account update, one aggregation (user, rules, account, withdrawal), the
    // account's new chain head (known only after that read), 2 adds, commit.
    expect(response.invocation.roundTrips.total).toBeLessThanOrEqual(7);
    const [withdrawal] = f.scan<WithdrawalDocument>('withdrawals');
    expect(withdrawal).toMatchObject({
      userId: 'oDist',
      feeFen: 15,
      payoutFen: 986,
      dayKey: '2025-03-01',
      rulesVersion: 1,
      transfer: null,
      history: [{ status: 'reviewing', by: 'oDist' }],
    });
    const entry = f.scan<LedgerEntry>('ledgerEntries').find((e) => e.kind === 'withdraw');
    expect(entry).toMatchObject({
      _id: 'withdraw:w:oDist:fee-00001',
      userId: 'oDist',
      deltas: { frozenFen: 0, availableFen: -1_001, withdrawingFen: 1_001, withdrawnFen: 0 },
      ref: { withdrawalId: 'w:oDist:fee-00001', feeFen: 15 },
    });
    expect(account(f, 'oDist')).toMatchObject({ availableFen: 3_999, withdrawingFen: 1_001 });
    checkLedger(f);
  });

  it('refuses amounts outside the limits, channels the rules do not offer and bad input, writing nothing', async () => {
    seedRules(f.emu, withdrawRules({ minAmountFen: 500, maxAmountFen: 2_000, channels: ['manual'] }));
    seedBalance(f, 'oDist', 10_000);
    const before = JSON.stringify(
      ['accounts', 'ledgerEntries', 'withdrawals'].map((c) => f.emu.emulator.store.scan(c)),
    );
    const code = async (promise: Promise<{ ok: boolean; error?: { code: string } }>) => (await promise).error?.code;
    expect(await code(request('oDist', 'lim-00001', 499, 'manual'))).toBe('AMOUNT_TOO_SMALL');
    expect(await code(request('oDist', 'lim-00002', 2_001, 'manual'))).toBe('AMOUNT_TOO_LARGE');
    expect(await code(request('oDist', 'lim-00003', 1_000, 'wechatTransfer'))).toBe('CHANNEL_NOT_ALLOWED');
    expect(await code(request('oDist', 'short', 1_000, 'manual'))).toBe('INVALID_INPUT');
    expect(await code(request('oDist', 'lim-00004', 10.5, 'manual'))).toBe('INVALID_INPUT');
    expect(await code(request('oDist', 'lim-00005', 1_000, 'alipay'))).toBe('INVALID_INPUT');
    expect(
      await code(
        f.withdraw('oDist', 'request', {
          requestId: 'lim-00006',
          amountFen: 1_000,
          channel: 'manual',
          userId: 'oOther',
        }),
      ),
    ).toBe('INVALID_INPUT');
    expect(JSON.stringify(['accounts', 'ledgerEntries', 'withdrawals'].map((c) => f.emu.emulator.store.scan(c)))).toBe(
      before,
    );
    expect((await request('oDist', 'lim-00007', 2_000, 'manual')).ok).toBe(true);
  });

  it('allows maxPerDay requests per China day; the next day starts at midnight China time', async () => {
    seedRules(f.emu, withdrawRules({ maxPerDay: 2 }));
    seedBalance(f, 'oDist', 10_000);
    expect((await request('oDist', 'day-00001', 100)).ok).toBe(true);
    expect((await request('oDist', 'day-00002', 100)).ok).toBe(true);
    expect((await request('oDist', 'day-00003', 100)).error?.code).toBe('DAILY_LIMIT_REACHED');
    // 23:59:59 China time is still the same day (15:59:59 UTC).
    await f.emu.advanceClock(12 * 3_600_000 - 1_000);
    expect((await request('oDist', 'day-00003', 100)).error?.code).toBe('DAILY_LIMIT_REACHED');
    // 00:00 China time (16:00 UTC, still March 1st in UTC) is a new day.
    await f.emu.advanceClock(1_000);
    const nextDay = await request('oDist', 'day-00003', 100);
    expect(nextDay.ok).toBe(true);
    expect(
      f
        .scan<WithdrawalDocument>('withdrawals')
        .map((w) => w.dayKey)
        .sort(),
    ).toEqual(['2025-03-01', '2025-03-01', '2025-03-02']);
    expect(account(f, 'oDist')).toMatchObject({ withdrawDayKey: '2025-03-02', withdrawCountOfDay: 1 });
    checkLedger(f);
  });

  it('a negative balance (after a clawback) blocks withdrawals; so do a balance too low and no account', async () => {
    seedRules(f.emu, withdrawRules());
    seedBalance(f, 'oDist', 300);
    const at = new Date();
    const clawedBack = appendToAccount(account(f, 'oDist'), [
      {
        _id: 'clawback:test-refund:oDist',
        userId: 'oDist',
        kind: 'clawback',
        deltas: { frozenFen: 0, availableFen: -350, withdrawingFen: 0, withdrawnFen: 0 },
        ref: { refundId: 'test-refund' },
        at,
      },
    ]);
    f.emu.insert('ledgerEntries', clawedBack.entries as never);
    f.emu.emulator.put('accounts', 'oDist', { ...clawedBack.account, availableFen: -50 });
    expect((await request('oDist', 'neg-00001', 100)).error?.code).toBe('NEGATIVE_BALANCE');
    expect((await request('oFormer', 'neg-00002', 100)).error?.code).toBe('NO_ACCOUNT');
    seedBalance(f, 'oFormer', 99 + 100);
    expect((await request('oFormer', 'neg-00003', 200)).error?.code).toBe('INSUFFICIENT_BALANCE');
    expect(f.scan('withdrawals')).toEqual([]);
    checkLedger(f);
  });

  it('only distributors withdraw: shoppers and disabled distributors are refused, exited ones may take what they earned', async () => {
    seedRules(f.emu, withdrawRules());
    for (const id of ['oShopper', 'oBanned', 'oFormer']) seedBalance(f, id, 1_000);
    expect((await request('oShopper', 'who-00001', 100)).error?.code).toBe('NOT_DISTRIBUTOR');
    expect((await request('oBanned', 'who-00002', 100)).error?.code).toBe('DISTRIBUTOR_DISABLED');
    expect((await request('oNobody', 'who-00003', 100)).error?.code).toBe('NOT_DISTRIBUTOR');
    expect((await request('oFormer', 'who-00004', 100)).ok).toBe(true);
    expect(f.scan<WithdrawalDocument>('withdrawals').map((w) => w.userId)).toEqual(['oFormer']);
    // Under recruitment "everyone" every user is a distributor.
    seedRules(f.emu, { ...withdrawRules(), recruitment: 'everyone' }, 2);
    expect((await request('oShopper', 'who-00005', 100)).ok).toBe(true);
    checkLedger(f);
  });

  it('a retried request (same requestId, also concurrently) is the same withdrawal and moves the money once', async () => {
    seedRules(f.emu, withdrawRules());
    seedBalance(f, 'oDist', 1_000);
    const results = await Promise.all(Array.from({ length: 5 }, () => request('oDist', 'same-00001', 400)));
    expect(results.every((result) => result.ok && result.data.withdrawal.id === 'w:oDist:same-00001')).toBe(true);
    expect(results.filter((result) => result.data.status === 'created')).toHaveLength(1);
    // A later retry is answered from the record, even though the balance could not afford it again.
    await request('oDist', 'other-0001', 600);
    const again = await request('oDist', 'same-00001', 400);
    expect(again).toMatchObject({
      ok: true,
      data: { status: 'replayed', withdrawal: { id: 'w:oDist:same-00001', amountFen: 400 } },
    });
    expect(f.scan('withdrawals')).toHaveLength(2);
    expect(account(f, 'oDist')).toMatchObject({ availableFen: 0, withdrawingFen: 1_000, withdrawCountOfDay: 2 });
    checkLedger(f);
  });

  it('review mode autoBelow: a small withdrawal is approved at once and its transfer waits for the confirmation', async () => {
    seedRules(f.emu, withdrawRules({ review: { mode: 'autoBelow', amountFen: 500 } }));
    seedBalance(f, 'oDist', 2_000);
    const small = await request('oDist', 'auto-00001', 499);
    expect(small).toMatchObject({
      ok: true,
      data: {
        status: 'created',
        withdrawal: { status: 'paying', transferState: 'WAIT_USER_CONFIRM', awaitsConfirmation: true },
      },
    });
    const large = await request('oDist', 'auto-00002', 500);
    expect(large).toMatchObject({ ok: true, data: { withdrawal: { status: 'reviewing', transferState: null } } });
    const payouts = (await f.control('GET', '/payouts')).body.payouts as Array<{
      transferAmount: number;
      openid: string;
      state: string;
    }>;
    expect(payouts.map((p) => [p.transferAmount, p.openid, p.state])).toEqual([[499, 'oDist', 'WAIT_USER_CONFIRM']]);
    expect(
      f
        .scan<WithdrawalDocument>('withdrawals')
        .find((w) => w.amountFen === 499)
        ?.history.map((e) => [e.status, e.by]),
    ).toEqual([
      ['reviewing', 'oDist'],
      ['paying', 'system'],
    ]);
    checkLedger(f);
  });
});
