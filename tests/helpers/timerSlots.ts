/**
 * How many slots a timer's cron has in a time range, counted with croner directly (the way the
 * platform evaluates timer crons: 7 fields, UTC+8), apart from the emulator's scheduler, so a
 * test can check that a clock advance fired every slot.
 */
import { Cron } from 'croner';
import { TIMER_TIME_ZONE } from '../../emulator/src/cronSlots';

/** Slots in (fromMs, toMs]. */
export function cronSlotCount(cron: string, fromMs: number, toMs: number): number {
  const schedule = new Cron(cron, { timezone: TIMER_TIME_ZONE, paused: true, legacyMode: true });
  let count = 0;
  for (let at = schedule.nextRun(new Date(fromMs)); at && at.getTime() <= toMs; at = schedule.nextRun(at)) count += 1;
  return count;
}
