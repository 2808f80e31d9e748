/**
 * Detection of queries that no declared index serves. The emulator keeps every collection in
 * memory and answers such queries instantly, so code that filters a large collection by an
 * unindexed field passes every test here and only slows down (and draws the console's warnings)
 * on CloudBase once real data piles up. The database reports those queries instead, and the
 * invocation statistics list them.
 */
import type { IndexSpec } from '@shared/collections';
import { isPlainObject, type Doc } from '../ejson';

/**
 * Collections with at most this many documents are not reported: CloudBase warns about and
 * slows down unindexed queries only at scale, and small collections (settings, fixtures) are
 * cheap to scan there too.
 */
export const UNINDEXED_SCAN_THRESHOLD = 1_000;

/** One query that had to read the whole collection because no index serves its condition. */
export interface UnindexedScan {
  /** The wire action, e.g. `database.getDocument`. */
  action: string;
  collection: string;
  /** The fields the condition filters on (equality or range), sorted; empty for no condition. */
  fields: string[];
  /** How many documents the query had to read. */
  scanned: number;
}

/** Receives the report of a query that no index serves. */
export type ScanReporter = (scan: UnindexedScan) => void;

/** Operators an index can answer: equality, membership and ranges. */
const INDEXABLE_OPERATORS = new Set(['$eq', '$in', '$gt', '$gte', '$lt', '$lte']);

/** The primary key every collection has, whether or not the schema lists it. */
const PRIMARY_KEY: IndexSpec = { name: '_id_', keys: [{ field: '_id', direction: 1 }], unique: true };

/**
 * The fields an index could use: top-level fields compared by equality or range, and those of
 * every branch of a top-level `$and`. Fields under `$or`, `$nor` or negations are left out, so
 * a query is never wrongly called served.
 */
export function conditionFields(query: Doc): Set<string> {
  const fields = new Set<string>();
  for (const [key, value] of Object.entries(query)) {
    if (key === '$and' && Array.isArray(value)) {
      for (const branch of value)
        if (isPlainObject(branch)) for (const field of conditionFields(branch)) fields.add(field);
      continue;
    }
    if (key.startsWith('$')) continue;
    const operators = isPlainObject(value) ? Object.keys(value).filter((name) => name.startsWith('$')) : [];
    if (operators.every((name) => INDEXABLE_OPERATORS.has(name))) fields.add(key);
  }
  return fields;
}

/**
 * An index serves a query when the query's equality or range conditions cover a prefix of the
 * index's keys: then the database can seek into the index instead of reading every document.
 * Covering the first key is enough for the prefix rule, which keeps the check simple and sound.
 */
export function servedByIndex(fields: ReadonlySet<string>, indexes: readonly IndexSpec[]): boolean {
  return [PRIMARY_KEY, ...indexes].some((index) => {
    const first = index.keys[0];
    return first !== undefined && fields.has(first.field);
  });
}

/**
 * Reports the query when it read more than the threshold of documents and no index serves it.
 * Only counts and set lookups run unless the collection is large, so the check costs nothing
 * for the usual small test collections.
 */
export function checkScan(
  report: ScanReporter | undefined,
  scan: { action: string; collection: string; query: Doc; scanned: number; indexes: readonly IndexSpec[] },
): void {
  if (!report || scan.scanned <= UNINDEXED_SCAN_THRESHOLD) return;
  const fields = conditionFields(scan.query);
  if (servedByIndex(fields, scan.indexes)) return;
  report({ action: scan.action, collection: scan.collection, fields: [...fields].sort(), scanned: scan.scanned });
}
