/**
 * order › payWithBalance: the shopper pays their own unpaid balance order (placed with payMethod
 * `balance` when the balance did not cover it) from the balance, after topping up. The payment is
 * the one transaction of _lib/orders/balancePay.ts, so a retried or concurrent call pays once.
 */
import { orderView, type ORDER_CONTRACTS, type OrderError } from '@shared/contracts/order';
import { formatFen } from '@shared/money';
import { fail, ok, type Result } from '@shared/result';
import type { HandlerOutput } from '@shared/routeTable';
import { payWithBalance } from '../_lib/orders/balancePay';

type Answer = Result<HandlerOutput<(typeof ORDER_CONTRACTS)['payWithBalance']>, OrderError>;

export async function payOrderWithBalance(openid: string, orderId: string, now: Date): Promise<Answer> {
  const outcome = await payWithBalance(orderId, openid, now);
  if (outcome.kind === 'busy') return fail('BUSY', '余额支付繁忙，请稍后重试 (the balance is busy; retry)');
  if (outcome.kind === 'insufficient')
    return fail(
      'BALANCE_INSUFFICIENT',
      `余额不足，还差 ¥${formatFen(outcome.neededFen - outcome.balanceFen)} (the balance does not cover the order)`,
    );
  if (outcome.kind === 'notPayable') {
    if (!outcome.order) return fail('ORDER_NOT_FOUND', `订单 ${orderId} 不存在 (no such order)`);
    return fail(
      'INVALID_TRANSITION',
      `订单不能用余额支付 (only an unpaid balance order can be paid from the balance; it is ${outcome.order.status})`,
    );
  }
  // The order as the payment's transaction read it (or left it, paid): no read of its own.
  return ok({ status: outcome.kind === 'paid' ? 'paid' : 'unchanged', order: orderView(outcome.order) });
}
