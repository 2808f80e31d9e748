/**
 * Readable order numbers: the China day of the order and eight digits derived from the order's
 * id (`2026120738475012`), so shoppers and the merchant can read, say and type them. A number is
 * unique because placeOrder first inserts its orderNumbers document, keyed by the number: one
 * insert, one database round trip more than an order without a number. A daily sequence would
 * need the counter's new value back, which only a transaction gives (several round trips).
 *
 * The candidates are deterministic per order, so a retried placeOrder (after a crash, or a
 * concurrent call with the same key) finds its own reservation and keeps the same number. A
 * candidate taken by another order (about one in 10^8 / orders of the day) moves on to the next.
 */
import { createHash } from 'node:crypto';
import { chinaFormat } from '@shared/chinaTime';
import { getDoc, insertDoc } from '../_lib/db';

const MAX_ATTEMPTS = 20;
const DIGITS = 8;

/** The `attempt`-th candidate number of order `orderId` placed at `now`. */
export function orderNoCandidate(orderId: string, now: Date, attempt: number): string {
  const hash = createHash('sha256').update(`${orderId}\n${attempt}`).digest('hex');
  // 48 bits of the hash reduced to eight digits: the bias of the modulo is below 10^-6.
  const digits = (parseInt(hash.slice(0, 12), 16) % 10 ** DIGITS).toString().padStart(DIGITS, '0');
  return `${chinaFormat(now, 'YYYYMMDD')}${digits}`;
}

/** Takes the order's number (or finds the one a previous attempt for the same order took). */
export async function reserveOrderNo(orderId: string, now: Date): Promise<string> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
    const orderNo = orderNoCandidate(orderId, now, attempt);
    if ((await insertDoc('orderNumbers', { _id: orderNo, orderId, createdAt: now })) === 'inserted') return orderNo;
    if ((await getDoc('orderNumbers', orderNo))?.orderId === orderId) return orderNo;
  }
  throw new Error(`no free order number for ${orderId} after ${MAX_ATTEMPTS} candidates`);
}
