/**
 * The `coupon` function: 领券中心, a product page's coupons, claiming, 我的优惠券 and a
 * distributor's exclusive coupons. One method per route, typed by the route table
 * COUPON_CONTRACTS (shared/contracts/coupon.ts).
 */
import type { COUPON_CONTRACTS } from '@shared/contracts/coupon';
import type { RouteInput } from '@shared/routeTable';
import { callRoute } from './call';

type Input<R extends keyof typeof COUPON_CONTRACTS> = RouteInput<typeof COUPON_CONTRACTS, R>;

export const coupon = {
  /** What anyone may claim now; with a share code, that distributor's exclusive coupons first. */
  center: (input: Input<'center'>) => callRoute('coupon', 'center', input),
  forProduct: (input: Input<'forProduct'>) => callRoute('coupon', 'forProduct', input),
  /** One claim; a retry after a lost answer never claims beyond the per-user limit. */
  claim: (input: Input<'claim'>) => callRoute('coupon', 'claim', input),
  mine: (input: Input<'mine'>) => callRoute('coupon', 'mine', input),
  distributorCoupons: () => callRoute('coupon', 'distributorCoupons', {}),
};
