/**
 * The funnel's counters per product and China day (collection productDailyStats), counted on the
 * shoppers' hot paths (the product page, the add to cart), so the counting must stay cheap: one
 * increment of the day's document, never a read (_lib/counters.ts). That is one round trip for
 * every event but the first of a product's day, and at most three then.
 *
 * A counter is a figure for the merchant's charts, not money: a failure to count is logged and
 * never fails the shopper's call.
 */
import { dayNumber, productDayId } from '@shared/analytics';
import { incrementCounter } from './counters';
import { _ } from './db';

export type ProductEvent = 'views' | 'cartAdds';

function increment(productId: string, event: ProductEvent, now: Date): Promise<void> {
  return incrementCounter(
    'productDailyStats',
    { [event]: _.inc(1) },
    {
      _id: productDayId(productId, now),
      productId,
      day: dayNumber(now),
      views: event === 'views' ? 1 : 0,
      cartAdds: event === 'cartAdds' ? 1 : 0,
    },
  );
}

/** Counts one event of `productId` on the China day of `now`; never throws. */
export async function countProductEvent(productId: string, event: ProductEvent, now: Date): Promise<void> {
  try {
    await increment(productId, event, now);
  } catch (error) {
    console.warn(`productDailyStats: ${event} of ${productId} not counted`, error);
  }
}
