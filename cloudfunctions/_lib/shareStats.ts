/**
 * Share visits per sharer and China day (collection shareDailyStats), the top of a distributor's
 * share conversion (docs/team.md section 7). Every entry by share ends in one bindReferrer call,
 * so that call counts the visit for the code's owner: one increment of the day's document, never
 * a read (_lib/counters.ts), one round trip but on the sharer's first visit of the day (at most
 * three then).
 *
 * A counter is a figure for the distributor's page, not money: a failure to count is logged and
 * never fails the binding.
 */
import { dayNumber, shareDayId } from '@shared/analytics';
import { incrementCounter } from './counters';
import { _ } from './db';

/** Counts one visit through the shares of `sharerId` on the China day of `now`; never throws. */
export async function countShareVisit(sharerId: string, now: Date): Promise<void> {
  try {
    await incrementCounter(
      'shareDailyStats',
      { visits: _.inc(1) },
      { _id: shareDayId(sharerId, now), sharerId, day: dayNumber(now), visits: 1 },
    );
  } catch (error) {
    console.warn(`shareDailyStats: a visit of ${sharerId}'s shares not counted`, error);
  }
}
