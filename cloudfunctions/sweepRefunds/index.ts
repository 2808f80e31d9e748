/**
 * sweepRefunds (timer, every 30 minutes): finishes after-sale refunds that WeChat Pay made but
 * this shop never finished (./sweep.ts). Only onRefundCallback used to finish a refund, so when
 * the platform stopped re-delivering a notification (it gives up after about a day) an accepted
 * refund never reversed its commission, and a commission already released was never clawed
 * back. The sweep runs the callback's own steps (_lib/afterSaleRefund.ts) for every request
 * still open after its refund was submitted. See docs/api.md (sweepRefunds).
 */
import { TIMER_CONTRACTS } from '@shared/contracts/timers';
import { timerMain } from '../_lib/timer';
import { sweepRefunds } from './sweep';

export const main = timerMain('sweepRefunds', TIMER_CONTRACTS.sweepRefunds, (input, budget, now) =>
  sweepRefunds(input, now, budget),
);
