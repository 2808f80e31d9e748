/**
 * closeGroups: the every-minute timer that fails the 拼团 groups not filled by their expiresAt and
 * settles them: every paid member refunded in full through WeChat Pay, every unpaid member's
 * order closed (docs/marketing.md section "拼团"). It stops starting groups when its time budget
 * (_lib/timer.ts) is spent; the next run continues. See docs/api.md (closeGroups).
 */
import { TIMER_CONTRACTS } from '@shared/contracts/timers';
import { timerMain } from '../_lib/timer';
import { closeExpiredGroups } from './sweep';

export const main = timerMain('closeGroups', TIMER_CONTRACTS.closeGroups, (input, budget, now) =>
  closeExpiredGroups(input.pageSize, budget, now),
);
