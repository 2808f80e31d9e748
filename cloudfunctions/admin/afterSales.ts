/**
 * After-sales review (docs/rules.md section 5): listAfterSales, approveAfterSale, refuseAfterSale,
 * redriveAfterSaleRefund.
 *
 * Approval is three named steps, each conditional on the request's status:
 *
 *   1. claim: requested → approved (the review and the refund's out_refund_no are recorded),
 *      or, on a retry, approved → approved with one more attempt;
 *   2. submit: cloudPay.refund with out_refund_no `a<afterSaleId>` (shared/afterSales.ts), so
 *      every re-submission is the same refund at WeChat Pay; for an order paid from the balance,
 *      the credit to the balance instead (_lib/orders/balanceRefund.ts, once per out_refund_no);
 *   3. accepted: approved → refunding. onRefundCallback then finishes it (→ refunded); a balance
 *      refund is finished at once by the same steps.
 *
 * A refund WeChat Pay does not accept (a refusal, or no answer) leaves the request `approved`
 * with `refund.lastError`: approving again re-submits, and refusing is allowed only once no
 * submission can be in flight and WeChat Pay confirms it holds no such refund. That is the
 * compensation of step 1; nothing else is ever undone, because money may have moved.
 */
import { AFTER_SALE_MACHINE, afterSaleRefundNo, type AfterSaleDocument } from '@shared/afterSales';
import { adminAfterSaleView } from '@shared/contracts/afterSale';
import type { AdminInput, AdminOutput } from '@shared/contracts/admin';
import { fail, ok, type Result } from '@shared/result';
import { _, getDoc, updateWhere } from '../_lib/db';
import { finishAfterSaleRefund, redriveAfterSaleRefund } from '../_lib/afterSaleRefund';
import { submitOrderRefund } from '../_lib/orders/balanceRefund';
import { queryRefund, subMerchantId } from '../_lib/refunds';
import { transition } from '../_lib/transitions';
import type { AdminContext } from './context';
import { newestFirstPage } from '../_lib/paging';
import type { AdminError } from '@shared/contracts/admin';

const AFTER_SALES = 'afterSales';
/** Longer than the admin function's timeout (20 s): after it no submission can still be running. */
export const SUBMISSION_IN_FLIGHT_MS = 60_000;
const CLAIM_ATTEMPTS = 3;

type Approved = Result<AdminOutput<'approveAfterSale'>, AdminError>;
type Refused = Result<AdminOutput<'refuseAfterSale'>, AdminError>;

const notFound = <T>(id: string): Result<T, AdminError> =>
  fail('AFTER_SALE_NOT_FOUND', `售后申请 ${id} 不存在 (no such request)`);
const invalid = <T>(doc: AfterSaleDocument, action: string): Result<T, AdminError> =>
  fail('INVALID_TRANSITION', `售后申请已是 ${doc.status}，不能${action} (the request is ${doc.status})`);
const noPay = <T>(): Result<T, AdminError> =>
  fail(
    'PAYMENT_UNAVAILABLE',
    '未配置微信支付子商户号 WXPAY_SUB_MCH_ID (WeChat Pay is not configured on the admin function)',
  );

export async function listAfterSales(
  input: AdminInput<'listAfterSales'>,
): Promise<Result<AdminOutput<'listAfterSales'>, AdminError>> {
  const where: Record<string, unknown> = {};
  if (input.status) where.status = input.status;
  if (input.orderId) where.orderId = input.orderId;
  const { items, nextOffset } = await newestFirstPage(AFTER_SALES, where, input);
  return ok({ items: items.map(adminAfterSaleView), nextOffset });
}

export async function approveAfterSale(
  context: AdminContext,
  input: AdminInput<'approveAfterSale'>,
): Promise<Approved> {
  const subMchId = subMerchantId();
  if (!subMchId) return noPay();
  for (let attempt = 0; attempt < CLAIM_ATTEMPTS; attempt += 1) {
    const doc = await getDoc(AFTER_SALES, input.afterSaleId);
    if (!doc) return notFound(input.afterSaleId);
    if (doc.status === 'refunding' || doc.status === 'refunded')
      return ok({ status: 'unchanged', afterSale: adminAfterSaleView(doc) });
    if (doc.status !== 'requested' && doc.status !== 'approved') return invalid(doc, '同意');
    if (doc.status === 'requested' && doc.kind === 'returnAndRefund' && !input.goodsReceived) {
      return fail(
        'GOODS_NOT_RECEIVED',
        '退货退款需确认已收到退回的商品 (confirm the returned goods arrived: goodsReceived true)',
      );
    }
    const claimed = await claim(doc, context, input.goodsReceived);
    if (claimed) return submit(subMchId, claimed, context.now);
    // The request changed under the claim (a cancel, another admin): decide again.
  }
  return fail('BUSY', '该售后申请正在变化，请重试 (the request keeps changing; retry)');
}

/** Step 1: the request as claimed for one submission, or null when its status moved meanwhile. */
async function claim(
  doc: AfterSaleDocument,
  context: AdminContext,
  goodsReceived: boolean,
): Promise<AfterSaleDocument | null> {
  const { now } = context;
  if (doc.status === 'approved' && doc.refund) {
    const attempts = doc.refund.attempts + 1;
    const updated = await updateWhere(
      AFTER_SALES,
      { _id: doc._id, status: 'approved', 'refund.attempts': doc.refund.attempts },
      { 'refund.attempts': attempts, 'refund.lastAttemptAt': now, updatedAt: now },
    );
    return updated === 1 ? { ...doc, refund: { ...doc.refund, attempts, lastAttemptAt: now }, updatedAt: now } : null;
  }
  const change = {
    review: {
      decision: 'approve' as const,
      by: context.openid,
      at: now,
      reason: null,
      goodsReceived: doc.kind === 'returnAndRefund' && goodsReceived,
    },
    refund: {
      outRefundNo: afterSaleRefundNo(doc._id),
      refundId: null,
      attempts: 1,
      lastAttemptAt: now,
      acceptedAt: null,
      lastError: null,
      succeededAt: null,
    },
    updatedAt: now,
  };
  // _.set: both fields are null until now, and an object would otherwise be merged field by field.
  const written = { ...change, review: _.set(change.review), refund: _.set(change.refund) };
  const approved = (await transition(AFTER_SALE_MACHINE, 'approve', { _id: doc._id }, written)) === 1;
  return approved ? { ...doc, ...change, status: AFTER_SALE_MACHINE.transitions.approve.to } : null;
}

/** Steps 2 and 3. */
async function submit(subMchId: string, doc: AfterSaleDocument, now: Date): Promise<Approved> {
  const order = await getDoc('orders', doc.orderId);
  if (!order) throw new Error(`after-sale ${doc._id} refers to order ${doc.orderId}, which does not exist`);
  const outRefundNo = afterSaleRefundNo(doc._id);
  let outcome: Awaited<ReturnType<typeof submitOrderRefund>>;
  try {
    outcome = await submitOrderRefund(subMchId, { order, outRefundNo, refundFeeFen: doc.amountFen }, now);
  } catch (error) {
    // No answer: the refund may or may not exist. The request stays approved; a retry is the same refund.
    outcome = {
      accepted: false,
      reason: `no answer from WeChat Pay: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  if (!outcome.accepted) {
    await updateWhere(
      AFTER_SALES,
      { _id: doc._id, status: 'approved' },
      { 'refund.lastError': outcome.reason, updatedAt: now },
    );
    return fail(
      'REFUND_FAILED',
      `微信支付未受理退款，可重试 (WeChat Pay did not accept the refund; approve again to retry): ${outcome.reason}`,
    );
  }
  await markAccepted(doc._id, outcome.refundId, now);
  // A balance refund is made once credited: finished now, by the steps the refund callback runs.
  if (order.payMethod === 'balance') await finishAfterSaleRefund(subMchId, doc._id, outRefundNo, now);
  const fresh = (await getDoc(AFTER_SALES, doc._id)) as AfterSaleDocument;
  return ok({ status: 'approved', afterSale: adminAfterSaleView(fresh) });
}

/** Step 3 (also when refuseAfterSale finds the refund exists): approved → refunding. */
async function markAccepted(id: string, refundId: string, now: Date): Promise<void> {
  // No match: the refund callback already finished it (refunded), which is further along.
  await transition(
    AFTER_SALE_MACHINE,
    'accept',
    { _id: id },
    { 'refund.refundId': refundId, 'refund.acceptedAt': now, 'refund.lastError': null, updatedAt: now },
  );
}

export async function refuseAfterSale(context: AdminContext, input: AdminInput<'refuseAfterSale'>): Promise<Refused> {
  const doc = await getDoc(AFTER_SALES, input.afterSaleId);
  if (!doc) return notFound(input.afterSaleId);
  if (doc.status === 'refused') return ok({ status: 'unchanged', afterSale: adminAfterSaleView(doc) });
  if (doc.status !== 'requested' && doc.status !== 'approved') return invalid(doc, '拒绝');
  if (doc.status === 'approved') {
    const blocked = await refundBlocksRefusal(doc, context.now);
    if (blocked) return blocked;
  }
  const review = {
    decision: 'refuse' as const,
    by: context.openid,
    at: context.now,
    reason: input.reason,
    goodsReceived: false,
  };
  // On approved, the attempt count read before asking WeChat Pay proves no submission started since.
  const where =
    doc.status === 'approved' ? { _id: doc._id, 'refund.attempts': doc.refund?.attempts } : { _id: doc._id };
  const fields = { review: _.set(review), updatedAt: context.now };
  if ((await transition(AFTER_SALE_MACHINE, 'refuse', where, fields, { only: doc.status })) === 1) {
    return ok({
      status: 'refused',
      afterSale: adminAfterSaleView({ ...doc, status: 'refused', review, updatedAt: context.now }),
    });
  }
  const fresh = (await getDoc(AFTER_SALES, doc._id)) as AfterSaleDocument;
  return fresh.status === 'refused'
    ? ok({ status: 'unchanged', afterSale: adminAfterSaleView(fresh) })
    : invalid(fresh, '拒绝');
}

/**
 * An approved request may be refused only when its refund surely does not exist: no submission
 * can still be running, and WeChat Pay says it has no refund with its out_refund_no. When the
 * refund does exist, the request moves on to refunding instead.
 */
async function refundBlocksRefusal(doc: AfterSaleDocument, now: Date): Promise<Refused | null> {
  const subMchId = subMerchantId();
  if (!subMchId) return noPay();
  const refund = doc.refund as NonNullable<AfterSaleDocument['refund']>;
  if (now.getTime() - new Date(refund.lastAttemptAt).getTime() < SUBMISSION_IN_FLIGHT_MS) {
    return fail(
      'REFUND_IN_PROGRESS',
      '退款刚刚提交，请一分钟后再试 (a refund was submitted less than a minute ago; retry later)',
    );
  }
  const query = await queryRefund(subMchId, refund.outRefundNo);
  if (query.kind === 'notFound') return null;
  if (query.kind === 'failed')
    return fail(
      'REFUND_FAILED',
      `无法查询退款状态，请重试 (could not ask WeChat Pay about the refund): ${query.reason}`,
    );
  await markAccepted(doc._id, query.refund.refundId, now);
  return fail(
    'REFUND_IN_PROGRESS',
    '微信支付已受理该退款，不能拒绝 (WeChat Pay accepted the refund; it cannot be refused)',
  );
}

/**
 * The merchant's re-drive of one refund (the dashboard's 待处理 action): the refund callback's
 * steps, run now, for a request whose notification never got through. The refund sweep does the
 * same every 30 minutes; this is for the merchant who does not want to wait.
 */
export async function redriveRefund(
  context: AdminContext,
  input: AdminInput<'redriveAfterSaleRefund'>,
): Promise<Result<AdminOutput<'redriveAfterSaleRefund'>, AdminError>> {
  const subMchId = subMerchantId();
  if (!subMchId) return noPay();
  const outcome = await redriveAfterSaleRefund(subMchId, input.afterSaleId, context.now);
  const doc = await getDoc(AFTER_SALES, input.afterSaleId);
  if (outcome.kind === 'notFound' || !doc) return notFound(input.afterSaleId);
  return ok({ outcome: outcome.kind, detail: outcome.detail, afterSale: adminAfterSaleView(doc) });
}
