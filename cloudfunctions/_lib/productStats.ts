/**
 * The funnel's counters per product and China day (collection productDailyStats), counted on the
 * shoppers' hot paths (the product page, the add to cart), so the counting must stay cheap: one
 * increment of the day's document, never a read. The database has no upsert for an update, so the
 * first event of a product's day finds no document (the update matches nothing) and inserts it
 * with the count; two first events racing on the insert see a duplicate key, and the loser
 * increments the document the winner made. That is one round trip for every event but the first
 * of a product's day, and at most three then.
 *
 * A counter is a figure for the merchant's charts, not money: a failure to count is logged and
 * never fails the shopper's call.
 */
import { dayNumber, productDayId, type ProductDailyStatsDocument } from '@shared/analytics';
import { _, insertDoc, updateWhere } from './db';

export type ProductEvent = 'views' | 'cartAdds';

async function increment(productId: string, event: ProductEvent, now: Date): Promise<void> {
  const _id = productDayId(productId, now);
  if ((await updateWhere('productDailyStats', { _id }, { [event]: _.inc(1) })) === 1) return;
  const doc: ProductDailyStatsDocument = {
    _id,
    productId,
    day: dayNumber(now),
    views: event === 'views' ? 1 : 0,
    cartAdds: event === 'cartAdds' ? 1 : 0,
  };
  if ((await insertDoc('productDailyStats', doc)) === 'inserted') return;
  await updateWhere('productDailyStats', { _id }, { [event]: _.inc(1) });
}

/** Counts one event of `productId` on the China day of `now`; never throws. */
export async function countProductEvent(productId: string, event: ProductEvent, now: Date): Promise<void> {
  try {
    await increment(productId, event, now);
  } catch (error) {
    console.warn(`productDailyStats: ${event} of ${productId} not counted`, error);
  }
}
