/**
 * Query, update and aggregation semantics, delegated to mingo (a maintained implementation of
 * MongoDB's query language) with the few CloudBase-specific rewrites the SDK's wire format needs.
 */
import { Aggregator, Query, update as mingoUpdate } from 'mingo';
import { errors, TcbApiError } from '../errors';
import { cloneDoc, isPlainObject, type Doc } from '../ejson';

type AnyObject = Record<string, any>;

const UPDATE_OPERATORS = new Set([
  '$set', '$unset', '$inc', '$mul', '$min', '$max', '$rename', '$push', '$pull', '$pullAll', '$addToSet', '$pop', '$currentDate',
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
    let cursor = new Query(query as AnyObject).find<AnyObject>(docs as AnyObject[], options.projection as AnyObject | undefined);
    if (options.order && Object.keys(options.order).length) cursor = cursor.sort(options.order as Record<string, 1 | -1>);
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
    if (!UPDATE_OPERATORS.has(key)) throw errors.requestFailed(`Unknown modifier: ${key}. Expected a valid update modifier or pipeline-style update specified as an array`);
  }
  if ('_id' in ((modifier.$set as Doc | undefined) ?? {})) {
    throw errors.requestFailed("Performing an update on the path '_id' would modify the immutable field '_id'");
  }
  const copy = cloneDoc(doc);
  const changed = guarded(() => mingoUpdate(copy as AnyObject, normalizeModifier(modifier) as never, undefined, query as AnyObject, { cloneMode: 'deep' }));
  return changed.length ? copy : null;
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

export function aggregate(docs: Doc[], stages: Stage[], resolve: (collection: string) => Doc[]): Doc[] {
  const pipeline = stages.map(({ stageKey, stageValue }) => ({ [stageKey]: stageValue }));
  return guarded(
    () =>
      new Aggregator(pipeline as AnyObject[], {
        collectionResolver: (name: string) => resolve(name) as AnyObject[],
      }).run(docs as AnyObject[]) as Doc[],
  );
}
