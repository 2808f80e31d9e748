/**
 * Runs an aggregation pipeline with mingo while reading only the stored documents it needs.
 *
 * mingo's stages write into the objects they are given, and the stored documents are the
 * store's immutable versions, so the pipeline works on copies. Copying a whole collection per
 * aggregation (and per `$lookup`) made aggregations on large collections take seconds, so the
 * documents are narrowed first, on the uncopied versions, and only those that pass are copied:
 * a leading `$match` (of the pipeline and of every `$lookup` sub-pipeline) and the field
 * equality of a plain `$lookup` are applied through an equality index when a declared index
 * serves them, else by a scan. A `$lookup` sub-pipeline that does not depend on the joined
 * document (no `let`, no `$$` variable) runs once per aggregation instead of once per document.
 * Results are always fresh copies, never the stored documents themselves.
 */
import { Aggregator, Query } from 'mingo';
import { cloneDoc, isPlainObject, type Doc } from '../ejson';

// mingo's own path and equality rules, so a plain lookup reads exactly the documents mingo would
// join. `mingo/util` is a public entry of the package, but only `exports`-aware module resolution
// sees its types, so they are named by file.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ensureArray, HashMap, resolve } = require('mingo/util') as typeof import('mingo/types/util');

type AnyObject = Record<string, unknown>;

/** Where a pipeline reads collections from. Documents it returns are stored versions: never modify them. */
export interface AggregationSource {
  /** Every live document of `collection`, in collection order. */
  scan(collection: string): Doc[];
  /**
   * The documents of `collection` whose `field` may equal one of `values` (a superset, in
   * collection order), or undefined when no index on `field` can tell.
   */
  seek(collection: string, field: string, values: readonly unknown[]): Doc[] | undefined;
  /** Called once for every collection the pipeline reads, with the condition that read filters on. */
  read(collection: string, condition: Doc): void;
}

/** The equality (`field: value`, `$eq`, `$in`) conditions of a query an index could seek by. */
function equalities(query: Doc): Array<{ field: string; values: unknown[] }> {
  const found: Array<{ field: string; values: unknown[] }> = [];
  for (const [key, value] of Object.entries(query)) {
    if (key === '$and' && Array.isArray(value)) {
      for (const branch of value) if (isPlainObject(branch)) found.push(...equalities(branch));
      continue;
    }
    if (key.startsWith('$')) continue;
    if (!isPlainObject(value)) found.push({ field: key, values: [value] });
    else if ('$eq' in value) found.push({ field: key, values: [value.$eq] });
    else if (Array.isArray(value.$in)) found.push({ field: key, values: value.$in });
  }
  return found;
}

/** Copies of the documents of `collection` that satisfy `match` (all of them without one). */
function readMatching(source: AggregationSource, collection: string, match: Doc | undefined): AnyObject[] {
  source.read(collection, match ?? {});
  let docs: Doc[] | undefined;
  for (const { field, values } of match ? equalities(match) : []) {
    docs = source.seek(collection, field, values);
    if (docs) break;
  }
  docs ??= source.scan(collection);
  if (match) {
    // The same test mingo's $match stage makes, on the uncopied versions: it only reads them.
    const query = new Query(match as AnyObject);
    docs = docs.filter((doc) => query.test(doc as AnyObject));
  }
  return docs.map((doc) => cloneDoc(doc)) as AnyObject[];
}

/** Runs `pipeline` on `collection`. `topLevel` pipelines get the emulator's own `$sample`. */
export function runPipeline(
  source: AggregationSource,
  collection: string,
  pipeline: AnyObject[],
  sample?: (docs: AnyObject[], size: number) => AnyObject[],
): AnyObject[] {
  const first = pipeline[0];
  const leading = first && isPlainObject(first.$match) ? first.$match : undefined;
  const input = readMatching(source, collection, leading);
  return runStages(source, input, leading ? pipeline.slice(1) : pipeline, sample);
}

function runStages(
  source: AggregationSource,
  input: AnyObject[],
  stages: AnyObject[],
  sample?: (docs: AnyObject[], size: number) => AnyObject[],
): AnyObject[] {
  let current = input;
  let pending: AnyObject[] = [];
  const flush = (): void => {
    // No named collection is left for mingo to resolve: every $lookup is run here.
    if (pending.length) current = new Aggregator(pending).run(current) as AnyObject[];
    pending = [];
  };
  for (const stage of stages) {
    if (sample && '$sample' in stage) {
      flush();
      current = sample(current, (stage.$sample as { size: number }).size);
    } else if (isPlainObject(stage.$lookup)) {
      flush();
      current = lookup(source, current, stage.$lookup);
    } else {
      pending.push(stage);
    }
  }
  flush();
  return current;
}

/** A sub-pipeline that reads no variable of the joined document gives the same rows for every document. */
function isUncorrelated(spec: Doc): spec is Doc & { from: string; pipeline: AnyObject[] } {
  const noLet = spec.let === undefined || (isPlainObject(spec.let) && Object.keys(spec.let).length === 0);
  return (
    typeof spec.from === 'string' &&
    Array.isArray(spec.pipeline) &&
    spec.localField === undefined &&
    spec.foreignField === undefined &&
    noLet &&
    !JSON.stringify(spec.pipeline).includes('"$$')
  );
}

function isPlainJoin(spec: Doc): spec is Doc & { from: string; localField: string; foreignField: string } {
  const noPipeline = spec.pipeline === undefined || (Array.isArray(spec.pipeline) && spec.pipeline.length === 0);
  return (
    typeof spec.from === 'string' &&
    typeof spec.localField === 'string' &&
    typeof spec.foreignField === 'string' &&
    noPipeline
  );
}

/** A `$lookup` stage: each form reads only what it can join, then mingo joins as before. */
function lookup(source: AggregationSource, docs: AnyObject[], spec: Doc): AnyObject[] {
  if (docs.length === 0) {
    // Nothing to join onto: the joined collection is not read, but a missing one is still an error.
    if (typeof spec.from === 'string') source.seek(spec.from, '_id', []);
    return docs;
  }
  if (isUncorrelated(spec)) {
    const rows = runPipeline(source, spec.from, spec.pipeline);
    // Every document gets its own copy, so later stages cannot change another document's rows.
    return docs.map((doc, i) => ({ ...doc, [spec.as as string]: i === 0 ? rows : rows.map((row) => cloneDoc(row)) }));
  }
  const joined = isPlainJoin(spec) ? joinCandidates(source, docs, spec) : correlatedInput(source, spec);
  return new Aggregator([{ $lookup: spec }], { collectionResolver: () => joined }).run(docs) as AnyObject[];
}

/**
 * Copies of the documents a plain `$lookup` can join: those whose `foreignField` equals a
 * `localField` value of the input, chosen with mingo's own rule (missing counts as null, arrays
 * match by element), through an index when one serves the field.
 */
function joinCandidates(
  source: AggregationSource,
  docs: AnyObject[],
  spec: { from: string; localField: string; foreignField: string },
): AnyObject[] {
  const wanted = HashMap.init<unknown, true>();
  for (const doc of docs)
    for (const value of ensureArray(resolve(doc, spec.localField) ?? null)) wanted.set(value, true);
  const values = [...wanted.keys()];
  source.read(spec.from, { [spec.foreignField]: { $in: values } });
  const found = source.seek(spec.from, spec.foreignField, values) ?? source.scan(spec.from);
  return found
    .filter((doc) =>
      ensureArray(resolve(doc as AnyObject, spec.foreignField) ?? null).some((value) => wanted.has(value)),
    )
    .map((doc) => cloneDoc(doc)) as AnyObject[];
}

/**
 * A sub-pipeline that reads the joined document's variables runs per document on the whole
 * collection; its leading `$match` is what an index would have to serve.
 */
function correlatedInput(source: AggregationSource, spec: Doc): AnyObject[] {
  const first = Array.isArray(spec.pipeline) ? (spec.pipeline[0] as unknown) : undefined;
  const match = isPlainObject(first) && isPlainObject(first.$match) ? first.$match : {};
  source.read(spec.from as string, match);
  return source.scan(spec.from as string).map((doc) => cloneDoc(doc)) as AnyObject[];
}
