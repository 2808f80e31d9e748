/** Factories for coupon tests: coupon definitions written straight into the emulator (shared/coupons.ts). */
import type { CouponDocument, UserCouponDocument } from '@shared/coupons';
import type { EmulatorHandle } from '../../emulator/src/index';

const DAY_MS = 24 * 60 * 60 * 1000;

/** A coupon: by default 满¥100 减¥20 on the whole shop, 100 units, one per shopper, valid 7 days after claim. */
export function seedCoupon(emu: EmulatorHandle, coupon: Partial<CouponDocument> & { _id: string }): CouponDocument {
  const now = new Date(emu.emulator.options.clock.now());
  const doc: CouponDocument = {
    name: `券 ${coupon._id}`,
    kind: 'threshold',
    thresholdFen: 10_000,
    offFen: 2_000,
    payRateBp: 0,
    maxOffFen: 0,
    scope: { kind: 'shop' },
    commission: true,
    validity: { kind: 'afterClaim', days: 7 },
    totalQuantity: 100,
    claimedCount: 0,
    perUserLimit: 1,
    exclusiveDistributorId: null,
    status: 'active',
    createdAt: now,
    updatedAt: now,
    ...coupon,
  };
  emu.insert('coupons', [doc as unknown as Record<string, unknown>]);
  return doc;
}

/** A claim held by `userId`, valid `days` from now (negative: already expired). */
export function seedClaim(
  emu: EmulatorHandle,
  coupon: CouponDocument,
  userId: string,
  claim: Partial<UserCouponDocument> & { days?: number } = {},
): UserCouponDocument {
  const now = new Date(emu.emulator.options.clock.now());
  const { days = 7, ...fields } = claim;
  const { name, kind, thresholdFen, offFen, payRateBp, maxOffFen, scope, commission } = coupon;
  const doc: UserCouponDocument = {
    _id: `${coupon._id}_${userId}_1`,
    couponId: coupon._id,
    userId,
    terms: { name, kind, thresholdFen, offFen, payRateBp, maxOffFen, scope, commission },
    validFrom: new Date(now.getTime() - DAY_MS),
    validTo: new Date(now.getTime() + days * DAY_MS),
    status: 'available',
    orderId: null,
    source: 'center',
    sharerId: null,
    claimedAt: now,
    usedAt: null,
    updatedAt: now,
    ...fields,
  };
  emu.insert('userCoupons', [doc as unknown as Record<string, unknown>]);
  return doc;
}

export const couponDoc = (emu: EmulatorHandle, id: string): CouponDocument | undefined =>
  emu.emulator.store.scan('coupons').find((row) => row._id === id) as unknown as CouponDocument | undefined;

export const claimsOf = (emu: EmulatorHandle, couponId: string): UserCouponDocument[] =>
  emu.emulator.store.scan('userCoupons').filter((row) => row.couponId === couponId) as unknown as UserCouponDocument[];
