/**
 * The small typed layer over wx-server-sdk's database: the only code (with cloud.ts) that
 * touches the SDK. Its typings declare most calls as `Promise<...> | void` and documents as
 * `any`; the casts live here so use cases work with real types.
 */
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

export async function getDoc<T>(collection: string, id: string): Promise<T | null> {
  const { data } = (await db.collection(collection).doc(id).get()) as unknown as { data: T | null };
  return data ?? null;
}

export async function findWhere<T>(collection: string, where: object, options: { limit?: number; skip?: number; orderBy?: [string, 'asc' | 'desc'][] } = {}): Promise<T[]> {
  let query = db.collection(collection).where(where);
  for (const [field, direction] of options.orderBy ?? []) query = query.orderBy(field, direction);
  if (options.skip) query = query.skip(options.skip);
  const { data } = (await query.limit(options.limit ?? 100).get()) as unknown as { data: T[] };
  return data;
}

export async function countWhere(collection: string, where: object): Promise<number> {
  const { total } = (await db.collection(collection).where(where).count()) as unknown as { total: number };
  return total;
}

/** Inserts a document with its own `_id`; a duplicate key is an expected outcome, not an error. */
export async function insertDoc(collection: string, doc: { _id: string } & object): Promise<'inserted' | DuplicateKey> {
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
export async function updateWhere(collection: string, where: object, data: object): Promise<number> {
  const { stats } = (await db.collection(collection).where(where).update({ data })) as unknown as { stats: { updated: number } };
  return stats.updated;
}

/** Removes every document matching `where`; returns how many were removed. */
export async function removeWhere(collection: string, where: object): Promise<number> {
  const { stats } = (await db.collection(collection).where(where).remove()) as unknown as { stats: { removed: number } };
  return stats.removed;
}

export async function setDoc(collection: string, id: string, data: object): Promise<void> {
  await db.collection(collection).doc(id).set({ data });
}

/** The SDK's aggregation builder: its stage methods take `any` (stages are plain objects) and chain. */
export type Pipeline = ReturnType<ReturnType<typeof db.collection>['aggregate']>;

/** Runs an aggregation built by `build` (which gets the collection's aggregate()) and returns its list. */
export async function aggregateList<T>(collection: string, build: (pipeline: Pipeline) => Pipeline): Promise<T[]> {
  const { list } = (await build(db.collection(collection).aggregate()).end()) as { list: T[] };
  return list;
}
