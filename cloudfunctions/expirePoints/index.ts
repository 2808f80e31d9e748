/**
 * expirePoints: the timer (every 10 minutes) that moves the points of orders whose return window
 * has ended from frozen to available, then expires the points whose month has run out
 * (docs/wallet.md section 4). It stops starting pages when its time budget (_lib/timer.ts) is
 * spent; the next run continues. See docs/api.md (expirePoints) and ./run.ts.
 */
import { TIMER_CONTRACTS } from '@shared/contracts/timers';
import { timerMain } from '../_lib/timer';
import { runPoints } from './run';

export const main = timerMain('expirePoints', TIMER_CONTRACTS.expirePoints, (input, budget, now) =>
  runPoints(input.pageSize, budget, now),
);
