/**
 * The `database.*` wire actions of POST /admin, shaped exactly as wx-server-sdk 4.0.2 sends and
 * expects them (docs/platform.md section 3). Each handler validates its request, runs against the
 * store (or a transaction) and returns the `data` part of the response.
 */
import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock';
import { parseEjson, stringifyEjson, type Doc } from '../ejson';
import { errors } from '../errors';
import type { AggregationSource } from './pipeline';
import { aggregate, applyUpdate, assertReplacement, compileQuery, find, type Stage } from './engine';
import { checkScan, type ScanReporter } from './scanCheck';
import { keyOf, type Change, type Store } from './store';
import type { TransactionManager } from './transactions';

export type WireBody = Record<string, unknown>;

/** Platform limits of server-side reads (docs/platform.md sections 3.1, 3.6, 3.10). */
export const DEFAULT_GET_LIMIT = 100;
export const MAX_GET_LIMIT = 1000;
export const DEFAULT_AGGREGATE_LIMIT = 20;
export const MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;

export class DatabaseService {
  /** Documents read from the store by queries and aggregations since start: what an index seek saves. */
  documentsRead = 0;

  constructor(
    private readonly store: Store,
    private readonly transactions: TransactionManager,
    private readonly clock: Clock,
  ) {}

  private parse(text: unknown, what: string): Doc {
    if (typeof text !== 'string') throw errors.invalidParam(`${what} must be an EJSON string`);
    const value = parseEjson(text, this.clock.now());
    if (value === null || typeof value !== 'object' || Array.isArray(value))
      throw errors.invalidParam(`${what} must be an object`);
    return value as Doc;
  }

  private collectionName(body: WireBody): string {
    const name = body.collectionName;
    if (typeof name !== 'string' || !name) throw errors.invalidParam('collectionName is required');
    this.store.collection(name);
    return name;
  }

  private query(body: WireBody): Doc {
    return body.query === undefined ? {} : this.parse(body.query, 'query');
  }

  private docKey(body: WireBody): string {
    return keyOf(this.query(body)._id);
  }

  private transactionId(body: WireBody): string | undefined {
    return typeof body.transactionId === 'string' ? body.transactionId : undefined;
  }

  /**
   * Documents that may match `query`: one lookup when it pins `_id`, else a scan, which is
   * reported when the collection is large and no declared index serves the query.
   */
  private candidates(collection: string, query: Doc, action: string, report?: ScanReporter): Doc[] {
    const id = query._id;
    if (typeof id === 'string' || typeof id === 'number') {
      const doc = this.store.read(collection, keyOf(id));
      return doc ? [doc] : [];
    }
    const docs = this.counted(this.store.scan(collection));
    const indexes = this.store.indexesOf(collection);
    checkScan(report, { action, collection, query, scanned: docs.length, indexes });
    return docs;
  }

  async getDocument(body: WireBody, report?: ScanReporter): Promise<WireBody> {
    const collection = this.collectionName(body);
    const txId = this.transactionId(body);
    if (body.queryType === 'DOC') {
      const key = this.docKey(body);
      const doc = txId ? this.transactions.read(txId, collection, key) : this.store.read(collection, key);
      // doc(id).field({...}).get() sends `projection` on DOC queries too (docs/platform.md 3.1); it used to be ignored.
      const projection = body.projection === undefined ? undefined : this.parse(body.projection, 'projection');
      const shown = doc && projection ? find([doc], {}, { limit: 1, projection }) : doc ? [doc] : [];
      return { list: shown.map((item) => stringifyEjson(item)), limit: DEFAULT_GET_LIMIT, offset: 0 };
    }
    if (txId) throw errors.transactionUnsupported('where().get()');
    const query = this.query(body);
    const requested = typeof body.limit === 'number' && body.limit > 0 ? body.limit : DEFAULT_GET_LIMIT;
    const limit = Math.min(requested, MAX_GET_LIMIT);
    const offset = typeof body.offset === 'number' ? body.offset : 0;
    const docs = find(this.candidates(collection, query, 'database.getDocument', report), query, {
      limit,
      offset,
      order: body.order === undefined ? undefined : this.parse(body.order, 'order'),
      projection: body.projection === undefined ? undefined : this.parse(body.projection, 'projection'),
    });
    return { list: docs.map((doc) => stringifyEjson(doc)), limit, offset };
  }

  async calculateDocument(body: WireBody, report?: ScanReporter): Promise<WireBody> {
    const collection = this.collectionName(body);
    const query = this.query(body);
    const matches = compileQuery(query);
    const candidates = this.candidates(collection, query, 'database.calculateDocument', report);
    return { total: candidates.filter(matches).length };
  }

  async insertDocument(body: WireBody): Promise<WireBody> {
    const collection = this.collectionName(body);
    if (!Array.isArray(body.data) || body.data.length === 0)
      throw errors.invalidParam('data must be a non-empty array');
    const docs = body.data.map((text) => this.prepareInsert(text));
    const txId = this.transactionId(body);
    const changes: Change[] = docs.map((doc) => ({ collection, key: keyOf(doc._id), doc }));
    if (txId) {
      for (const change of changes) {
        this.transactions.write(txId, collection, change.key, (current) => {
          if (current) throw this.store.duplicateId(collection, change.doc as Doc);
          return change.doc;
        });
      }
    } else {
      for (const change of changes) await this.transactions.waitUnlocked(collection, change.key);
      for (const change of changes)
        if (this.store.read(collection, change.key)) throw this.store.duplicateId(collection, change.doc as Doc);
      this.store.apply(changes);
    }
    return { insertedIds: docs.map((doc) => doc._id) };
  }

  private prepareInsert(text: unknown): Doc {
    if (typeof text === 'string' && text.length > MAX_DOCUMENT_BYTES)
      throw errors.requestFailed('document is larger than the maximum size 16777216');
    const doc = this.parse(text, 'data[]');
    assertReplacement(doc);
    // Real ids are 32 lowercase hex characters; the first 8 encode the time so ids roughly sort by creation.
    const id =
      doc._id ??
      `${Math.floor(this.clock.now() / 1000)
        .toString(16)
        .padStart(8, '0')}${randomBytes(12).toString('hex')}`;
    keyOf(id);
    return { _id: id, ...doc };
  }

  async modifyDocument(body: WireBody, report?: ScanReporter): Promise<WireBody> {
    const collection = this.collectionName(body);
    const data = this.parse(body.data, 'data');
    const query = this.query(body);
    if (body.merge === false) return this.replaceDocument(body, collection, data, query);
    const txId = this.transactionId(body);
    if (body.queryType === 'DOC') {
      const key = keyOf(query._id);
      if (txId) {
        const written = this.transactions.write(txId, collection, key, (current) =>
          current ? (applyUpdate(current, data, query) ?? undefined) : undefined,
        );
        return { updated: written ? 1 : 0, matched: written ? 1 : 0 };
      }
      return this.updateWhere(collection, query, data, { multi: false, report });
    }
    if (txId) throw errors.transactionUnsupported('where().update()');
    return this.updateWhere(collection, query, data, { multi: body.multi !== false, report });
  }

  /** Non-transactional update of the matching documents, after waiting for their locks. */
  private async updateWhere(
    collection: string,
    query: Doc,
    modifier: Doc,
    { multi, report }: { multi: boolean; report?: ScanReporter },
  ): Promise<WireBody> {
    const matches = compileQuery(query);
    for (let attempt = 0; ; attempt += 1) {
      // Report the scan once, not again for each wait on a lock.
      const reporter = attempt === 0 ? report : undefined;
      let targets = this.candidates(collection, query, 'database.modifyDocument', reporter).filter(matches);
      if (!multi) targets = targets.slice(0, 1);
      const locked = targets.map((doc) => keyOf(doc._id)).filter((key) => this.transactions.isLocked(collection, key));
      if (locked.length) {
        for (const key of locked) await this.transactions.waitUnlocked(collection, key);
        continue; // Re-evaluate: the lock holder may have changed what matches.
      }
      const changes: Change[] = [];
      for (const doc of targets) {
        const next = applyUpdate(doc, modifier, query);
        if (next) changes.push({ collection, key: keyOf(doc._id), doc: next });
      }
      this.store.apply(changes);
      return { updated: changes.length, matched: targets.length };
    }
  }

  /** doc.set: replaces the document (or creates it: upsert) with `data` and the same `_id`. */
  private async replaceDocument(body: WireBody, collection: string, data: Doc, query: Doc): Promise<WireBody> {
    if (body.queryType !== 'DOC') throw errors.invalidParam('set is only supported on a document');
    assertReplacement(data);
    const id = query._id;
    const key = keyOf(id);
    const replacement: Doc = { _id: id, ...data };
    const txId = this.transactionId(body);
    let existed = false;
    if (txId) {
      this.transactions.write(txId, collection, key, (current) => {
        existed = current !== null;
        return replacement;
      });
    } else {
      await this.transactions.waitUnlocked(collection, key);
      existed = this.store.read(collection, key) !== null;
      this.store.apply([{ collection, key, doc: replacement }]);
    }
    return existed || body.upsert === false
      ? { updated: existed ? 1 : 0, matched: existed ? 1 : 0 }
      : { updated: 0, matched: 0, upsert_id: id };
  }

  async removeDocument(body: WireBody, report?: ScanReporter): Promise<WireBody> {
    const collection = this.collectionName(body);
    const query = this.query(body);
    const txId = this.transactionId(body);
    if (body.queryType === 'DOC' && txId) {
      const removed = this.transactions.write(txId, collection, keyOf(query._id), (current) =>
        current ? null : undefined,
      );
      return { deleted: removed === null ? 1 : 0 };
    }
    if (body.queryType !== 'DOC' && txId) throw errors.transactionUnsupported('where().remove()');
    const multi = body.queryType !== 'DOC' && body.multi !== false;
    const matches = compileQuery(query);
    for (let attempt = 0; ; attempt += 1) {
      const reporter = attempt === 0 ? report : undefined;
      let targets = this.candidates(collection, query, 'database.removeDocument', reporter).filter(matches);
      if (!multi) targets = targets.slice(0, 1);
      const keys = targets.map((doc) => keyOf(doc._id));
      const locked = keys.filter((key) => this.transactions.isLocked(collection, key));
      if (locked.length) {
        for (const key of locked) await this.transactions.waitUnlocked(collection, key);
        continue;
      }
      this.store.apply(keys.map((key) => ({ collection, key, doc: null })));
      return { deleted: keys.length };
    }
  }

  async aggregateDocuments(body: WireBody, report?: ScanReporter): Promise<WireBody> {
    const collection = this.collectionName(body);
    if (!Array.isArray(body.stages)) throw errors.invalidParam('stages must be an array');
    const stages: Stage[] = body.stages.map((stage: { stageKey?: unknown; stageValue?: unknown }) => {
      if (typeof stage?.stageKey !== 'string' || typeof stage.stageValue !== 'string')
        throw errors.invalidParam('invalid stage');
      return { stageKey: stage.stageKey, stageValue: parseEjson(stage.stageValue, this.clock.now()) };
    });
    let list = aggregate(collection, stages, this.aggregationSource(report));
    // The platform returns at most 20 results unless the pipeline has its own $limit.
    if (!stages.some((stage) => stage.stageKey === '$limit')) list = list.slice(0, DEFAULT_AGGREGATE_LIMIT);
    return { list: list.map((doc) => stringifyEjson(doc)) };
  }

  /**
   * The store as an aggregation reads it: through the equality indexes where a declared index
   * serves the condition, and every read of a collection (the pipeline's own, a `$lookup`'s)
   * checked like a query's: only a leading `$match` or a plain lookup's field can use an index.
   */
  private aggregationSource(report?: ScanReporter): AggregationSource {
    return {
      scan: (collection) => this.counted(this.store.scan(collection)),
      seek: (collection, field, values) => {
        const docs = this.store.seek(collection, field, values);
        return docs && this.counted(docs);
      },
      read: (collection, condition) => {
        if (!report) return;
        const indexes = this.store.indexesOf(collection);
        const scanned = this.store.count(collection);
        checkScan(report, { action: 'database.aggregateDocuments', collection, query: condition, scanned, indexes });
      },
    };
  }

  /** Counts documents read from the store, so tests can tell an index seek from a scan. */
  private counted(docs: Doc[]): Doc[] {
    this.documentsRead += docs.length;
    return docs;
  }

  async addCollection(body: WireBody): Promise<WireBody> {
    const name = body.collectionName;
    if (typeof name !== 'string' || !/^[A-Za-z][A-Za-z0-9_-]{0,31}$/.test(name))
      throw errors.invalidParam('invalid collectionName');
    this.store.createCollection(name);
    return {};
  }
}
