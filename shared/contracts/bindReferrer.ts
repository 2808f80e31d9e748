/**
 * bindReferrer: binds the caller to the distributor whose share code they arrived with.
 * Identity comes from getWXContext(); the event carries only the share code.
 */
import { z } from 'zod';
import { BIND_REFUSALS } from '../binding';
import { SHARE_CODE_PATTERN } from '../shareCode';

export const BindReferrerInput = z.strictObject({
  /** The share code from the link or the mini-program code's scene (case-insensitive). */
  shareCode: z
    .string()
    .trim()
    .transform((code) => code.toUpperCase())
    .refine((code) => SHARE_CODE_PATTERN.test(code), 'not a share code'),
});
export type BindReferrerInput = z.input<typeof BindReferrerInput>;

export const BindReferrerOutput = z.object({
  /** `bound`: a new binding was made; `unchanged`: the caller was already bound to this referrer. */
  status: z.enum(['bound', 'unchanged']),
  /** What the mini-program may show of the referrer (never their OPENID). */
  referrer: z.object({ nickname: z.string(), avatarUrl: z.string(), shareCode: z.string() }),
  /** When the binding lapses (days:N bindings), ISO time; null when it does not. */
  bindingExpiresAt: z.string().nullable(),
});
export type BindReferrerOutput = z.infer<typeof BindReferrerOutput>;

/** The function's one operation (cloudfunctions/bindReferrer/index.ts serves it). */
export const BIND_REFERRER_CONTRACT = { input: BindReferrerInput, output: BindReferrerOutput } as const;

/** The codes bindReferrer answers with `ok: false` besides the common ones. */
export const BIND_REFERRER_ERRORS = [
  ...BIND_REFUSALS,
  'BIND_CONFLICT',
  /** Risk holds' binding rate limit: this client IP made the rules' most binds this hour (docs/rules.md section 9). */
  'RATE_LIMITED',
] as const;
export type BindReferrerError = (typeof BIND_REFERRER_ERRORS)[number];
