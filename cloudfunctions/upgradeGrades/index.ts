/**
 * upgradeGrades: the daily timer (03:00 UTC+8) that moves distributors up to the grade their
 * progress earns. It stops starting pages when its time budget (_lib/timer.ts) is spent and the
 * next run continues from the saved position. See docs/api.md (upgradeGrades).
 */
import { TIMER_CONTRACTS } from '@shared/contracts/timers';
import { timerMain } from '../_lib/timer';
import { sweep } from './sweep';

export const main = timerMain('upgradeGrades', TIMER_CONTRACTS.upgradeGrades, (input, budget, now) =>
  sweep({ pageSize: input.pageSize, maxPages: input.maxPages, budgetMs: budget.budgetMs }, now, budget.elapsedMs),
);
