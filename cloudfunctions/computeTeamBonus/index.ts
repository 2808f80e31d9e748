/**
 * computeTeamBonus: the daily timer (02:30 UTC+8) that, on the first days of a month, computes
 * the team bonus (团队奖励) of the month before for every distributor with team sales and grants
 * it once (`tb:<userId>:<yyyymm>`). It stops starting pages when its time budget (_lib/timer.ts)
 * is spent and the next run continues from the saved position. See docs/api.md (computeTeamBonus)
 * and docs/team.md section 1.
 */
import { TIMER_CONTRACTS } from '@shared/contracts/timers';
import { timerMain } from '../_lib/timer';
import { computeTeamBonus } from './run';

export const main = timerMain('computeTeamBonus', TIMER_CONTRACTS.computeTeamBonus, (input, budget, now) =>
  computeTeamBonus(input.pageSize, budget, now),
);
