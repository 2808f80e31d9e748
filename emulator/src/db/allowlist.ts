/**
 * The aggregation surface CloudBase documents (docs/platform.md section 3.6). mingo implements far
 * more of MongoDB ($facet, $unionWith, $function, ...); code that relied on those would pass here
 * and fail on the platform, so every pipeline, `$lookup` sub-pipelines included, is checked first.
 */
import { errors } from '../errors';
import { isPlainObject } from '../ejson';

/** The stage methods of the SDK's Aggregate class, which are the documented stages. */
const STAGES = new Set([
  '$addFields',
  '$bucket',
  '$bucketAuto',
  '$count',
  '$geoNear',
  '$group',
  '$limit',
  '$lookup',
  '$match',
  '$project',
  '$replaceRoot',
  '$sample',
  '$skip',
  '$sort',
  '$sortByCount',
  '$unwind',
]);

/** `db.command.aggregate`: arithmetic, array, boolean, comparison, conditional, date, literal, object, set,
 * string, group accumulators and `let`. */
const EXPRESSION_OPERATORS = [
  ...['abs', 'add', 'ceil', 'divide', 'exp', 'floor', 'ln', 'log', 'log10', 'mod', 'multiply', 'pow', 'sqrt'],
  ...['subtract', 'trunc', 'arrayElemAt', 'arrayToObject', 'concatArrays', 'filter', 'in', 'indexOfArray'],
  ...['isArray', 'map', 'range', 'reduce', 'reverseArray', 'size', 'slice', 'zip', 'and', 'not', 'or', 'cmp'],
  ...['eq', 'gt', 'gte', 'lt', 'lte', 'ne', 'cond', 'ifNull', 'switch', 'dateFromParts', 'dateFromString'],
  ...['dayOfMonth', 'dayOfWeek', 'dayOfYear', 'isoDayOfWeek', 'isoWeek', 'isoWeekYear', 'millisecond'],
  ...['minute', 'month', 'second', 'hour', 'week', 'year', 'literal', 'mergeObjects', 'objectToArray'],
  ...['allElementsTrue', 'anyElementTrue', 'setDifference', 'setEquals', 'setIntersection', 'setIsSubset'],
  ...['setUnion', 'concat', 'dateToString', 'indexOfBytes', 'indexOfCP', 'split', 'strLenBytes', 'strLenCP'],
  ...['strcasecmp', 'substr', 'substrBytes', 'substrCP', 'toLower', 'toUpper', 'meta', 'addToSet', 'avg'],
  ...['first', 'last', 'max', 'min', 'push', 'stdDevPop', 'stdDevSamp', 'sum', 'let', 'elemMatch'],
];

/** The query commands the SDK encodes into `$match` (and `$geoNear.query`), `expr` included. */
const QUERY_OPERATORS = [
  ...['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'nin', 'all', 'elemMatch', 'exists', 'size', 'mod'],
  ...['and', 'or', 'nor', 'not', 'expr', 'regex', 'options', 'geoWithin', 'geoIntersects', 'nearSphere'],
  ...['geometry', 'maxDistance', 'minDistance', 'centerSphere'],
];

const OPERATORS = new Set([...EXPRESSION_OPERATORS, ...QUERY_OPERATORS].map((name) => `$${name}`));

/** Refuses a stage or operator outside the documented set, searching nested values and sub-pipelines. */
export function assertDocumentedStage(stageKey: string, value: unknown): void {
  if (!STAGES.has(stageKey)) throw errors.requestFailed(`Unrecognized pipeline stage name: '${stageKey}'`);
  if (stageKey === '$lookup' && isPlainObject(value) && Array.isArray(value.pipeline)) {
    for (const stage of value.pipeline) {
      const entries = isPlainObject(stage) ? Object.entries(stage) : [];
      if (entries.length !== 1)
        throw errors.requestFailed('A pipeline stage specification object must contain exactly one field.');
      const [key, inner] = entries[0] as [string, unknown];
      assertDocumentedStage(key, inner);
    }
    assertOperators({ ...value, pipeline: undefined });
    return;
  }
  assertOperators(value);
}

/** Every `$`-prefixed key must be a documented operator; `$literal` arguments are data, not expressions. */
function assertOperators(value: unknown): void {
  if (Array.isArray(value)) {
    for (const item of value) assertOperators(item);
    return;
  }
  if (!isPlainObject(value)) return;
  for (const [key, inner] of Object.entries(value)) {
    if (key.startsWith('$') && !OPERATORS.has(key)) throw errors.requestFailed(`Unrecognized expression '${key}'`);
    if (key !== '$literal') assertOperators(inner);
  }
}
