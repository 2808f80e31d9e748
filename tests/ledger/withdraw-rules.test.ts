/**
 * The pure rules of a withdrawal (shared/withdrawals.ts), as properties: the fee is the one
 * rounding rule and the payout is what remains; a request is recorded only when it fits every
 * limit and the balance; a sequence of accepted requests never overdraws nor exceeds the day's
 * count; the entries of a withdrawal's life conserve the money.
 */
import fc from 'fast-check';
import { applyRateFloor } from '@shared/money';
import { judgeWithdrawal, withdrawalDeltas, withdrawalFeeFen, type WithdrawCounters } from '@shared/withdrawals';
import type { Rules } from '@shared/rules';

const limitsArb = fc
  .record({
    minAmountFen: fc.integer({ min: 1, max: 5_000 }),
    span: fc.integer({ min: 0, max: 50_000 }),
    feeBp: fc.integer({ min: 0, max: 10_000 }),
    maxPerDay: fc.integer({ min: 1, max: 10 }),
  })
  .map(({ minAmountFen, span, feeBp, maxPerDay }): Rules['withdraw'] => ({
    minAmountFen,
    maxAmountFen: minAmountFen + span,
    feeBp,
    maxPerDay,
    review: { mode: 'manual' },
    channels: ['wechatTransfer'],
  }));

describe('withdrawal rules', () => {
  it('fee = floor(amount × feeBp / 10000); the payout is the rest and at least one fen when accepted', () => {
    fc.assert(
      fc.property(
        limitsArb,
        fc.integer({ min: 1, max: 100_000 }),
        fc.integer({ min: -1_000, max: 200_000 }),
        (limits, amountFen, availableFen) => {
          const verdict = judgeWithdrawal({ amountFen, channel: 'wechatTransfer', dayKey: '2025-03-01' }, limits, {
            availableFen,
          });
          expect(withdrawalFeeFen(amountFen, limits.feeBp)).toBe(applyRateFloor(amountFen, limits.feeBp));
          if (!verdict.ok) return;
          expect(verdict.feeFen).toBe(applyRateFloor(amountFen, limits.feeBp));
          expect(verdict.feeFen + verdict.payoutFen).toBe(amountFen);
          expect(verdict.payoutFen).toBeGreaterThanOrEqual(1);
          expect(amountFen).toBeGreaterThanOrEqual(limits.minAmountFen);
          expect(amountFen).toBeLessThanOrEqual(limits.maxAmountFen);
          expect(availableFen).toBeGreaterThanOrEqual(amountFen);
        },
      ),
    );
  });

  it('accepting requests one after another never overdraws the balance nor exceeds the day', () => {
    fc.assert(
      fc.property(
        limitsArb,
        fc.integer({ min: 0, max: 100_000 }),
        fc.array(fc.integer({ min: 1, max: 60_000 }), { maxLength: 30 }),
        (limits, startFen, amounts) => {
          const account: { availableFen: number } & WithdrawCounters = { availableFen: startFen };
          let accepted = 0;
          for (const amountFen of amounts) {
            const verdict = judgeWithdrawal(
              { amountFen, channel: 'wechatTransfer', dayKey: '2025-03-01' },
              limits,
              account,
            );
            if (!verdict.ok) {
              expect(['AMOUNT_TOO_SMALL', 'AMOUNT_TOO_LARGE', 'DAILY_LIMIT_REACHED', 'INSUFFICIENT_BALANCE']).toContain(
                verdict.refusal,
              );
              continue;
            }
            account.availableFen -= amountFen;
            account.withdrawDayKey = '2025-03-01';
            account.withdrawCountOfDay = (account.withdrawCountOfDay ?? 0) + 1;
            accepted += 1;
            expect(account.availableFen).toBeGreaterThanOrEqual(0);
          }
          expect(accepted).toBeLessThanOrEqual(limits.maxPerDay);
          // A new China day starts the count again.
          const tomorrow = judgeWithdrawal(
            { amountFen: limits.minAmountFen, channel: 'wechatTransfer', dayKey: '2025-03-02' },
            limits,
            { ...account, availableFen: limits.minAmountFen },
          );
          if (tomorrow.ok === false) expect(tomorrow.refusal).toBe('AMOUNT_TOO_SMALL');
        },
      ),
    );
  });

  it('refuses a negative balance and a channel the rules do not offer, whatever the amount', () => {
    fc.assert(
      fc.property(
        limitsArb,
        fc.integer({ min: 1, max: 100_000 }),
        fc.integer({ min: -100_000, max: -1 }),
        (limits, amountFen, availableFen) => {
          const verdict = judgeWithdrawal({ amountFen, channel: 'wechatTransfer', dayKey: '2025-03-01' }, limits, {
            availableFen,
          });
          expect(verdict.ok).toBe(false);
          expect(
            judgeWithdrawal({ amountFen, channel: 'manual', dayKey: '2025-03-01' }, limits, { availableFen: 1e9 }),
          ).toEqual({ ok: false, refusal: 'CHANNEL_NOT_ALLOWED' });
        },
      ),
    );
  });

  it('withdraw then paid, or withdraw then returned, conserves the balances', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000 }), fc.boolean(), (amountFen, paid) => {
        const steps = [
          withdrawalDeltas('withdraw', amountFen),
          withdrawalDeltas(paid ? 'withdrawPaid' : 'withdrawReturned', amountFen),
        ];
        const total = steps.reduce((sum, d) => ({
          frozenFen: sum.frozenFen + d.frozenFen,
          availableFen: sum.availableFen + d.availableFen,
          withdrawingFen: sum.withdrawingFen + d.withdrawingFen,
          withdrawnFen: sum.withdrawnFen + d.withdrawnFen,
        }));
        expect(total).toEqual({
          frozenFen: 0,
          availableFen: paid ? -amountFen : 0,
          withdrawingFen: 0,
          withdrawnFen: paid ? amountFen : 0,
        });
        for (const d of steps) expect(d.frozenFen + d.availableFen + d.withdrawingFen + d.withdrawnFen).toBe(0);
      }),
    );
  });
});
