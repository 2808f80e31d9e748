/**
 * The placeOrder use case, as named steps:
 *
 *   1. read   the order by its deterministic id with buyer + rules + ancestors + address + the
 *             chosen coupon + the live activities (one aggregation): a replay answers the stored
 *             order (or resumes it);
 *   2. read   SKUs + products (one aggregation); price the order
 *             (shared/checkoutPricing.ts): a coupon that is not the caller's, not available, not
 *             valid now or not usable on these items is refused here, with nothing written;
 *   3. take  the order's readable number (an insert into orderNumbers: orderNo.ts), then insert
 *             the order (status pending_payment, reservation `reserving`, its couponId);
 *   4. take  the coupon, when the order has one: a conditional update of the userCoupons
 *             document, `available` and valid → `used` by this order (_lib/orders/coupon.ts;
 *             a retry of the same order finds it already taken by itself);
 *      compensation: another order took it between steps 1 and 4: close the order
 *      COUPON_INVALID (it holds no stock yet); the loser leaves only its order number and this
 *      closed order;
 *   4a. take points, when the order spends some (_lib/orders/points.ts: one transaction on the
 *      shopper's points account, entry `spend:<orderId>`, so a retry takes nothing twice and
 *      two orders never spend the same points); compensation: another order spent them first:
 *      give back the coupon and close the order POINTS_INSUFFICIENT (no stock held yet);
 *   4b. take the order's place in its 拼团 group, for a group purchase (group.ts: open the group
 *      as its leader, or join it); compensation: the last place went to another shopper: close
 *      the order GROUP_FULL (no stock held yet);
 *   5. reserve flash stock + per-user quantity, for the lines bought in a 秒杀 session
 *      (_lib/orders/flashStock.ts: the session's units, then the shopper's count within the
 *      per-user limit; idempotent per order); compensation: give back what the order took in
 *      sessions, the coupon and the points, and close the order FLASH_SOLD_OUT or FLASH_LIMIT_REACHED;
 *   6. reserve each line's stock (one conditional update per line; idempotent per order);
 *      compensation: give back the lines already reserved, the 秒杀 units, the coupon, the
 *      points and the group place, and close the order OUT_OF_STOCK;
 *   7. open  the payment (cloudPay.unifiedOrder, same answer for the same order);
 *   8. mark  the order `reserved` with the payment parameters.
 *   For payMethod `balance`, steps 7-8 are instead: mark the order `reserved`, then pay it with
 *   the balance in one transaction (balance.ts): paid at once, or BALANCE_INSUFFICIENT with the
 *   order left unpaid (a replay with the same key tries the payment again).
 *
 * A crash between steps leaves an order a retry with the same key resumes (from step 4), or that
 * the unpaid closer closes, giving back exactly what was reserved and the coupon if it holds it
 * (_lib/orders/close.ts). Database round trips: k + 5 for k lines without a coupon, k + 6 with
 * one (taking it), k + 4 before orders had readable numbers; two more per 秒杀 line (three or
 * more for a shopper's repeat purchase in a session); and the one payment request of step 7.
 */
import { createHash } from 'node:crypto';
import type { PlaceOrderError, PlaceOrderOutput } from '@shared/contracts/placeOrder';
import type { PLACE_ORDER_CONTRACTS } from '@shared/contracts/quote';
import { buildOrder } from '@shared/orderBuilder';
import { ORDER_MACHINE } from '@shared/orderStates';
import type { OrderDocument } from '@shared/orders';
import { fail, ok, type Result } from '@shared/result';
import { isKnownIp } from '@shared/risk';
import type { ParsedInput } from '@shared/routeTable';
import { _, getDoc, updateWhere } from '../_lib/db';
import type { ActivityDocument } from '@shared/activities';
import { giveBackCoupon, takeCoupon } from '../_lib/orders/coupon';
import { giveBackPoints, takePoints } from '../_lib/orders/points';
import { flashStockIdsOf, reserveFlash, returnFlash, soldOutWhenRead } from '../_lib/orders/flashStock';
import { reserveStock, returnStock } from '../_lib/stock';
import { insertInitial, transition } from '../_lib/transitions';
import { ensureUser } from '../_lib/users';
import { loadBuyer, loadSkus, type BuyerRead } from './context';
import { checkGroup, holdGroupPlace, sameGroup } from './group';
import { freeGroupPlace } from '../_lib/orders/groupSlot';
import { reserveOrderNo } from './orderNo';
import { openPayment } from './payment';
import { payFromBalance } from './balance';

type Input = ParsedInput<(typeof PLACE_ORDER_CONTRACTS)['place']>;

/** The order id is derived from buyer and key: at most one order per checkout, and a valid out_trade_no. */
export function orderIdFor(openid: string, idempotencyKey: string): string {
  return `o${createHash('sha256').update(`${openid}\n${idempotencyKey}`).digest('hex').slice(0, 24)}`;
}

function sameItems(
  order: OrderDocument,
  { items, couponId, payMethod }: Pick<Input, 'items' | 'couponId' | 'payMethod'>,
): boolean {
  return (
    order.couponId === couponId &&
    (order.payMethod ?? 'wechat') === payMethod &&
    sameGroup(order, items[0]) &&
    order.lines.length === items.length &&
    order.lines.every(
      (line, index) =>
        line.skuId === items[index]?.skuId &&
        line.quantity === items[index]?.quantity &&
        (items[index]?.activityId ?? null) === (line.activity?.kind === 'flashSale' ? line.activity.id : null),
    )
  );
}

function output(order: OrderDocument, params: Record<string, string>): PlaceOrderOutput {
  const { timeStamp = '', nonceStr = '', package: pkg = '', signType = '', paySign = '' } = params;
  return {
    orderId: order._id,
    payableFen: order.payableFen,
    payMethod: 'wechat',
    paid: false,
    payment: { timeStamp, nonceStr, package: pkg, signType, paySign },
    payDeadline: order.payDeadline.toISOString(),
  };
}

/** Step 4 and its compensation. False when another order holds the coupon (this order is then closed). */
async function holdCoupon(order: OrderDocument, now: Date): Promise<boolean> {
  if (!order.couponId || (await takeCoupon(order.couponId, order, now))) return true;
  await transition(
    ORDER_MACHINE,
    'close',
    { _id: order._id, reservation: 'reserving' },
    { reservation: 'released', closeReason: 'COUPON_INVALID', closedAt: now, updatedAt: now },
  );
  return false;
}

/** Step 4a and its compensation. False when another order spent the points first (this order is then closed). */
async function holdPoints(order: OrderDocument, now: Date): Promise<boolean> {
  if (await takePoints(order, now)) return true;
  await giveBackCoupon(order, now);
  await transition(
    ORDER_MACHINE,
    'close',
    { _id: order._id, reservation: 'reserving' },
    { reservation: 'released', closeReason: 'POINTS_INSUFFICIENT', closedAt: now, updatedAt: now },
  );
  return false;
}

/** Step 5 and its compensation. Answers the refusal, or null when every 秒杀 line holds its units. */
async function reserveFlashLines(
  order: OrderDocument,
  activities: readonly ActivityDocument[] | null,
  now: Date,
): Promise<'FLASH_SOLD_OUT' | 'FLASH_LIMIT_REACHED' | null> {
  const refused = await reserveFlash(order, activities, now);
  if (!refused) return null;
  await giveBackCoupon(order, now);
  await giveBackPoints(order, now);
  await transition(
    ORDER_MACHINE,
    'close',
    { _id: order._id, reservation: 'reserving' },
    { reservation: 'released', closeReason: refused, closedAt: now, updatedAt: now },
  );
  return refused;
}

/** Step 6 and its compensation. Answers the SKU that ran out, or null when every line holds its units. */
async function reserveLines(order: OrderDocument, now: Date): Promise<string | null> {
  for (const line of order.lines) {
    if ((await reserveStock(line.skuId, order._id, line.quantity, now)) !== 'unavailable') continue;
    for (const taken of order.lines.slice(0, line.lineIndex))
      await returnStock(taken.skuId, order._id, taken.quantity, now);
    await returnFlash({ ...order, reservation: 'reserving' }, now);
    await giveBackCoupon(order, now);
    await giveBackPoints(order, now);
    await freeGroupPlace(order, now);
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

const FLASH_REFUSED = { FLASH_SOLD_OUT: '秒杀商品已抢光', FLASH_LIMIT_REACHED: '已达到秒杀限购数量' } as const;

/**
 * Steps 4-8 for an order in `reserving` (new, or left by an interrupted call). `activities`: the
 * live ones placeOrder read (null when resuming: the 秒杀 step then reads its sessions).
 */
async function complete(
  order: OrderDocument,
  clientIp: string,
  now: Date,
  activities: readonly ActivityDocument[] | null,
): Promise<Result<PlaceOrderOutput, PlaceOrderError>> {
  if (!(await holdCoupon(order, now))) return fail('COUPON_INVALID', '优惠券已被其他订单使用');
  if (!(await holdPoints(order, now))) return fail('POINTS_INSUFFICIENT', '积分不足');
  const place = await holdGroupPlace(order, now);
  if (!place.ok) return place;
  const flashRefused = await reserveFlashLines(order, activities, now);
  if (flashRefused) return fail(flashRefused, FLASH_REFUSED[flashRefused]);
  const soldOut = await reserveLines(order, now);
  if (soldOut) return fail('OUT_OF_STOCK', `库存不足: ${soldOut}`);
  if (order.payMethod === 'balance') return payFromBalance(order, now);
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

/** What a replay of a closed order answers: why placing it failed, or that it closed later. */
function closedCode(order: OrderDocument): PlaceOrderError {
  const reason = order.closeReason;
  if (reason === 'OUT_OF_STOCK' || reason === 'COUPON_INVALID' || reason === 'FLASH_SOLD_OUT') return reason;
  if (reason === 'FLASH_LIMIT_REACHED') return reason;
  if (reason === 'GROUP_FULL' || reason === 'POINTS_INSUFFICIENT') return reason;
  return 'ORDER_CLOSED';
}

/** Step 1: what an existing order with this key answers. */
async function resume(
  order: OrderDocument,
  input: Pick<Input, 'items' | 'couponId' | 'payMethod'>,
  clientIp: string,
  now: Date,
): Promise<Result<PlaceOrderOutput, PlaceOrderError>> {
  if (!sameItems(order, input)) return fail('IDEMPOTENCY_KEY_REUSED', '该下单请求已用于其他商品');
  if (order.status === 'closed') return fail(closedCode(order), '订单已关闭');
  if (order.reservation === 'reserving') return complete(order, clientIp, now, null);
  if (order.payMethod === 'balance') return payFromBalance(order, now);
  if (order.payment.params) return ok(output(order, order.payment.params));
  return fail('ORDER_CLOSED', '订单已关闭');
}

/**
 * Step 1. The read joins everything through the buyer's user document, so a shopper who saved an
 * address before any call created that document (the address book does not create it) would
 * read as having no address: the user is created then and the read repeated (three more round
 * trips, once per shopper).
 */
async function readBuyer(openid: string, ids: Parameters<typeof loadBuyer>[1], now: Date): Promise<BuyerRead> {
  const read = await loadBuyer(openid, ids, now);
  if (read.existing || read.context) return read;
  await ensureUser(openid, now);
  return loadBuyer(openid, ids, now);
}

const REFUSED = {
  NOT_ON_SALE: '商品已下架',
  SKU_NOT_FOUND: '商品不存在',
  COUPON_INVALID: '优惠券不可用',
  FLASH_NOT_LIVE: '秒杀活动未开始或已结束',
} as const;

export async function placeOrder(
  openid: string,
  clientIp: string,
  input: Input,
  now: Date,
): Promise<Result<PlaceOrderOutput, PlaceOrderError>> {
  const orderId = orderIdFor(openid, input.idempotencyKey);
  const flashStockIds = flashStockIdsOf(input.items);
  const read = await readBuyer(
    openid,
    { addressId: input.addressId, orderId, couponId: input.couponId, flashStockIds },
    now,
  );
  if (read.existing) return resume(read.existing, input, clientIp, now);
  const { context } = read;
  if (!context?.address) return fail('ADDRESS_NOT_FOUND', '收货地址不存在');
  const group = await checkGroup(input.items[0]!, context.activities, openid, orderId, now);
  if (!group.ok) return group;
  const skus = await loadSkus(input.items.map((item) => item.skuId));
  // Only the delivery fields: the address document's bookkeeping does not belong on the order.
  const { name, phone, province, city, district, detail } = context.address;
  const address = { name, phone, province, city, district, detail };
  const built = buildOrder({ ...context, ...input, orderId, address, skus, now });
  if (!built.ok) return fail(built.code, built.skuId ? `${REFUSED[built.code]}: ${built.skuId}` : REFUSED[built.code]);
  if (soldOutWhenRead(input.items, context.flashStocks)) return fail('FLASH_SOLD_OUT', FLASH_REFUSED.FLASH_SOLD_OUT);
  const order: OrderDocument = {
    ...built.order,
    payMethod: input.payMethod,
    orderNo: await reserveOrderNo(orderId, now),
    ...(group.data ? { groupId: group.data } : {}),
    // Risk holds compare it with the beneficiaries' (docs/rules.md section 9); loopback names no client.
    ...(isKnownIp(clientIp) ? { clientIp } : {}),
  };
  const inserted = await insertInitial(ORDER_MACHINE, order);
  if (inserted !== 'inserted') {
    // A concurrent call with the same key inserted it first: answer as a replay would.
    return resume((await getDoc('orders', orderId)) as OrderDocument, input, clientIp, now);
  }
  return complete(order, clientIp, now, context.activities);
}
