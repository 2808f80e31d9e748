/**
 * uploadShipping (timer, every 30 minutes): retries the reports of shipped orders to WeChat
 * (发货信息管理) that were not accepted yet (./retry.ts). shipOrder reports at once; this timer
 * is for the reports that failed (the platform was down, refused, or the function stopped
 * before it reported), each once its backoff has passed, until WeChat accepts it. See
 * docs/api.md (uploadShipping).
 */
import { TIMER_CONTRACTS } from '@shared/contracts/timers';
import { timerMain } from '../_lib/timer';
import { retryUploads } from './retry';

export const main = timerMain('uploadShipping', TIMER_CONTRACTS.uploadShipping, (input, budget, now) =>
  retryUploads(input, now, budget),
);
