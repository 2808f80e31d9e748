/**
 * afterSale: the shopper's after-sales (售后), one tcb-router route per action (`event.$url`):
 * request, requestWholeOrder, refundable, cancel, markReturned, list, detail. The merchant's
 * side is in the admin function (admin/afterSales.ts), the refund's completion in
 * onRefundCallback. See docs/api.md (afterSale) and shared/afterSales.ts.
 */
import type { z } from 'zod';
import { AFTER_SALE_CONTRACTS, type AfterSaleRoute } from '../../shared/contracts/afterSale';
import type { Result } from '../../shared/result';
import { serveRoutes, userRoute, type RouteHandler } from '../_lib/legacyRouter';
import { cancel, markReturned } from './manage';
import { detail, list, refundable } from './read';
import { request, requestWholeOrder } from './request';

type Input<R extends AfterSaleRoute> = z.infer<(typeof AFTER_SALE_CONTRACTS)[R]['input']>;

function route<R extends AfterSaleRoute>(name: R, run: (input: Input<R>, openid: string, now: Date) => Promise<Result<unknown>>): RouteHandler {
  return userRoute('afterSale', AFTER_SALE_CONTRACTS[name].input, run as (input: unknown, openid: string, now: Date) => Promise<Result<unknown>>);
}

const ROUTES: Record<AfterSaleRoute, RouteHandler> = {
  request: route('request', (input, openid, now) => request(openid, input, now)),
  requestWholeOrder: route('requestWholeOrder', (input, openid, now) => requestWholeOrder(openid, input, now)),
  refundable: route('refundable', (input, openid) => refundable(openid, input.orderId)),
  cancel: route('cancel', (input, openid, now) => cancel(openid, input.afterSaleId, now)),
  markReturned: route('markReturned', (input, openid, now) => markReturned(openid, input, now)),
  list: route('list', (input, openid) => list(openid, input)),
  detail: route('detail', (input, openid) => detail(openid, input.afterSaleId)),
};

export async function main(event: unknown): Promise<Result<unknown>> {
  return serveRoutes(event, ROUTES);
}
