/**
 * The properties of tests/shared/chinaTime.test.ts, runnable in this process or, as a script, in
 * a child process started with another TZ (jest cannot change the time zone of its own process).
 */
import fc from 'fast-check';
import {
  chinaDateTime,
  chinaDay,
  chinaDayStart,
  chinaMonth,
  chinaMonthRange,
  chinaMonthStart,
} from '@shared/chinaTime';

/** The arithmetic of the earlier code: shift by eight hours, read the UTC fields. */
const OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const old = {
  day: (at: number): string => new Date(at + OFFSET_MS).toISOString().slice(0, 10),
  month: (at: number): string => new Date(at + OFFSET_MS).toISOString().slice(0, 7),
  dateTime: (at: number): string => new Date(at + OFFSET_MS).toISOString().slice(0, 16).replace('T', ' '),
  dayStart: (at: number): number => {
    const shifted = at + OFFSET_MS;
    return shifted - (((shifted % DAY_MS) + DAY_MS) % DAY_MS) - OFFSET_MS;
  },
  monthStart: (at: number): number => {
    const shifted = new Date(at + OFFSET_MS);
    return Date.UTC(shifted.getUTCFullYear(), shifted.getUTCMonth(), 1) - OFFSET_MS;
  },
  monthRange: (month: string): { from: number; to: number } => {
    const [year, monthNumber] = month.split('-').map(Number) as [number, number];
    return { from: Date.UTC(year, monthNumber - 1, 1) - OFFSET_MS, to: Date.UTC(year, monthNumber, 1) - OFFSET_MS };
  },
};

/** China midnights from 2000 to 2099, and the instants just around them. */
const chinaMidnight = fc
  .integer({ min: Date.UTC(2000, 0, 1) / DAY_MS, max: Date.UTC(2099, 11, 31) / DAY_MS })
  .map((day) => day * DAY_MS - OFFSET_MS);
const monthStart = fc
  .record({ year: fc.integer({ min: 2000, max: 2099 }), month: fc.integer({ min: 0, max: 11 }) })
  .map(({ year, month }) => Date.UTC(year, month, 1) - OFFSET_MS);
/** 23:59:59.999, 23:59:59, 00:00, 00:00:00.001, 00:00:01 around a boundary, or anywhere within a minute of it. */
const near = (boundary: fc.Arbitrary<number>): fc.Arbitrary<number> =>
  fc
    .tuple(boundary, fc.oneof(fc.constantFrom(-1, -1000, 0, 1, 1000), fc.integer({ min: -60_000, max: 60_000 })))
    .map(([at, delta]) => at + delta);
const anyInstant = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2099, 11, 31) });
const instant = fc.oneof(near(chinaMidnight), near(monthStart), anyInstant);

/** Throws (fast-check's report) when the new module and the old arithmetic disagree anywhere. */
export function checkChinaTimeProperties(numRuns = 500): void {
  fc.assert(
    fc.property(instant, (at) => {
      const got = [chinaDay(at), chinaMonth(at), chinaDateTime(at), chinaDay(new Date(at))];
      const want = [old.day(at), old.month(at), old.dateTime(at), old.day(at)];
      if (JSON.stringify(got) !== JSON.stringify(want))
        throw new Error(`${at}: ${JSON.stringify(got)} != ${JSON.stringify(want)}`);
      if (chinaDayStart(new Date(at)).getTime() !== old.dayStart(at)) throw new Error(`${at}: day start`);
      if (chinaMonthStart(new Date(at)).getTime() !== old.monthStart(at)) throw new Error(`${at}: month start`);
    }),
    { numRuns },
  );
  fc.assert(
    fc.property(fc.integer({ min: 2000, max: 2099 }), fc.integer({ min: 1, max: 12 }), (year, month) => {
      const text = `${year}-${String(month).padStart(2, '0')}`;
      const range = chinaMonthRange(text);
      const want = old.monthRange(text);
      if (range.from.getTime() !== want.from || range.to.getTime() !== want.to) throw new Error(`${text}: month range`);
    }),
    { numRuns: Math.ceil(numRuns / 2) },
  );
}

if (require.main === module) checkChinaTimeProperties();
