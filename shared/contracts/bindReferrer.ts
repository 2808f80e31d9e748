/**
 * bindReferrer: binds the caller to the distributor whose share code they arrived with.
 * Identity comes from getWXContext(); the event carries only the share code.
 */
import { z } from 'zod';
import type { BindRefusal } from '../binding';
import { SHARE_CODE_PATTERN } from '../shareCode';

export const BindReferrerInput = z.object({
  /** The share code from the link or the mini-program code's scene (case-insensitive). */
  shareCode: z
    .string()
    .trim()
    .transform((code) => code.toUpperCase())
    .refine((code) => SHARE_CODE_PATTERN.test(code), 'not a share code'),
});
export type BindReferrerInput = z.input<typeof BindReferrerInput>;

export interface BindReferrerOutput {
  /** `bound`: a new binding was made; `unchanged`: the caller was already bound to this referrer. */
  status: 'bound' | 'unchanged';
  /** What the mini-program may show of the referrer (never their OPENID). */
  referrer: { nickname: string; avatarUrl: string; shareCode: string };
  /** When the binding lapses (days:N bindings), ISO time; null when it does not. */
  bindingExpiresAt: string | null;
}

/** Every code bindReferrer answers with `ok: false`. */
export type BindReferrerError = BindRefusal | 'INVALID_INPUT' | 'UNAUTHENTICATED' | 'BIND_CONFLICT';
