/**
 * applyBalanceMoves (shared/balance.ts) over random sequences of moves, batches of one to three
 * as the functions make them (a top-up with its bonus, a refund taking both back, an adjustment):
 * after every batch the account equals the sum of its entries, it is never below zero, its
 * entries are numbered 1, 2, 3, … with each `balanceAfterFen` the running sum, and a refused
 * batch changes nothing at all, so no prefix of it is applied.
 */
import fc from 'fast-check';
import { applyBalanceMoves, type BalanceEntryDocument, type BalanceMove } from '@shared/balance';

const USER = 'oUSER';
const AT = new Date('2026-06-01T02:00:00Z');

const move = fc.record({
  kind: fc.constantFrom('topUp', 'topUpBonus', 'topUpRefund', 'orderPay', 'orderRefund', 'adjust' as const),
  amountFen: fc.integer({ min: -60_000, max: 60_000 }).filter((amount) => amount !== 0),
});
const batches = fc.array(fc.array(move, { minLength: 1, maxLength: 3 }), { maxLength: 40 });

describe('applyBalanceMoves (property)', () => {
  it('keeps balance = Σ entries and ≥ 0; a refused batch writes nothing', () => {
    fc.assert(
      fc.property(batches, (steps) => {
        let account = { balanceFen: 0, entryCount: 0 };
        const ledger: BalanceEntryDocument[] = [];
        steps.forEach((batch, step) => {
          const moves: BalanceMove[] = batch.map((one, index) => ({
            ...one,
            causeId: `c${step}-${index}`,
            ref: {},
            by: 'system',
          }));
          const verdict = applyBalanceMoves(USER, account, moves, AT);
          const wouldDip = moves.reduce(
            (state, one) => ({ sum: state.sum + one.amountFen, dips: state.dips || state.sum + one.amountFen < 0 }),
            { sum: account.balanceFen, dips: false },
          ).dips;
          expect(verdict.ok).toBe(!wouldDip);
          if (!verdict.ok) {
            expect(verdict).toMatchObject({ code: 'BALANCE_INSUFFICIENT', balanceFen: account.balanceFen });
            return;
          }
          ledger.push(...verdict.entries);
          account = { balanceFen: verdict.balanceFen, entryCount: account.entryCount + verdict.entries.length };
          expect(account.balanceFen).toBeGreaterThanOrEqual(0);
          expect(ledger.reduce((sum, entry) => sum + entry.amountFen, 0)).toBe(account.balanceFen);
        });
        let running = 0;
        ledger.forEach((entry, index) => {
          running += entry.amountFen;
          expect([entry.seq, entry.balanceAfterFen, entry.userId]).toEqual([index + 1, running, USER]);
          expect(entry.balanceAfterFen).toBeGreaterThanOrEqual(0);
        });
        expect(new Set(ledger.map((entry) => entry._id)).size).toBe(ledger.length);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses non-integer and zero amounts as bugs', () => {
    const bad = (amountFen: number) => [{ kind: 'adjust' as const, causeId: 'x', amountFen, ref: {}, by: 'a' }];
    expect(() => applyBalanceMoves(USER, { balanceFen: 100, entryCount: 0 }, bad(0), AT)).toThrow();
    expect(() => applyBalanceMoves(USER, { balanceFen: 100, entryCount: 0 }, bad(1.5), AT)).toThrow();
  });
});
