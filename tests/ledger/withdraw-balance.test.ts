/**
 * Withdrawing commission to the balance (channel `balance`, docs/wallet.md section 3): instant,
 * no review; in one transaction the commission account moves available → withdrawn (entries
 * `withdraw` and `withdrawPaid`), the withdrawal is recorded withdrawn and the balance gets the
 * payout (`commissionWithdraw`). The rules' limits apply as for the other channels; a replay
 * credits once.
 */
import type { LedgerEntry } from '@shared/ledger';
import type { WithdrawalDocument } from '@shared/withdrawals';
import { balanceEntries, balanceOf, balanceProblems } from '../helpers/balance';
import { seedRules, seedUsers } from '../helpers/referrals';
import { account, checkLedger, seedBalance, useWithdrawEmulator, withdrawRules } from './withdraw-fixture';

describe('withdraw to the balance', () => {
  const f = useWithdrawEmulator();
  const request = (openid: string, requestId: string, amountFen: number, channel = 'balance') =>
    f.withdraw(openid, 'request', { requestId, amountFen, channel });
  const withdrawals = () => f.scan<WithdrawalDocument>('withdrawals');

  beforeEach(() => {
    f.emu.reset();
    seedUsers(f.emu, [
      { id: 'oDist', status: 'approved', nickname: '小王' },
      { id: 'oBanned', status: 'disabled' },
      { id: 'oShopper', status: 'none' },
    ]);
  });

  afterEach(() => {
    checkLedger(f);
    expect(balanceProblems(f.emu)).toEqual([]);
  });

  it('credits the payout at once, with both ledger entries and the balance entry; a replay credits once', async () => {
    seedRules(f.emu, withdrawRules({ channels: ['wechatTransfer', 'balance'], feeBp: 500, balanceFeeBp: 100 }));
    seedBalance(f, 'oDist', 5_000);
    const response = await f.emu.call(
      'withdraw',
      { $url: 'request', requestId: 'to-balance-0001', amountFen: 3_000, channel: 'balance' },
      { openid: 'oDist' },
    );
    // The balance channel's own fee: floor(3000 × 100 / 10000) = 30 (not the transfer's 5%).
    expect(response.result).toMatchObject({
      ok: true,
      data: {
        status: 'created',
        withdrawal: { channel: 'balance', status: 'withdrawn', amountFen: 3_000, feeFen: 30, payoutFen: 2_970 },
      },
    });
    const id = 'w:oDist:to-balance-0001';
    expect(account(f, 'oDist')).toMatchObject({
      availableFen: 2_000,
      withdrawingFen: 0,
      withdrawnFen: 3_000,
      withdrawCountOfDay: 1,
    });
    expect(
      f
        .scan<LedgerEntry>('ledgerEntries')
        .filter((entry) => entry.ref.withdrawalId === id)
        .map((entry) => entry._id),
    ).toEqual([`withdraw:${id}`, `withdrawPaid:${id}`]);
    expect(balanceOf(f.emu, 'oDist')?.balanceFen).toBe(2_970);
    expect(balanceEntries(f.emu, 'oDist').map((entry) => [entry._id, entry.kind, entry.amountFen, entry.ref])).toEqual([
      [`commissionWithdraw:${id}`, 'commissionWithdraw', 2_970, { withdrawalId: id }],
    ]);
    expect(withdrawals()).toMatchObject([{ _id: id, status: 'withdrawn', history: [{ status: 'withdrawn' }] }]);
    // begin, the account, the locked read, the chain head, two ledger entries, the withdrawal, the
    // balance's read, write and entry, commit.
    expect(response.invocation.roundTrips.database).toBe(11);

    const replays = await Promise.all([
      request('oDist', 'to-balance-0001', 3_000),
      request('oDist', 'to-balance-0001', 3_000),
    ]);
    for (const replay of replays) expect(replay).toMatchObject({ ok: true, data: { status: 'replayed' } });
    expect(balanceOf(f.emu, 'oDist')?.balanceFen).toBe(2_970);
    expect(account(f, 'oDist').availableFen).toBe(2_000);
    expect(withdrawals()).toHaveLength(1);
  });

  it('applies the rules: the channel must be offered, limits, the daily count, disabled distributors', async () => {
    seedRules(f.emu, withdrawRules({ maxPerDay: 2 }));
    seedBalance(f, 'oDist', 5_000);
    expect(await request('oDist', 'to-balance-0001', 1_000)).toMatchObject({
      ok: false,
      error: { code: 'CHANNEL_NOT_ALLOWED' },
    });
    seedRules(f.emu, withdrawRules({ maxPerDay: 2, channels: ['balance'] }), 2);
    expect(await request('oDist', 'to-balance-0002', 50)).toMatchObject({ error: { code: 'AMOUNT_TOO_SMALL' } });
    expect(await request('oDist', 'to-balance-0003', 6_000)).toMatchObject({ error: { code: 'INSUFFICIENT_BALANCE' } });
    expect(await request('oBanned', 'to-balance-0004', 100)).toMatchObject({ error: { code: 'DISTRIBUTOR_DISABLED' } });
    expect(await request('oShopper', 'to-balance-0005', 100)).toMatchObject({ error: { code: 'NOT_DISTRIBUTOR' } });
    expect(await request('oDist', 'to-balance-0006', 1_000)).toMatchObject({ ok: true });
    expect(await request('oDist', 'to-balance-0007', 1_000)).toMatchObject({ ok: true });
    expect(await request('oDist', 'to-balance-0008', 1_000)).toMatchObject({ error: { code: 'DAILY_LIMIT_REACHED' } });
    // Without balanceFeeBp the channel is free.
    expect(balanceOf(f.emu, 'oDist')?.balanceFen).toBe(2_000);
    expect(account(f, 'oDist')).toMatchObject({ availableFen: 3_000, withdrawnFen: 2_000 });
  });

  it('refuses a negative commission balance', async () => {
    seedRules(f.emu, withdrawRules({ channels: ['balance'] }));
    seedBalance(f, 'oDist', 1_000);
    f.emu.emulator.put('accounts', 'oDist', { ...account(f, 'oDist'), availableFen: -100 });
    expect(await request('oDist', 'to-balance-0001', 100)).toMatchObject({ error: { code: 'NEGATIVE_BALANCE' } });
    f.emu.emulator.put('accounts', 'oDist', { ...account(f, 'oDist'), availableFen: 1_000 });
    expect(balanceOf(f.emu, 'oDist')).toBeUndefined();
  });
});
