/**
 * Reconciles one China day with WeChat Pay (docs/reconciliation.md), for the reconcilePayments
 * timer and the admin's re-run alike:
 *
 * 1. WeChat Pay's trade bill of the day (No Bill Exist counts as an empty day);
 * 2. the shop's payments, refunds and WeChat transfers of the day;
 * 3. the shop's records of every reference only the bill lists (read by id), and WeChat Pay's
 *    answer about every shop record the bill does not list (queried one by one while time
 *    lasts), so that a record dated differently on the two sides (a refund accepted at 23:59 and
 *    completed after midnight) is matched, not raised;
 * 4. the comparison (shared/reconciliation.ts), written as the day's document `recon:<day>`,
 *    replacing the previous one whole: the same records give the same document, and a mismatch
 *    the merchant marked resolved stays resolved while it is still there.
 *
 * "Raising" a mismatch is recording it there; the dashboard's alerts read the collection.
 */
import { compareDay, onlyIn, reconciliationId, type ReconciliationDocument } from '@shared/reconciliation';
import { getDoc, setDoc } from '../db';
import { payoutConfig } from '../payout';
import { subMerchantId } from '../refunds';
import type { TimerBudget } from '../timer';
import { paymentsByRef, paymentsOfDay, refundsByRef, refundsOfDay, transfersOfDay } from './shopSide';
import { billRecords, downloadDayBill, queryPayments, queryRefunds, queryTransfers } from './wechatSide';

/** The merchant's sub-merchant id; without it no bill can be asked for. */
export class PaymentSettingsMissing extends Error {}

const refsOf = (records: Array<{ ref: string }>): string[] => records.map((record) => record.ref);

/** Reconciles `day` (YYYY-MM-DD, China) and writes its document; answers it. Platform failures throw. */
export async function reconcileDay(day: string, budget: TimerBudget, now: Date): Promise<ReconciliationDocument> {
  const subMchId = subMerchantId();
  if (!subMchId) throw new PaymentSettingsMissing('WXPAY_SUB_MCH_ID is not set: the bill cannot be asked for');
  const [bill, payments, refunds, transfers, previous] = await Promise.all([
    downloadDayBill(subMchId, day),
    paymentsOfDay(day),
    refundsOfDay(day),
    transfersOfDay(day),
    getDoc('reconciliations', reconciliationId(day)),
  ]);
  const listed = billRecords(bill);
  const [paymentsKnown, refundsKnown] = await Promise.all([
    paymentsByRef(onlyIn(refsOf(listed.payments), refsOf(payments))),
    refundsByRef(onlyIn(refsOf(listed.refunds), refsOf(refunds))),
  ]);
  const shop = { payments: [...payments, ...paymentsKnown], refunds: [...refunds, ...refundsKnown], transfers };
  const askedPayments = await queryPayments(onlyIn(refsOf(payments), refsOf(listed.payments)), budget);
  const askedRefunds = await queryRefunds(subMchId, onlyIn(refsOf(refunds), refsOf(listed.refunds)), budget);
  const askedTransfers = await queryTransfers(payoutConfig(), transfers, budget);
  const wechat = {
    payments: [...listed.payments, ...askedPayments],
    refunds: [...listed.refunds, ...askedRefunds],
    transfers: askedTransfers,
  };
  const compared = compareDay({ day, shop, wechat }, previous?.mismatches);
  const doc: ReconciliationDocument = {
    _id: reconciliationId(day),
    day,
    ranAt: now,
    bill: bill ? 'found' : 'none',
    unchecked: compared.unchecked,
    complete: compared.unchecked === 0,
    shop: compared.shop,
    wechat: compared.wechat,
    mismatches: compared.mismatches,
    mismatchCount: compared.mismatches.length,
  };
  const { _id, ...data } = doc;
  await setDoc('reconciliations', _id, data);
  return doc;
}
