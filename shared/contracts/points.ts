/**
 * Points (积分, docs/wallet.md section 4) as the shopper and the merchant see them: the shopper's
 * route `profile › points` (the 积分 page and 我的), and the admin routes `userPoints` and
 * `adjustPoints` (part of ADMIN_CONTRACTS). Points are whole numbers; times ISO strings.
 */
import { z } from 'zod';
import type { PointsAccountDocument, PointsEntryDocument } from '../points';
import { expiryMonthOf, oldestMonthOf, POINTS_ENTRY_KINDS } from '../points';
import { chinaMonthRange } from '../chinaTime';

const Points = z.number().int();
const Paging = {
  limit: z.number().int().min(1).max(50).default(20),
  offset: z.number().int().min(0).max(10_000).default(0),
};

export const PointsAccountView = z.object({
  frozen: Points,
  available: Points,
  spent: Points,
  expired: Points,
  /** The next points to expire: how many and when (ISO, the end of their month); null when none will. */
  nextExpiry: z.object({ points: Points, at: z.string() }).nullable(),
});
export type PointsAccountView = z.infer<typeof PointsAccountView>;

export const PointsEntryView = z.object({
  id: z.string(),
  kind: z.enum(POINTS_ENTRY_KINDS),
  /** The change of each bucket (signed). */
  frozen: Points,
  available: Points,
  /** Points a take-back could not take (the account had too few), 0 otherwise. */
  shortfall: Points,
  availableAfter: Points,
  reason: z.string(),
  orderId: z.string().nullable(),
  by: z.string(),
  at: z.string(),
});
export type PointsEntryView = z.infer<typeof PointsEntryView>;

export const PointsPage = z.object({
  account: PointsAccountView,
  entries: z.array(PointsEntryView),
  /** The offset of the next page, or null on the last one. */
  nextOffset: z.number().int().nullable(),
  /** Whether the shop has points on, and its rates (the page explains them). */
  rules: z.object({ enabled: z.boolean(), pointsPerYuan: Points, earnPerYuan: Points, validityMonths: Points }),
});
export type PointsPage = z.infer<typeof PointsPage>;

/** The account as shown; `validityMonths` dates the next expiry (0: points never expire). */
export function pointsAccountView(account: PointsAccountDocument | null, validityMonths: number): PointsAccountView {
  if (!account) return { frozen: 0, available: 0, spent: 0, expired: 0, nextExpiry: null };
  const oldest = oldestMonthOf(account.months);
  const nextExpiry =
    oldest && validityMonths > 0
      ? {
          points: account.months[oldest] as number,
          at: chinaMonthRange(expiryMonthOf(oldest, validityMonths)).to.toISOString(),
        }
      : null;
  const { frozen, available, spent, expired } = account;
  return { frozen, available, spent, expired, nextExpiry };
}

export function pointsEntryView(entry: PointsEntryDocument): PointsEntryView {
  return {
    id: entry._id,
    kind: entry.kind,
    frozen: entry.deltas.frozen,
    available: entry.deltas.available,
    shortfall: entry.shortfall,
    availableAfter: entry.availableAfter,
    reason: entry.reason,
    orderId: entry.ref.orderId ?? null,
    by: entry.by,
    at: new Date(entry.at).toISOString(),
  };
}

export const MyPointsInput = z.strictObject({ ...Paging });

export const UserPointsInput = z.strictObject({ userId: z.string().min(1).max(64), ...Paging });
export const UserPointsOutput = PointsPage;

export const AdjustPointsInput = z.strictObject({
  userId: z.string().min(1).max(64),
  /** Signed, non-zero: added to (or taken from) the user's available points. */
  points: z
    .number()
    .int()
    .min(-10_000_000)
    .max(10_000_000)
    .refine((points) => points !== 0, 'points must not be 0'),
  /** Why, shown in the user's 积分 history. */
  reason: z.string().trim().min(1).max(60),
  /** The admin's key for this adjustment: the same key adjusts once. */
  requestId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
});
export const AdjustPointsOutput = z.object({ account: PointsAccountView, replayed: z.boolean() });

export const ADMIN_POINTS_CONTRACTS = {
  userPoints: { input: UserPointsInput, output: UserPointsOutput },
  adjustPoints: { input: AdjustPointsInput, output: AdjustPointsOutput },
} as const;

/** adjustPoints: a deduction larger than the user's available points (nothing is written). */
export const ADMIN_POINTS_ERRORS = ['POINTS_INSUFFICIENT'] as const;
