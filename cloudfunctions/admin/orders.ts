/**
 * Orders in the back office: shipping (paid → shipped), the order list with filters and search
 * by order number, and one order with everything the merchant may audit (attribution, payment,
 * settlement, a stray payment's refund). Contracts: shared/contracts/adminOrders.ts.
 *
 * Shipping is one update conditional on `paid`, so a double click, a retry or two admins ship
 * an order once; the same carrier and tracking number (or the same no-logistics choice) again
 * answers `unchanged`. The shipping is then reported to WeChat (retryShippingUpload re-drives
 * a report that failed). It sets
 * `autoConfirmAt` = shippedAt + autoConfirmDays of the order's rules version, when the
 * autoConfirmOrders timer completes the order unless the shopper confirms receipt first.
 */
import { adminOrderView, type AdminOrderView } from '@shared/contracts/adminOrders';
import { NO_LOGISTICS } from '@shared/express';
import type { OrderDocument, OrderShipping } from '@shared/orders';
import { ORDER_MACHINE } from '@shared/orderStates';
import type { AdminInput, AdminOutput } from '@shared/contracts/admin';
import { fail, ok, type Result } from '@shared/result';
import { _, findWhere, getDoc } from '../_lib/db';
import { addDays, getOrder, ORDERS, rulesOfVersion } from '../_lib/orders/store';
import { pendingUpload, uploadOrderShipping } from '../_lib/shippingUpload';
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

/**
 * The shipping the input asks for: an express company and tracking number, or no logistics. The
 * report to WeChat's shipping service is for WeChat Pay transactions only: an order paid from the
 * balance has none (WeChat would answer 支付单不存在 forever), so it carries no upload.
 */
function shippingOf(input: AdminInput<'shipOrder'>, order: OrderDocument, now: Date): OrderShipping {
  const upload = order.payMethod === 'balance' ? {} : { upload: pendingUpload(now) };
  if ('noLogistics' in input)
    return {
      carrier: NO_LOGISTICS[input.noLogistics].label,
      trackingNo: '',
      shippedAt: now,
      noLogistics: input.noLogistics,
      ...upload,
    };
  return { carrier: input.carrier, trackingNo: input.trackingNo, shippedAt: now, ...upload };
}

function shippedWith(order: OrderDocument, input: AdminInput<'shipOrder'>): boolean {
  if (order.status !== 'shipped' && order.status !== 'completed') return false;
  if ('noLogistics' in input) return order.shipping?.noLogistics === input.noLogistics;
  return (
    !order.shipping?.noLogistics &&
    order.shipping?.carrier === input.carrier &&
    order.shipping?.trackingNo === input.trackingNo
  );
}

/**
 * The order after its first report to WeChat. The platform's refusals are recorded by the upload
 * itself; a database failure while recording is only logged: the order is shipped, and the
 * uploadShipping timer takes the report over.
 */
async function reportShipping(orderId: string, now: Date): Promise<OrderDocument> {
  try {
    const uploaded = await uploadOrderShipping(orderId, now);
    if (uploaded) return uploaded;
  } catch (error) {
    console.error(`shipping report of order ${orderId} left to the uploadShipping timer:`, error);
  }
  return (await getOrder(orderId)) as OrderDocument;
}

/**
 * Ships a paid order, then reports the shipping to WeChat (_lib/shippingUpload.ts). The report's
 * outcome is on the answered order (`shippingUpload`); a refused or failed report never undoes
 * the shipping: the uploadShipping timer retries it.
 */
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
  if (order.groupId && (await getDoc('groups', order.groupId))?.status !== 'filled')
    return fail('GROUP_NOT_FILLED', '拼团未成团，暂不能发货 (a group order ships once its group is filled)');
  const { autoConfirmDays } = await rulesOfVersion(order.rulesVersion);
  const fields = {
    shipping: _.set(shippingOf(input, order, context.now)),
    autoConfirmAt: addDays(context.now, autoConfirmDays),
    updatedAt: context.now,
  };
  const shipped = (await transition(ORDER_MACHINE, 'ship', { _id: order._id }, fields)) === 1;
  if (shipped) return ok({ status: 'shipped', order: await viewOf(await reportShipping(order._id, context.now)) });
  const fresh = (await getOrder(order._id)) as OrderDocument;
  // Another admin (or a retry of this request) shipped it first.
  if (shippedWith(fresh, input)) return ok({ status: 'unchanged', order: await viewOf(fresh) });
  return fail('INVALID_TRANSITION', `订单状态已变为 ${fresh.status} (the order is now ${fresh.status})`);
}

/**
 * The merchant re-drives the report of a shipped order now (the dashboard's alert button, or the
 * order), whatever its backoff; an accepted report is answered as it is.
 */
export async function retryShippingUpload(
  context: AdminContext,
  input: AdminInput<'retryShippingUpload'>,
): Promise<Result<AdminOutput<'retryShippingUpload'>, AdminError>> {
  const order = await getOrder(input.orderId);
  if (!order) return notFound(input.orderId);
  if (!order.shipping?.upload)
    return fail('NOT_SHIPPED', `订单 ${input.orderId} 尚未发货，没有要上报的发货信息 (not shipped)`);
  const after = (await uploadOrderShipping(order._id, context.now)) as OrderDocument;
  const status = after.shipping?.upload?.state === 'accepted' ? 'accepted' : 'failed';
  return ok({ status, order: await viewOf(after) });
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
