/**
 * The reversal arithmetic (shared/commissions.ts reversalStep) over random refund sequences of a
 * line, pure: refunds applied to the line in order (each with its cumulative refundedFenAfter),
 * their reversals run in any order and any number of times, the release at any moment in
 * between. Whatever happens, the commission never loses or gains a fen, and once the whole line
 * is refunded exactly all of it is taken back.
 */
import fc from 'fast-check';
import { reversalStep, reversedAfter } from '@shared/commissions';
import { frozenFenOf, releasedFenOf, type CommissionStatus } from '@shared/ledger';

interface Model {
  status: CommissionStatus;
  amountFen: number;
  baseFen: number;
  reversedFen: number;
  clawedBackFen: number;
  frozenFen: number;
  availableFen: number;
}

/** A line: base, commission and the cumulative refundedFenAfter of each refund, in order. */
const line = fc
  .record({
    baseFen: fc.integer({ min: 1, max: 5_000_000 }),
    amountPermille: fc.integer({ min: 0, max: 1000 }),
    cuts: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 6 }),
    whole: fc.boolean(),
  })
  .map(({ baseFen, amountPermille, cuts, whole }) => {
    const points = [...new Set(cuts.map((cut) => Math.max(1, Math.floor(cut * baseFen))))].sort((a, b) => a - b);
    if (whole && points.at(-1) !== baseFen) points.push(baseFen);
    return { baseFen, amountFen: Math.floor((baseFen * amountPermille) / 1000), afters: points };
  });

function release(model: Model): void {
  if (model.status !== 'frozen') return;
  const movedFen = model.amountFen - model.reversedFen;
  model.frozenFen -= movedFen;
  model.availableFen += movedFen;
  model.status = 'released';
}

function reverse(model: Model, refundedFenAfter: number): void {
  const step = reversalStep(model, refundedFenAfter);
  if (step.kind === 'reverse') {
    expect(model.status).toBe('frozen');
    model.reversedFen = step.reversedFenAfter;
    model.frozenFen -= step.amountFen;
    if (step.fullyReversed) model.status = 'reversed';
  } else if (step.kind === 'clawBack') {
    expect(model.status).toBe('released');
    model.clawedBackFen = step.clawedBackFenAfter;
    model.availableFen -= step.amountFen;
  } else {
    expect(step.kind).toBe('none');
  }
}

describe('reversal arithmetic over random partial refunds', () => {
  it('takes exactly floor(amount × refunded / base) in any order, once, before or after release', () => {
    fc.assert(
      fc.property(
        line.chain((l) =>
          fc.record({
            line: fc.constant(l),
            // Reversal deliveries: any refunds, repeated, in any order; then every refund once more.
            deliveries: fc.array(fc.integer({ min: 0, max: l.afters.length - 1 }), { maxLength: 3 * l.afters.length }),
            finally: fc.shuffledSubarray([...l.afters.keys()], { minLength: l.afters.length }),
            releaseAt: fc.integer({ min: 0, max: 4 * l.afters.length }),
          }),
        ),
        ({ line: { baseFen, amountFen, afters }, deliveries, finally: rest, releaseAt }) => {
          const model: Model = {
            status: amountFen === 0 ? 'reversed' : 'frozen',
            amountFen,
            baseFen,
            reversedFen: 0,
            clawedBackFen: 0,
            frozenFen: amountFen,
            availableFen: 0,
          };
          let highest = 0;
          [...deliveries, ...rest].forEach((index, position) => {
            if (position === releaseAt) release(model);
            const after = afters[index] as number;
            reverse(model, after);
            highest = Math.max(highest, after);
            // What all refunds delivered so far take, taken exactly once.
            expect(model.reversedFen + model.clawedBackFen).toBe(reversedAfter(amountFen, baseFen, highest));
            expect(model.frozenFen).toBe(frozenFenOf(model));
            expect(releasedFenOf(model) + model.reversedFen + frozenFenOf(model)).toBe(amountFen);
            expect(model.frozenFen + model.availableFen + model.reversedFen + model.clawedBackFen).toBe(amountFen);
            expect(model.clawedBackFen).toBeLessThanOrEqual(releasedFenOf(model));
          });
          const lastAfter = afters.at(-1) as number;
          if (lastAfter === baseFen) {
            expect(model.reversedFen + model.clawedBackFen).toBe(amountFen);
            expect(model.frozenFen + model.availableFen).toBe(0);
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('a commission claimed by a release batch is not ready while there is something to take', () => {
    const claimed = {
      status: 'releasing' as const,
      amountFen: 2_560,
      baseFen: 25_600,
      reversedFen: 999,
      clawedBackFen: 0,
    };
    expect(reversalStep(claimed, 20_000)).toEqual({ kind: 'notReady' });
    // Nothing left to take (a replay of the refund already reversed): no reason to wait.
    expect(reversalStep(claimed, 9_999)).toEqual({ kind: 'none' });
    expect(reversalStep({ ...claimed, status: 'reversed', reversedFen: 2_560 }, 25_600)).toEqual({ kind: 'none' });
  });
});
