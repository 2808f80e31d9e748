/**
 * EJSON in and out, exactly as the SDK speaks it (docs/platform.md section 2).
 *
 * Requests are parsed in relaxed mode, so numbers become JS numbers (canonical parsing would
 * give Int32/Double wrappers that break matching and $inc), BSON regular expressions become
 * RegExp for mingo, and `$tcb_server_date` placeholders become the emulator's current time.
 * Responses are canonical EJSON strings, which keep the int/double distinction.
 */
import { BSONRegExp, EJSON } from 'bson';

export type Doc = Record<string, unknown>;

function isPlainObject(value: unknown): value is Doc {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Replaces server-date placeholders and BSON regexes throughout a parsed value. */
export function materialize(value: unknown, nowMs: number): unknown {
  if (value instanceof BSONRegExp) return new RegExp(value.pattern, value.options.replace(/[^gimsuy]/g, ''));
  if (Array.isArray(value)) return value.map((item) => materialize(item, nowMs));
  if (!isPlainObject(value)) return value;
  const serverDate = value.$tcb_server_date as { offset?: unknown } | undefined;
  if (serverDate !== undefined && Object.keys(value).length === 1) {
    const offset = typeof serverDate?.offset === 'number' ? serverDate.offset : 0;
    return new Date(nowMs + offset);
  }
  const out: Doc = {};
  for (const [key, item] of Object.entries(value)) out[key] = materialize(item, nowMs);
  return out;
}

export function parseEjson(text: string, nowMs: number): unknown {
  return materialize(EJSON.parse(text, { relaxed: true }), nowMs);
}

export function stringifyEjson(value: unknown): string {
  return EJSON.stringify(value as Doc, { relaxed: false });
}

/**
 * Deep copy that keeps Dates and RegExps; stored versions are immutable, so writers copy first.
 *
 * Not `structuredClone`: it builds its copies in the realm where it was defined, which under jest
 * (the emulator runs in-process in tests) is not the realm of this code. mingo compares values by
 * `constructor` and `instanceof Date`, so after an update a stored `tags: ['a']` no longer
 * matched `{tags: ['a']}` and stored Dates stopped comparing as dates. Copying by hand creates
 * every array, object and Date in this module's realm. Other class instances (bson value types)
 * are immutable and kept as they are.
 */
export function cloneDoc<T>(value: T): T {
  return copyValue(value) as T;
}

function copyValue(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(copyValue);
  const tag = Object.prototype.toString.call(value);
  if (tag === '[object Date]') return new Date((value as Date).getTime());
  if (tag === '[object RegExp]') return new RegExp((value as RegExp).source, (value as RegExp).flags);
  const proto = Object.getPrototypeOf(value) as object | null;
  // A plain object of any realm: its prototype is null or some realm's Object.prototype.
  if (proto !== null && Object.getPrototypeOf(proto) !== null) return value;
  const out: Doc = {};
  for (const [key, item] of Object.entries(value)) out[key] = copyValue(item);
  return out;
}

export { isPlainObject };
