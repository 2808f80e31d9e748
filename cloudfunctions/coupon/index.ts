/**
 * coupon: the shopper's side of coupons, one route per action (`event.$url`, the table
 * COUPON_CONTRACTS): center (领券中心), forProduct (a product page's coupons), claim, mine
 * (我的优惠券) and distributorCoupons (a distributor's exclusive coupons and their share path).
 * See docs/api.md (coupon).
 */
import { COUPON_CONTRACTS, type CouponError } from '@shared/contracts/coupon';
import { cloud } from '../_lib/cloud';
import { serveTable, type Handlers } from '../_lib/router';
import { claimCoupon } from './claim';
import { center, distributorCoupons, forProduct, mine } from './lists';

const HANDLERS: Handlers<typeof COUPON_CONTRACTS, CouponError> = {
  center: (input, { openid, now }) => center(openid, input.shareCode ?? null, now),
  forProduct: (input, { openid, now }) => forProduct(openid, input.productId, now),
  claim: (input, { openid, now }) => {
    // A claim through a share binds as bindReferrer does, counted and limited per client IP (risk holds).
    const clientIp = String((cloud.getWXContext() as Record<string, unknown>).CLIENTIP ?? '');
    return claimCoupon(openid, input, now, clientIp);
  },
  mine: (input, { openid, now }) => mine(openid, input, now),
  distributorCoupons: (_input, { openid, now }) => distributorCoupons(openid, now),
};

export const main = serveTable(COUPON_CONTRACTS, HANDLERS, { name: 'coupon' });
