/**
 * closeUnpaidOrders: the every-minute timer that closes orders left unpaid past their
 * payDeadline (docs/rules.md section 5, `unpaidTimeoutMinutes`), gives their stock back and closes
 * their payment on the platform so that a late payment cannot happen. It stops starting orders
 * when its time budget (_lib/timer.ts) is spent; the next run continues. See docs/api.md (closeUnpaidOrders).
 */
import { TIMER_CONTRACTS } from '@shared/contracts/timers';
import { timerMain } from '../_lib/timer';
import { closeOverdueOrders } from './sweep';

export const main = timerMain('closeUnpaidOrders', TIMER_CONTRACTS.closeUnpaidOrders, (input, budget, now) =>
  closeOverdueOrders({ pageSize: input.pageSize, budgetMs: budget.budgetMs }, now, budget.elapsedMs),
);
