/**
 * shared/chinaTime.ts (dayjs, fixed +08:00) against the millisecond arithmetic it replaced
 * (tests/helpers/chinaTimeProperties.ts), on the instants where a mistake would show: the last
 * moments of a China day or month (23:59:59.999) and its first (00:00). The device's own time
 * zone must not matter (a mini-program runs wherever the phone is set), so the properties also
 * run in child processes under other zones, some with daylight saving time.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { chinaDateTime, chinaDay, chinaMonth, chinaMonthRange, chinaMonthStart } from '@shared/chinaTime';
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
