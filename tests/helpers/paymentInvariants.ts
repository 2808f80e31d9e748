/**
 * Invariants beyond docs/rules.md section 8, for the model-based test: the ledger against the
 * payment side (the emulator's payment and payout sandboxes), and orders keeping the snapshot
 * of the rules version they were placed under. Same shape as tests/helpers/invariants.ts: each
 * check answers the violations it found.
 */
import type { Snapshot } from './invariants';

const sum = <T>(items: readonly T[], value: (item: T) => number): number =>
  items.reduce((total, item) => total + value(item), 0);

/**
 * The payment side as the sandboxes hold it (emulator/src/pay): each payment with its refunds,
 * and each transfer bill. Only the fields the cross-checks read.
 */
export interface Sandbox {
  payments: ReadonlyArray<{
    outTradeNo: string;
    state: string;
    totalFee: number;
    transactionId?: string;
    refunds: ReadonlyArray<{ outRefundNo: string; refundFee: number; status: string }>;
  }>;
  payouts: ReadonlyArray<{ outBillNo: string; state: string; transferAmount: number }>;
}

const CAPTURED = new Set(['SUCCESS', 'REFUND']);

/**
 * The ledger against the payment side, at every moment: every paid order has its one captured
 * payment of the amount the order records; every refund an order lists is one completed
 * sandbox refund of its amount (a stray payment's refund too, once recorded as done); every
 * withdrawn transfer is one successful bill of what the distributor receives, and no
 * successful bill belongs to a withdrawal that gave its money back (a double payout).
 */
export function checkPaymentSide(snapshot: Snapshot, sandbox: Sandbox, atRest: boolean): string[] {
  const problems: string[] = [];
  const payments = new Map(sandbox.payments.map((payment) => [payment.outTradeNo, payment]));
  for (const order of snapshot.orders) {
    const payment = payments.get(order._id);
    if (order.payment.paidAt && !(payment && CAPTURED.has(payment.state) && payment.totalFee === order.payment.paidFen))
      problems.push(`order ${order._id}: paid ${order.payment.paidFen} without that captured payment`);
    const refunds = [
      ...(order.refunds ?? []).map((refund) => ({ no: refund.outRefundNo, fen: refund.amountFen })),
      ...(order.strayPayment?.refundedAt ? [{ no: order.strayPayment.refundNo, fen: order.strayPayment.paidFen }] : []),
    ];
    for (const refund of refunds) {
      const matching = (payment?.refunds ?? []).filter((candidate) => candidate.outRefundNo === refund.no);
      if (matching.length !== 1 || matching[0]!.status !== 'SUCCESS' || matching[0]!.refundFee !== refund.fen)
        problems.push(`order ${order._id}: refund ${refund.no} of ${refund.fen} is not one completed sandbox refund`);
    }
  }
  problems.push(...checkPayouts(snapshot, sandbox));
  if (atRest) problems.push(...checkSandboxKnown(snapshot, sandbox));
  return problems;
}

/** Every withdrawn transfer is one successful bill; no successful bill for money given back. */
function checkPayouts(snapshot: Snapshot, sandbox: Sandbox): string[] {
  const problems: string[] = [];
  const bills = new Map(sandbox.payouts.map((payout) => [payout.outBillNo, payout]));
  for (const withdrawal of snapshot.withdrawals) {
    const bill = withdrawal.transfer ? bills.get(withdrawal.transfer.outBillNo) : undefined;
    const paidOut = bill?.state === 'SUCCESS';
    if (withdrawal.status === 'withdrawn' && withdrawal.channel === 'wechatTransfer') {
      if (!paidOut || bill.transferAmount !== withdrawal.payoutFen)
        problems.push(
          `withdrawal ${withdrawal._id}: withdrawn without one successful transfer of ${withdrawal.payoutFen}`,
        );
    }
    if (paidOut && (withdrawal.status === 'failed' || withdrawal.status === 'rejected'))
      problems.push(`withdrawal ${withdrawal._id}: ${withdrawal.status} (money returned) yet its transfer succeeded`);
    if (paidOut && withdrawal.channel === 'manual')
      problems.push(`withdrawal ${withdrawal._id}: paid by hand and by a transfer`);
  }
  return problems;
}

/**
 * At rest (every callback delivered, every sync run), the other way round: nothing captured,
 * refunded or paid out that the ledger does not know.
 */
function checkSandboxKnown(snapshot: Snapshot, sandbox: Sandbox): string[] {
  const problems: string[] = [];
  const orders = new Map(snapshot.orders.map((order) => [order._id, order]));
  for (const payment of sandbox.payments) {
    const order = orders.get(payment.outTradeNo);
    const known =
      order !== undefined &&
      (order.payment.transactionId === payment.transactionId ||
        order.strayPayment?.transactionId === payment.transactionId);
    if (CAPTURED.has(payment.state) && !known)
      problems.push(`payment ${payment.outTradeNo}: captured ${payment.totalFee} but no order records it`);
    const recorded = new Set([
      ...(order?.refunds ?? []).map((refund) => refund.outRefundNo),
      ...(order?.strayPayment?.refundedAt ? [order.strayPayment.refundNo] : []),
    ]);
    for (const refund of payment.refunds) {
      if (refund.status === 'SUCCESS' && !recorded.has(refund.outRefundNo))
        problems.push(`payment ${payment.outTradeNo}: refund ${refund.outRefundNo} completed but no order records it`);
    }
  }
  const withdrawn = snapshot.withdrawals.filter((w) => w.status === 'withdrawn' && w.channel === 'wechatTransfer');
  const expected = sum(withdrawn, (withdrawal) => withdrawal.payoutFen);
  const transferred = sum(
    sandbox.payouts.filter((payout) => payout.state === 'SUCCESS'),
    (payout) => payout.transferAmount,
  );
  if (expected !== transferred)
    problems.push(`transfers: ${transferred} fen paid out by the sandbox ≠ ${expected} fen withdrawn by transfer`);
  return problems;
}

/**
 * Orders keep their snapshot: every commission earns what its order line's attribution says for
 * its level and beneficiary, under the order's rules version, whatever rules were saved since.
 */
export function checkSnapshots(snapshot: Snapshot): string[] {
  const problems: string[] = [];
  const orders = new Map(snapshot.orders.map((order) => [order._id, order]));
  for (const commission of snapshot.commissions) {
    const order = orders.get(commission.orderId);
    const line = order?.lines.find((candidate) => candidate.lineIndex === commission.lineIndex);
    const level = line?.attribution.levels.find((candidate) => candidate.level === commission.level);
    if (
      !order ||
      !level ||
      level.beneficiaryId !== commission.beneficiaryId ||
      level.amountFen !== commission.amountFen ||
      commission.rulesVersion !== order.rulesVersion
    )
      problems.push(`commission ${commission._id}: not what its order's snapshot (rules v${order?.rulesVersion}) says`);
  }
  return problems;
}
