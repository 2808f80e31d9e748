/**
 * EJSON in and out, exactly as the SDK speaks it (emulator spec, section 2).
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

/** Deep copy that keeps Dates and RegExps; stored versions are immutable, so writers copy first. */
export function cloneDoc<T>(value: T): T {
  return structuredClone(value);
}

export { isPlainObject };
