/**
 * The admin's coupon routes (商家优惠券): define and edit a coupon, pause, resume and end it,
 * list them, and read one coupon's results. Use cases in cloudfunctions/admin/coupons.ts;
 * docs/api.md (admin, coupons) describes them. A claimed coupon holds a copy of the terms, so an
 * edit changes only what later claims get.
 */
import { z } from 'zod';
import { SHARE_CODE_PATTERN } from '../shareCode';
import { CouponAmountsView } from './coupon';

const strict = z.strictObject;
const Id = z.string().trim().min(1).max(64);
const CouponId = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9-]{1,40}$/, 'letters, digits and - only');
const Fen = z.number().int().min(1).max(100_000_000);
const IsoTime = z.string();
const ShareCode = z
  .string()
  .trim()
  .transform((code) => code.toUpperCase())
  .refine((code) => SHARE_CODE_PATTERN.test(code), 'not a share code');

/** What a coupon takes off, by kind; the fields the other kinds carry are stored as 0. */
export const CouponTermsInput = z.discriminatedUnion('kind', [
  strict({ kind: z.literal('threshold'), thresholdFen: Fen, offFen: Fen }).refine(
    (terms) => terms.offFen < terms.thresholdFen,
    { message: 'the amount off must be below the threshold', path: ['offFen'] },
  ),
  strict({ kind: z.literal('discount'), payRateBp: z.number().int().min(1).max(9999), maxOffFen: Fen }),
  strict({ kind: z.literal('noThreshold'), offFen: Fen }),
]);

export const ScopeInput = z.discriminatedUnion('kind', [
  strict({ kind: z.literal('shop') }),
  strict({ kind: z.literal('categories'), categoryIds: z.array(Id).min(1).max(50) }),
  strict({ kind: z.literal('products'), productIds: z.array(Id).min(1).max(200) }),
]);

export const ValidityInput = z.discriminatedUnion('kind', [
  strict({
    kind: z.literal('fixed'),
    from: z.iso.datetime({ offset: true }),
    to: z.iso.datetime({ offset: true }),
  }).refine((validity) => Date.parse(validity.from) < Date.parse(validity.to), {
    message: 'from must be before to',
    path: ['to'],
  }),
  strict({ kind: z.literal('afterClaim'), days: z.number().int().min(1).max(365) }),
]);

export const SaveCouponInput = strict({
  /** `create` refuses an id in use by another definition (the same definition again is a replay); `update` an unknown id. */
  mode: z.enum(['create', 'update']),
  couponId: CouponId,
  name: z.string().trim().min(1).max(30),
  terms: CouponTermsInput,
  scope: ScopeInput,
  validity: ValidityInput,
  totalQuantity: z.number().int().min(1).max(1_000_000),
  perUserLimit: z.number().int().min(1).max(100),
  /** A distributor-exclusive coupon: the approved distributor's share code; null for everyone. */
  exclusiveShareCode: ShareCode.nullable(),
  /** Whether distributors earn commission on the lines it discounts. */
  commission: z.boolean(),
});
export type SaveCouponInput = z.input<typeof SaveCouponInput>;

export const AdminCouponView = z.object({
  couponId: z.string(),
  ...CouponAmountsView.shape,
  /** ¥20.00 / 8.5折, and 满¥100.00可用 / 最高减¥10.00 / 无门槛. */
  headline: z.string(),
  condition: z.string(),
  scope: z.object({ kind: z.enum(['shop', 'categories', 'products']), ids: z.array(z.string()) }),
  validity: z.object({
    kind: z.enum(['fixed', 'afterClaim']),
    from: IsoTime.nullable(),
    to: IsoTime.nullable(),
    days: z.number().int().nullable(),
  }),
  totalQuantity: z.number().int(),
  claimedCount: z.number().int(),
  perUserLimit: z.number().int(),
  /** The distributor of an exclusive coupon (their share code and nickname), else null. */
  exclusive: z.object({ distributorId: z.string(), shareCode: z.string(), nickname: z.string() }).nullable(),
  commission: z.boolean(),
  status: z.enum(['active', 'paused', 'ended']),
  createdAt: IsoTime,
  updatedAt: IsoTime,
});
export type AdminCouponView = z.infer<typeof AdminCouponView>;

export const SaveCouponOutput = z.object({
  /** `replayed`: this very definition was already stored (a retried create); `unchanged`: an update that changed nothing. */
  status: z.enum(['created', 'updated', 'replayed', 'unchanged']),
  coupon: AdminCouponView,
});

export const SetCouponStatusInput = strict({ couponId: CouponId, action: z.enum(['pause', 'resume', 'end']) });
export const SetCouponStatusOutput = z.object({
  /** `unchanged`: it was already in the state asked for (a replay). */
  status: z.enum(['changed', 'unchanged']),
  coupon: AdminCouponView,
});

export const ListCouponsInput = strict({
  status: z.enum(['active', 'paused', 'ended']).optional(),
  limit: z.number().int().min(1).max(50).default(20),
  offset: z.number().int().min(0).max(10_000).default(0),
});
export const ListCouponsOutput = z.object({
  /** Newest first; `usedCount`: claims an order holds now. */
  items: z.array(AdminCouponView.extend({ usedCount: z.number().int() })),
  nextOffset: z.number().int().nullable(),
});

export const CouponResultsInput = strict({ couponId: CouponId });
export const CouponResults = z.object({
  /** Claims made (the coupon's claimedCount). */
  claimed: z.number().int(),
  /** Claims an order holds now (paid, or unpaid and still open). */
  used: z.number().int(),
  /** Paid orders holding one of its claims. */
  paidOrders: z.number().int(),
  /** What those orders' shoppers paid, fen (shipping included). */
  salesFen: z.number().int(),
  /** Commission recorded on the lines the coupon discounted in those orders, net of reversals, fen. */
  commissionFen: z.number().int(),
});
export const CouponResultsOutput = z.object({ coupon: AdminCouponView, results: CouponResults });

export const ADMIN_COUPON_CONTRACTS = {
  listCoupons: { input: ListCouponsInput, output: ListCouponsOutput },
  saveCoupon: { input: SaveCouponInput, output: SaveCouponOutput },
  setCouponStatus: { input: SetCouponStatusInput, output: SetCouponStatusOutput },
  couponResults: { input: CouponResultsInput, output: CouponResultsOutput },
} as const;

export const ADMIN_COUPON_ERRORS = [
  'COUPON_NOT_FOUND',
  /** create: the id holds another definition. */
  'COUPON_EXISTS',
  /** A category or product of the scope does not exist. */
  'COUPON_SCOPE_UNKNOWN',
  /** The exclusive share code is not an approved distributor's. */
  'COUPON_DISTRIBUTOR_INVALID',
  /** totalQuantity below what was already claimed. */
  'COUPON_QUANTITY_BELOW_CLAIMED',
  /** An ended coupon is never edited, paused or resumed again. */
  'COUPON_ENDED',
] as const;
