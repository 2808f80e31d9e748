/**
 * The withdrawal race again with a platform-like round-trip latency, so that the 20
 * transactions overlap for longer and conflict on the account far more often: every affordable
 * request must still succeed (conflicts are waited out, never answered BUSY).
 */
import type { WithdrawalDocument } from '@shared/withdrawals';
import { seedRules, seedUsers } from '../helpers/referrals';
import { account, checkLedger, seedBalance, useWithdrawEmulator, withdrawRules } from './withdraw-fixture';

describe('withdraw race with 5 ms per round trip', () => {
  const f = useWithdrawEmulator({ latencyMs: 5 });

  it('20 concurrent requests of 100 fen on 1,000 fen: 10 succeed, 10 INSUFFICIENT_BALANCE, none BUSY', async () => {
    seedRules(f.emu, withdrawRules({ maxPerDay: 100 }));
    seedUsers(f.emu, [{ id: 'oDist', status: 'approved' }]);
    seedBalance(f, 'oDist', 1_000);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        f.withdraw('oDist', 'request', {
          requestId: `slow-${String(i).padStart(4, '0')}`,
          amountFen: 100,
          channel: 'manual',
        }),
      ),
    );
    const codes = results.map((result) => (result.ok ? 'ok' : result.error.code)).sort();
    expect(codes).toEqual([...Array(10).fill('INSUFFICIENT_BALANCE'), ...Array(10).fill('ok')]);
    expect(account(f, 'oDist')).toMatchObject({ availableFen: 0, withdrawingFen: 1_000 });
    expect(f.scan<WithdrawalDocument>('withdrawals')).toHaveLength(10);
    checkLedger(f);
  });
});
