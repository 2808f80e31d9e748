/**
 * The database operations backup and restore need, through wx-server-sdk's database API. It is
 * the same code for a real environment and for the emulator: only the SDK instance differs
 * (`target.ts`). Every read is a page of at most 1000 documents, the server SDK's limit
 * (docs/platform.md section 3.10).
 */
import type { Doc } from './format';

type Database = ReturnType<typeof import('wx-server-sdk').database>;

/** The platform's cap on one server-side `get` (docs/platform.md section 3.10). */
export const MAX_PAGE = 1000;

/** wx-server-sdk's number for DATABASE_COLLECTION_NOT_EXIST (docs/platform.md section 1.4). */
const COLLECTION_NOT_EXIST = -502005;

export interface Store {
  /** The number of documents, or null when the collection does not exist. */
  count(collection: string): Promise<number | null>;
  /** The next documents in `_id` order after `afterId` (from the start when null). */
  page(collection: string, afterId: unknown, limit: number): Promise<Doc[]>;
  /** The first `_id`s in `_id` order (only the ids are read). */
  firstIds(collection: string, limit: number): Promise<unknown[]>;
  /** Inserts the documents with their own `_id`s in one request. */
  insert(collection: string, docs: Doc[]): Promise<void>;
  /** Removes the documents with these `_id`s; answers how many went. */
  removeIds(collection: string, ids: unknown[]): Promise<number>;
  create(collection: string): Promise<void>;
}

export function sdkStore(db: Database): Store {
  const _ = db.command;
  return {
    async count(collection) {
      try {
        const { total } = await (db.collection(collection).count() as Promise<{ total: number }>);
        return total;
      } catch (error) {
        if ((error as { errCode?: unknown }).errCode === COLLECTION_NOT_EXIST) return null;
        throw error;
      }
    },
    async page(collection, afterId, limit) {
      const base = db.collection(collection);
      // Keyset paging on the primary key: every page is an index range, however deep the backup is.
      const query = afterId === null ? base : base.where({ _id: _.gt(afterId) });
      const { data } = await (query.orderBy('_id', 'asc').limit(Math.min(limit, MAX_PAGE)).get() as Promise<{
        data: Doc[];
      }>);
      return data;
    },
    async firstIds(collection, limit) {
      const { data } = await (db
        .collection(collection)
        .field({ _id: true })
        .orderBy('_id', 'asc')
        .limit(Math.min(limit, MAX_PAGE))
        .get() as Promise<{ data: Doc[] }>);
      return data.map((doc) => doc._id);
    },
    async insert(collection, docs) {
      await (db.collection(collection).add({ data: docs }) as Promise<unknown>);
    },
    async removeIds(collection, ids) {
      const { stats } = await (db
        .collection(collection)
        .where({ _id: _.in(ids) })
        .remove() as Promise<{ stats: { removed: number } }>);
      return stats.removed;
    },
    async create(collection) {
      await db.createCollection(collection);
    },
  };
}
