/**
 * The scheduler's slot lookup (a day's offsets for crons that fire at the same times every day)
 * gives exactly croner's slots, for the shop's timer crons and for crons that are not periodic.
 */
import { Cron } from 'croner';
import { slotFinder, TIMER_TIME_ZONE } from '../../emulator/src/cronSlots';

const CRONS = [
  '0 * * * * * *',
  '0 */5 * * * * *',
  '0 */10 * * * * *',
  '0 */30 * * * * *',
  '0 0 * * * * *',
  '0 0 3 * * * *',
  '0 */7 * * * * *', // Not periodic within an hour: 0, 7, ..., 56, then 0 again.
  '30 15 10,22 * * * *',
  '0 0 3 1 * * *', // Monthly: left to croner.
  '0 0 9 * * 1 *', // Mondays: left to croner.
];

describe('cron slots', () => {
  it.each(CRONS)('%s: the same slots as croner, from any time', (cron) => {
    const croner = new Cron(cron, { timezone: TIMER_TIME_ZONE, paused: true, legacyMode: true });
    const next = slotFinder(cron);
    let seed = 12345;
    const random = (): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    const from = Date.parse('2025-02-27T15:59:59.999Z'); // Just before a UTC+8 midnight, in a short month.
    const points = [from, ...Array.from({ length: 200 }, () => from + Math.floor(random() * 40 * 86_400_000))];
    for (const point of points) expect(next(point)).toBe(croner.nextRun(new Date(point))?.getTime() ?? null);
    // A chain of consecutive slots over two days, as the scheduler walks them.
    let slot = from;
    for (let i = 0; i < 3_000; i += 1) {
      const expected = croner.nextRun(new Date(slot))?.getTime() ?? null;
      expect(next(slot)).toBe(expected);
      if (expected === null) break;
      slot = expected;
    }
  });
});
