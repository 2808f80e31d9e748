/**
 * The shopper's use cases of the `order` function: their own orders by state, the counts per
 * state, one order, cancelling an unpaid order and confirming receipt. Every route finds the
 * order by id AND the caller's OPENID: anyone else's order is ORDER_NOT_FOUND, exactly as a
 * missing one (the answer does not reveal that the id exists).
 */
import {
  ORDER_STATUSES,
  orderView,
  type ORDER_CONTRACTS,
  type OrderError,
  type OrderRoute,
} from '@shared/contracts/order';
import type { OrderDocument } from '@shared/orders';
import type { OrderStatus } from '@shared/orderStates';
import { fail, ok, type Result } from '@shared/result';
import type { HandlerOutput } from '@shared/routeTable';
import { _, aggregateList } from '../_lib/db';
import { closeUnpaidOrder } from '../_lib/orders/close';
import { completeOrder } from '../_lib/orders/complete';
import { getOwnOrder, ORDERS } from '../_lib/orders/store';
import { newestFirstPage } from '../_lib/paging';

/** What a route answers: its output contract's data, or one of the order function's codes. */
type Answer<R extends OrderRoute> = Promise<Result<HandlerOutput<(typeof ORDER_CONTRACTS)[R]>, OrderError>>;

const notFound = (orderId: string): Result<never, 'ORDER_NOT_FOUND'> =>
  fail('ORDER_NOT_FOUND', `订单 ${orderId} 不存在 (no such order)`);

/**
 * A checkout that ran out of stock, or lost its coupon to another order, leaves an order closed
 * OUT_OF_STOCK or COUPON_INVALID that the shopper never saw (it was never offered for payment):
 * lists and counts leave those attempts out.
 */
const NOT_AN_ATTEMPT = { closeReason: _.nin(['OUT_OF_STOCK', 'COUPON_INVALID']) };

export async function listOrders(
  openid: string,
  input: { status?: OrderStatus; limit: number; offset: number },
): Answer<'list'> {
  const where = input.status
    ? { buyerId: openid, status: input.status, ...NOT_AN_ATTEMPT }
    : { buyerId: openid, ...NOT_AN_ATTEMPT };
  // Index idx_buyer_created.
  const { items, nextOffset } = await newestFirstPage(ORDERS, where, input);
  return ok({ items: items.map(orderView), nextOffset });
}

export async function countOrders(openid: string): Answer<'counts'> {
  const rows = await aggregateList<{ _id: OrderStatus; n: number }>(ORDERS, (pipeline) =>
    pipeline
      .match({ buyerId: openid, ...NOT_AN_ATTEMPT })
      .group({ _id: '$status', n: { $sum: 1 } })
      .limit(ORDER_STATUSES.length),
  );
  const counts = Object.fromEntries(ORDER_STATUSES.map((status) => [status, 0])) as Record<OrderStatus, number>;
  for (const row of rows) counts[row._id] = row.n;
  return ok({ counts });
}

export async function orderDetail(openid: string, orderId: string): Answer<'detail'> {
  const order = await getOwnOrder(openid, orderId);
  return order ? ok(orderView(order)) : notFound(orderId);
}

/** pending_payment → closed (CANCELLED), stock given back, the payment closed on the platform. */
export async function cancelOrder(openid: string, orderId: string, now: Date): Answer<'cancel'> {
  const order = await getOwnOrder(openid, orderId);
  if (!order) return notFound(orderId);
  if (order.status === 'closed' && order.closeReason === 'CANCELLED')
    return ok({ status: 'unchanged', order: orderView(order) });
  if (order.status !== 'pending_payment')
    return fail(
      'INVALID_TRANSITION',
      `订单${order.status === 'closed' ? '已关闭' : '已支付'}，不能取消 (only an unpaid order can be cancelled; it is ${order.status})`,
    );
  const outcome = await closeUnpaidOrder(order, 'CANCELLED', now);
  if (outcome.kind === 'paymentReceived' || outcome.kind === 'paymentPending') {
    return fail('PAYMENT_IN_PROGRESS', '订单已支付或正在支付，无法取消 (the order has been paid or is being paid)');
  }
  const fresh = (await getOwnOrder(openid, orderId)) as OrderDocument;
  if (outcome.kind === 'closed') return ok({ status: 'cancelled', order: orderView(fresh) });
  // Another call changed it first: a concurrent cancel is a replay, anything else refuses.
  if (fresh.status === 'closed' && fresh.closeReason === 'CANCELLED')
    return ok({ status: 'unchanged', order: orderView(fresh) });
  return fail('INVALID_TRANSITION', `订单状态已变为 ${fresh.status}，不能取消 (the order is now ${fresh.status})`);
}

/** shipped → completed by the shopper; completion starts the return window. */
export async function confirmReceipt(openid: string, orderId: string, now: Date): Answer<'confirmReceipt'> {
  const order = await getOwnOrder(openid, orderId);
  if (!order) return notFound(orderId);
  if (order.status === 'completed') return ok({ status: 'unchanged', order: orderView(order) });
  if (order.status !== 'shipped')
    return fail(
      'INVALID_TRANSITION',
      `订单尚未发货或已关闭，不能确认收货 (only a shipped order can be confirmed; it is ${order.status})`,
    );
  const completed = await completeOrder(order, { by: 'shopper', completedAt: now, now });
  const fresh = (await getOwnOrder(openid, orderId)) as OrderDocument;
  if (fresh.status !== 'completed')
    return fail('INVALID_TRANSITION', `订单状态已变为 ${fresh.status} (the order is now ${fresh.status})`);
  return ok({ status: completed ? 'completed' : 'unchanged', order: orderView(fresh) });
}
