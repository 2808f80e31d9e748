/**
 * The small typed layer over wx-server-sdk's database: the only code (with cloud.ts) that
 * touches the SDK. Its typings declare most calls as `Promise<...> | void` and documents as
 * `any`; the casts live here so use cases work with real types. A collection is named, never
 * typed by the caller: its documents' type comes from `Documents` in shared/collections.ts,
 * and a name not declared there does not compile.
 */
import type { CollectionName, DocumentOf, Documents } from '@shared/collections';
import { db } from './cloud';

export { db };
export const _ = db.command;

/** Platform error for a duplicate `_id` or unique-index key (E11000 inside DATABASE_REQUEST_FAILED). */
export interface DuplicateKey {
  duplicate: true;
  /** The index that refused the write, e.g. `_id_` or `uniq_share_code`. */
  index: string;
}

function duplicateOf(error: unknown): DuplicateKey | undefined {
  const text = String((error as { errMsg?: string; message?: string })?.errMsg ?? (error as Error)?.message ?? '');
  if (!text.includes('E11000')) return undefined;
  return { duplicate: true, index: /index: (\S+)/.exec(text)?.[1] ?? '' };
}

export async function getDoc<C extends CollectionName, Id extends string>(
  collection: C,
  id: Id,
): Promise<DocumentOf<C, Id> | null> {
  const { data } = (await db.collection(collection).doc(id).get()) as unknown as { data: DocumentOf<C, Id> | null };
  return data ?? null;
}

export async function findWhere<C extends CollectionName>(
  collection: C,
  where: object,
  options: { limit?: number; skip?: number; orderBy?: [string, 'asc' | 'desc'][] } = {},
): Promise<Array<Documents[C]>> {
  let query = db.collection(collection).where(where);
  for (const [field, direction] of options.orderBy ?? []) query = query.orderBy(field, direction);
  if (options.skip) query = query.skip(options.skip);
  const { data } = (await query.limit(options.limit ?? 100).get()) as unknown as { data: Array<Documents[C]> };
  return data;
}

export async function countWhere(collection: CollectionName, where: object): Promise<number> {
  const { total } = (await db.collection(collection).where(where).count()) as unknown as { total: number };
  return total;
}

/** Inserts a document with its own `_id`; a duplicate key is an expected outcome, not an error. */
export async function insertDoc<C extends CollectionName>(
  collection: C,
  doc: Documents[C],
): Promise<'inserted' | DuplicateKey> {
  try {
    await db.collection(collection).add({ data: doc });
    return 'inserted';
  } catch (error) {
    const duplicate = duplicateOf(error);
    if (duplicate) return duplicate;
    throw error;
  }
}

/** A conditional update: returns how many documents matched the condition and changed. */
export async function updateWhere(collection: CollectionName, where: object, data: object): Promise<number> {
  const { stats } = (await db.collection(collection).where(where).update({ data })) as unknown as {
    stats: { updated: number };
  };
  return stats.updated;
}

/** Removes every document matching `where`; returns how many were removed. */
export async function removeWhere(collection: CollectionName, where: object): Promise<number> {
  const { stats } = (await db.collection(collection).where(where).remove()) as unknown as {
    stats: { removed: number };
  };
  return stats.removed;
}

/** Writes the whole document `id` (created or replaced); `data` is the document without its `_id`. */
export async function setDoc<C extends CollectionName, Id extends string>(
  collection: C,
  id: Id,
  data: Omit<DocumentOf<C, Id>, '_id'>,
): Promise<void> {
  await db.collection(collection).doc(id).set({ data });
}

/** A `$lookup` stage: joins documents of `from` as the array field `as`, by fields or by a sub-pipeline. */
export interface Lookup {
  from: CollectionName;
  as: string;
  localField?: string;
  foreignField?: string;
  /** Fields of the joining row, named for the sub-pipeline (`$$name`). */
  let?: object;
  /** Stages in their raw form, e.g. `{ $match: ... }`. */
  pipeline?: object[];
}

/**
 * The aggregation stages use cases build with (wx-server-sdk types its aggregate as `any`).
 * Stage arguments are raw MongoDB-style objects; `_` (db.command) builds operators inside them.
 */
export interface Pipeline {
  match(query: object): Pipeline;
  project(fields: object): Pipeline;
  addFields(fields: object): Pipeline;
  lookup(join: Lookup): Pipeline;
  group(spec: object): Pipeline;
  unwind(spec: string | { path: string; includeArrayIndex?: string; preserveNullAndEmptyArrays?: boolean }): Pipeline;
  sort(order: Record<string, 1 | -1>): Pipeline;
  skip(count: number): Pipeline;
  limit(count: number): Pipeline;
  /** Replaces the rows by one `{ [field]: how many rows }`, or by none when there were none. */
  count(field: string): Pipeline;
}

/**
 * Runs an aggregation built by `build` (which gets the collection's aggregate()) and returns its
 * list. `Row` is what the stages make of the documents, so the caller names it.
 */
export async function aggregateList<Row>(
  collection: CollectionName,
  build: (pipeline: Pipeline) => Pipeline,
): Promise<Row[]> {
  const aggregate = db.collection(collection).aggregate() as unknown as Pipeline;
  const { list } = (await (build(aggregate) as unknown as { end(): Promise<unknown> }).end()) as { list: Row[] };
  return list;
}
