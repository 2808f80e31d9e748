/**
 * order: the shopper's own orders (我的订单), one route per operation (`event.$url`): list,
 * counts, detail, cancel, confirmReceipt, payWithBalance (ORDER_CONTRACTS). See docs/api.md (order) and docs/orders.md.
 */
import { ORDER_CONTRACTS, type OrderError } from '@shared/contracts/order';
import { serveTable, type Handlers } from '../_lib/router';
import { cancelOrder, confirmReceipt, countOrders, listOrders, orderDetail } from './shopper';
import { payOrderWithBalance } from './payWithBalance';

const HANDLERS: Handlers<typeof ORDER_CONTRACTS, OrderError> = {
  list: (input, { openid }) => listOrders(openid, input),
  counts: (_input, { openid }) => countOrders(openid),
  detail: (input, { openid }) => orderDetail(openid, input.orderId),
  cancel: (input, { openid, now }) => cancelOrder(openid, input.orderId, now),
  confirmReceipt: (input, { openid, now }) => confirmReceipt(openid, input.orderId, now),
  payWithBalance: (input, { openid, now }) => payOrderWithBalance(openid, input.orderId, now),
};

export const main = serveTable(ORDER_CONTRACTS, HANDLERS, { name: 'order' });
