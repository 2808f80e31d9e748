/**
 * WeChat Pay's side of a day's reconciliation (docs/reconciliation.md), through the calls the
 * platform offers: the day's trade bill (cloudPay.downloadBill) lists its payments and refunds;
 * a record the bill does not list is asked about alone (cloudPay.queryOrder, cloudPay.queryRefund);
 * transfer bills have no day listing, so each withdrawal's bill is queried by its number (the
 * merchant transfer API). Every answer becomes a `WechatRecord` (shared/reconciliation.ts).
 *
 * Single queries stop when the run's time budget is spent: the records not asked about stay
 * without an answer and the day is reported incomplete, never as a mismatch.
 */
import { randomBytes } from 'node:crypto';
import { chinaDayRange, chinaFormat } from '@shared/chinaTime';
import type { ShopRecord, WechatRecord } from '@shared/reconciliation';
import { parseTradeBill, type TradeBill } from '@shared/tradeBill';
import { cloudPayApi, queryPayment } from '../pay';
import { queryTransferBill, type PayoutConfig } from '../payout';
import { queryRefund } from '../refunds';
import type { TimerBudget } from '../timer';

/** WeChat Pay's answer for a day without a bill: nothing was paid or refunded (or the bill is not made yet). */
const NO_BILL = '20002';

/** The day's trade bill (type ALL), or null when WeChat Pay answers No Bill Exist. Anything else throws. */
export async function downloadDayBill(subMchId: string, day: string): Promise<TradeBill | null> {
  const reply = await cloudPayApi().downloadBill({
    subMchId,
    nonceStr: randomBytes(16).toString('hex'),
    billDate: chinaFormat(chinaDayRange(day).from, 'YYYYMMDD'),
    billType: 'ALL',
  });
  if (typeof reply.data === 'string') {
    const parsed = parseTradeBill(reply.data);
    if (!parsed.ok) throw new Error(`the trade bill of ${day} is unreadable: ${parsed.error.message}`);
    return parsed.data;
  }
  if (reply.returnCode === 'FAIL' && String(reply.errorCode) === NO_BILL) return null;
  throw new Error(
    `cloudPay.downloadBill refused the bill of ${day}: ${String(reply.returnMsg ?? JSON.stringify(reply))}`,
  );
}

/** The bill's lines as records. */
export function billRecords(bill: TradeBill | null): { payments: WechatRecord[]; refunds: WechatRecord[] } {
  return {
    payments: (bill?.payments ?? []).map((line) => ({
      ref: line.outTradeNo,
      fen: line.fen,
      state: 'SUCCESS',
      onBill: true,
    })),
    refunds: (bill?.refunds ?? []).map((line) => ({
      ref: line.outRefundNo,
      fen: line.fen,
      state: line.status,
      onBill: true,
    })),
  };
}

/** Asks about each reference in turn while the budget lasts. */
async function eachWhileTime<T>(
  items: T[],
  budget: TimerBudget,
  ask: (item: T) => Promise<WechatRecord>,
): Promise<WechatRecord[]> {
  const answers: WechatRecord[] = [];
  for (const item of items) {
    if (!budget.left()) break;
    answers.push(await ask(item));
  }
  return answers;
}

/** What WeChat Pay says about each of these payments (out_trade_nos) the bill did not list. */
export function queryPayments(refs: string[], budget: TimerBudget): Promise<WechatRecord[]> {
  return eachWhileTime(refs, budget, async (ref) => {
    const state = await queryPayment(ref);
    if (state.kind === 'paid')
      return {
        ref,
        fen: state.payment.totalFeeFen,
        state: state.payment.refunded ? 'REFUND' : 'SUCCESS',
        onBill: false,
      };
    const named = { none: 'NONE', closed: 'CLOSED' } as const;
    return { ref, fen: null, state: state.kind === 'unpaid' ? state.tradeState : named[state.kind], onBill: false };
  });
}

/** What WeChat Pay says about each of these refunds (out_refund_nos) the bill did not list. */
export function queryRefunds(subMchId: string, refs: string[], budget: TimerBudget): Promise<WechatRecord[]> {
  return eachWhileTime(refs, budget, async (ref) => {
    const query = await queryRefund(subMchId, ref);
    if (query.kind === 'failed') throw new Error(`cloudPay.queryRefund failed for ${ref}: ${query.reason}`);
    return query.kind === 'found'
      ? { ref, fen: query.refund.refundFeeFen, state: query.refund.status, onBill: false }
      : { ref, fen: null, state: 'NONE', onBill: false };
  });
}

/** What WeChat Pay says about the transfer bill of each of these withdrawals; none without the transfer settings. */
export function queryTransfers(
  config: PayoutConfig | null,
  transfers: ShopRecord[],
  budget: TimerBudget,
): Promise<WechatRecord[]> {
  if (!config) return Promise.resolve([]);
  return eachWhileTime(transfers, budget, async ({ ref }) => {
    const bill = await queryTransferBill(config, ref);
    return bill
      ? { ref, fen: bill.amountFen ?? null, state: bill.state, onBill: false }
      : { ref, fen: null, state: 'NONE', onBill: false };
  });
}
