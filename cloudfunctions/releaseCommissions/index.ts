/**
 * releaseCommissions: the timer (every 10 minutes) that releases commissions whose return window
 * has ended, frozen → available, in claimed batches, and stops starting pages when its time
 * budget (_lib/timer.ts) is spent; the next run continues. See docs/api.md (releaseCommissions)
 * and cloudfunctions/_lib/release.ts.
 */
import { TIMER_CONTRACTS } from '@shared/contracts/timers';
import { timerMain } from '../_lib/timer';
import { releaseDue } from './run';

export const main = timerMain('releaseCommissions', TIMER_CONTRACTS.releaseCommissions, (_input, budget, now) =>
  releaseDue(now, budget.budgetMs, budget.elapsedMs),
);
