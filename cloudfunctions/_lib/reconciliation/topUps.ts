/**
 * The shop's side of top-ups in a day's reconciliation (docs/reconciliation.md): a paid top-up is
 * a payment under its id (dated by its payment time, read with the orders in shopSide.ts), a
 * payment of the wrong amount is a `stray` payment, and two refunds may exist: the merchant's
 * (`<id>-refund`, the top-up's amount) and the automatic one of a wrong payment (`<id>-stray`).
 */
import { chinaDay } from '@shared/chinaTime';
import type { ShopRecord } from '@shared/reconciliation';
import { parseTopUpRefundNo, type TopUpDocument } from '@shared/topUps';
import { allPages, byIds } from './shopSide';

const dayOf = (at: Date | null | undefined): string | null => (at ? chinaDay(at) : null);

/** The merchant's refund of the top-up, once asked for and accepted (or completed). */
function merchantRefund(topUp: TopUpDocument): ShopRecord | null {
  const { refund } = topUp;
  if (!refund || (!refund.acceptedAt && !refund.succeededAt)) return null;
  return {
    ref: refund.outRefundNo,
    fen: topUp.amountFen,
    state: topUp.status === 'refunded' ? 'done' : 'pending',
    day: dayOf(refund.acceptedAt ?? refund.succeededAt),
  };
}

/** The automatic refund of a payment of the wrong amount. */
function mismatchRefund(topUp: TopUpDocument): ShopRecord | null {
  const { mismatch } = topUp;
  if (!mismatch) return null;
  return {
    ref: mismatch.refundNo,
    fen: mismatch.paidFen,
    state: mismatch.refundedAt ? 'done' : 'pending',
    day: dayOf(mismatch.refundRequestedAt ?? mismatch.refundedAt),
  };
}

const present = (record: ShopRecord | null): record is ShopRecord => record !== null;

/** Top-up refunds completed in `range` (a condition on a date). */
export async function topUpRefundsOfDay(range: object): Promise<ShopRecord[]> {
  const [refunded, mismatched] = await Promise.all([
    allPages('topUps', { 'refund.succeededAt': range }, 'refund.succeededAt'),
    allPages('topUps', { 'mismatch.refundedAt': range }, 'mismatch.refundedAt'),
  ]);
  return [
    ...(refunded as TopUpDocument[]).map(merchantRefund),
    ...(mismatched as TopUpDocument[]).map(mismatchRefund),
  ].filter(present);
}

/** The shop's payment under each of these top-up ids: paid, a wrong payment (stray), or none. */
export async function topUpPaymentsByRef(topUpIds: string[]): Promise<ShopRecord[]> {
  const topUps = (await byIds('topUps', topUpIds)) as TopUpDocument[];
  return topUps.map((topUp): ShopRecord => {
    if (topUp.payment.paidAt)
      return { ref: topUp._id, fen: topUp.payment.paidFen, state: 'paid', day: dayOf(topUp.payment.paidAt) };
    if (topUp.mismatch)
      return { ref: topUp._id, fen: topUp.mismatch.paidFen, state: 'stray', day: dayOf(topUp.mismatch.paidAt) };
    return { ref: topUp._id, fen: null, state: topUp.status, day: null };
  });
}

/** The shop's refund under each of these out_refund_nos that is a top-up's. */
export async function topUpRefundsByRef(outRefundNos: string[]): Promise<ShopRecord[]> {
  const ids = [...new Set(outRefundNos.flatMap((no) => parseTopUpRefundNo(no)?.topUpId ?? []))];
  if (ids.length === 0) return [];
  const topUps = (await byIds('topUps', ids)) as TopUpDocument[];
  const wanted = new Set(outRefundNos);
  return topUps
    .flatMap((topUp) => [merchantRefund(topUp), mismatchRefund(topUp)])
    .filter((record): record is ShopRecord => record !== null && wanted.has(record.ref));
}
