/**
 * releaseCommissions: the timer (every 10 minutes) that releases commissions whose return window
 * has ended, frozen → available, in claimed batches, and stops before its time limit; the next
 * run continues. See docs/api.md (releaseCommissions) and cloudfunctions/_lib/release.ts.
 */
import { ReleaseCommissionsInput, type ReleaseCommissionsOutput } from '../../shared/contracts/releaseCommissions';
import { fail, ok, type Result } from '../../shared/result';
import { caller, parseEvent } from '../_lib/cloud';
import { releaseDue } from './run';

/** Real time a run spends starting pages: well inside the 60 s timeout, since a page may take a few seconds. */
const DEFAULT_BUDGET_MS = 40_000;
/** Kept free before the platform's time limit for the page in progress. */
const RESERVE_MS = 15_000;

export async function main(event: unknown, context?: { time_limit_in_ms?: number }): Promise<Result<ReleaseCommissionsOutput>> {
  const input = parseEvent(ReleaseCommissionsInput, event);
  if (!input.ok) return input;
  // Money moves only when the timer (or a trusted caller without a user) asks.
  if (caller().openid) return fail('FORBIDDEN', 'releaseCommissions runs from its timer');
  // performance.now(): real elapsed time. Date follows the platform's clock, which on the
  // emulator is virtual and may jump.
  const started = performance.now();
  const limitMs = Math.max(0, (context?.time_limit_in_ms ?? 60_000) - RESERVE_MS);
  const budgetMs = Math.min(input.data.budgetMs ?? DEFAULT_BUDGET_MS, limitMs);
  return ok(await releaseDue(new Date(), budgetMs, () => performance.now() - started));
}
