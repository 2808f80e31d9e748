/**
 * The placeOrder use case, as named steps:
 *
 *   1. read   the order by its deterministic id with buyer + rules + ancestors + address (one
 *             aggregation): a replay answers the stored order (or resumes it);
 *   2. read   SKUs + products (one aggregation);
 *   3. take  the order's readable number (an insert into orderNumbers: orderNo.ts), then insert
 *             the order (status pending_payment, reservation `reserving`);
 *   4. reserve each line's stock (one conditional update per line; idempotent per order);
 *      compensation: give back the lines already reserved and close the order OUT_OF_STOCK;
 *   5. open  the payment (cloudPay.unifiedOrder, same answer for the same order);
 *   6. mark  the order `reserved` with the payment parameters.
 *
 * A crash between steps leaves an order a retry with the same key resumes, or that the unpaid
 * closer closes, giving back exactly what was reserved. Database round trips: k + 5 for k lines
 * (k + 4 before orders had readable numbers), and the one payment request of step 5.
 */
import { createHash } from 'node:crypto';
import type { PlaceOrderError, PlaceOrderOutput } from '@shared/contracts/placeOrder';
import type { PLACE_ORDER_CONTRACTS } from '@shared/contracts/quote';
import { buildOrder } from '@shared/orderBuilder';
import { ORDER_MACHINE } from '@shared/orderStates';
import type { OrderDocument } from '@shared/orders';
import { fail, ok, type Result } from '@shared/result';
import type { ParsedInput } from '@shared/routeTable';
import { _, getDoc, updateWhere } from '../_lib/db';
import { reserveStock, returnStock } from '../_lib/stock';
import { insertInitial, transition } from '../_lib/transitions';
import { ensureUser } from '../_lib/users';
import { loadBuyer, loadSkus, type BuyerRead } from './context';
import { reserveOrderNo } from './orderNo';
import { openPayment } from './payment';

type Input = ParsedInput<(typeof PLACE_ORDER_CONTRACTS)['place']>;

/** The order id is derived from buyer and key: at most one order per checkout, and a valid out_trade_no. */
export function orderIdFor(openid: string, idempotencyKey: string): string {
  return `o${createHash('sha256').update(`${openid}\n${idempotencyKey}`).digest('hex').slice(0, 24)}`;
}

function sameItems(order: OrderDocument, items: Input['items']): boolean {
  return (
    order.lines.length === items.length &&
    order.lines.every((line, index) => line.skuId === items[index]?.skuId && line.quantity === items[index]?.quantity)
  );
}

function output(order: OrderDocument, params: Record<string, string>): PlaceOrderOutput {
  const { timeStamp = '', nonceStr = '', package: pkg = '', signType = '', paySign = '' } = params;
  return {
    orderId: order._id,
    payableFen: order.payableFen,
    payment: { timeStamp, nonceStr, package: pkg, signType, paySign },
    payDeadline: order.payDeadline.toISOString(),
  };
}

/** Step 4 and its compensation. Answers the SKU that ran out, or null when every line holds its units. */
async function reserveLines(order: OrderDocument, now: Date): Promise<string | null> {
  for (const line of order.lines) {
    if ((await reserveStock(line.skuId, order._id, line.quantity, now)) !== 'unavailable') continue;
    for (const taken of order.lines.slice(0, line.lineIndex))
      await returnStock(taken.skuId, order._id, taken.quantity, now);
    await transition(
      ORDER_MACHINE,
      'close',
      { _id: order._id, reservation: 'reserving' },
      { reservation: 'released', closeReason: 'OUT_OF_STOCK', closedAt: now, updatedAt: now },
    );
    return line.skuId;
  }
  return null;
}

/** Steps 4-6 for an order in `reserving` (new, or left by an interrupted call). */
async function complete(
  order: OrderDocument,
  clientIp: string,
  now: Date,
): Promise<Result<PlaceOrderOutput, PlaceOrderError>> {
  const soldOut = await reserveLines(order, now);
  if (soldOut) return fail('OUT_OF_STOCK', `库存不足: ${soldOut}`);
  const payment = await openPayment(order, clientIp);
  if (!payment.ok) return fail('PAYMENT_UNAVAILABLE', `暂时无法支付: ${payment.reason}`);
  // _.set: the SDK would otherwise flatten the object into fields under `params`, which is null.
  await updateWhere(
    'orders',
    { _id: order._id, reservation: 'reserving' },
    { reservation: 'reserved', 'payment.params': _.set(payment.params), updatedAt: now },
  );
  return ok(output(order, payment.params));
}

/** Step 1: what an existing order with this key answers. */
async function resume(
  order: OrderDocument,
  items: Input['items'],
  clientIp: string,
  now: Date,
): Promise<Result<PlaceOrderOutput, PlaceOrderError>> {
  if (!sameItems(order, items)) return fail('IDEMPOTENCY_KEY_REUSED', '该下单请求已用于其他商品');
  if (order.status === 'closed')
    return fail(order.closeReason === 'OUT_OF_STOCK' ? 'OUT_OF_STOCK' : 'ORDER_CLOSED', '订单已关闭');
  if (order.reservation === 'reserving') return complete(order, clientIp, now);
  if (order.payment.params) return ok(output(order, order.payment.params));
  return fail('ORDER_CLOSED', '订单已关闭');
}

/**
 * Step 1. The read joins everything through the buyer's user document, so a shopper who saved an
 * address before any call created that document (the address book does not create it) would
 * read as having no address: the user is created then and the read repeated (three more round
 * trips, once per shopper).
 */
async function readBuyer(openid: string, addressId: string, orderId: string, now: Date): Promise<BuyerRead> {
  const read = await loadBuyer(openid, addressId, orderId);
  if (read.existing || read.context) return read;
  await ensureUser(openid, now);
  return loadBuyer(openid, addressId, orderId);
}

export async function placeOrder(
  openid: string,
  clientIp: string,
  input: Input,
  now: Date,
): Promise<Result<PlaceOrderOutput, PlaceOrderError>> {
  const orderId = orderIdFor(openid, input.idempotencyKey);
  const read = await readBuyer(openid, input.addressId, orderId, now);
  if (read.existing) return resume(read.existing, input.items, clientIp, now);
  if (input.couponId !== null) return fail('COUPON_INVALID', '优惠券不可用');
  const { context } = read;
  if (!context?.address) return fail('ADDRESS_NOT_FOUND', '收货地址不存在');
  const skus = await loadSkus(input.items.map((item) => item.skuId));
  // Only the delivery fields: the address document's bookkeeping does not belong on the order.
  const { name, phone, province, city, district, detail } = context.address;
  const address = { name, phone, province, city, district, detail };
  const built = buildOrder({ ...context, ...input, orderId, address, skus, discountFen: 0, now });
  if (!built.ok)
    return fail(built.code, built.code === 'NOT_ON_SALE' ? `商品已下架: ${built.skuId}` : `商品不存在: ${built.skuId}`);
  const order = { ...built.order, orderNo: await reserveOrderNo(orderId, now) };
  const inserted = await insertInitial(ORDER_MACHINE, order);
  if (inserted !== 'inserted') {
    // A concurrent call with the same key inserted it first: answer as a replay would.
    return resume((await getDoc('orders', orderId)) as OrderDocument, input.items, clientIp, now);
  }
  return complete(order, clientIp, now);
}
