/**
 * Counter documents that their first increment creates (the funnel's productDailyStats, the share
 * visits' shareDailyStats, risk's bindCounters). The database has no upsert for an update, so an
 * increment is an update of the document by `_id`; when it matches nothing (the counter's first
 * event) the document is inserted already holding that event, and when the insert meets a
 * duplicate key (another first event won the race) the update is sent again onto the winner's
 * document. One round trip in the usual case, three at most.
 */
import type { Documents } from '@shared/collections';
import { insertDoc, updateWhere } from './db';

/**
 * The collections of counters. The implementation below writes to this union of names rather than
 * to a type parameter, so that tests/rules/status-writes.test.ts can see that it never writes an
 * order's, after-sale's or withdrawal's status; the signature keeps each call's document typed.
 */
type CounterCollection = 'productDailyStats' | 'shareDailyStats' | 'bindCounters';

/**
 * Applies `update` (its `_.inc` and any field it sets) to the counter `created._id` of
 * `collection`, or inserts `created`, which must hold the same event already counted.
 */
export function incrementCounter<C extends CounterCollection>(
  collection: C,
  update: object,
  created: Documents[C],
): Promise<void>;
export async function incrementCounter(
  collection: CounterCollection,
  update: object,
  created: Documents[CounterCollection],
): Promise<void> {
  const where = { _id: created._id };
  if ((await updateWhere(collection, where, update)) === 1) return;
  if ((await insertDoc(collection, created)) === 'inserted') return;
  await updateWhere(collection, where, update);
}
