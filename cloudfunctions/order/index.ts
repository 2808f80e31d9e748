/**
 * order: the shopper's own orders (我的订单), one tcb-router route per operation (`event.$url`):
 * list, counts, detail, cancel, confirmReceipt. See docs/api.md (order) and docs/orders.md.
 */
import {
  CancelOrderInput,
  ConfirmReceiptInput,
  CountOrdersInput,
  ListOrdersInput,
  OrderDetailInput,
  type OrderRoute,
} from '../../shared/contracts/order';
import type { Result } from '../../shared/result';
import { routeFor, serveRoutes, type RouteHandler } from '../_lib/legacyRouter';
import { cancelOrder, confirmReceipt, countOrders, listOrders, orderDetail } from './shopper';

const route = routeFor('order');

const ROUTES: Record<OrderRoute, RouteHandler> = {
  list: route(ListOrdersInput, (input, openid) => listOrders(openid, input)),
  counts: route(CountOrdersInput, (_input, openid) => countOrders(openid)),
  detail: route(OrderDetailInput, (input, openid) => orderDetail(openid, input.orderId)),
  cancel: route(CancelOrderInput, (input, openid, now) => cancelOrder(openid, input.orderId, now)),
  confirmReceipt: route(ConfirmReceiptInput, (input, openid, now) => confirmReceipt(openid, input.orderId, now)),
};

export async function main(event: unknown): Promise<Result<unknown>> {
  return serveRoutes(event, ROUTES);
}
