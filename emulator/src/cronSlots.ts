/**
 * The slots of a timer's cron (7 fields: second minute hour day month weekday year, in UTC+8).
 * croner computes each next slot through the time zone, about a tenth of a millisecond a slot;
 * a week of an every-minute timer asks 10,080 of them. A cron whose day, month, weekday and year
 * fields are all `*` fires at the same times of every day, and UTC+8 has no daylight saving, so
 * its slots are the offsets of one day, computed once with croner and looked up by binary search.
 * Other crons ask croner for every slot.
 */
import { Cron } from 'croner';

/** The platform evaluates timer crons in China Standard Time. */
export const TIMER_TIME_ZONE = 'Asia/Shanghai';
const UTC8_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
/** Crons with more slots a day than this (every few seconds) are left to croner. */
const MAX_DAILY_SLOTS = 20_000;

export type SlotFinder = (after: number) => number | null;

export function cronSchedule(cron: string): Cron {
  return new Cron(cron, { timezone: TIMER_TIME_ZONE, paused: true, legacyMode: true });
}

/** The first slot strictly after `after` (epoch ms), or null when the cron has no more. */
export function slotFinder(cron: string): SlotFinder {
  const schedule = cronSchedule(cron);
  const byCroner: SlotFinder = (after) => schedule.nextRun(new Date(after))?.getTime() ?? null;
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 7 || fields.slice(3).some((field) => field !== '*')) return byCroner;
  const offsets = dailyOffsets(byCroner);
  if (!offsets) return byCroner;
  return (after) => {
    const local = after + UTC8_MS;
    const dayStart = Math.floor(local / DAY_MS) * DAY_MS;
    const index = firstAbove(offsets, local - dayStart);
    const slot =
      index < offsets.length ? dayStart + (offsets[index] as number) : dayStart + DAY_MS + (offsets[0] as number);
    return slot - UTC8_MS;
  };
}

/** The slots of one UTC+8 day as offsets from its midnight, or undefined when there are too many. */
function dailyOffsets(byCroner: SlotFinder): number[] | undefined {
  // Any day serves: the cron fires at the same times every day. Start just before a midnight.
  const midnight = Date.UTC(2025, 0, 1) - UTC8_MS;
  const offsets: number[] = [];
  for (let slot = byCroner(midnight - 1); slot !== null && slot < midnight + DAY_MS; slot = byCroner(slot)) {
    offsets.push(slot - midnight);
    if (offsets.length > MAX_DAILY_SLOTS) return undefined;
  }
  return offsets.length ? offsets : undefined;
}

/** Index of the first element greater than `value` in an ascending list (its length when none). */
function firstAbove(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((sorted[middle] as number) > value) high = middle;
    else low = middle + 1;
  }
  return low;
}
