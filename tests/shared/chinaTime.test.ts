/**
 * shared/chinaTime.ts (dayjs, fixed +08:00) against the millisecond arithmetic it replaced
 * (tests/helpers/chinaTimeProperties.ts), on the instants where a mistake would show: the last
 * moments of a China day or month (23:59:59.999) and its first (00:00). The device's own time
 * zone must not matter (a mini-program runs wherever the phone is set), so the properties also
 * run in child processes under other zones, some with daylight saving time.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import fc from 'fast-check';
import {
  chinaDateTime,
  chinaDay,
  chinaFormat,
  chinaMonth,
  chinaMonthRange,
  chinaMonthStart,
  parseChinaCompactTime,
} from '@shared/chinaTime';
import { checkChinaTimeProperties } from '../helpers/chinaTimeProperties';

it('reads days, months, times and midnights as the offset arithmetic did', () => {
  expect(() => checkChinaTimeProperties(1_000)).not.toThrow();
});

it('puts 23:59:59 and 00:00 China time on either side of midnight', () => {
  const midnight = Date.parse('2026-03-01T00:00:00+08:00');
  expect(chinaDay(midnight - 1000)).toBe('2026-02-28');
  expect(chinaDateTime(midnight - 1000)).toBe('2026-02-28 23:59');
  expect(chinaDay(midnight)).toBe('2026-03-01');
  expect(chinaDateTime(midnight)).toBe('2026-03-01 00:00');
  expect(chinaMonth(midnight - 1)).toBe('2026-02');
  expect(chinaMonthStart(new Date(midnight)).getTime()).toBe(midnight);
  expect(chinaMonthRange('2026-02')).toEqual({ from: new Date('2026-02-01T00:00:00+08:00'), to: new Date(midnight) });
});

it.each(['Asia/Shanghai', 'America/New_York', 'Europe/London', 'Australia/Lord_Howe'])(
  'gives the same answers on a device in %s',
  (zone) => {
    const script = join(__dirname, '..', 'helpers', 'chinaTimeProperties.ts');
    const check = `if (new Date(Date.UTC(2026, 0, 1)).getTimezoneOffset() === 0 && ${JSON.stringify(zone)} !== 'Europe/London') process.exit(3);`;
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', '-e', `${check} require(${JSON.stringify(script)}).checkChinaTimeProperties(300);`],
      {
        env: { ...process.env, TZ: zone },
        encoding: 'utf8',
      },
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  },
);

describe('WeChat Pay times (YYYYMMDDHHmmss, China time)', () => {
  it('formats and parses back every second, as the offset arithmetic did', () => {
    const seconds = fc.integer({ min: Date.UTC(2000, 0, 1) / 1000, max: Date.UTC(2099, 11, 31) / 1000 });
    fc.assert(
      fc.property(seconds, (second) => {
        const at = second * 1000;
        const text = chinaFormat(at, 'YYYYMMDDHHmmss');
        expect(text).toBe(new Date(at + 8 * 3600 * 1000).toISOString().slice(0, 19).replace(/[-:T]/g, ''));
        expect(parseChinaCompactTime(text)?.getTime()).toBe(at);
      }),
      { numRuns: 1000 },
    );
  });

  it('refuses texts that are no time: wrong length, a 13th month, a 32nd day, 24 o’clock', () => {
    for (const text of [
      '2026',
      '202612010000001',
      '20261301000000',
      '20261232000000',
      '20261201240000',
      'abcdefghijklmn',
    ]) {
      expect(parseChinaCompactTime(text)).toBeNull();
    }
    expect(parseChinaCompactTime('20261231235959')).toEqual(new Date('2026-12-31T23:59:59+08:00'));
  });
});
