/**
 * The `order` function: the shopper's own orders (我的订单). One method per route, typed by the
 * route table ORDER_CONTRACTS (shared/contracts/order.ts); inputs as the contract accepts them
 * (defaults may be left out).
 */
import type { ORDER_CONTRACTS } from '@shared/contracts/order';
import type { RouteInput } from '@shared/routeTable';
import { callRoute } from './call';

type Input<R extends keyof typeof ORDER_CONTRACTS> = RouteInput<typeof ORDER_CONTRACTS, R>;

export const order = {
  list: (input: Input<'list'>) => callRoute('order', 'list', input),
  counts: () => callRoute('order', 'counts', {}),
  detail: (input: Input<'detail'>) => callRoute('order', 'detail', input),
  cancel: (input: Input<'cancel'>) => callRoute('order', 'cancel', input),
  confirmReceipt: (input: Input<'confirmReceipt'>) => callRoute('order', 'confirmReceipt', input),
  payWithBalance: (input: Input<'payWithBalance'>) => callRoute('order', 'payWithBalance', input),
};
