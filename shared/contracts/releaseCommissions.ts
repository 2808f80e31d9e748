/**
 * releaseCommissions: the timer (every 10 minutes) that moves commissions whose return window has
 * ended from the frozen to the available balance, in claimed batches, within a time budget; the
 * next run continues. Never started by mini-program users. See docs/api.md (releaseCommissions).
 */
import { z } from 'zod';

/** The timer's own event carries none of these fields (it is `{ Type, TriggerName, Time, Message }`). */
export const ReleaseCommissionsInput = z.object({
  /** No new page starts after this many ms of real time in the run (default 40 000; for tests and the console). */
  budgetMs: z.number().int().min(0).max(50_000).optional(),
});
export type ReleaseCommissionsInput = z.input<typeof ReleaseCommissionsInput>;

export const ReleaseCommissionsOutput = z.object({
  /** Completed orders whose scheduling was re-driven (phase 0). */
  rescheduledOrders: z.number().int(),
  /** Batches a crashed or busy run had left releasing, finished now (phase 1). */
  recoveredBatches: z.number().int(),
  /** Commissions moved to released by this run, recovered batches included. */
  releasedCommissions: z.number().int(),
  /** Batches this run finished (recovered ones included). */
  batches: z.number().int(),
  /** Batches left releasing because their transactions kept conflicting (the next run finishes them). */
  busyBatches: z.number().int(),
  /** Pages of due commissions read (phase 2). */
  pages: z.number().int(),
  /** Due commissions skipped because an open after-sale holds their line. */
  held: z.number().int(),
  /** True when the budget ran out while due commissions may remain: the next run continues. */
  more: z.boolean(),
});
export type ReleaseCommissionsOutput = z.infer<typeof ReleaseCommissionsOutput>;

export type ReleaseCommissionsError = 'INVALID_INPUT' | 'FORBIDDEN';
