/**
 * computeShopTotals: the timer (every 10 minutes) that counts completed and closed orders and
 * sums the commission owed over every account, into the `system` document `shopTotals`, which
 * the admin dashboard reads. It does the whole-collection grouping once per 10 minutes instead
 * of once per dashboard call. See docs/api.md (computeShopTotals).
 */
import { TIMER_CONTRACTS } from '@shared/contracts/timers';
import { timerMain } from '../_lib/timer';
import { computeShopTotals } from './totals';

export const main = timerMain('computeShopTotals', TIMER_CONTRACTS.computeShopTotals, (_input, _budget, now) =>
  computeShopTotals(now),
);
