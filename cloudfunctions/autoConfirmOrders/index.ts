/**
 * autoConfirmOrders: the hourly timer that confirms receipt of shipped orders the shopper did
 * not confirm within autoConfirmDays (docs/rules.md section 5). It stops starting orders when its time
 * budget (_lib/timer.ts) is spent; the next run continues. See docs/api.md (autoConfirmOrders).
 */
import { TIMER_CONTRACTS } from '@shared/contracts/timers';
import { timerMain } from '../_lib/timer';
import { confirmDueOrders } from './sweep';

export const main = timerMain('autoConfirmOrders', TIMER_CONTRACTS.autoConfirmOrders, (input, budget, now) =>
  confirmDueOrders({ pageSize: input.pageSize, budgetMs: budget.budgetMs }, now, budget.elapsedMs),
);
