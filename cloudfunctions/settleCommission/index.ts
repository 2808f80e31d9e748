/** settleCommission: settles one paid order's commission. Not for mini-program users. See docs/api.md. */
import { SettleCommissionInput, type SettleCommissionOutput } from '@shared/contracts/settleCommission';
import { fail, type Result } from '@shared/result';
import { caller, parseEvent } from '../_lib/cloud';
import { settleOrder } from '../_lib/settleOrder';

export async function main(event: unknown): Promise<Result<SettleCommissionOutput>> {
  const input = parseEvent(SettleCommissionInput, event);
  if (!input.ok) return input;
  // Money moves only when the platform or our own functions ask: a user context is refused.
  if (caller().openid) return fail('FORBIDDEN', 'settleCommission is started by the payment flow, not by users');
  return settleOrder(input.data.orderId, new Date());
}
