/**
 * Contracts of the operational functions: systemCheck (is the backend alive, can it write,
 * transact and call other functions?) and whoami (what identity does the platform inject?).
 */
import { z } from 'zod';

/** systemCheck takes an optional note that is echoed back, to prove the event reaches the function. */
export const SystemCheckInput = z.strictObject({ note: z.string().max(100).optional() });
export type SystemCheckInput = z.infer<typeof SystemCheckInput>;

/** whoami takes nothing: any field is refused (INVALID_INPUT), so a caller cannot mistake it for a function that reads its input. */
export const WhoamiInput = z.strictObject({});

export const WhoamiOutput = z.object({
  /** The caller's OPENID from getWXContext(); empty for timer triggers. */
  openid: z.string(),
  appid: z.string(),
  /** The invocation source chain, e.g. `wx_client` or `wx_client,scf` for function-to-function calls. */
  source: z.string(),
});
export type WhoamiOutput = z.infer<typeof WhoamiOutput>;

export const SystemCheckOutput = z.object({
  note: z.string().nullable(),
  /** How many systemCheck calls have committed, counted in one transaction with their heartbeat. */
  heartbeatCount: z.number().int(),
  /** What whoami saw when systemCheck called it with cloud.callFunction. */
  callee: WhoamiOutput,
});
export type SystemCheckOutput = z.infer<typeof SystemCheckOutput>;

/** The one operation of each (served without a user: deployments and tests call them from outside). */
export const WHOAMI_CONTRACT = { input: WhoamiInput, output: WhoamiOutput } as const;
export const SYSTEM_CHECK_CONTRACT = { input: SystemCheckInput, output: SystemCheckOutput } as const;
/** systemCheck's own code: whoami did not answer ok. */
export const SYSTEM_CHECK_ERRORS = ['CALLEE_FAILED'] as const;
export type SystemCheckError = (typeof SYSTEM_CHECK_ERRORS)[number];
