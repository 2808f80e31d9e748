/**
 * watchOperations (timer, every 30 minutes): finds money movements that failed or stopped
 * (settlements, refunds, transfers), reconciliation mismatches and refused subscribe messages,
 * keeps one alert per subject in `alerts` (raised, refreshed, resolved when the condition
 * clears), and messages the admins once per newly raised alert (./watch.ts). The merchant sees
 * the open alerts on the dashboard as 待处理. See docs/alerts.md and docs/api.md (watchOperations).
 */
import { TIMER_CONTRACTS } from '@shared/contracts/timers';
import { timerMain } from '../_lib/timer';
import { watch } from './watch';

export const main = timerMain('watchOperations', TIMER_CONTRACTS.watchOperations, (_input, budget, now) =>
  watch(now, budget),
);
