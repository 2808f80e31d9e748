/**
 * sweepSettlements (timer, every 5 minutes): settles paid orders whose settlement is still
 * pending, oldest payment first, then applies settlement shares a crashed or timed-out settlement
 * left pending (./sweep.ts). It stops starting new work when its time budget (_lib/timer.ts) is
 * spent; the next run continues. See docs/api.md (sweepSettlements).
 */
import { TIMER_CONTRACTS } from '@shared/contracts/timers';
import { timerMain } from '../_lib/timer';
import { settlePending } from './sweep';

export const main = timerMain('sweepSettlements', TIMER_CONTRACTS.sweepSettlements, (_input, budget, now) =>
  settlePending(now, budget),
);
