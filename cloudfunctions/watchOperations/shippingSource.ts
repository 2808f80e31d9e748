/**
 * The shipping reports to WeChat (_lib/shippingUpload.ts) that need the merchant: a report
 * refused or failed SHIPPING_ATTEMPTS_ALERT times (the uploadShipping timer keeps retrying, so
 * this is 15 minutes or more of failures), or refused in a way retrying cannot fix (a company
 * not on WeChat's list, the payment's re-ship chance used); and a report still pending an hour
 * after shipping (neither shipOrder nor the timer got to it). Lasting states: the alert resolves
 * once WeChat accepts the report.
 */
import type { OrderDocument } from '@shared/orders';
import { _, findWhere, getDoc } from '../_lib/db';
import { china, detection, page, PAGE_SIZE, type Detection, type Source } from './sources';

/** Failed attempts before an alert: the first at shipping, then retries 5 and 10 minutes apart. */
export const SHIPPING_ATTEMPTS_ALERT = 3;
/** A report still pending this long after shipping: the timer retries every 30 minutes, so it missed two runs. */
export const SHIPPING_PENDING_MS = 60 * 60_000;

function shippingOf(order: OrderDocument, now: Date): Detection | null {
  const shipping = order.shipping;
  const upload = shipping?.upload;
  if (!shipping || !upload) return null;
  const shippedAt = new Date(shipping.shippedAt);
  const base = { amountFen: order.payableFen, since: shippedAt, lasting: true };
  const what = `order ${order._id} shipped ${china(shippedAt)} with ${shipping.carrier} ${shipping.trackingNo}`.trim();
  if (upload.state === 'failed' && (upload.attempts >= SHIPPING_ATTEMPTS_ALERT || upload.nextAttemptAt === null))
    return detection('shipping', order._id, {
      ...base,
      condition: 'refused',
      detail: `${what}: WeChat has not accepted its shipping after ${upload.attempts} attempt(s); last error ${upload.lastError ?? 'none'}${upload.nextAttemptAt ? '; uploadShipping retries it' : '; retrying cannot fix it'}`,
    });
  if (upload.state === 'pending' && now.getTime() - shippedAt.getTime() >= SHIPPING_PENDING_MS)
    return detection('shipping', order._id, {
      ...base,
      condition: 'stuck',
      detail: `${what}: its shipping was never reported to WeChat; the uploadShipping timer should have retried it`,
    });
  return null;
}

export const shippingUploads: Source = {
  kind: 'shipping',
  scan: async (now) => {
    const { found, full } = await page(
      findWhere(
        'orders',
        { 'shipping.upload.state': _.in(['pending', 'failed']) },
        { orderBy: [['shipping.upload.nextAttemptAt', 'asc']], limit: PAGE_SIZE },
      ),
    );
    return { found: found.flatMap((order) => shippingOf(order, now) ?? []), full };
  },
  recheck: async (ref, now) => {
    const order = await getDoc('orders', ref);
    return order ? shippingOf(order, now) : null;
  },
};
