/**
 * The coupon lists: the coupon center (every coupon anyone may claim now, plus a sharing
 * distributor's exclusive ones), a product page's coupons, the shopper's own coupons by tab, and
 * a distributor's exclusive coupons with the path their share opens.
 */
import { inScope } from '@shared/activities';
import { claimState, type CouponDocument } from '@shared/coupons';
import { COUPON_SHARE_PAGE, MINE_PAGE_SIZE, type CouponError, type HeldCouponView } from '@shared/contracts/coupon';
import type { RouteOutput } from '@shared/routeTable';
import type { COUPON_CONTRACTS } from '@shared/contracts/coupon';
import { fail, ok, type Result } from '@shared/result';
import { _, findWhere, getDoc } from '../_lib/db';
import { cardsFor, heldView } from './views';

type Output<R extends keyof typeof COUPON_CONTRACTS> = RouteOutput<typeof COUPON_CONTRACTS, R>;

/** The active coupons, newest first (a shop defines tens of them, not thousands). */
function activeCoupons(where: object = {}): Promise<CouponDocument[]> {
  return findWhere('coupons', { status: 'active', ...where }, { limit: 200, orderBy: [['createdAt', 'desc']] });
}

/** Claimable by anyone: active, not exclusive, units left, fixed validity not over. */
function openToAll(coupon: CouponDocument, now: Date): boolean {
  return coupon.exclusiveDistributorId === null && claimState(coupon, now) === 'claimable';
}

/** The owner of a share code, if any. */
export async function shareOwner(shareCode: string): Promise<string | null> {
  const [owner] = await findWhere('users', { shareCode }, { limit: 1 });
  return owner?._id ?? null;
}

export async function center(
  openid: string,
  shareCode: string | null,
  now: Date,
): Promise<Result<Output<'center'>, CouponError>> {
  const sharer = shareCode ? await shareOwner(shareCode) : null;
  const coupons = await activeCoupons();
  const exclusive = coupons.filter(
    (coupon) => sharer !== null && coupon.exclusiveDistributorId === sharer && claimState(coupon, now) === 'claimable',
  );
  const open = coupons.filter((coupon) => openToAll(coupon, now));
  return ok({ items: await cardsFor(openid, [...exclusive, ...open], now) });
}

export async function forProduct(
  openid: string,
  productId: string,
  now: Date,
): Promise<Result<Output<'forProduct'>, CouponError>> {
  const product = await getDoc('products', productId);
  if (!product) return ok({ items: [] });
  const target = { productId, categoryId: product.categoryId };
  const coupons = (await activeCoupons()).filter((coupon) => openToAll(coupon, now) && inScope(coupon.scope, target));
  return ok({ items: await cardsFor(openid, coupons, now) });
}

/** Each tab's condition and order: usable soonest-ending first, the rest latest first. */
function tabQuery(userId: string, tab: 'available' | 'used' | 'expired', now: Date) {
  if (tab === 'used') return { where: { userId, status: 'used' }, orderBy: [['usedAt', 'desc']] as [string, 'desc'][] };
  if (tab === 'expired')
    return {
      where: { userId, status: 'available', validTo: _.lte(now) },
      orderBy: [['validTo', 'desc']] as [string, 'desc'][],
    };
  return {
    where: { userId, status: 'available', validTo: _.gt(now) },
    orderBy: [['validTo', 'asc']] as [string, 'asc'][],
  };
}

export async function mine(
  openid: string,
  input: { tab: 'available' | 'used' | 'expired'; page: number },
  now: Date,
): Promise<Result<Output<'mine'>, CouponError>> {
  const { where, orderBy } = tabQuery(openid, input.tab, now);
  const rows = await findWhere('userCoupons', where, {
    orderBy: [...orderBy, ['_id', 'asc']],
    skip: (input.page - 1) * MINE_PAGE_SIZE,
    limit: MINE_PAGE_SIZE + 1,
  });
  const items: HeldCouponView[] = rows.slice(0, MINE_PAGE_SIZE).map((row) => heldView(row, now));
  return ok({ items, page: input.page, hasMore: rows.length > MINE_PAGE_SIZE });
}

export async function distributorCoupons(
  openid: string,
  now: Date,
): Promise<Result<Output<'distributorCoupons'>, CouponError>> {
  const user = await getDoc('users', openid);
  if (!user || user.distributor.status !== 'approved') return fail('NOT_DISTRIBUTOR', '仅分销员可用');
  const coupons = await activeCoupons({ exclusiveDistributorId: openid });
  return ok({
    shareCode: user.shareCode,
    sharePath: `${COUPON_SHARE_PAGE}?r=${user.shareCode}`,
    items: await cardsFor(openid, coupons, now),
  });
}
