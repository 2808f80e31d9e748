/**
 * autoConfirmOrders: the hourly timer that confirms receipt of shipped orders the shopper did
 * not confirm within autoConfirmDays (docs/rules.md section 5). It stops starting orders at half the
 * function's timeout; the next run continues. See docs/api.md (autoConfirmOrders).
 */
import { OrderSweepInput, type AutoConfirmOrdersOutput } from '../../shared/contracts/order';
import { fail, ok, type Result } from '../../shared/result';
import { caller, parseEvent } from '../_lib/cloud';
import { confirmDueOrders } from './sweep';

/** The timeout in config.json, for a platform that does not pass `time_limit_in_ms`. */
const CONFIGURED_TIMEOUT_MS = 60_000;

export async function main(event: unknown, context?: { time_limit_in_ms?: number }): Promise<Result<AutoConfirmOrdersOutput>> {
  const input = parseEvent(OrderSweepInput, event);
  if (!input.ok) return input;
  if (caller().openid) return fail('FORBIDDEN', 'autoConfirmOrders runs from its timer');
  const started = performance.now();
  const halfTimeoutMs = (context?.time_limit_in_ms ?? CONFIGURED_TIMEOUT_MS) / 2;
  const limits = { pageSize: input.data.pageSize, budgetMs: Math.min(input.data.budgetMs ?? halfTimeoutMs, halfTimeoutMs) };
  return ok(await confirmDueOrders(limits, new Date(), () => performance.now() - started));
}
