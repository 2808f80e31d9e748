/**
 * The shopper's reads: what an order may still refund (refundable), their requests (list,
 * newest first, optionally of one order) and one request (detail). Nothing is written.
 */
import {
  heldByOpenRequests,
  REFUNDABLE_ORDER_STATUSES,
  RETURNABLE_ORDER_STATUSES,
  remainingOfLine,
  shippingRefundFen,
  wholeOrderLines,
} from '@shared/afterSales';
import {
  afterSaleView,
  type AfterSaleError,
  type AfterSaleView,
  type RefundableOutput,
} from '@shared/contracts/afterSale';
import { ok, type Result } from '@shared/result';
import { newestFirstPage } from '../_lib/paging';
import { AFTER_SALES, afterSaleNotFound, openRequestsOf, orderNotFound, ownAfterSale, ownOrder } from './store';

export async function refundable(openid: string, orderId: string): Promise<Result<RefundableOutput, AfterSaleError>> {
  const [order, open] = await Promise.all([ownOrder(openid, orderId), openRequestsOf(orderId)]);
  if (!order) return orderNotFound(orderId);
  const held = heldByOpenRequests(open);
  const lines = order.lines.map((line) => {
    const hold = held.get(line.lineIndex) ?? { amountFen: 0, quantity: 0 };
    const remaining = remainingOfLine(line, hold);
    const { lineIndex, skuId, name, spec, image, quantity, paidFen, refundedFen, refundedQuantity } = line;
    return {
      lineIndex,
      skuId,
      name,
      spec,
      image,
      quantity,
      paidFen,
      refundedFen,
      refundedQuantity,
      heldFen: hold.amountFen,
      heldQuantity: hold.quantity,
      remainingFen: remaining.amountFen,
      remainingQuantity: remaining.quantity,
    };
  });
  const whole = wholeOrderLines(order, held, 'refundOnly');
  const shippingFen = shippingRefundFen(order, whole, held);
  return ok({
    orderId: order._id,
    orderStatus: order.status,
    canRequest: REFUNDABLE_ORDER_STATUSES.includes(order.status),
    canReturn: RETURNABLE_ORDER_STATUSES.includes(order.status),
    openRequests: open.length,
    lines,
    wholeOrder: {
      lines: whole,
      shippingFen,
      amountFen: whole.reduce((sum, line) => sum + line.amountFen, shippingFen),
    },
  });
}

export async function list(
  openid: string,
  input: { orderId?: string; limit: number; offset: number },
): Promise<Result<{ items: AfterSaleView[]; nextOffset: number | null }, AfterSaleError>> {
  const where = input.orderId ? { buyerId: openid, orderId: input.orderId } : { buyerId: openid };
  const { items, nextOffset } = await newestFirstPage(AFTER_SALES, where, input);
  return ok({ items: items.map(afterSaleView), nextOffset });
}

export async function detail(
  openid: string,
  afterSaleId: string,
): Promise<Result<{ afterSale: AfterSaleView }, AfterSaleError>> {
  const doc = await ownAfterSale(openid, afterSaleId);
  return doc ? ok({ afterSale: afterSaleView(doc) }) : afterSaleNotFound(afterSaleId);
}
