/**
 * afterSale: the shopper's after-sales (售后), one route per action (`event.$url`, the table
 * AFTER_SALE_CONTRACTS): request, requestWholeOrder, refundable, cancel, markReturned, list,
 * detail. The merchant's side is in the admin function (admin/afterSales.ts), the refund's
 * completion in onRefundCallback. See docs/api.md (afterSale) and shared/afterSales.ts.
 */
import { AFTER_SALE_CONTRACTS, type AfterSaleError } from '@shared/contracts/afterSale';
import { serveTable, type Handlers } from '../_lib/router';
import { cancel, markReturned } from './manage';
import { detail, list, refundable } from './read';
import { request, requestWholeOrder } from './request';

const HANDLERS: Handlers<typeof AFTER_SALE_CONTRACTS, AfterSaleError> = {
  request: (input, { openid, now }) => request(openid, input, now),
  requestWholeOrder: (input, { openid, now }) => requestWholeOrder(openid, input, now),
  refundable: (input, { openid }) => refundable(openid, input.orderId),
  cancel: (input, { openid, now }) => cancel(openid, input.afterSaleId, now),
  markReturned: (input, { openid, now }) => markReturned(openid, input, now),
  list: (input, { openid }) => list(openid, input),
  detail: (input, { openid }) => detail(openid, input.afterSaleId),
};

export const main = serveTable(AFTER_SALE_CONTRACTS, HANDLERS, { name: 'afterSale' });
