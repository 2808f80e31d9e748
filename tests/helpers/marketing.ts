/**
 * Coupons held by shoppers and live activities, written straight into the emulator in the shape
 * shared/coupons.ts and shared/activities.ts declare (the routes that create them are tested on
 * their own).
 */
import type { EmulatorHandle } from '../../emulator/src/index';
import type { ActivityDocument } from '@shared/activities';
import type { CouponTerms, UserCouponDocument } from '@shared/coupons';

const DAY_MS = 86_400_000;

function clock(emu: EmulatorHandle): Date {
  return new Date(emu.emulator.options.clock.now());
}

/** A coupon the shopper holds, valid from a day ago for `validForMs` (default 7 days). */
export function seedHeldCoupon(
  emu: EmulatorHandle,
  userCouponId: string,
  userId: string,
  terms: Partial<CouponTerms>,
  validForMs = 7 * DAY_MS,
): UserCouponDocument {
  const now = clock(emu);
  const doc: UserCouponDocument = {
    _id: userCouponId,
    couponId: userCouponId.split('_')[0] ?? userCouponId,
    userId,
    terms: {
      name: '优惠券',
      kind: 'noThreshold',
      thresholdFen: 0,
      offFen: 1_000,
      payRateBp: 0,
      maxOffFen: 0,
      scope: { kind: 'shop' },
      commission: true,
      ...terms,
    },
    validFrom: new Date(now.getTime() - DAY_MS),
    validTo: new Date(now.getTime() + validForMs),
    status: 'available',
    orderId: null,
    source: 'center',
    sharerId: null,
    claimedAt: now,
    usedAt: null,
    updatedAt: now,
  };
  emu.insert('userCoupons', [doc as unknown as Record<string, unknown>]);
  return doc;
}

type NewActivity =
  | {
      kind: 'fullReduction';
      scope: Extract<ActivityDocument, { kind: 'fullReduction' }>['scope'];
      tiers: Array<{ thresholdFen: number; offFen: number }>;
    }
  | { kind: 'timedDiscount'; skus: Array<{ skuId: string; productId: string; priceFen: number }> }
  | ({ kind: 'groupBuy' } & Omit<
      Extract<ActivityDocument, { kind: 'groupBuy' }>,
      '_id' | 'name' | 'startAt' | 'endAt' | 'status' | 'commission' | 'createdAt' | 'updatedAt' | 'kind'
    >);

/** A live activity: started a day ago, ends in 30 days. */
export function seedActivity(
  emu: EmulatorHandle,
  id: string,
  name: string,
  activity: NewActivity,
  commission = true,
): ActivityDocument {
  const now = clock(emu);
  const doc = {
    _id: id,
    name,
    startAt: new Date(now.getTime() - DAY_MS),
    endAt: new Date(now.getTime() + 30 * DAY_MS),
    status: 'active',
    commission,
    createdAt: now,
    updatedAt: now,
    ...activity,
  } as ActivityDocument;
  emu.insert('activities', [doc as unknown as Record<string, unknown>]);
  return doc;
}

export function heldCouponDoc(emu: EmulatorHandle, id: string): UserCouponDocument | undefined {
  return emu.emulator.store.scan('userCoupons').find((doc) => doc._id === id) as unknown as
    UserCouponDocument | undefined;
}
