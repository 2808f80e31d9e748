/**
 * profile: the caller's own profile (routes in `event.$url`). Identity comes from
 * getWXContext(); no route takes a user id. See docs/api.md (profile).
 */
import { z } from 'zod';
import { MyPointsInput, PointsPage } from './points';
import type { DistributorStatus as StoredDistributorStatus } from '../users';

/** The stored distributor status (shared/users.ts), as a schema for results. */
export const DistributorStatus = z.enum(['none', 'pending', 'approved', 'rejected', 'disabled', 'exited']);
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/**
 * Fails to compile when the schema and the stored type drift apart. Exported only so that the
 * unused-locals check keeps it; nothing imports it.
 * @public
 */
export const DISTRIBUTOR_STATUS_MATCHES_USERS: Same<z.infer<typeof DistributorStatus>, StoredDistributorStatus> = true;

/** An amount in fen (integer; an available balance may be negative after a clawback). */
const Fen = z.number().int();

export const NICKNAME_MAX_CHARS = 20;
export const AVATAR_URL_MAX_LENGTH = 1024;

/** Control characters (line breaks included) have no place in a name shown on posters and rankings. */
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

/** A nickname: trimmed, 1-20 characters counted as Unicode code points (an emoji is one). */
export const Nickname = z
  .string()
  .trim()
  .refine(
    (name) => Array.from(name).length >= 1 && Array.from(name).length <= NICKNAME_MAX_CHARS,
    `nickname must be 1-${NICKNAME_MAX_CHARS} characters`,
  )
  .refine((name) => !CONTROL_CHARACTERS.test(name), 'nickname must not contain control characters');

/**
 * A cloud file id or an https URL with a host. A pattern, not `new URL()`: contracts are shared
 * with the mini-program, whose JavaScript runtime has no URL class.
 */
function isAvatarUrl(value: string): boolean {
  return /^cloud:\/\/\S+$/.test(value) || /^https:\/\/[A-Za-z0-9.-]+(:\d+)?(\/\S*)?$/.test(value);
}

/** An avatar: a cloud storage file id (`cloud://...`, what wx.cloud.uploadFile answers) or an https URL. */
export const AvatarUrl = z
  .string()
  .trim()
  .max(AVATAR_URL_MAX_LENGTH)
  .refine(isAvatarUrl, 'avatarUrl must be a cloud:// file id or an https URL');

/** Inputs are strict: an unknown field (a typo, or an attempt to pass an identity) is refused. */
export const ProfileGetInput = z.strictObject({});
export type ProfileGetInput = z.input<typeof ProfileGetInput>;

export const ProfileUpdateInput = z
  .strictObject({ nickname: Nickname.optional(), avatarUrl: AvatarUrl.optional() })
  .refine((input) => input.nickname !== undefined || input.avatarUrl !== undefined, 'give nickname, avatarUrl or both');
export type ProfileUpdateInput = z.input<typeof ProfileUpdateInput>;

/** What `get` and `update` answer: the caller's profile as the mini-program shows it. */
export const ProfileView = z.object({
  /** Empty until the user sets one (the mini-program then shows 微信用户). */
  nickname: z.string(),
  avatarUrl: z.string(),
  /** The caller's own share code (推广码). */
  shareCode: z.string(),
  distributor: z.object({
    /** The stored status; under `everyone` a user with `none` is a distributor too. */
    status: DistributorStatus,
    /** Whether the caller may earn commission now, under the current rules (isDistributor). */
    isDistributor: z.boolean(),
    /** The grade the caller holds: the stored one, or the rules' default grade. */
    gradeId: z.string(),
    gradeName: z.string(),
  }),
  /** The referrer (上级) while the binding is in force; null when unbound or lapsed. */
  referrer: z
    .object({
      nickname: z.string(),
      avatarUrl: z.string(),
      /** When a `days:N` binding lapses (ISO time); null when it does not. */
      bindingExpiresAt: z.iso.datetime().nullable(),
    })
    .nullable(),
  /**
   * The caller's account (shared/ledger.ts Balances), fen; null when they have none (nobody ever
   * earned them commission). Shown whatever the distributor status: an exited or disabled
   * distributor keeps the money earned. `availableFen` is negative only after a clawback.
   */
  balances: z.object({ frozenFen: Fen, availableFen: Fen, withdrawingFen: Fen, withdrawnFen: Fen }).nullable(),
  /**
   * Earnings in total, fen: commission amounts net of reversals and clawbacks (shared/earnings.ts
   * netEarnedFen), the distributor center's `earnings.totalFen`; null exactly when `balances` is.
   */
  earnings: z.object({ totalFen: Fen }).nullable(),
});
export type ProfileView = z.infer<typeof ProfileView>;

export const ProfileGetOutput = ProfileView;
export type ProfileGetOutput = ProfileView;
export const ProfileUpdateOutput = ProfileView;
export type ProfileUpdateOutput = ProfileView;

/** Every code profile answers with `ok: false`. */
/** The profile function's route table (cloudfunctions/profile/index.ts serves it). */
export const PROFILE_CONTRACTS = {
  get: { input: ProfileGetInput, output: ProfileGetOutput },
  update: { input: ProfileUpdateInput, output: ProfileUpdateOutput },
  /** The caller's points (积分): account, history page, the shop's rates (shared/contracts/points.ts). */
  points: { input: MyPointsInput, output: PointsPage },
} as const;
export type ProfileRoute = keyof typeof PROFILE_CONTRACTS;

/** The codes the profile function answers with `ok: false` besides the common ones (none). */
export const PROFILE_ERRORS = [] as const;
export type ProfileError = (typeof PROFILE_ERRORS)[number];
