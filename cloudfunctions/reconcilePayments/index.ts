/**
 * reconcilePayments (timer, daily at 10:00 China time, when WeChat Pay's bills of the day
 * before are ready): compares what the shop recorded for the previous China day with what WeChat
 * Pay recorded (payments, refunds, transfers) and records every mismatch in the day's
 * `reconciliations` document (cloudfunctions/_lib/reconciliation/run.ts). An input `day`
 * reconciles that day instead; the admin's re-run uses the same use case. A failure of the
 * platform fails the run, leaving the day's previous document as it was. See docs/api.md
 * (reconcilePayments) and docs/reconciliation.md.
 */
import { TIMER_CONTRACTS } from '@shared/contracts/timers';
import { timerMain } from '../_lib/timer';
import { reconcileScheduled } from './day';

export const main = timerMain('reconcilePayments', TIMER_CONTRACTS.reconcilePayments, (input, budget, now) =>
  reconcileScheduled(input.day, budget, now),
);
