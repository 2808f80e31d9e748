/**
 * Query, update and aggregation semantics, delegated to mingo (a maintained implementation of
 * MongoDB's query language) with the few CloudBase-specific rewrites the SDK's wire format needs.
 */
import { Query, update as mingoUpdate } from 'mingo';
import { errors, TcbApiError } from '../errors';
import { assertDocumentedStage } from './allowlist';
import { runPipeline, type AggregationSource } from './pipeline';
import { cloneDoc, isPlainObject, type Doc } from '../ejson';

type AnyObject = Record<string, unknown>;

const UPDATE_OPERATORS = new Set([
  '$set',
  '$unset',
  '$inc',
  '$mul',
  '$min',
  '$max',
  '$rename',
  '$push',
  '$pull',
  '$pullAll',
  '$addToSet',
  '$pop',
  '$currentDate',
]);

/** Runs mingo and turns its errors (bad operators, path conflicts) into the platform's error. */
function guarded<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof TcbApiError) throw error;
    throw errors.requestFailed(error instanceof Error ? error.message : String(error));
  }
}

export function compileQuery(query: Doc): (doc: Doc) => boolean {
  const compiled = guarded(() => new Query(query as AnyObject));
  return (doc) => guarded(() => compiled.test(doc as AnyObject));
}

export interface FindOptions {
  order?: Doc;
  offset?: number;
  limit: number;
  projection?: Doc;
}

export function find(docs: Doc[], query: Doc, options: FindOptions): Doc[] {
  return guarded(() => {
    let cursor = new Query(query as AnyObject).find<AnyObject>(
      docs as AnyObject[],
      options.projection as AnyObject | undefined,
    );
    if (options.order && Object.keys(options.order).length)
      cursor = cursor.sort(options.order as Record<string, 1 | -1>);
    if (options.offset) cursor = cursor.skip(options.offset);
    return cursor.limit(options.limit).all() as Doc[];
  });
}

/**
 * CloudBase's `_.addToSet({ each: [...] })` reaches the wire as `{ each: [...] }` without the
 * dollar; the platform treats an object whose only key is `each` as `$each`.
 */
function normalizeModifier(modifier: Doc): Doc {
  const addToSet = modifier.$addToSet;
  if (!isPlainObject(addToSet)) return modifier;
  const fixed: Doc = {};
  for (const [field, value] of Object.entries(addToSet)) {
    const onlyEach = isPlainObject(value) && Object.keys(value).length === 1 && Array.isArray(value.each);
    fixed[field] = onlyEach ? { $each: (value as { each: unknown[] }).each } : value;
  }
  return { ...modifier, $addToSet: fixed };
}

/**
 * Applies a MongoDB update document to a copy of `doc`. `query` is the filter that selected the
 * document, needed by the positional `$` operator. Returns null when nothing changed.
 */
export function applyUpdate(doc: Doc, modifier: Doc, query: Doc): Doc | null {
  for (const key of Object.keys(modifier)) {
    if (!UPDATE_OPERATORS.has(key))
      throw errors.requestFailed(
        `Unknown modifier: ${key}. Expected a valid update modifier or pipeline-style update specified as an array`,
      );
  }
  if ('_id' in ((modifier.$set as Doc | undefined) ?? {})) {
    throw errors.requestFailed("Performing an update on the path '_id' would modify the immutable field '_id'");
  }
  assertApplicable(doc, modifier);
  const copy = cloneDoc(doc);
  const changed = guarded(() =>
    mingoUpdate(copy as AnyObject, normalizeModifier(modifier) as never, undefined, query as AnyObject, {
      cloneMode: 'deep',
    }),
  );
  return changed.length ? copy : null;
}

const TYPE_CHECKED_OPERATORS = new Set([
  '$set',
  '$inc',
  '$mul',
  '$min',
  '$max',
  '$push',
  '$addToSet',
  '$pop',
  '$pull',
  '$pullAll',
  '$currentDate',
]);
const NUMERIC_OPERATORS = new Set(['$inc', '$mul']);
const ARRAY_OPERATORS = new Set(['$push', '$addToSet', '$pop', '$pull', '$pullAll']);

function bsonTypeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (value instanceof Date || Object.prototype.toString.call(value) === '[object Date]') return 'date';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'double';
  if (typeof value === 'boolean') return 'bool';
  return typeof value;
}

function isAnyRealmPlainObject(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value) as object | null;
  return proto === null || Object.getPrototypeOf(proto) === null;
}

function shown(value: unknown): string {
  return value === undefined ? 'undefined' : (JSON.stringify(value) ?? String(value));
}

/**
 * MongoDB (hence CloudBase) rejects an update whose path runs through a scalar or null
 * ("Cannot create field 'x' in element {a: null}", docs/platform.md section 1.4), `$inc`/`$mul` on a non-number and
 * array operators on a non-array. mingo silently skips or overwrites those instead, which hid
 * bugs (a lost `$inc`, a null replaced by an object), so check them before applying.
 */
function assertApplicable(doc: Doc, modifier: Doc): void {
  const idText = `{_id: ${shown(doc._id)}}`;
  for (const [operator, fields] of Object.entries(modifier)) {
    if (!TYPE_CHECKED_OPERATORS.has(operator) || !isPlainObject(fields)) continue;
    for (const path of Object.keys(fields)) {
      const parts = path.split('.');
      let node: unknown = doc;
      let parentKey = '';
      let reached = true;
      for (let i = 0; i < parts.length; i += 1) {
        const part = parts[i] as string;
        if (part.startsWith('$')) {
          reached = false; // Positional operators: the element depends on the query; mingo resolves it.
          break;
        }
        if (node === undefined) break; // Missing path: created by the update.
        const container = Array.isArray(node) || isAnyRealmPlainObject(node);
        const index = Array.isArray(node) && /^\d+$/.test(part);
        if (!container || (Array.isArray(node) && !index)) {
          throw errors.requestFailed(`Cannot create field '${part}' in element {${parentKey}: ${shown(node)}}`);
        }
        node = (node as Record<string, unknown>)[part];
        parentKey = part;
      }
      if (!reached || node === undefined) continue;
      const field = parts[parts.length - 1] as string;
      if (NUMERIC_OPERATORS.has(operator) && typeof node !== 'number') {
        throw errors.requestFailed(
          `Cannot apply ${operator} to a value of non-numeric type. ${idText} has the field '${field}' of non-numeric type ${bsonTypeName(node)}`,
        );
      }
      if (ARRAY_OPERATORS.has(operator) && !Array.isArray(node)) {
        throw errors.requestFailed(
          `The field '${field}' must be an array but is of type ${bsonTypeName(node)} in document ${idText}`,
        );
      }
    }
  }
}

/** Replacement documents (doc.set) must not contain update operators. */
export function assertReplacement(doc: Doc): void {
  const operator = Object.keys(doc).find((key) => key.startsWith('$'));
  if (operator) throw errors.requestFailed(`The dollar ($) prefixed field '${operator}' is not valid for storage.`);
}

export interface Stage {
  stageKey: string;
  stageValue: unknown;
}

/** Runs `stages` on `collection`, reading only the documents the pipeline needs (pipeline.ts). */
export function aggregate(collection: string, stages: Stage[], source: AggregationSource): Doc[] {
  const pipeline = stages.flatMap(({ stageKey, stageValue }) => {
    assertDocumentedStage(stageKey, stageValue);
    const value = validateStage(stageKey, stageValue);
    // mingo's $count answers [{name: 0}] for no input; MongoDB returns no document at all.
    if (stageKey === '$count' && typeof value === 'string')
      return [{ $group: { _id: null, [value]: { $sum: 1 } } }, { $project: { _id: 0 } }];
    return [{ [stageKey]: value }];
  });
  // mingo's $sample draws with replacement (duplicates, and `size` results from fewer
  // documents) and never ends for a missing or invalid size, which crashed the process.
  return guarded(() => runPipeline(source, collection, pipeline as AnyObject[], sample) as Doc[]);
}

/** MongoDB's checks of top-level stage arguments that mingo does not make (it silently misbehaves). */
function validateStage(stageKey: string, value: unknown): unknown {
  if (stageKey === '$sample') {
    const size = isPlainObject(value) ? value.size : undefined;
    if (typeof size !== 'number' || !Number.isFinite(size))
      throw errors.requestFailed('size argument to $sample must be a number');
    if (size < 0) throw errors.requestFailed('size argument to $sample must not be negative');
    return { size: Math.floor(size) };
  }
  if (stageKey === '$count' && (typeof value !== 'string' || !value || value.startsWith('$') || value.includes('.'))) {
    throw errors.requestFailed(
      'the count field must be a non-empty string, must not start with $ and must not contain .',
    );
  }
  if (stageKey === '$limit' && (typeof value !== 'number' || value <= 0))
    throw errors.requestFailed('the limit must be positive');
  if (stageKey === '$unwind') {
    const path = isPlainObject(value) ? value.path : value;
    if (typeof path !== 'string' || !path.startsWith('$'))
      throw errors.requestFailed("path option to $unwind stage should be prefixed with a '$'");
  }
  if (stageKey === '$sort' && isPlainObject(value)) {
    for (const order of Object.values(value)) {
      if (order !== 1 && order !== -1 && !isPlainObject(order))
        throw errors.requestFailed('$sort key ordering must be 1 (for ascending) or -1 (for descending)');
    }
  }
  return value;
}

/** Up to `size` distinct documents in random order (MongoDB's $sample). */
function sample(docs: AnyObject[], size: number): AnyObject[] {
  const pool = [...docs];
  for (let i = pool.length - 1; i > 0; i -= 1) {
    const j = Math.floor(Math.random() * (i + 1));
    [pool[i], pool[j]] = [pool[j] as AnyObject, pool[i] as AnyObject];
  }
  return pool.slice(0, size);
}
