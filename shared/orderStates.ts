/**
 * The order state machine (docs/rules.md section 5; glossary: 待付款 / 待发货 / 待收货 / 已完成 / 已关闭).
 * Refunds do not change the state: after-sales are tracked per line beside it, so a partly
 * refunded order can still be shipped and completed, and completion still starts the return window.
 *
 *   (placeOrder inserts) pending_payment --pay--> paid --ship--> shipped --complete--> completed
 *   pending_payment --close--> closed --revive (late payment, merchant setting)--> paid
 *
 * ORDER_MACHINE is what the functions run: every write of an order's status goes through
 * cloudfunctions/_lib/transitions.ts with one of these transition names (docs/orders.md).
 */
import { nextState, type StateMachine, type Transition } from './stateMachine';

export type OrderStatus = 'pending_payment' | 'paid' | 'shipped' | 'completed' | 'closed';
export type OrderEvent = 'pay' | 'close' | 'ship' | 'complete' | 'revive';

export const ORDER_TRANSITIONS: Readonly<Record<OrderEvent, Transition<OrderStatus>>> = {
  pay: { from: ['pending_payment'], to: 'paid' },
  close: { from: ['pending_payment'], to: 'closed' },
  ship: { from: ['paid'], to: 'shipped' },
  complete: { from: ['shipped'], to: 'completed' },
  /** A payment that arrives for a closed order revives it when the merchant allows and stock suffices. */
  revive: { from: ['closed'], to: 'paid' },
};

export const ORDER_MACHINE: StateMachine<OrderStatus, OrderEvent, 'orders'> = {
  collection: 'orders',
  initial: 'pending_payment',
  transitions: ORDER_TRANSITIONS,
};

export const ORDER_STATUS_LABELS: Readonly<Record<OrderStatus, string>> = {
  pending_payment: '待付款',
  paid: '待发货',
  shipped: '待收货',
  completed: '已完成',
  closed: '已关闭',
};

/** The state an event leads to from `status`, or undefined when the event is not allowed there. */
export function nextStatus(status: OrderStatus, event: OrderEvent): OrderStatus | undefined {
  return nextState(ORDER_MACHINE, status, event);
}
