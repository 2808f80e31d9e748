/**
 * Orders in the back office: shipping (paid → shipped), the order list with filters and search
 * by order number, and one order with everything the merchant may audit (attribution, payment,
 * settlement, a stray payment's refund). Contracts: shared/contracts/adminOrders.ts.
 *
 * Shipping is one update conditional on `paid`, so a double click, a retry or two admins ship
 * an order once; the same carrier and tracking number again answers `unchanged`. It sets
 * `autoConfirmAt` = shippedAt + autoConfirmDays of the order's rules version, when the
 * autoConfirmOrders timer completes the order unless the shopper confirms receipt first.
 */
import { adminOrderView, type AdminOrderView } from '@shared/contracts/adminOrders';
import type { OrderDocument } from '@shared/orders';
import { ORDER_MACHINE } from '@shared/orderStates';
import type { AdminInput, AdminOutput } from '@shared/contracts/admin';
import { fail, ok, type Result } from '@shared/result';
import { _, findWhere, getDoc } from '../_lib/db';
import { addDays, getOrder, ORDERS, rulesOfVersion } from '../_lib/orders/store';
import { transition } from '../_lib/transitions';
import type { AdminContext } from './context';
import { newestFirstPage } from '../_lib/paging';
import type { AdminError } from '@shared/contracts/admin';

const notFound = (orderId: string): Result<never, AdminError> =>
  fail('ORDER_NOT_FOUND', `订单 ${orderId} 不存在 (no such order)`);

async function nicknames(buyerIds: string[]): Promise<Map<string, string>> {
  if (buyerIds.length === 0) return new Map();
  const users = await findWhere('users', { _id: _.in([...new Set(buyerIds)]) }, { limit: buyerIds.length });
  return new Map(users.map((user) => [user._id, user.nickname]));
}

async function viewOf(order: OrderDocument): Promise<AdminOrderView> {
  const buyer = await getDoc('users', order.buyerId);
  return adminOrderView(order, buyer ? buyer.nickname : null);
}

function shippedWith(order: OrderDocument, input: AdminInput<'shipOrder'>): boolean {
  return (
    (order.status === 'shipped' || order.status === 'completed') &&
    order.shipping?.carrier === input.carrier &&
    order.shipping?.trackingNo === input.trackingNo
  );
}

export async function shipOrder(
  context: AdminContext,
  input: AdminInput<'shipOrder'>,
): Promise<Result<AdminOutput<'shipOrder'>, AdminError>> {
  const order = await getOrder(input.orderId);
  if (!order) return notFound(input.orderId);
  if (shippedWith(order, input)) return ok({ status: 'unchanged', order: await viewOf(order) });
  if (order.status !== 'paid')
    return fail(
      'INVALID_TRANSITION',
      `订单状态为 ${order.status}，只有待发货订单可以发货 (only a paid order can be shipped)`,
    );
  const { autoConfirmDays } = await rulesOfVersion(order.rulesVersion);
  const shipping = { carrier: input.carrier, trackingNo: input.trackingNo, shippedAt: context.now };
  const fields = {
    shipping: _.set(shipping),
    autoConfirmAt: addDays(context.now, autoConfirmDays),
    updatedAt: context.now,
  };
  const shipped = (await transition(ORDER_MACHINE, 'ship', { _id: order._id }, fields)) === 1;
  const fresh = (await getOrder(order._id)) as OrderDocument;
  if (shipped) return ok({ status: 'shipped', order: await viewOf(fresh) });
  // Another admin (or a retry of this request) shipped it first.
  if (shippedWith(fresh, input)) return ok({ status: 'unchanged', order: await viewOf(fresh) });
  return fail('INVALID_TRANSITION', `订单状态已变为 ${fresh.status} (the order is now ${fresh.status})`);
}

function listFilter(input: AdminInput<'listOrders'>): object {
  const conditions: object[] = [];
  if (input.status) conditions.push({ status: input.status });
  if (input.buyerId) conditions.push({ buyerId: input.buyerId });
  if (input.createdFrom) conditions.push({ createdAt: _.gte(input.createdFrom) });
  if (input.createdTo) conditions.push({ createdAt: _.lt(input.createdTo) });
  // A number prefix is a range: '~' sorts after every character a number or an id may contain.
  // Digits only are the beginning of a readable number (ids start with a letter).
  const field = input.search && /^\d+$/.test(input.search) ? 'orderNo' : '_id';
  if (input.search) conditions.push({ [field]: _.gte(input.search).and(_.lt(`${input.search}~`)) });
  return conditions.length === 0 ? {} : conditions.length === 1 ? (conditions[0] as object) : _.and(conditions);
}

export async function listOrders(
  input: AdminInput<'listOrders'>,
): Promise<Result<AdminOutput<'listOrders'>, AdminError>> {
  const { items, nextOffset } = await newestFirstPage(ORDERS, listFilter(input), input);
  const names = await nicknames(items.map((order) => order.buyerId));
  return ok({ items: items.map((order) => adminOrderView(order, names.get(order.buyerId) ?? null)), nextOffset });
}

export async function orderDetail(
  input: AdminInput<'orderDetail'>,
): Promise<Result<AdminOutput<'orderDetail'>, AdminError>> {
  const order = await getOrder(input.orderId);
  return order ? ok(await viewOf(order)) : notFound(input.orderId);
}
