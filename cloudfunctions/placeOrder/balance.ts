/**
 * placeOrder's step 7 for an order paid from the balance (payMethod `balance`, docs/wallet.md
 * section 2): no WeChat payment is opened; the order is marked `reserved` (its stock is held), then
 * paid from the balance in one transaction (_lib/orders/balancePay.ts). When the balance does not
 * cover it the order stays pending_payment and reserved: the unpaid closer closes it at its
 * deadline like any unpaid order, order › payWithBalance pays it once the shopper has topped up,
 * and a replay of placeOrder with the same key tries the payment again.
 */
import type { PlaceOrderError, PlaceOrderOutput } from '@shared/contracts/placeOrder';
import type { OrderDocument } from '@shared/orders';
import { fail, ok, type Result } from '@shared/result';
import { updateWhere } from '../_lib/db';
import { payWithBalance } from '../_lib/orders/balancePay';

function paidOutput(order: OrderDocument): PlaceOrderOutput {
  return {
    orderId: order._id,
    payableFen: order.payableFen,
    payMethod: 'balance',
    paid: true,
    payment: null,
    payDeadline: order.payDeadline.toISOString(),
  };
}

/** Step 7 (pay with the balance) for a new order, a resumed one or a replay. */
export async function payFromBalance(
  order: OrderDocument,
  now: Date,
): Promise<Result<PlaceOrderOutput, PlaceOrderError>> {
  if (order.reservation === 'reserving')
    await updateWhere(
      'orders',
      { _id: order._id, reservation: 'reserving' },
      { reservation: 'reserved', updatedAt: now },
    );
  const outcome = await payWithBalance(order._id, order.buyerId, now);
  if (outcome.kind === 'paid' || outcome.kind === 'alreadyPaid') return ok(paidOutput(order));
  if (outcome.kind === 'insufficient')
    return fail('BALANCE_INSUFFICIENT', '余额不足，订单已保留，充值后可在订单详情用余额支付');
  if (outcome.kind === 'busy') return fail('BUSY', '余额支付繁忙，请稍后重试');
  return fail('ORDER_CLOSED', '订单已关闭');
}
