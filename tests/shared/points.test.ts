/**
 * The pure points rules (shared/points.ts) under random inputs: the points discount at checkout
 * (whole fen and whole points, within its share and the available points, apportioned exactly,
 * applied last), cumulative reversal and give-back summing exactly to what was earned and spent,
 * available never below zero under random moves, and each bucket equal to the sum of the entries.
 */
import fc from 'fast-check';
import { priceCheckout, type CheckoutInput } from '@shared/checkoutPricing';
import {
  addMonths,
  applyPointsMoves,
  earnedPointsFor,
  EMPTY_POINTS,
  lastExpiredMonth,
  pointsDeduction,
  spentBackAfter,
  type PointsMove,
  type PointsState,
} from '@shared/points';
import { couponsArb, lineArb, NOW, reductionArb, shippingArb } from '../helpers/checkoutArbitraries';

const offerArb = fc.record({
  availablePoints: fc.integer({ min: 0, max: 2_000_000 }),
  pointsPerYuan: fc.integer({ min: 1, max: 100_000 }),
  maxDeductBp: fc.integer({ min: 0, max: 10_000 }),
});

describe('points at checkout', () => {
  it('takes whole fen worth whole points, within the share and the available points', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000_000 }), offerArb, (baseFen, offer) => {
        const { fen, points } = pointsDeduction(baseFen, offer);
        expect(Number.isInteger(fen) && Number.isInteger(points)).toBe(true);
        expect(points).toBe((fen * offer.pointsPerYuan) / 100);
        expect(fen * 10_000).toBeLessThanOrEqual(baseFen * offer.maxDeductBp);
        expect(points).toBeLessThanOrEqual(offer.availablePoints);
        expect(fen).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('is apportioned to the lines exactly, last, and leaves every other source and the shipping as they were', () => {
    fc.assert(
      fc.property(
        fc.array(lineArb, { minLength: 1, maxLength: 8 }),
        fc.array(reductionArb, { maxLength: 2 }),
        shippingArb,
        couponsArb,
        offerArb,
        (lines, reductions, shipping, coupons, offer) => {
          const fullReductions = reductions.map((reduction, index) => ({ ...reduction, id: `r${index}` }));
          const input: CheckoutInput = { lines, fullReductions, shipping, now: NOW };
          const coupon = coupons.find((held) => held.status === 'available') ?? null;
          const without = priceCheckout(input, coupon);
          const withPoints = priceCheckout({ ...input, points: offer }, coupon);
          const shares = withPoints.lines.map((line) => line.pointsDiscountFen);
          expect(shares.reduce((sum, share) => sum + share, 0)).toBe(withPoints.points.offFen);
          withPoints.lines.forEach((line, index) => {
            const before = without.lines[index]!;
            expect(line.couponDiscountFen).toBe(before.couponDiscountFen);
            expect(line.fullReductionDiscountFen).toBe(before.fullReductionDiscountFen);
            expect(line.paidFen).toBe(before.paidFen - line.pointsDiscountFen);
            expect(line.paidFen).toBeGreaterThanOrEqual(0);
          });
          expect(withPoints.shippingFen).toBe(without.shippingFen);
          expect(withPoints.payableFen).toBe(without.payableFen - withPoints.points.offFen);
          expect(withPoints.points.usedPoints).toBeLessThanOrEqual(offer.availablePoints);
        },
      ),
    );
  });
});

describe('refunds, cumulatively', () => {
  /** Random refunds of an order's paid goods, as cumulative totals ending at everything refunded. */
  const refundsArb = fc
    .record({
      paid: fc.integer({ min: 1, max: 10_000_000 }),
      cuts: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 6 }),
    })
    .map(({ paid, cuts }) => {
      const points = [...cuts.map((cut) => Math.floor(cut * paid)), paid].sort((a, b) => a - b);
      return { paid, cumulative: points };
    });

  it('takes back exactly what was earned and gives back exactly what was spent, after every refund in the end', () => {
    fc.assert(
      fc.property(
        refundsArb,
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        (order, rate, used) => {
          const earned = earnedPointsFor(order.paid, rate);
          let takenBack = 0;
          let givenBack = 0;
          for (const refunded of order.cumulative) {
            const keep = Math.min(earned, earnedPointsFor(order.paid - refunded, rate));
            const back = earned - keep - takenBack;
            expect(back).toBeGreaterThanOrEqual(0);
            takenBack += back;
            const spentBack = spentBackAfter(used, order.paid, refunded) - givenBack;
            expect(spentBack).toBeGreaterThanOrEqual(0);
            givenBack += spentBack;
          }
          expect(takenBack).toBe(earned);
          expect(givenBack).toBe(used);
        },
      ),
    );
  });
});

describe('the account', () => {
  const moveArb: fc.Arbitrary<PointsMove> = fc
    .oneof(
      fc.record({ kind: fc.constant('earn' as const), points: fc.integer({ min: 1, max: 1000 }) }),
      fc.record({ kind: fc.constant('release' as const), points: fc.integer({ min: 1, max: 1000 }) }),
      fc.record({ kind: fc.constant('spend' as const), points: fc.integer({ min: 1, max: 1000 }) }),
      fc.record({ kind: fc.constant('spendBack' as const), points: fc.integer({ min: 1, max: 1000 }) }),
      fc.record({
        kind: fc.constant('adjust' as const),
        points: fc.integer({ min: -1000, max: 1000 }).filter((n) => n !== 0),
      }),
      fc.record({
        kind: fc.constant('earnBack' as const),
        points: fc.integer({ min: 1, max: 1000 }),
        fromAvailable: fc.boolean(),
      }),
      fc.record({
        kind: fc.constant('expire' as const),
        points: fc.constant(0),
        month: fc.constantFrom('2026-01', '2026-02', '2026-03'),
      }),
    )
    .map((move) => ({ causeId: 'x', ref: {}, reason: 'test', by: 'system', ...move }));

  it('never lets available go below zero, and each bucket is the sum of the entries', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(moveArb, fc.constantFrom('2026-01', '2026-02', '2026-03')), { maxLength: 40 }),
        (steps) => {
          let state: PointsState = EMPTY_POINTS;
          const deltas = { frozen: 0, available: 0, spent: 0, expired: 0 };
          steps.forEach(([move, month], index) => {
            // Moves that cannot happen in the system (more released or taken from frozen than it holds) are skipped.
            if (
              (move.kind === 'release' || (move.kind === 'earnBack' && !move.fromAvailable)) &&
              move.points > state.frozen
            )
              return;
            const verdict = applyPointsMoves('u', state, [{ ...move, causeId: String(index) }], NOW, month);
            if (!verdict.ok) {
              expect(['spend', 'adjust']).toContain(move.kind);
              return;
            }
            for (const entry of verdict.entries)
              for (const bucket of ['frozen', 'available', 'spent', 'expired'] as const)
                deltas[bucket] += entry.deltas[bucket];
            state = verdict.account;
            expect(state.available).toBeGreaterThanOrEqual(0);
            expect(Object.values(state.months).reduce((sum, points) => sum + points, 0)).toBe(state.available);
            expect(Object.values(state.months).every((points) => points > 0)).toBe(true);
            const { frozen, available, spent, expired } = state;
            expect({ frozen, available, spent, expired }).toEqual(deltas);
          });
        },
      ),
    );
  });

  it('spends the oldest month first and expires a month at the end of month M + validity', () => {
    expect(addMonths('2026-11', 3)).toBe('2027-02');
    expect(lastExpiredMonth('2027-03', 1)).toBe('2027-01');
    expect(lastExpiredMonth('2027-03', 0)).toBeNull();
    const first = applyPointsMoves(
      'u',
      EMPTY_POINTS,
      [{ kind: 'adjust', causeId: 'a', points: 10, ref: {}, reason: 'r', by: 'b' }],
      NOW,
      '2026-01',
    );
    if (!first.ok) throw new Error('refused');
    const second = applyPointsMoves(
      'u',
      first.account,
      [
        { kind: 'adjust', causeId: 'b', points: 5, ref: {}, reason: 'r', by: 'b' },
        { kind: 'spend', causeId: 'c', points: 12, ref: {}, reason: 'r', by: 'b' },
      ],
      NOW,
      '2026-02',
    );
    if (!second.ok) throw new Error('refused');
    expect(second.account.months).toEqual({ '2026-02': 3 });
  });
});
