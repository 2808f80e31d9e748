/** settleCommission: settles one paid order's commission. Not for mini-program users. See docs/api.md. */
import { SETTLE_COMMISSION_CONTRACT } from '@shared/contracts/settleCommission';
import { fail } from '@shared/result';
import { serveOne } from '../_lib/router';
import { settleOrder } from '../_lib/settleOrder';

export const main = serveOne(SETTLE_COMMISSION_CONTRACT, (input, { now }) => settleOrder(input.orderId, now), {
  name: 'settleCommission',
  // Started by other functions (the payment flow, the sweep), which call it without a user.
  public: true,
  // Money moves only when the platform or our own functions ask: a user context is refused.
  guard: async ({ openid }) =>
    openid ? fail('FORBIDDEN', 'settleCommission is started by the payment flow, not by users') : null,
});
