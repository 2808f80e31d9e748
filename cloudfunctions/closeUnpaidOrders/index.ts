/**
 * closeUnpaidOrders: the every-minute timer that closes orders left unpaid past their
 * payDeadline (docs/rules.md section 5, `unpaidTimeoutMinutes`), gives their stock back and closes
 * their payment on the platform so that a late payment cannot happen. It stops starting orders
 * at half the function's timeout; the next run continues. See docs/api.md (closeUnpaidOrders).
 */
import { OrderSweepInput, type CloseUnpaidOrdersOutput } from '../../shared/contracts/order';
import { fail, ok, type Result } from '../../shared/result';
import { caller, parseEvent } from '../_lib/cloud';
import { closeOverdueOrders } from './sweep';

/** The timeout in config.json, for a platform that does not pass `time_limit_in_ms`. */
const CONFIGURED_TIMEOUT_MS = 60_000;

export async function main(event: unknown, context?: { time_limit_in_ms?: number }): Promise<Result<CloseUnpaidOrdersOutput>> {
  const input = parseEvent(OrderSweepInput, event);
  if (!input.ok) return input;
  // Timers and the console call without a user; a mini-program user may not start a sweep.
  if (caller().openid) return fail('FORBIDDEN', 'closeUnpaidOrders runs from its timer');
  // A monotonic clock: the wall clock may jump (and does, on the emulator's virtual clock).
  const started = performance.now();
  const halfTimeoutMs = (context?.time_limit_in_ms ?? CONFIGURED_TIMEOUT_MS) / 2;
  const limits = { pageSize: input.data.pageSize, budgetMs: Math.min(input.data.budgetMs ?? halfTimeoutMs, halfTimeoutMs) };
  return ok(await closeOverdueOrders(limits, new Date(), () => performance.now() - started));
}
