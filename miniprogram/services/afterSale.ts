/**
 * The `afterSale` function: the shopper's after-sales (售后). One method per tcb-router route,
 * typed by AFTER_SALE_CONTRACTS of shared/contracts/afterSale.ts (inputs as the contract
 * accepts them, outputs as it answers them).
 */
import type { AFTER_SALE_CONTRACTS, AfterSaleRoute } from '@shared/contracts/afterSale';
import type { Result } from '@shared/result';
import type { z } from 'zod';
import { legacyCallRoute } from './call';

export type AfterSaleInput<R extends AfterSaleRoute> = z.input<(typeof AFTER_SALE_CONTRACTS)[R]['input']>;
export type AfterSaleOutput<R extends AfterSaleRoute> = z.output<(typeof AFTER_SALE_CONTRACTS)[R]['output']>;

function route<R extends AfterSaleRoute>(name: R) {
  return (input: AfterSaleInput<R>): Promise<Result<AfterSaleOutput<R>>> =>
    legacyCallRoute<AfterSaleInput<R> & object, AfterSaleOutput<R>>('afterSale', name, input as AfterSaleInput<R> & object);
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
