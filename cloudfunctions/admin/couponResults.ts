/**
 * One coupon's results for the merchant (couponResults): claims, claims an order holds, and the
 * paid orders holding one: what their shoppers paid and the commission recorded on the lines
 * the coupon discounted.
 *
 * An order holds a claim through its `couponId` (the claim's id) and the claim names the order
 * (`orderId` while used), so the orders are found from the coupon's used claims by their ids,
 * without scanning orders. A line counts as discounted by the coupon when its recorded discounts
 * (`discounts` on the line, one share per source, written by the checkout pricing) give the
 * coupon a non-zero share. A line of an order placed before lines recorded their discounts by
 * source counts when it has a non-zero discount and lies in the coupon's scope as claimed.
 */
import type { AdminError, AdminInput, AdminOutput } from '@shared/contracts/admin';
import { inScope } from '@shared/activities';
import type { UserCouponDocument } from '@shared/coupons';
import type { CommissionDocument } from '@shared/ledger';
import type { OrderDocument, OrderLine } from '@shared/orders';
import { fail, ok, type Result } from '@shared/result';
import { _, countWhere, findWhere, getDoc } from '../_lib/db';
import { viewOf } from './coupons';

const PAID_STATUSES = new Set(['paid', 'shipped', 'completed']);
const BATCH = 100;

/** Every used claim of the coupon, in batches (read by skip: the set only grows at its end by time). */
async function usedClaims(couponId: string): Promise<UserCouponDocument[]> {
  const claims: UserCouponDocument[] = [];
  for (let skip = 0; ; skip += 1000) {
    const rows = await findWhere(
      'userCoupons',
      { couponId, status: 'used' },
      { skip, limit: 1000, orderBy: [['_id', 'asc']] },
    );
    claims.push(...rows);
    if (rows.length < 1000) return claims;
  }
}

async function inBatches<T>(ids: string[], read: (batch: string[]) => Promise<T[]>): Promise<T[]> {
  const rows: T[] = [];
  for (let start = 0; start < ids.length; start += BATCH) rows.push(...(await read(ids.slice(start, start + BATCH))));
  return rows;
}

/** The product → category map of the products on the orders' lines, for a categories scope. */
async function categoriesOf(orders: OrderDocument[]): Promise<Map<string, string>> {
  const ids = [...new Set(orders.flatMap((order) => order.lines.map((line) => line.productId)))];
  const products = await inBatches(ids, (batch) => findWhere('products', { _id: _.in(batch) }, { limit: BATCH }));
  return new Map(products.map((product) => [product._id, product.categoryId]));
}

/** The discounts a line records by source, where it records them (read structurally: older lines have none). */
type LineDiscounts = { discounts?: Array<{ source: string; amountFen: number }> | null };

/** The coupon's share of a line's discount, fen; undefined when the line does not record its discounts by source. */
function couponShareOf(line: OrderLine): number | undefined {
  const { discounts } = line as OrderLine & LineDiscounts;
  if (!discounts) return undefined;
  return discounts.filter((discount) => discount.source === 'coupon').reduce((sum, d) => sum + d.amountFen, 0);
}

/** `orderId:lineIndex` of every line the coupon discounted. */
async function discountedLines(orders: OrderDocument[], claims: Map<string, UserCouponDocument>): Promise<Set<string>> {
  const categories = await categoriesOf(orders);
  const keys = new Set<string>();
  for (const order of orders) {
    const claim = claims.get(order.couponId ?? '');
    if (!claim) continue;
    for (const line of order.lines) {
      const product = { productId: line.productId, categoryId: categories.get(line.productId) ?? '' };
      const share = couponShareOf(line);
      const discounted = share !== undefined ? share > 0 : line.discountFen > 0 && inScope(claim.terms.scope, product);
      if (discounted) keys.add(`${order._id}:${line.lineIndex}`);
    }
  }
  return keys;
}

export async function couponResults(
  input: AdminInput<'couponResults'>,
): Promise<Result<AdminOutput<'couponResults'>, AdminError>> {
  const coupon = await getDoc('coupons', input.couponId);
  if (!coupon) return fail('COUPON_NOT_FOUND', '优惠券不存在');
  const claims = await usedClaims(coupon._id);
  const orderIds = claims.map((claim) => claim.orderId).filter((id): id is string => id !== null);
  const orders = await inBatches(orderIds, (batch) => findWhere('orders', { _id: _.in(batch) }, { limit: BATCH }));
  const paid = orders.filter((order) => PAID_STATUSES.has(order.status));
  const lines = await discountedLines(paid, new Map(claims.map((claim) => [claim._id, claim])));
  const commissions = await inBatches(
    paid.map((order) => order._id),
    (batch) => findWhere('commissions', { orderId: _.in(batch) }, { limit: 1000 }),
  );
  const net = (row: CommissionDocument): number => row.amountFen - row.reversedFen - row.clawedBackFen;
  return ok({
    coupon: await viewOf(coupon),
    results: {
      claimed: coupon.claimedCount,
      used: await countWhere('userCoupons', { couponId: coupon._id, status: 'used' }),
      paidOrders: paid.length,
      salesFen: paid.reduce((sum, order) => sum + (order.payment.paidFen ?? order.payableFen), 0),
      commissionFen: commissions
        .filter((row) => lines.has(`${row.orderId}:${row.lineIndex}`))
        .reduce((sum, row) => sum + net(row), 0),
    },
  });
}
