/**
 * Claiming a coupon (领取): one unit of the coupon's quantity becomes one coupon the shopper
 * holds, never more units than the coupon has and never more claims per shopper than its limit,
 * however many claims run at once.
 *
 * Two steps, each atomic on its own document, and a compensation:
 * 1. take a unit: a conditional increment of the coupon's `claimedCount`, only while it is below
 *    the total and the coupon is active. The database applies concurrent increments one at a
 *    time, so with 100 left exactly 100 of any number of concurrent claims get past this step;
 * 2. write the claim under the shopper's first free slot id `<couponId>_<userId>_<n>`, n from 1 to
 *    the per-user limit. Ids are unique, so of a shopper's concurrent claims at most `limit`
 *    documents can ever exist, and a retried claim lands on the same ids instead of a new one.
 *    When every slot is taken (a concurrent claim of the same shopper took the last one) the
 *    unit of step 1 is given back (the compensation) and the claim is COUPON_LIMIT_REACHED.
 * The unit is taken before the claim is written so that a failure between the two steps can only
 * leave a unit counted without a claim (one coupon fewer handed out), never a claim without its
 * unit (which would hand out more than the total). No transaction is used: under a burst on one
 * coupon, transactions conflict on its document and most would fail with BUSY while units are
 * still left; a conditional increment serialises the burst instead.
 *
 * A claim through a distributor's share binds the shopper to that distributor exactly as
 * arriving through the share does (cloudfunctions/_lib/bindReferrer.ts, same rules); a shopper
 * the rules do not let bind (already bound elsewhere, not a new customer, ...) keeps their
 * binding and still gets the coupon.
 */
import { bindReferrer } from '../_lib/bindReferrer';
import { claimState, claimValidity, userCouponId, type CouponDocument, type UserCouponDocument } from '@shared/coupons';
import type { COUPON_CONTRACTS, CouponError } from '@shared/contracts/coupon';
import type { ParsedInput, RouteOutput } from '@shared/routeTable';
import { fail, ok, type Result } from '@shared/result';
import { _, getDoc, findWhere, insertDoc, updateWhere } from '../_lib/db';
import { shareOwner } from './lists';
import { heldView } from './views';

type ClaimInput = ParsedInput<(typeof COUPON_CONTRACTS)['claim']>;
type ClaimOutput = RouteOutput<typeof COUPON_CONTRACTS, 'claim'>;

const MESSAGES: Record<CouponError, string> = {
  COUPON_NOT_FOUND: '优惠券不存在',
  COUPON_UNAVAILABLE: '优惠券暂不可领取',
  COUPON_SOLD_OUT: '优惠券已领完',
  COUPON_LIMIT_REACHED: '已达领取上限',
  COUPON_EXCLUSIVE: '该券为分销员专属券，请通过分销员的分享领取',
  NOT_DISTRIBUTOR: '仅分销员可用',
};
const refuse = (code: CouponError): Result<never, CouponError> => fail(code, MESSAGES[code]);

/** The slot numbers 1..limit the shopper has not used yet (one read by ids). */
async function freeSlots(coupon: CouponDocument, userId: string): Promise<number[]> {
  const slots = Array.from({ length: coupon.perUserLimit }, (_unused, index) => index + 1);
  const ids = slots.map((n) => userCouponId(coupon._id, userId, n));
  const taken = new Set(
    (await findWhere('userCoupons', { _id: _.in(ids) }, { limit: ids.length })).map((row) => row._id),
  );
  return slots.filter((n) => !taken.has(userCouponId(coupon._id, userId, n)));
}

/**
 * Step 1: one unit of the coupon, or why not. The increment is also conditional on the total the
 * claim read, so an edit of the total landing meanwhile makes it read the coupon again rather
 * than count against a total that no longer holds.
 */
async function takeUnit(read: CouponDocument, now: Date): Promise<Result<CouponDocument, CouponError>> {
  let coupon = read;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const { _id, totalQuantity } = coupon;
    const taken = await updateWhere(
      'coupons',
      { _id, status: 'active', totalQuantity, claimedCount: _.lt(totalQuantity) },
      { claimedCount: _.inc(1), updatedAt: now },
    );
    if (taken === 1) return ok(coupon);
    const current = await getDoc('coupons', _id);
    if (!current) return refuse('COUPON_NOT_FOUND');
    const state = claimState(current, now);
    if (state !== 'claimable') return refuse(state === 'soldOut' ? 'COUPON_SOLD_OUT' : 'COUPON_UNAVAILABLE');
    coupon = current;
  }
  // The total changed under every attempt: an edit in progress, not a coupon gone.
  return refuse('COUPON_UNAVAILABLE');
}

/** Step 2: the claim under the first free slot; null when a concurrent claim took every slot. */
async function writeClaim(
  coupon: CouponDocument,
  userId: string,
  slots: number[],
  source: { source: ClaimInput['source']; sharerId: string | null },
  now: Date,
): Promise<UserCouponDocument | null> {
  const { _id: couponId, validity, name, kind, thresholdFen, offFen, payRateBp, maxOffFen, scope, commission } = coupon;
  for (const n of slots) {
    const claim: UserCouponDocument = {
      _id: userCouponId(couponId, userId, n),
      couponId,
      userId,
      terms: { name, kind, thresholdFen, offFen, payRateBp, maxOffFen, scope, commission },
      ...claimValidity(validity, now),
      status: 'available',
      orderId: null,
      ...source,
      claimedAt: now,
      usedAt: null,
      updatedAt: now,
    };
    if ((await insertDoc('userCoupons', claim)) === 'inserted') return claim;
  }
  return null;
}

/** The binding a share claim makes: bindReferrer's own path; its refusals keep the binding as it is. */
async function bindThroughShare(
  userId: string,
  shareCode: string | undefined,
  now: Date,
  clientIp: string,
): Promise<ClaimOutput['binding']> {
  if (shareCode === undefined) return 'none';
  const bound = await bindReferrer(userId, shareCode, now, clientIp);
  return bound.ok ? bound.data.status : 'kept';
}

export async function claimCoupon(
  userId: string,
  input: ClaimInput,
  now: Date,
  clientIp = '',
): Promise<Result<ClaimOutput, CouponError>> {
  const coupon = await getDoc('coupons', input.couponId);
  if (!coupon) return refuse('COUPON_NOT_FOUND');
  const sharerId = input.shareCode ? await shareOwner(input.shareCode) : null;
  if (coupon.exclusiveDistributorId !== null && sharerId !== coupon.exclusiveDistributorId)
    return refuse('COUPON_EXCLUSIVE');
  const state = claimState(coupon, now);
  if (state !== 'claimable') return refuse(state === 'soldOut' ? 'COUPON_SOLD_OUT' : 'COUPON_UNAVAILABLE');
  const slots = await freeSlots(coupon, userId);
  if (slots.length === 0) return refuse('COUPON_LIMIT_REACHED');
  const unit = await takeUnit(coupon, now);
  if (!unit.ok) return unit;
  // The claim copies the terms of the coupon as the unit was taken from it.
  const claim = await writeClaim(unit.data, userId, slots, { source: input.source, sharerId }, now);
  if (!claim) {
    // The compensation: the unit taken above goes back, since no claim holds it.
    await updateWhere('coupons', { _id: coupon._id }, { claimedCount: _.inc(-1) });
    return refuse('COUPON_LIMIT_REACHED');
  }
  return ok({ coupon: heldView(claim, now), binding: await bindThroughShare(userId, input.shareCode, now, clientIp) });
}
