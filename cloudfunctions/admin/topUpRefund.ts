/**
 * The merchant's refund of a paid top-up (docs/wallet.md section 1), in two steps:
 *
 *   1. take back: ONE transaction moves `topUpRefund` (−amount) and `topUpBonusBack` (−bonus)
 *      and marks the top-up `paid → refunding`. It is refused whole (BALANCE_INSUFFICIENT,
 *      nothing written) when the balance no longer holds amount + bonus: the shopper spent it;
 *   2. submit the WeChat refund of the whole payment under `<topUpId>-refund`
 *      (_lib/refunds.ts submitRefund). The same out_refund_no is the same refund, so calling the
 *      route again on a `refunding` top-up that was not accepted submits it again; onRefundCallback
 *      marks it `refunded` once WeChat Pay confirms it. A refusal is recorded on the top-up
 *      (`refund.failure`) for the merchant; the money stays out of the balance meanwhile.
 */
import type { BalanceMove } from '@shared/balance';
import type { AdminError, AdminInput, AdminOutput } from '@shared/contracts/admin';
import { fail, ok, type Result } from '@shared/result';
import { topUpRefundNo, TOP_UP_MACHINE, type TopUpDocument, type TopUpRefund } from '@shared/topUps';
import { moveBalance } from '../_lib/balance';
import { _, getDoc, updateWhere } from '../_lib/db';
import { submitRefund, subMerchantId } from '../_lib/refunds';
import { transitionInTx } from '../_lib/transitions';
import { BUSY, inTransaction, isDuplicate } from '../_lib/tx';
import { topUpView } from './balance';
import type { AdminContext } from './context';

type Answer = Result<AdminOutput<'refundTopUp'>, AdminError>;

export async function refundTopUp(context: AdminContext, input: AdminInput<'refundTopUp'>): Promise<Answer> {
  const topUp = await getDoc('topUps', input.topUpId);
  if (!topUp) return fail('TOP_UP_NOT_FOUND', `没有充值 ${input.topUpId}`);
  if (topUp.status === 'refunded') return ok({ status: 'done', topUp: topUpView(topUp) });
  if (topUp.status === 'pending_payment') return fail('TOP_UP_NOT_REFUNDABLE', '这笔充值尚未支付');
  if (topUp.status === 'paid') {
    const taken = await takeBack(context, topUp);
    if (taken !== 'taken') return taken;
  }
  return submit(input.topUpId, context.now);
}

/** Step 1: amount and bonus out, `paid → refunding`, in one transaction. */
async function takeBack(context: AdminContext, topUp: TopUpDocument): Promise<'taken' | Answer> {
  const cause = { causeId: topUp._id, ref: { topUpId: topUp._id }, by: context.openid };
  const moves: BalanceMove[] = [
    { kind: 'topUpRefund', amountFen: -topUp.amountFen, ...cause },
    ...(topUp.bonusFen > 0 ? [{ kind: 'topUpBonusBack' as const, amountFen: -topUp.bonusFen, ...cause }] : []),
  ];
  const refund: TopUpRefund = {
    outRefundNo: topUpRefundNo(topUp._id),
    by: context.openid,
    requestedAt: context.now,
    refundId: null,
    acceptedAt: null,
    succeededAt: null,
    failure: null,
  };
  let outcome;
  try {
    outcome = await inTransaction(async (tx) => {
      const current = await tx.get('topUps', topUp._id);
      if (current?.status !== 'paid') return 'moved' as const;
      const verdict = await moveBalance(tx, topUp.userId, moves, context.now);
      if (!verdict.ok) return verdict;
      await transitionInTx(tx, TOP_UP_MACHINE, 'refund', current, { refund: _.set(refund), updatedAt: context.now });
      return 'taken' as const;
    });
  } catch (error) {
    // Another admin's refund of the same top-up committed first (its entries exist).
    if (!isDuplicate(error)) throw error;
    outcome = 'moved' as const;
  }
  if (outcome === BUSY) return fail('BUSY', '余额正在变动，请重试 (the account is busy; retry)');
  if (outcome === 'taken' || outcome === 'moved') return 'taken';
  const neededFen = topUp.amountFen + topUp.bonusFen;
  return fail(
    'BALANCE_INSUFFICIENT',
    `余额已不足以退回这笔充值：需 ${neededFen} 分（含赠送 ${topUp.bonusFen} 分），当前 ${outcome.balanceFen} 分`,
  );
}

/** Step 2: ask WeChat Pay, unless it accepted already; record the answer. */
async function submit(topUpId: string, now: Date): Promise<Answer> {
  const topUp = await getDoc('topUps', topUpId);
  if (!topUp?.refund) throw new Error(`top-up ${topUpId} has no refund to submit`);
  if (topUp.status === 'refunded') return ok({ status: 'done', topUp: topUpView(topUp) });
  if (topUp.refund.acceptedAt) return ok({ status: 'submitted', topUp: topUpView(topUp) });
  const subMchId = subMerchantId();
  if (!subMchId) throw new Error('WXPAY_SUB_MCH_ID is not set on admin: top-ups cannot be refunded');
  const outcome = await submitRefund({
    subMchId,
    outTradeNo: topUpId,
    outRefundNo: topUp.refund.outRefundNo,
    totalFeeFen: topUp.amountFen,
    refundFeeFen: topUp.amountFen,
  });
  const where = { _id: topUpId, 'refund.acceptedAt': null };
  if (outcome.accepted) {
    const fields = { 'refund.refundId': outcome.refundId, 'refund.acceptedAt': now, 'refund.failure': null };
    await updateWhere('topUps', where, { ...fields, updatedAt: now });
  } else {
    await updateWhere('topUps', where, {
      'refund.failure': _.set({ reason: outcome.reason, at: now }),
      updatedAt: now,
    });
  }
  const fresh = (await getDoc('topUps', topUpId)) as TopUpDocument;
  return ok({ status: outcome.accepted ? 'submitted' : 'refused', topUp: topUpView(fresh) });
}
