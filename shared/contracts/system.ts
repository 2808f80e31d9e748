/**
 * Contracts of the operational functions: systemCheck (is the backend alive, can it write,
 * transact and call other functions?) and whoami (what identity does the platform inject?).
 */
import { z } from 'zod';

/** systemCheck takes an optional note that is echoed back, to prove the event reaches the function. */
export const SystemCheckInput = z.object({ note: z.string().max(100).optional() });
export type SystemCheckInput = z.infer<typeof SystemCheckInput>;

export const WhoamiInput = z.object({});

export interface WhoamiOutput {
  /** The caller's OPENID from getWXContext(); empty for timer triggers. */
  openid: string;
  appid: string;
  /** The invocation source chain, e.g. `wx_client` or `wx_client,scf` for function-to-function calls. */
  source: string;
}

export interface SystemCheckOutput {
  note: string | null;
  /** How many systemCheck calls have committed, counted in one transaction with their heartbeat. */
  heartbeatCount: number;
  /** What whoami saw when systemCheck called it with cloud.callFunction. */
  callee: WhoamiOutput;
}
