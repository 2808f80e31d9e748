/**
 * The in-memory document store: collections of versioned documents with unique indexes.
 *
 * Every committed change gets a sequence number and becomes a new immutable version of its
 * document, so a transaction can read the snapshot it started from while others commit
 * (snapshot isolation). Old versions are pruned as soon as no open transaction can see them.
 * All changes go through `apply`, which checks unique keys for the whole batch first, then
 * journals it (durable mode) and only then makes it visible: all or nothing.
 */
import type { IndexSpec } from '@shared/collections';
import { errors, TcbApiError } from '../errors';
import { stringifyEjson, type Doc } from '../ejson';
import { EqualityIndex } from './equalityIndex';

/** A change to one document: `doc` is the new content, or null for a removal. */
export interface Change {
  collection: string;
  key: string;
  doc: Doc | null;
}

interface Version {
  seq: number;
  doc: Doc | null;
}

interface UniqueIndex {
  spec: IndexSpec;
  /** Index key (canonical EJSON of the indexed values) -> document key. */
  entries: Map<string, string>;
}

interface CollectionData {
  /** Document key -> versions in commit order; insertion order of the map is the default order. */
  records: Map<string, Version[]>;
  /** Document key -> its position in `records`, so documents found through an index keep that order. */
  positions: Map<string, number>;
  nextPosition: number;
  uniqueIndexes: UniqueIndex[];
  indexes: IndexSpec[];
  /** Equality indexes of the latest committed documents, by field; built on first use (equalityIndex.ts). */
  equalityIndexes: Map<string, EqualityIndex>;
}

/** Called with every batch before it becomes visible; throwing aborts the batch. */
export type CommitHook = (
  event: { seq: number; changes: Change[] } | { seq: number; created: string; indexes: IndexSpec[] },
) => void;

export function keyOf(id: unknown): string {
  if (typeof id === 'string') return `s:${id}`;
  if (typeof id === 'number' && Number.isFinite(id)) return `n:${id}`;
  throw errors.invalidParam(`unsupported _id: ${JSON.stringify(id)}`);
}

function indexKey(spec: IndexSpec, doc: Doc): string {
  return stringifyEjson(spec.keys.map(({ field }) => readPath(doc, field) ?? null));
}

function readPath(doc: Doc, path: string): unknown {
  let value: unknown = doc;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Doc)[part];
  }
  return value;
}

export class Store {
  private readonly collections = new Map<string, CollectionData>();
  private sequence = 0;
  /** Keys that kept history for an open transaction; pruned when the last one ends. */
  private readonly keysWithHistory = new Set<string>();
  commitHook: CommitHook | undefined;
  /** Oldest snapshot an open transaction may still read, or Infinity; set by the transaction manager. */
  oldestSnapshot: () => number = () => Infinity;

  constructor(private readonly envName: string) {}

  get seq(): number {
    return this.sequence;
  }

  hasCollection(name: string): boolean {
    return this.collections.has(name);
  }

  collectionNames(): string[] {
    return [...this.collections.keys()];
  }

  indexesOf(name: string): IndexSpec[] {
    return this.collection(name).indexes;
  }

  createCollection(name: string, indexes: readonly IndexSpec[] = []): void {
    if (this.collections.has(name)) throw errors.collectionAlreadyExist();
    const seq = this.sequence + 1;
    this.commitHook?.({ seq, created: name, indexes: [...indexes] });
    this.sequence = seq;
    this.restoreCollection(name, indexes);
  }

  /** Creates a collection without journaling (used when replaying the journal). */
  restoreCollection(name: string, indexes: readonly IndexSpec[]): void {
    const uniqueIndexes = indexes
      .filter((spec) => spec.unique)
      .map((spec) => ({ spec, entries: new Map<string, string>() }));
    this.collections.set(name, {
      records: new Map(),
      positions: new Map(),
      nextPosition: 0,
      uniqueIndexes,
      indexes: [...indexes],
      equalityIndexes: new Map(),
    });
  }

  clear(): void {
    this.collections.clear();
    this.keysWithHistory.clear();
  }

  /** Throws the platform's error for a collection that was never created. */
  collection(name: string): CollectionData {
    const data = this.collections.get(name);
    if (!data) throw errors.collectionNotExist(name);
    return data;
  }

  /** The document as of `snapshot` (default: latest committed), or null. */
  read(collection: string, key: string, snapshot = Infinity): Doc | null {
    const versions = this.collection(collection).records.get(key);
    return versions ? visible(versions, snapshot) : null;
  }

  /** Sequence number of the latest committed change of a document (0 if never written). */
  lastChange(collection: string, key: string): number {
    const versions = this.collection(collection).records.get(key);
    return versions?.[versions.length - 1]?.seq ?? 0;
  }

  /** Live documents as of `snapshot`, in insertion order. */
  scan(collection: string, snapshot = Infinity): Doc[] {
    const out: Doc[] = [];
    for (const versions of this.collection(collection).records.values()) {
      const doc = visible(versions, snapshot);
      if (doc) out.push(doc);
    }
    return out;
  }

  count(collection: string): number {
    return this.scan(collection).length;
  }

  /**
   * The latest documents whose `field` may equal one of `values` (a superset of the matches,
   * in collection order), read through the equality index of a declared index's first key or
   * the primary key; undefined when no such index exists or a value cannot be looked up (then
   * the caller scans).
   */
  seek(collection: string, field: string, values: readonly unknown[]): Doc[] | undefined {
    const data = this.collection(collection);
    let keys: Iterable<string> | undefined;
    if (field === '_id') {
      const ids = values.filter((value) => typeof value === 'string' || typeof value === 'number');
      keys = ids.length === values.length ? new Set(ids.map((id) => keyOf(id))) : undefined;
    } else if (data.indexes.some((index) => index.keys[0]?.field === field)) {
      keys = this.equalityIndex(data, field).candidates(values);
    }
    if (!keys) return undefined;
    const found: Array<{ position: number; doc: Doc }> = [];
    for (const key of keys) {
      const versions = data.records.get(key);
      const doc = versions ? visible(versions, Infinity) : null;
      if (doc) found.push({ position: data.positions.get(key) ?? 0, doc });
    }
    return found.sort((a, b) => a.position - b.position).map((entry) => entry.doc);
  }

  private equalityIndex(data: CollectionData, field: string): EqualityIndex {
    let index = data.equalityIndexes.get(field);
    if (!index) {
      index = new EqualityIndex(field);
      for (const [key, versions] of data.records) index.add(key, visible(versions, Infinity));
      data.equalityIndexes.set(field, index);
    }
    return index;
  }

  /**
   * Throws a duplicate-key error if applying `changes` on top of the latest committed state
   * would break the `_id` or a unique index.
   */
  checkUnique(changes: readonly Change[]): void {
    const touched = new Set(changes.map((change) => `${change.collection}\u0000${change.key}`));
    const seenIds = new Set<string>();
    for (const change of changes) {
      if (!change.doc) continue;
      const data = this.collection(change.collection);
      const isNew = !this.read(change.collection, change.key);
      const idSlot = `${change.collection}\u0000${change.key}`;
      if (seenIds.has(idSlot) && isNew) throw this.duplicate(change, '_id_', { _id: change.doc._id });
      seenIds.add(idSlot);
      for (const index of data.uniqueIndexes) this.checkIndex(index, change, changes, touched);
    }
  }

  /** Throws the duplicate `_id` error of an insert whose document already exists in the view. */
  duplicateId(collection: string, doc: Doc): TcbApiError {
    return this.duplicate({ collection, key: keyOf(doc._id), doc }, '_id_', doc);
  }

  private checkIndex(index: UniqueIndex, change: Change, changes: readonly Change[], touched: Set<string>): void {
    const doc = change.doc as Doc;
    const key = indexKey(index.spec, doc);
    const holder = index.entries.get(key);
    if (holder !== undefined && holder !== change.key && !touched.has(`${change.collection}\u0000${holder}`)) {
      throw this.duplicate(change, index.spec.name, doc);
    }
    const clash = changes.find(
      (other) =>
        other !== change &&
        other.collection === change.collection &&
        other.key !== change.key &&
        other.doc &&
        indexKey(index.spec, other.doc) === key,
    );
    if (clash) throw this.duplicate(change, index.spec.name, doc);
  }

  private duplicate(change: Change, indexName: string, doc: Doc): TcbApiError {
    const spec = this.collection(change.collection).uniqueIndexes.find((index) => index.spec.name === indexName)?.spec;
    const fields = spec ? spec.keys.map(({ field }) => field) : ['_id'];
    const shown = fields.map((field) => `${field}: ${JSON.stringify(readPath(doc, field) ?? null)}`).join(', ');
    return errors.duplicateKey(this.envName, change.collection, indexName, shown);
  }

  /** Commits a batch atomically: unique checks, journal, then visibility. Returns its sequence number. */
  apply(changes: Change[]): number {
    if (changes.length === 0) return this.sequence;
    this.checkUnique(changes);
    const seq = this.sequence + 1;
    this.commitHook?.({ seq, changes });
    this.sequence = seq;
    for (const change of changes) this.install(change, seq);
    return seq;
  }

  /** Makes one change visible at `seq` (also used when replaying the journal). */
  install(change: Change, seq: number): void {
    const data = this.collection(change.collection);
    const versions = data.records.get(change.key) ?? [];
    const previous = versions.length ? (versions[versions.length - 1]?.doc ?? null) : null;
    for (const index of data.uniqueIndexes) {
      if (previous) index.entries.delete(indexKey(index.spec, previous));
      if (change.doc) index.entries.set(indexKey(index.spec, change.doc), change.key);
    }
    for (const index of data.equalityIndexes.values()) {
      index.remove(change.key, previous);
      index.add(change.key, change.doc);
    }
    if (!data.records.has(change.key)) data.positions.set(change.key, (data.nextPosition += 1));
    versions.push({ seq, doc: change.doc });
    data.records.set(change.key, versions);
    if (seq > this.sequence) this.sequence = seq;
    this.prune(change.collection, change.key);
  }

  private prune(collection: string, key: string): void {
    const data = this.collection(collection);
    const versions = data.records.get(key);
    if (!versions) return;
    const oldest = this.oldestSnapshot();
    // Keep the newest version an open snapshot can see, and everything after it.
    let keepFrom = versions.length - 1;
    while (keepFrom > 0 && (versions[keepFrom]?.seq ?? 0) > oldest) keepFrom -= 1;
    if (keepFrom > 0) versions.splice(0, keepFrom);
    if (versions.length > 1 || versions[0]?.doc === null) this.keysWithHistory.add(`${collection}\u0000${key}`);
    if (versions.length === 1 && versions[0]?.doc === null && oldest === Infinity) {
      data.records.delete(key);
      data.positions.delete(key);
    }
  }

  /** Drops history that no open transaction can see any more. */
  pruneHistory(): void {
    const keys = [...this.keysWithHistory];
    this.keysWithHistory.clear();
    for (const slot of keys) {
      const [collection, key] = slot.split('\u0000') as [string, string];
      if (this.collections.has(collection)) this.prune(collection, key);
    }
  }

  /** Every live document of every collection, for compaction. */
  *entries(): Generator<{ collection: string; indexes: IndexSpec[]; docs: Doc[] }> {
    for (const [collection, data] of this.collections)
      yield { collection, indexes: data.indexes, docs: this.scan(collection) };
  }
}

function visible(versions: Version[], snapshot: number): Doc | null {
  for (let i = versions.length - 1; i >= 0; i -= 1) {
    const version = versions[i] as Version;
    if (version.seq <= snapshot) return version.doc;
  }
  return null;
}
