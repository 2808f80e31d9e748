/**
 * The retry pass: shipped orders whose report is `pending` or `failed` and whose next attempt
 * has come (`shipping.upload.nextAttemptAt`, index idx_shipping_upload), the longest waiting
 * first, each given one attempt (_lib/shippingUpload.ts uploadOrderShipping). An attempt moves
 * the order's nextAttemptAt forward (or clears it), so an order is never tried twice in a run
 * and a page that keeps failing does not hide the orders behind it.
 */
import type { UploadShippingInput, UploadShippingOutput } from '@shared/contracts/timers';
import { _, findWhere } from '../_lib/db';
import { uploadOrderShipping } from '../_lib/shippingUpload';
import type { TimerBudget } from '../_lib/timer';

/** Pages per run: the budget normally ends a run first; this bounds a run whose attempts all fail fast. */
const MAX_PAGES = 10;

export async function retryUploads(
  input: UploadShippingInput,
  now: Date,
  budget: TimerBudget,
): Promise<UploadShippingOutput> {
  const report: UploadShippingOutput = { done: true, failed: 0, scanned: 0, accepted: 0, refused: 0 };
  for (let pageNo = 0; pageNo < MAX_PAGES; pageNo += 1) {
    const page = await findWhere(
      'orders',
      { 'shipping.upload.state': _.in(['pending', 'failed']), 'shipping.upload.nextAttemptAt': _.lte(now) },
      { orderBy: [['shipping.upload.nextAttemptAt', 'asc']], limit: input.pageSize },
    );
    for (const order of page) {
      if (!budget.left()) return { ...report, done: false };
      await retryOne(order._id, now, report);
    }
    if (page.length < input.pageSize) return report;
  }
  return { ...report, done: false };
}

async function retryOne(orderId: string, now: Date, report: UploadShippingOutput): Promise<void> {
  report.scanned += 1;
  try {
    const after = await uploadOrderShipping(orderId, now);
    if (after?.shipping?.upload?.state === 'accepted') report.accepted += 1;
    else report.refused += 1;
  } catch (error) {
    // The database failed for this one (the platform's refusals are recorded, not thrown); the next run tries again.
    console.error(`uploadShipping ${orderId}:`, error);
    report.failed += 1;
  }
}
