/**
 * The pure figures of shared/analytics.ts: shares in basis points (floor, held to [0, 10000], null
 * without a whole), the funnel, the China-day window and the zero-filled series.
 */
import fc from 'fast-check';
import {
  analyticsWindow,
  dailySeries,
  dayNumber,
  funnelOf,
  productDayId,
  shareBp,
  type FunnelStage,
} from '@shared/analytics';

describe('shareBp', () => {
  it('is floor(part × 10000 / whole), held to [0, 10000], null without a whole', () => {
    expect(shareBp(1, 3)).toBe(3_333);
    expect(shareBp(2, 3)).toBe(6_666);
    expect(shareBp(3_100, 26_000)).toBe(1_192);
    expect(shareBp(5, 5)).toBe(10_000);
    expect(shareBp(7, 5)).toBe(10_000);
    expect(shareBp(0, 5)).toBe(0);
    expect(shareBp(0, 0)).toBeNull();
    expect(shareBp(3, 0)).toBeNull();
  });

  it('stays in [0, 10000] and never rounds up, for any counts and amounts', () => {
    fc.assert(
      fc.property(fc.nat({ max: 2 ** 40 }), fc.integer({ min: 1, max: 2 ** 40 }), (part, whole) => {
        const bp = shareBp(part, whole) as number;
        expect(bp).toBeGreaterThanOrEqual(0);
        expect(bp).toBeLessThanOrEqual(10_000);
        if (part <= whole) {
          // Exact floor: bp × whole ≤ part × 10000 < (bp + 1) × whole (checked in BigInt, tests only).
          const scaled = BigInt(part) * 10_000n;
          expect(BigInt(bp) * BigInt(whole) <= scaled).toBe(true);
          expect(BigInt(bp + 1) * BigInt(whole) > scaled).toBe(true);
        }
      }),
    );
  });
});

describe('funnelOf', () => {
  const monotone = fc
    .tuple(
      fc.nat({ max: 1_000_000 }),
      fc.nat({ max: 1_000_000 }),
      fc.nat({ max: 1_000_000 }),
      fc.nat({ max: 1_000_000 }),
    )
    .map((counts) => [...counts].sort((a, b) => b - a) as [number, number, number, number]);

  it('on monotone counts: every share in [0, 10000], overall shares falling, each step at most its share of the one before', () => {
    fc.assert(
      fc.property(monotone, ([views, cartAdds, ordered, paid]) => {
        const steps = funnelOf({ views, cartAdds, ordered, paid });
        expect(steps.map((step) => step.count)).toEqual([views, cartAdds, ordered, paid]);
        expect(steps[0]).toMatchObject({ stage: 'views', stepBp: null, overallBp: null });
        const overall = steps.slice(1).map((step) => step.overallBp);
        for (const step of steps.slice(1)) {
          for (const bp of [step.stepBp, step.overallBp]) if (bp !== null) expect(bp >= 0 && bp <= 10_000).toBe(true);
          // A stage's overall share is at most its step's share (the stage before is at most the views).
          if (step.overallBp !== null && step.stepBp !== null) expect(step.overallBp).toBeLessThanOrEqual(step.stepBp);
        }
        if (views > 0) {
          expect(overall.every((bp) => bp !== null)).toBe(true);
          for (let index = 1; index < overall.length; index += 1)
            expect(overall[index] as number).toBeLessThanOrEqual(overall[index - 1] as number);
        } else expect(overall).toEqual([null, null, null]);
      }),
    );
  });

  it('holds a stage above the one before (buy now skips the cart) to 100%', () => {
    const counts: Record<FunnelStage, number> = { views: 10, cartAdds: 2, ordered: 5, paid: 5 };
    expect(funnelOf(counts).map((step) => [step.stepBp, step.overallBp])).toEqual([
      [null, null],
      [2_000, 2_000],
      [10_000, 5_000],
      [10_000, 5_000],
    ]);
  });
});

describe('the China-day window', () => {
  it('covers today and the days before it, from China midnight to China midnight', () => {
    // 2026-04-01 00:10 China, still 03-31 in UTC.
    const window = analyticsWindow(new Date('2026-03-31T16:10:00Z'), 30);
    expect([window.from, window.to, window.days]).toEqual(['2026-03-03', '2026-04-01', 30]);
    expect(window.startsAt.toISOString()).toBe('2026-03-02T16:00:00.000Z');
    expect(window.endsAt.toISOString()).toBe('2026-04-01T16:00:00.000Z');
    expect(dayNumber(new Date('2026-03-31T16:10:00Z'))).toBe(20260401);
    expect(productDayId('tea', new Date('2026-03-31T15:59:59Z'))).toBe('tea:20260331');
  });

  it('fills a series with zeros and leaves out rows outside the window', () => {
    const window = analyticsWindow(new Date('2026-03-31T12:00:00Z'), 30);
    const series = dailySeries(
      window,
      [
        { _id: 0, salesFen: 5, orders: 1 },
        { _id: 29, salesFen: 7, orders: 2 },
        { _id: 30, salesFen: 100, orders: 9 },
      ],
      ['salesFen', 'orders'] as const,
    );
    expect(series).toHaveLength(30);
    expect(series[0]).toEqual({ day: '2026-03-02', salesFen: 5, orders: 1 });
    expect(series[1]).toEqual({ day: '2026-03-03', salesFen: 0, orders: 0 });
    expect(series[29]).toEqual({ day: '2026-03-31', salesFen: 7, orders: 2 });
  });
});
