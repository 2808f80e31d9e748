/**
 * Transactions for the few admin writes that must see and change several documents as one:
 * claiming the first admin, removing an admin (never the last) and setting a grade with its
 * history record. A write conflict (another transaction touched the same document) is retried
 * a few times with a short random pause; after that the caller answers `BUSY`.
 */
import type { CollectionName, DocumentOf, Documents } from '@shared/collections';
import { db } from './db';

/** The part of wx-server-sdk's (untyped) transaction object used here and by systemCheck. */
export interface RawTransaction {
  collection<C extends CollectionName>(
    name: C,
  ): {
    doc<Id extends string>(
      id: Id,
    ): {
      get(): Promise<{ data: DocumentOf<C, Id> | null }>;
      set(options: { data: object }): Promise<unknown>;
      update(options: { data: object }): Promise<unknown>;
      remove(): Promise<unknown>;
    };
    add(options: { data: object }): Promise<unknown>;
  };
}

/** A document to add: without `_id`, the platform assigns one. */
export type NewDocument<D> = D extends { _id: string } ? Omit<D, '_id'> & { _id?: string } : never;

export interface Tx {
  /** The document as of the transaction's snapshot, or null when there is none. */
  get<C extends CollectionName, Id extends string>(collection: C, id: Id): Promise<DocumentOf<C, Id> | null>;
  add<C extends CollectionName>(collection: C, doc: NewDocument<Documents[C]>): Promise<void>;
  /** Writes the whole document `id` (created or replaced); `data` is the document without its `_id`. */
  set<C extends CollectionName, Id extends string>(
    collection: C,
    id: Id,
    data: Omit<DocumentOf<C, Id>, '_id'>,
  ): Promise<void>;
  update(collection: CollectionName, id: string, data: object): Promise<void>;
  remove(collection: CollectionName, id: string): Promise<void>;
}

function errorText(error: unknown): string {
  if (typeof error === 'string') return error;
  const fields = error as { errMsg?: string; message?: string; code?: string } | undefined;
  return `${fields?.code ?? ''} ${fields?.errMsg ?? fields?.message ?? ''}`;
}

/** Another transaction holds or changed a document this one wrote: worth another attempt. */
export function isConflict(error: unknown): boolean {
  return /TransactionConflict|DATABASE_TRANSACTION_CONFLICT|TransactionNotExist/.test(errorText(error));
}

/** A duplicate `_id` (or unique key) refused an add. */
export function isDuplicate(error: unknown): boolean {
  return errorText(error).includes('E11000');
}

function wrap(raw: RawTransaction): Tx {
  return {
    async get(collection, id) {
      try {
        const { data } = await raw.collection(collection).doc(id).get();
        return data ?? null;
      } catch (error) {
        if (/document with _id .* does not exist/.test(errorText(error))) return null;
        throw error;
      }
    },
    async add(collection, doc) {
      await raw.collection(collection).add({ data: doc });
    },
    async set(collection, id, data) {
      await raw.collection(collection).doc(id).set({ data });
    },
    async update(collection, id, data) {
      await raw.collection(collection).doc(id).update({ data });
    },
    async remove(collection, id) {
      await raw.collection(collection).doc(id).remove();
    },
  };
}

export const BUSY = Symbol('busy');

const ATTEMPTS = 5;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `work` in a transaction, again on a write conflict (up to 5 attempts, or
 * `options.attempts` for documents many callers write at once, such as one account under a burst
 * of withdrawals); answers BUSY when every attempt conflicted. Whatever `work` returns is
 * committed with its writes; a refusal should therefore be returned before the first write.
 * Other errors propagate.
 */
export async function inTransaction<T>(
  work: (tx: Tx) => Promise<T>,
  options: { attempts?: number } = {},
): Promise<T | typeof BUSY> {
  const attempts = options.attempts ?? ATTEMPTS;
  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    try {
      // times = 0: the SDK's own retry covers only conflicts at commit; this loop covers both.
      return (await (
        db as unknown as { runTransaction(cb: (raw: RawTransaction) => Promise<T>, times: number): Promise<T> }
      ).runTransaction((raw) => work(wrap(raw)), 0)) as T;
    } catch (error) {
      if (!isConflict(error)) throw error;
      await sleep(10 + Math.floor(Math.random() * 40) * attempt);
    }
  }
  return BUSY;
}
