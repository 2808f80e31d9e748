/**
 * An equality index on one field of the latest committed documents: value -> document keys.
 * It answers which documents may hold a given value, so a query's equality or `$in` condition
 * on an indexed field reads only those documents instead of the whole collection. The answer is
 * a superset of the matches (the caller still applies the query): a document whose value cannot
 * be keyed safely (an object, a date, an array of objects, a path through an array of objects)
 * is kept in a bucket that every lookup returns.
 */
import type { Doc } from '../ejson';

/** The bucket of a missing field and of null, which an equality on null matches alike. */
const NULL_KEY = 'z';

/** The key of a value an equality can be looked up by, or undefined for values that are not keyed. */
export function valueKey(value: unknown): string | undefined {
  if (value === null || value === undefined) return NULL_KEY;
  if (typeof value === 'string') return `s:${value}`;
  if (typeof value === 'number') return Number.isNaN(value) ? undefined : `n:${value}`;
  if (typeof value === 'boolean') return `b:${value}`;
  return undefined;
}

const isKeyed = (value: unknown): boolean => valueKey(value) !== undefined;

/** A plain object of any realm (documents seeded from a test's sandbox have that realm's prototype). */
function isRecord(value: object): value is Record<string, unknown> {
  const proto = Object.getPrototypeOf(value) as object | null;
  return proto === null || Object.getPrototypeOf(proto) === null;
}

/**
 * The keys an equality on `path` can match in `doc`, or undefined when they cannot be told
 * safely. A numeric part selects an array element (`ancestors.0`) only when the array holds no
 * objects or arrays, whose own fields MongoDB would also match; an array at the end of the path
 * matches each of its elements.
 */
function keysAt(doc: Doc, path: string): string[] | undefined {
  let node: unknown = doc;
  for (const part of path.split('.')) {
    if (Array.isArray(node)) {
      if (!/^\d+$/.test(part) || !node.every(isKeyed)) return undefined;
      node = node[Number(part)];
    } else if (node !== null && typeof node === 'object') {
      if (!isRecord(node)) return undefined; // A date or other value: not keyed.
      node = node[part];
    } else {
      node = undefined;
      break;
    }
  }
  if (Array.isArray(node)) return node.every(isKeyed) ? node.map((item) => valueKey(item) as string) : undefined;
  const key = valueKey(node);
  return key === undefined ? undefined : [key];
}

export class EqualityIndex {
  private readonly buckets = new Map<string, Set<string>>();
  /** Documents whose value is not keyed: returned by every lookup. */
  private readonly unkeyed = new Set<string>();

  constructor(private readonly field: string) {}

  add(docKey: string, doc: Doc | null): void {
    if (!doc) return;
    const keys = keysAt(doc, this.field);
    if (!keys) {
      this.unkeyed.add(docKey);
      return;
    }
    for (const key of keys) {
      const bucket = this.buckets.get(key) ?? new Set<string>();
      bucket.add(docKey);
      this.buckets.set(key, bucket);
    }
  }

  remove(docKey: string, doc: Doc | null): void {
    if (!doc) return;
    const keys = keysAt(doc, this.field);
    if (!keys) {
      this.unkeyed.delete(docKey);
      return;
    }
    for (const key of keys) {
      const bucket = this.buckets.get(key);
      bucket?.delete(docKey);
      if (bucket?.size === 0) this.buckets.delete(key);
    }
  }

  /** Keys of the documents that may hold one of `values`, or undefined when a value is not keyed. */
  candidates(values: readonly unknown[]): Set<string> | undefined {
    const keys = values.map(valueKey);
    if (keys.some((key) => key === undefined)) return undefined;
    const found = new Set(this.unkeyed);
    for (const key of keys) for (const docKey of this.buckets.get(key as string) ?? []) found.add(docKey);
    return found;
  }
}
