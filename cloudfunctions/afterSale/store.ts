/**
 * Reads shared by the afterSale routes: the caller's order, its open requests, the caller's
 * request. Another shopper's order or request is answered as not found, never as forbidden,
 * so ids cannot be probed.
 */
import { createHash } from 'node:crypto';
import { MAX_OPEN_AFTER_SALES_PER_ORDER, OPEN_AFTER_SALE_STATUSES, type AfterSaleDocument } from '@shared/afterSales';
import type { AfterSaleError } from '@shared/contracts/afterSale';
import type { OrderDocument } from '@shared/orders';
import { fail, type Result } from '@shared/result';
import { _, findWhere, getDoc } from '../_lib/db';

export const AFTER_SALES = 'afterSales';

/** The request id of a key on an order: the same key on the same order is the same request. */
export function afterSaleIdFor(orderId: string, idempotencyKey: string): string {
  return `s${createHash('sha256').update(`${orderId}\n${idempotencyKey}`).digest('hex').slice(0, 24)}`;
}

export function orderNotFound<T>(orderId: string): Result<T, AfterSaleError> {
  return fail('ORDER_NOT_FOUND', `订单 ${orderId} 不存在 (no such order of yours)`);
}

export function afterSaleNotFound<T>(id: string): Result<T, AfterSaleError> {
  return fail('AFTER_SALE_NOT_FOUND', `售后申请 ${id} 不存在 (no such request of yours)`);
}

/** The order's open requests (there are at most MAX_OPEN_AFTER_SALES_PER_ORDER). */
export function openRequestsOf(orderId: string): Promise<AfterSaleDocument[]> {
  return findWhere(
    AFTER_SALES,
    { orderId, status: _.in([...OPEN_AFTER_SALE_STATUSES]) },
    { limit: MAX_OPEN_AFTER_SALES_PER_ORDER + 1 },
  );
}

export async function ownOrder(openid: string, orderId: string): Promise<OrderDocument | null> {
  const order = await getDoc('orders', orderId);
  return order && order.buyerId === openid ? order : null;
}

export async function ownAfterSale(openid: string, id: string): Promise<AfterSaleDocument | null> {
  const doc = await getDoc(AFTER_SALES, id);
  return doc && doc.buyerId === openid ? doc : null;
}
