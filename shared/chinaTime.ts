/**
 * China time, for every layer (cloud functions, shared domain code, the mini-program): calendar
 * days and months, and times for display, as people in China read them.
 *
 * China Standard Time is UTC+8 all year, with no daylight saving time, so a fixed offset is exact:
 * dayjs with its `utc` plugin and a fixed offset of 480 minutes. The `timezone` plugin
 * (`tz('Asia/Shanghai')`) was not chosen because it needs the Intl time-zone data of the
 * JavaScript engine, which the mini-program's engines (JavaScriptCore on iOS, V8 builds on Android
 * and in DevTools) do not all carry; a fixed offset gives the same answer everywhere.
 *
 * The offset is applied to a dayjs in UTC mode (`dayjs.utc(at).add(480, 'minute')`), whose fields
 * then read as China's wall clock, rather than with `utcOffset(480)`: the plugin's utcOffset works
 * through the device's own time zone and reads a wrong hour (or half hour) near that zone's
 * daylight saving changes, which tests/shared/chinaTime.test.ts shows on a device set to
 * Australia/Lord_Howe. UTC mode never consults the device's zone, so the server (TZ=UTC) and a
 * phone anywhere agree.
 *
 * Instants stay `Date`s (what the database stores); this module only reads them on the China
 * clock, or builds the instant of a China midnight from its ISO text with the offset. The
 * mini-program loads it (and dayjs) through the `@shared/chinaTime` bundle of scripts/packnpm.ts.
 */
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);

/** China Standard Time's offset from UTC, in minutes. */
const CHINA_UTC_OFFSET_MINUTES = 480;
/** The same offset as ISO 8601 writes it. */
const CHINA_OFFSET_TEXT = '+08:00';

/**
 * China's wall clock at `at`: a UTC-mode dayjs whose fields (year ... minute) are China's. Only
 * for reading fields and formatting; its own instant is eight hours off, so it never leaves here.
 */
function chinaClock(at: Date | number): dayjs.Dayjs {
  return dayjs.utc(at).add(CHINA_UTC_OFFSET_MINUTES, 'minute');
}

/** YYYY-MM-DD of the China calendar day of `at`. */
export function chinaDay(at: Date | number): string {
  return chinaClock(at).format('YYYY-MM-DD');
}

/** YYYY-MM of the China calendar month of `at`. */
export function chinaMonth(at: Date | number): string {
  return chinaClock(at).format('YYYY-MM');
}

/** YYYY-MM-DD HH:mm in China time, for display. */
export function chinaDateTime(at: Date | number): string {
  return chinaClock(at).format('YYYY-MM-DD HH:mm');
}

/**
 * `at` on the China clock in a dayjs format, e.g. `YYYYMMDDHHmmss` (how WeChat Pay writes
 * time_end) or `YYYY-MM-DD[T]HH:mm:ss[+08:00]` (RFC 3339, as its v3 API writes times).
 */
export function chinaFormat(at: Date | number, pattern: string): string {
  return chinaClock(at).format(pattern);
}

/**
 * The instant of a China-time `YYYYMMDDHHmmss` (WeChat Pay's time_end); null when the text is not
 * one or names no real time (a 13th month, a 32nd day).
 */
export function parseChinaCompactTime(text: string): Date | null {
  const match = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(text);
  if (!match) return null;
  const [, year, month, day, hour, minute, second] = match;
  const at = dayjs.utc(`${year}-${month}-${day}T${hour}:${minute}:${second}Z`);
  // dayjs rolls impossible fields over (month 13 → next January); such a text is not a time.
  if (!at.isValid() || at.format('YYYYMMDDHHmmss') !== text) return null;
  return at.subtract(CHINA_UTC_OFFSET_MINUTES, 'minute').toDate();
}

/** The instant of 00:00 in China of a China calendar day (YYYY-MM-DD). */
export function chinaMidnight(day: string): Date {
  return dayjs(`${day}T00:00:00${CHINA_OFFSET_TEXT}`).toDate();
}

/** The instant of 00:00 in China of the China calendar day of `at`. */
export function chinaDayStart(at: Date | number): Date {
  return chinaMidnight(chinaDay(at));
}

/** The instant of 00:00 in China on the first day of the China calendar month of `at`. */
export function chinaMonthStart(at: Date | number): Date {
  return chinaMidnight(`${chinaMonth(at)}-01`);
}

/** A China calendar day (YYYY-MM-DD) as instants: [its 00:00, the next day's 00:00). */
export function chinaDayRange(day: string): { from: Date; to: Date } {
  const next = dayjs.utc(day).add(1, 'day').format('YYYY-MM-DD');
  return { from: chinaMidnight(day), to: chinaMidnight(next) };
}

/** A China calendar month (YYYY-MM) as instants: [its first day 00:00, the next month's first day 00:00). */
export function chinaMonthRange(month: string): { from: Date; to: Date } {
  const next = dayjs.utc(`${month}-01`).add(1, 'month').format('YYYY-MM-DD');
  return { from: chinaMidnight(`${month}-01`), to: chinaMidnight(next) };
}
