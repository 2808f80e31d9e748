/**
 * The `afterSale` function: the shopper's after-sales (售后). One method per route, typed by the
 * route table AFTER_SALE_CONTRACTS of shared/contracts/afterSale.ts (inputs as the contract
 * accepts them, outputs as it answers them).
 */
import type { AFTER_SALE_CONTRACTS, AfterSaleRoute } from '@shared/contracts/afterSale';
import type { RouteInput } from '@shared/routeTable';
import { callRoute } from './call';

export type AfterSaleInput<R extends AfterSaleRoute> = RouteInput<typeof AFTER_SALE_CONTRACTS, R>;

function route<R extends AfterSaleRoute>(name: R) {
  return (input: AfterSaleInput<R>) => callRoute('afterSale', name, input);
}

export const afterSale = {
  /** Asks for a refund of some lines; the same `idempotencyKey` answers the same request. */
  request: route('request'),
  requestWholeOrder: route('requestWholeOrder'),
  /** What each line of an order may still ask for. Reads only. */
  refundable: route('refundable'),
  /** Withdraws a request still waiting for review. */
  cancel: route('cancel'),
  markReturned: route('markReturned'),
  /** The caller's requests, newest first, optionally of one order. */
  list: route('list'),
  detail: route('detail'),
};
