/**
 * Subscribe-message data fitted to the template the merchant chose. The merchant maps each of our
 * values (an amount, a time, a note) to a keyword of their template, and the keyword's type (its
 * name without the digits: `thing4` is a `thing`) decides what the platform accepts in it
 * (docs/platform.md section 7.3, docs/alerts.md "Fitting rules"). Whatever the mapping, the
 * value sent is one the platform accepts: a long note is cut, a money amount mapped to a `phrase`
 * keyword becomes a fixed Chinese phrase, and so on. A value that cannot say anything in a type
 * (a time in a `letter` keyword) gets that type's neutral fallback rather than a refusal that
 * would lose the whole message.
 *
 * Lengths count characters (code points), never UTF-16 units, as the platform does.
 */
import { chinaDateTime, chinaFormat } from './chinaTime';

export const KEYWORD_TYPES = [
  'thing',
  'number',
  'letter',
  'symbol',
  'character_string',
  'time',
  'date',
  'amount',
  'phone_number',
  'car_number',
  'name',
  'phrase',
] as const;
export type KeywordType = (typeof KEYWORD_TYPES)[number];

/** One of our values, before it is written for a keyword type. */
export type MessageValue =
  | { kind: 'text'; text: string }
  /** Integer fen; a negative amount is shown as its magnitude (no type but `thing` has a minus sign). */
  | { kind: 'money'; fen: number }
  | { kind: 'time'; at: Date };

/** Shown where Chinese is allowed but the value cannot be said in it: "see the mini-program". */
const SEE_APP = '详见小程序';
const HAN = /\p{Script=Han}/u;
const ASCII_SYMBOL = /[!-/:-@[-`{-~]/;
/** What no keyword type accepts: control characters, emoji and their joiners and variation selectors. */
const UNSAYABLE = /\p{Cc}|\p{Extended_Pictographic}|\u200d|\ufe0f/gu;

/** The keyword's type, or null for a keyword the fitting does not know (sent as text, cut to 20). */
export function keywordType(keyword: string): KeywordType | null {
  const type = /^([a-z][a-z_]*?)\d+$/.exec(keyword)?.[1];
  return KEYWORD_TYPES.find((known) => known === type) ?? null;
}

const chars = (text: string): string[] => [...text];
const keep = (text: string, test: (char: string) => boolean): string => chars(text).filter(test).join('');
const first = (text: string, limit: number): string => chars(text).slice(0, limit).join('');

/** At most `limit` characters; a longer text keeps its start and ends with "…". */
function cut(text: string, limit: number): string {
  const list = chars(text);
  return list.length <= limit ? text : `${list.slice(0, limit - 1).join('')}…`;
}

/** Whitespace runs become one space, and what no type accepts is dropped. */
function clean(text: string): string {
  return text.replace(UNSAYABLE, '').replace(/\s+/g, ' ').trim();
}

/** Yuan with two decimals and no grouping, of the amount's magnitude: 123456 → "1234.56". */
function plainYuan(fen: number): string {
  const abs = Math.abs(Math.trunc(fen));
  return `${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** An amount keyword holds at most 10 digits: larger amounts drop their fen, then saturate. */
function amountText(fen: number): string {
  const yuan = plainYuan(fen);
  if (yuan.replace('.', '').length <= 10) return `¥${yuan}`;
  const whole = yuan.split('.')[0] ?? '0';
  return `¥${whole.length <= 10 ? whole : '9'.repeat(10)}`;
}

/** Signed yuan with grouping, for text keywords: "¥1,234.56", "-¥0.05". */
function displayYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const [whole = '0', cents = '00'] = plainYuan(fen).split('.');
  return `${sign}¥${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${cents}`;
}

/** The value as free text (for the types that take any characters). */
function asText(value: MessageValue): string {
  if (value.kind === 'money') return displayYuan(value.fen);
  if (value.kind === 'time') return chinaDateTime(value.at);
  return clean(value.text);
}

type Fitter = (value: MessageValue, sentAt: Date) => string;

/** Keeps the characters `test` accepts, cut to `limit`; `fallback` when none is left. */
const filtered =
  (test: (char: string) => boolean, limit: number, fallback: string): Fitter =>
  (value) =>
    first(keep(asText(value), test), limit) || fallback;

const FITTERS: Record<KeywordType, Fitter> = {
  thing: (value) => cut(asText(value), 20) || SEE_APP,
  number: (value) => {
    if (value.kind === 'money') return plainYuan(value.fen);
    if (value.kind === 'time') return chinaFormat(value.at, 'YYYYMMDDHHmm');
    const text = clean(value.text);
    return /^\d+(?:\.\d+)?$/.test(text) && chars(text).length <= 32 ? text : '0';
  },
  letter: filtered((char) => /[A-Za-z]/.test(char), 32, 'NA'),
  symbol: (value) =>
    (value.kind === 'text'
      ? first(
          keep(clean(value.text), (c) => ASCII_SYMBOL.test(c)),
          5,
        )
      : '') || '-',
  character_string: (value) => {
    if (value.kind === 'money') return plainYuan(value.fen);
    if (value.kind === 'time') return chinaFormat(value.at, 'YYYY-MM-DD[T]HH:mm');
    return (
      first(
        keep(clean(value.text).replace(/ /g, '_'), (char) => /[\x21-\x7e]/.test(char)),
        32,
      ) || '-'
    );
  },
  // A time keyword always says a time: the value's own, or the time the message is sent.
  time: (value, sentAt) => chinaDateTime(value.kind === 'time' ? value.at : sentAt),
  date: (value, sentAt) => chinaDateTime(value.kind === 'time' ? value.at : sentAt),
  amount: (value) => {
    if (value.kind === 'money') return amountText(value.fen);
    const text = value.kind === 'text' ? clean(value.text) : '';
    const match = /^[¥￥$]?(\d+)(?:\.(\d{1,2}))?元?$/.exec(text);
    return match && (match[1] ?? '').length + (match[2] ?? '').length <= 10 ? text : '¥0.00';
  },
  phone_number: (value) => {
    if (value.kind === 'time') return chinaFormat(value.at, 'YYYY-MM-DD-HH:mm');
    const text = value.kind === 'money' ? plainYuan(value.fen) : clean(value.text);
    const kept = first(
      keep(text, (char) => /\d/.test(char) || ASCII_SYMBOL.test(char)),
      17,
    );
    return /\d/.test(kept) ? kept : '0';
  },
  car_number: (value) => {
    if (value.kind === 'time') return chinaFormat(value.at, 'MMDDHHmm');
    const text = value.kind === 'money' ? String(Math.floor(Math.abs(value.fen) / 100)) : clean(value.text);
    return (
      first(
        keep(text, (char) => /[A-Za-z0-9]/.test(char)),
        8,
      ) ||
      chars(text).find((c) => HAN.test(c)) ||
      '0'
    );
  },
  name: (value) => {
    if (value.kind !== 'text') return SEE_APP;
    const text = keep(
      clean(value.text),
      (char) => HAN.test(char) || /[A-Za-z ·]/.test(char) || ASCII_SYMBOL.test(char),
    );
    return first(text.trim(), HAN.test(text) ? 10 : 20).trim() || SEE_APP;
  },
  phrase: (value) =>
    (value.kind === 'text'
      ? first(
          keep(value.text, (char) => HAN.test(char)),
          5,
        )
      : '') || SEE_APP,
};

/** `value` written for a keyword of `type`; a keyword of unknown type gets the text cut like a `thing`. */
export function fitValue(value: MessageValue, type: KeywordType | null, sentAt: Date): string {
  return (type ? FITTERS[type] : FITTERS.thing)(value, sentAt);
}

/** The `data` of subscribeMessage.send: each keyword the merchant mapped, with its value fitted to its type. */
export function fitData(
  values: ReadonlyArray<{ keyword: string; value: MessageValue }>,
  sentAt: Date,
): Record<string, { value: string }> {
  const data: Record<string, { value: string }> = {};
  for (const { keyword, value } of values) data[keyword] = { value: fitValue(value, keywordType(keyword), sentAt) };
  return data;
}
