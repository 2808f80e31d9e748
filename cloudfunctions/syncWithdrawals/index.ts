/**
 * syncWithdrawals (timer, every 30 minutes): brings paying WeChat transfers up to date with
 * WeChat Pay, oldest first (./sync.ts). The distributor's own `sync` covers the usual path (the
 * mini-program syncs right after the confirmation), but a distributor may close the mini-program
 * after confirming, never confirm, or the bill's creation may have been lost after the approval:
 * this timer finishes those (withdrawn, or failed with the amount back in available) and creates
 * missing bills. It stops starting new syncs when its time budget (_lib/timer.ts) is spent; the
 * next run continues. See docs/api.md (syncWithdrawals).
 */
import { TIMER_CONTRACTS } from '@shared/contracts/timers';
import { timerMain } from '../_lib/timer';
import { syncPaying } from './sync';

export const main = timerMain('syncWithdrawals', TIMER_CONTRACTS.syncWithdrawals, (_input, budget, now) =>
  syncPaying(now, budget),
);
