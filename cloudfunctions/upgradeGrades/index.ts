/**
 * upgradeGrades: the daily timer (03:00 UTC+8) that moves distributors up to the grade their
 * progress earns. It stops starting pages at half the function's timeout and the next run
 * continues from the saved position. See docs/api.md (upgradeGrades).
 */
import { UpgradeGradesInput, type UpgradeGradesOutput } from '../../shared/contracts/distributor';
import { fail, ok, type Result } from '../../shared/result';
import { caller, parseEvent } from '../_lib/cloud';
import { sweep } from './sweep';

/** The timeout in config.json, for a platform that does not pass `time_limit_in_ms`. */
const CONFIGURED_TIMEOUT_MS = 60_000;

export async function main(event: unknown, context?: { time_limit_in_ms?: number }): Promise<Result<UpgradeGradesOutput>> {
  const input = parseEvent(UpgradeGradesInput, event);
  if (!input.ok) return input;
  // Timers and the console call without a user; a mini-program user may not start a sweep.
  if (caller().openid) return fail('FORBIDDEN', 'upgradeGrades runs from its timer');
  // A monotonic clock: the wall clock may jump (and does, on the emulator's virtual clock).
  const started = performance.now();
  const halfTimeoutMs = (context?.time_limit_in_ms ?? CONFIGURED_TIMEOUT_MS) / 2;
  const limits = { pageSize: input.data.pageSize, maxPages: input.data.maxPages, budgetMs: Math.min(input.data.budgetMs ?? halfTimeoutMs, halfTimeoutMs) };
  return ok(await sweep(limits, new Date(), () => performance.now() - started));
}
