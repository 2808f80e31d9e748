/**
 * Paying an order from the shopper's balance (余额支付, docs/wallet.md section 2), in ONE
 * transaction that reads the order first and then:
 *
 *   1. checks it is this buyer's balance order, pending_payment with its stock `reserved`;
 *   2. takes `payableFen` from the balance (`moveBalance`, entry `orderPay:<orderId>`), refused
 *      whole with BALANCE_INSUFFICIENT when the balance does not cover it (nothing is written);
 *   3. marks the order paid through the `pay` transition with the paid state's fields
 *      (paid.ts `paidFields`); the payment's transaction id is the balance entry's id.
 *
 * After the commit the order follows exactly the path of a WeChat-paid one: the buyer flag and
 * the settlement request (`afterPaid`), then the 拼团 member's payment (`markGroupMemberPaid`).
 *
 * Concurrency: every payment from one balance writes its account document, so they serialise
 * and none overdraws it. Two payments of one order both write the order; the second conflicts,
 * reads the order again, finds it paid and answers `alreadyPaid`, so an order is paid once with
 * one entry (its id is deterministic besides). The unpaid closer and the shopper's cancel close
 * the order with an update conditional on pending_payment: when the close commits first, this
 * transaction's write of the order conflicts and its retry reads the order closed; when this
 * transaction writes the order first, the close waits for it and then finds the order paid.
 * Either way exactly one of them wins.
 *
 * Database round trips: 7 in the transaction (begin, the order, the account, the account's
 * write, the entry, the order's write, commit) and the buyer flag after it (docs/bench.md).
 */
import { balanceEntryId } from '@shared/balance';
import { ORDER_MACHINE } from '@shared/orderStates';
import type { OrderDocument } from '@shared/orders';
import { moveBalance } from '../balance';
import { transitionInTx } from '../transitions';
import { BUSY, inTransaction, isDuplicate, type Tx } from '../tx';
import { markGroupMemberPaid } from './groupSlot';
import { afterPaid, markBuyer, paidFields } from './paid';
import { getOrder } from './store';

/**
 * Payments from one balance contend for its account document: enough attempts that a burst of
 * them (a shopper paying several orders at once) is waited out rather than answered BUSY.
 */
const BALANCE_TX_ATTEMPTS = 40;

export type BalancePayOutcome =
  /** Paid now by this call; the order as paid. */
  | { kind: 'paid'; order: OrderDocument }
  /** Paid from the balance before (a retry, or a concurrent call won). */
  | { kind: 'alreadyPaid'; order: OrderDocument }
  /** The balance does not cover the order; nothing was written and the order stays unpaid. */
  | { kind: 'insufficient'; balanceFen: number; neededFen: number }
  /** No such order of this buyer, or not an unpaid, reserved balance order. */
  | { kind: 'notPayable'; order: OrderDocument | null }
  /** Every attempt conflicted with other payments from the same balance. */
  | { kind: 'busy' };

/** The transaction id a balance payment records: its entry's id. */
export function balancePaymentId(orderId: string): string {
  return balanceEntryId('orderPay', orderId);
}

/** Steps 1-3 inside the transaction. */
async function payInTx(tx: Tx, orderId: string, buyerId: string, now: Date): Promise<BalancePayOutcome> {
  const order = await tx.get('orders', orderId);
  if (!order || order.buyerId !== buyerId) return { kind: 'notPayable', order: null };
  if (order.payment.transactionId === balancePaymentId(orderId)) return { kind: 'alreadyPaid', order };
  if (order.status !== 'pending_payment' || order.payMethod !== 'balance' || order.reservation !== 'reserved')
    return { kind: 'notPayable', order };
  const moved = await moveBalance(
    tx,
    buyerId,
    [{ kind: 'orderPay', causeId: orderId, amountFen: -order.payableFen, ref: { orderId }, by: buyerId }],
    now,
  );
  if (!moved.ok) return { kind: 'insufficient', balanceFen: moved.balanceFen, neededFen: moved.neededFen };
  const payment = { transactionId: balancePaymentId(orderId), totalFeeFen: order.payableFen, paidAt: now };
  await transitionInTx(tx, ORDER_MACHINE, 'pay', order, paidFields(payment, now));
  // The order as this transaction leaves it, so callers answer without reading it again.
  const paid: OrderDocument = {
    ...order,
    status: ORDER_MACHINE.transitions.pay.to,
    payment: { ...order.payment, transactionId: payment.transactionId, paidFen: order.payableFen, paidAt: now },
    settlement: { ...order.settlement, state: 'pending' },
    autoConfirmAt: null,
    updatedAt: now,
  };
  return { kind: 'paid', order: paid };
}

/**
 * Pays the buyer's unpaid balance order `orderId` from their balance, once: placeOrder calls it
 * right after reserving the stock, order › payWithBalance when the shopper pays later, and a
 * replay of either pays nothing twice.
 */
export async function payWithBalance(orderId: string, buyerId: string, now: Date): Promise<BalancePayOutcome> {
  let outcome: BalancePayOutcome | typeof BUSY;
  try {
    outcome = await inTransaction((tx) => payInTx(tx, orderId, buyerId, now), { attempts: BALANCE_TX_ATTEMPTS });
  } catch (error) {
    // The entry exists: another call paid this order between this transaction's reads and its add.
    if (!isDuplicate(error)) throw error;
    const order = await getOrder(orderId);
    outcome = order?.buyerId === buyerId ? { kind: 'alreadyPaid', order } : { kind: 'notPayable', order: null };
  }
  if (outcome === BUSY) return { kind: 'busy' };
  if (outcome.kind === 'paid') {
    await afterPaid(outcome.order);
    await markGroupMemberPaid(outcome.order, now);
  } else if (outcome.kind === 'alreadyPaid' && outcome.order.status === 'paid') {
    // A call after a crash between the commit and these steps repairs them, as a repeated payment
    // notification does for a WeChat payment (both are idempotent).
    await markBuyer(outcome.order.buyerId);
    await markGroupMemberPaid(outcome.order, now);
  }
  return outcome;
}
