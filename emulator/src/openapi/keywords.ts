/**
 * What `subscribeMessage.send` accepts in each template keyword's value, by the keyword's type
 * (its name without the digits: `thing3` is a `thing`). The limits are those of the platform's
 * subscribe-message documentation (the table of value limits per keyword type, docs/platform.md
 * section 7.3); where its wording leaves room, the stricter reading is checked, so that a value
 * the emulator accepts is one the platform accepts too. A refused value is answered with 47003
 * `argument invalid! data.<keyword>.value invalid: <why>`, naming the field as the platform does.
 *
 * Types outside the table (`enum`, whose values the platform lists per template, and any other)
 * are only checked for being non-empty.
 */

const HAN = /\p{Script=Han}/u;
/** ASCII punctuation and symbols: what the table calls 符号 (symbols). */
const ASCII_SYMBOL = /[!-/:-@[-`{-~]/;
/** A date as the table shows it (2019年10月1日), or written with dashes or slashes. */
const DATE = String.raw`\d{4}(?:年\d{1,2}月\d{1,2}日|-\d{1,2}-\d{1,2}|/\d{1,2}/\d{1,2})`;
/** A 24-hour clock time, minutes always, seconds optional. */
const CLOCK = String.raw`(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?`;
const TIME_POINT = new RegExp(`^(?:${DATE}\\s)?${CLOCK}$`);
const DATE_POINT = new RegExp(`^${DATE}(?:\\s${CLOCK})?$`);

const chars = (value: string): string[] => [...value];
const all = (value: string, test: (char: string) => boolean): boolean => chars(value).every(test);

/** A time or date, or a period of two joined by `~`. */
function pointOrPeriod(value: string, point: RegExp): boolean {
  const parts = value.split('~').map((part) => part.trim());
  return parts.length <= 2 && parts.every((part) => point.test(part));
}

type Check = (value: string) => string | null;

const within = (limit: number, value: string): string | null =>
  chars(value).length > limit ? `exceeds limit ${limit}` : null;

/** Each type's check: null when the value is accepted, else why not. */
const CHECKS: Record<string, Check> = {
  // 20 characters of any kind (汉字、数字、字母或符号); control characters and emoji are none of those.
  thing: (value) =>
    within(20, value) ?? (/[\p{Cc}\p{Extended_Pictographic}]/u.test(value) ? 'has a control character or emoji' : null),
  number: (value) => within(32, value) ?? (/^\d+(?:\.\d+)?$/.test(value) ? null : 'is not a number'),
  letter: (value) => within(32, value) ?? (/^[A-Za-z]+$/.test(value) ? null : 'is not letters only'),
  symbol: (value) => within(5, value) ?? (all(value, (char) => ASCII_SYMBOL.test(char)) ? null : 'is not symbols only'),
  character_string: (value) =>
    within(32, value) ?? (/^[\x21-\x7e]+$/.test(value) ? null : 'is not digits, letters and symbols only'),
  time: (value) => (pointOrPeriod(value, TIME_POINT) ? null : 'is not a 24-hour time'),
  date: (value) => (pointOrPeriod(value, DATE_POINT) ? null : 'is not a date'),
  // One currency symbol, at most 10 digits (decimals counted), and 元 at the end if wanted.
  amount: (value) => {
    const match = /^[¥￥$]?(\d+)(?:\.(\d{1,2}))?元?$/.exec(value);
    if (!match) return 'is not an amount';
    return (match[1] ?? '').length + (match[2] ?? '').length > 10 ? 'has more than 10 digits' : null;
  },
  phone_number: (value) =>
    within(17, value) ??
    (all(value, (char) => /\d/.test(char) || ASCII_SYMBOL.test(char)) && /\d/.test(value)
      ? null
      : 'is not digits and symbols'),
  car_number: (value) => {
    const list = chars(value);
    if (list.length > 8) return 'exceeds limit 8';
    const ok = list.every(
      (char, index) => /[A-Za-z0-9]/.test(char) || (HAN.test(char) && (index === 0 || index === list.length - 1)),
    );
    return ok ? null : 'is not a plate number';
  },
  // 10 Chinese characters, or 20 letters or symbols; a mix counts as Chinese. No digits.
  name: (value) => {
    if (!all(value, (char) => HAN.test(char) || /[A-Za-z ·]/.test(char) || ASCII_SYMBOL.test(char)))
      return 'is not Chinese characters, letters or symbols';
    return within(HAN.test(value) ? 10 : 20, value);
  },
  phrase: (value) =>
    within(5, value) ?? (all(value, (char) => HAN.test(char)) ? null : 'is not Chinese characters only'),
};

/** The keyword types of the table, in its order. */
export const KEYWORD_TYPES = Object.keys(CHECKS);

/** The type of a keyword as the server receives it (`character_string3` → `character_string`); null for a malformed key. */
export function keywordTypeOf(key: string): string | null {
  return /^([a-z][a-z_]*?)\d+$/.exec(key)?.[1] ?? null;
}

/** Why the platform refuses `value` in a keyword of `type`, or null when it accepts it. */
export function keywordRefusal(type: string, value: string): string | null {
  if (value.trim().length === 0) return 'is empty';
  return CHECKS[type]?.(value) ?? null;
}
