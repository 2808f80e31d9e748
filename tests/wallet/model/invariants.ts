/**
 * The wallet model's invariants, over the whole database and the payment sandbox, after every
 * step (and, with `atRest`, the checks that hold only once every callback, timer and refund has
 * run). Each check answers the violations it found. Every fen is accounted for:
 *
 * - each balance account is the sum of its entries, never below zero, entries 1..n with running
 *   balances (tests/helpers/balance.ts);
 * - a credited top-up has exactly its topUp (+ bonus) entries and the sandbox captured exactly its
 *   amount; a refunded one exactly its two take-backs and the sandbox refund of the amount;
 * - a balance-paid order exactly one orderPay of its payable, and orderRefund entries that sum to
 *   its running total of refunds, never above what was paid; a WeChat-paid order no balance entry;
 * - a withdrawal to the balance exactly one commissionWithdraw of its payout;
 * - the commission ledger's own invariants (tests/helpers/invariants.ts) and, for WeChat-paid
 *   orders, the payment side (tests/helpers/paymentInvariants.ts);
 * - the points of ./pointsInvariants.ts.
 */
import type { BalanceEntryDocument } from '@shared/balance';
import type { OrderDocument } from '@shared/orders';
import { isTopUpId, topUpRefundNo, type TopUpDocument } from '@shared/topUps';
import type { WithdrawalDocument } from '@shared/withdrawals';
import type { Payment } from '../../../emulator/src/pay/cloudpay-api';
import { balanceProblems } from '../../helpers/balance';
import { checkAll, snapshotOf } from '../../helpers/invariants';
import { checkPaymentSide, checkSnapshots } from '../../helpers/paymentInvariants';
import { sandboxPayments, sandboxPayouts, type Real } from '../../ledger/model/world';
import { pointsProblems } from './pointsInvariants';

const CAPTURED = new Set(['SUCCESS', 'REFUND']);

const sum = <T>(items: readonly T[], value: (item: T) => number): number =>
  items.reduce((total, item) => total + value(item), 0);

/** The entries of `kinds` whose ref names `id` under `field`. */
function entriesOf(
  entries: readonly BalanceEntryDocument[],
  field: keyof BalanceEntryDocument['ref'],
  id: string,
  ...kinds: Array<BalanceEntryDocument['kind']>
): BalanceEntryDocument[] {
  return entries.filter((entry) => entry.ref[field] === id && kinds.includes(entry.kind));
}

/** The amounts of `entries` by kind, e.g. `topUp 50000, topUpBonus 8000` (sorted, so comparable). */
function shape(entries: readonly BalanceEntryDocument[]): string {
  return entries
    .map((entry) => `${entry.kind} ${entry.amountFen}`)
    .sort()
    .join(', ');
}

function expectedTopUpShape(topUp: TopUpDocument): string {
  const credited = ['paid', 'refunding', 'refunded'].includes(topUp.status);
  const takenBack = topUp.status === 'refunding' || topUp.status === 'refunded';
  const parts: Array<[string, number, boolean]> = [
    ['topUp', topUp.amountFen, credited],
    ['topUpBonus', topUp.bonusFen, credited && topUp.bonusFen > 0],
    ['topUpRefund', -topUp.amountFen, takenBack],
    ['topUpBonusBack', -topUp.bonusFen, takenBack && topUp.bonusFen > 0],
  ];
  return parts
    .filter(([, , present]) => present)
    .map(([kind, amount]) => `${kind} ${amount}`)
    .sort()
    .join(', ');
}

/** Each top-up: its entries are exactly what its status says, and the sandbox took and gave back exactly its amount. */
function topUpProblems(
  topUps: readonly TopUpDocument[],
  entries: readonly BalanceEntryDocument[],
  payments: ReadonlyMap<string, Payment>,
  atRest: boolean,
): string[] {
  const problems: string[] = [];
  const kinds = ['topUp', 'topUpBonus', 'topUpRefund', 'topUpBonusBack'] as const;
  for (const topUp of topUps) {
    const own = entriesOf(entries, 'topUpId', topUp._id, ...kinds);
    if (shape(own) !== expectedTopUpShape(topUp) || own.some((entry) => entry.userId !== topUp.userId))
      problems.push(`top-up ${topUp._id} (${topUp.status}): entries [${shape(own)}] ≠ [${expectedTopUpShape(topUp)}]`);
    const payment = payments.get(topUp._id);
    if (topUp.status !== 'pending_payment') {
      const captured = payment && CAPTURED.has(payment.state) && payment.transactionId === topUp.payment.transactionId;
      if (!captured || payment.totalFee !== topUp.amountFen || topUp.payment.paidFen !== topUp.amountFen)
        problems.push(`top-up ${topUp._id}: credited ${topUp.amountFen} without one captured payment of it`);
    }
    const refunds = (payment?.refunds ?? []).filter((refund) => refund.outRefundNo === topUpRefundNo(topUp._id));
    const refundedFen = sum(refunds, (refund) => refund.refundFee);
    if (topUp.status === 'refunded' && (refunds.length !== 1 || refunds[0]!.status !== 'SUCCESS'))
      problems.push(`top-up ${topUp._id}: refunded without one completed sandbox refund`);
    if (refunds.length > 0 && (refunds.length > 1 || refundedFen !== topUp.amountFen))
      problems.push(
        `top-up ${topUp._id}: sandbox refunded ${refundedFen} in ${refunds.length} refunds ≠ ${topUp.amountFen}`,
      );
    if (refunds.length > 0 && topUp.status !== 'refunding' && topUp.status !== 'refunded')
      problems.push(`top-up ${topUp._id}: refunded by the sandbox while ${topUp.status}`);
    if (atRest && topUp.status === 'refunding' && refunds[0]?.status === 'SUCCESS')
      problems.push(`top-up ${topUp._id}: at rest still refunding after the sandbox completed its refund`);
  }
  const known = new Set(topUps.map((topUp) => topUp._id));
  for (const entry of entries)
    if ((kinds as readonly string[]).includes(entry.kind) && !known.has(entry.ref.topUpId ?? ''))
      problems.push(`balance entry ${entry._id}: no such top-up`);
  if (atRest)
    for (const payment of payments.values()) {
      const topUp = topUps.find((candidate) => candidate._id === payment.outTradeNo);
      const recorded =
        topUp?.payment.transactionId === payment.transactionId ||
        topUp?.mismatch?.transactionId === payment.transactionId;
      if (isTopUpId(payment.outTradeNo) && CAPTURED.has(payment.state) && !recorded)
        problems.push(`payment ${payment.outTradeNo}: captured ${payment.totalFee} but no top-up records it`);
    }
  return problems;
}

/** One balance order: one orderPay of its payable when paid (none before), refunds = its running total ≤ paid. */
function balanceOrderProblems(
  order: OrderDocument,
  entries: readonly BalanceEntryDocument[],
  atRest: boolean,
): string[] {
  const problems: string[] = [];
  const pays = entriesOf(entries, 'orderId', order._id, 'orderPay');
  const refunds = entriesOf(entries, 'orderId', order._id, 'orderRefund');
  const paid = Boolean(order.payment.paidAt);
  const expected = paid ? `orderPay ${-order.payableFen}` : '';
  if (shape(pays) !== expected || (paid && order.payment.paidFen !== order.payableFen))
    problems.push(`order ${order._id} (${order.status}, by balance): [${shape(pays)}] ≠ [${expected}]`);
  if ([...pays, ...refunds].some((entry) => entry.userId !== order.buyerId))
    problems.push(`order ${order._id}: a balance entry of someone else than its buyer`);
  const creditedFen = sum(refunds, (entry) => entry.amountFen);
  const appliedFen = sum(order.refunds ?? [], (refund) => refund.amountFen);
  if (creditedFen !== (order.balanceRefundedFen ?? 0))
    problems.push(`order ${order._id}: refund entries ${creditedFen} ≠ balanceRefundedFen ${order.balanceRefundedFen}`);
  if (creditedFen > (paid ? order.payableFen : 0) || refunds.some((entry) => entry.amountFen <= 0))
    problems.push(`order ${order._id}: refunded ${creditedFen} to the balance, more than it paid`);
  if (appliedFen > creditedFen || (atRest && appliedFen !== creditedFen))
    problems.push(`order ${order._id}: refunds applied ${appliedFen} ≠ credited to the balance ${creditedFen}`);
  return problems;
}

/** Orders: balance orders as above; a WeChat order has no balance entry and no balance refund. */
function orderMoneyProblems(
  orders: readonly OrderDocument[],
  entries: readonly BalanceEntryDocument[],
  payments: ReadonlyMap<string, Payment>,
  atRest: boolean,
): string[] {
  const problems: string[] = [];
  for (const order of orders) {
    if (order.payMethod === 'balance') {
      problems.push(...balanceOrderProblems(order, entries, atRest));
      if (payments.has(order._id))
        problems.push(`order ${order._id}: paid by balance, yet a WeChat payment was opened`);
    } else if (
      entriesOf(entries, 'orderId', order._id, 'orderPay', 'orderRefund').length > 0 ||
      order.balanceRefundedFen
    )
      problems.push(`order ${order._id}: paid by WeChat, yet it has balance entries`);
  }
  const known = new Set(orders.map((order) => order._id));
  for (const entry of entries)
    if ((entry.kind === 'orderPay' || entry.kind === 'orderRefund') && !known.has(entry.ref.orderId ?? ''))
      problems.push(`balance entry ${entry._id}: no such order`);
  return problems;
}

/** A withdrawal to the balance: exactly one commissionWithdraw of its payout once withdrawn, none otherwise. */
function withdrawalProblems(
  withdrawals: readonly WithdrawalDocument[],
  entries: readonly BalanceEntryDocument[],
): string[] {
  const problems: string[] = [];
  for (const withdrawal of withdrawals) {
    const own = entriesOf(entries, 'withdrawalId', withdrawal._id, 'commissionWithdraw');
    const expected =
      withdrawal.channel === 'balance' && withdrawal.status === 'withdrawn'
        ? `commissionWithdraw ${withdrawal.payoutFen}`
        : '';
    if (shape(own) !== expected || own.some((entry) => entry.userId !== withdrawal.userId))
      problems.push(
        `withdrawal ${withdrawal._id} (${withdrawal.channel}, ${withdrawal.status}): [${shape(own)}] ≠ [${expected}]`,
      );
  }
  const known = new Set(withdrawals.map((withdrawal) => withdrawal._id));
  for (const entry of entries)
    if (entry.kind === 'commissionWithdraw' && !known.has(entry.ref.withdrawalId ?? ''))
      problems.push(`balance entry ${entry._id}: no such withdrawal`);
  return problems;
}

/** Every invariant of the wallet and the commission ledger over the store and the sandboxes. */
export function walletProblems(real: Real, atRest: boolean): string[] {
  const { store } = real.emu.emulator;
  const all = <T>(collection: string): T[] => store.scan(collection) as unknown as T[];
  const snapshot = snapshotOf(store);
  const entries = all<BalanceEntryDocument>('balanceEntries');
  const payments = new Map(sandboxPayments(real).map((payment) => [payment.outTradeNo, payment]));
  // The ledger's payment-side checks know orders only: give them the WeChat orders and their payments.
  const wechat = {
    snapshot: { ...snapshot, orders: snapshot.orders.filter((order) => order.payMethod !== 'balance') },
    payments: sandboxPayments(real).filter((payment) => !isTopUpId(payment.outTradeNo)),
  };
  return [
    ...balanceProblems(real.emu),
    ...topUpProblems(all<TopUpDocument>('topUps'), entries, payments, atRest),
    ...orderMoneyProblems(snapshot.orders, entries, payments, atRest),
    ...withdrawalProblems(snapshot.withdrawals, entries),
    ...pointsProblems(store, snapshot.orders, atRest),
    ...checkAll(snapshot, real.known),
    ...checkSnapshots(snapshot),
    ...checkPaymentSide(wechat.snapshot, { payments: wechat.payments, payouts: sandboxPayouts(real) }, atRest),
  ];
}
