/**
 * The `order` function: the shopper's own orders (我的订单). One method per tcb-router route,
 * typed by shared/contracts/order.ts; inputs as the contract accepts them (defaults may be left out).
 */
import type { CancelOrderInput, ConfirmReceiptInput, ListOrdersInput, OrderDetailInput, OrderOutput } from '@shared/contracts/order';
import type { Result } from '@shared/result';
import type { z } from 'zod';
import { legacyCallRoute } from './call';

export type ListOrdersRequest = z.input<typeof ListOrdersInput>;
type OrderIdRequest = z.input<typeof OrderDetailInput> & z.input<typeof CancelOrderInput> & z.input<typeof ConfirmReceiptInput>;

export const order = {
  /** Newest first, optionally one state; `nextOffset` is null on the last page. */
  list(input: ListOrdersRequest): Promise<Result<OrderOutput['list']>> {
    return legacyCallRoute<ListOrdersRequest, OrderOutput['list']>('order', 'list', input);
  },
  /** Orders per state (the badges of 我的订单). */
  counts(): Promise<Result<OrderOutput['counts']>> {
    return legacyCallRoute<object, OrderOutput['counts']>('order', 'counts', {});
  },
  detail(input: OrderIdRequest): Promise<Result<OrderOutput['detail']>> {
    return legacyCallRoute<OrderIdRequest, OrderOutput['detail']>('order', 'detail', input);
  },
  /** Cancels an unpaid order; a replay answers `unchanged`. */
  cancel(input: OrderIdRequest): Promise<Result<OrderOutput['cancel']>> {
    return legacyCallRoute<OrderIdRequest, OrderOutput['cancel']>('order', 'cancel', input);
  },
  /** 确认收货 of a shipped order; a replay answers `unchanged`. */
  confirmReceipt(input: OrderIdRequest): Promise<Result<OrderOutput['confirmReceipt']>> {
    return legacyCallRoute<OrderIdRequest, OrderOutput['confirmReceipt']>('order', 'confirmReceipt', input);
  },
};
