/**
 * The one seam between payment and commission settlement (docs/rules.md section 6).
 *
 * When an order becomes paid (onPayCallback, the unpaid closer's repair, or a revival), the
 * same conditional update that sets `status: 'paid'` also sets `settlement.state: 'pending'`.
 * That field is the durable request: nothing else has to succeed for the commission to be
 * settled eventually. Then the payment flow calls `requestSettlement(orderId)`, which must stay
 * cheap and must never block or fail the payment callback (the platform wants a fast answer).
 *
 * settleCommission and the sweepSettlements timer now do what this seam asked for:
 *   1. make requestSettlement start `settleCommission` for the order without awaiting its
 *      result (`cloud.callFunction({ name: 'settleCommission', data: { orderId } })`, errors
 *      caught and logged, never thrown), as a latency optimisation only;
 *   2. add a sweeper (a timer) over `orders` where `settlement.state` is `pending`, oldest
 *      `payment.paidAt` first (index `idx_settlement`), that runs settlement for each: this is
 *      what guarantees settlement when the call in 1 is lost, fails or is never sent (an instance
 *      may be frozen right after the callback answers);
 *   3. make settlement idempotent per order (deterministic record ids) and finish it with a
 *      conditional update `settlement.state: 'pending' → 'settled'`, `settlement.settledAt`;
 *   4. only settle orders whose `status` is paid, shipped or completed (a revived order is paid).
 */

import { cloud } from './cloud';

/** The function that settles an order's commission. */
export const SETTLE_FUNCTION = 'settleCommission';

/**
 * Asks for the commission of a just-paid order to be settled. Returns at once and never throws;
 * the order's `settlement.state: 'pending'` is the request that counts.
 */
export function requestSettlement(orderId: string): void {
  // Not awaited and never thrown: sweepSettlements settles the order if this call is lost.
  const started = cloud.callFunction({ name: SETTLE_FUNCTION, data: { orderId } }) as Promise<unknown> | undefined;
  started?.catch((error: unknown) => console.error(`requestSettlement ${orderId}:`, error));
}
