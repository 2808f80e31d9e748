/**
 * The review and payout of a withdrawal, shared by the merchant's admin routes, the automatic
 * approval (review mode autoBelow), the distributor's `transfer`/`sync` routes and the
 * syncWithdrawals timer.
 *
 *   approve:  reviewing → paying (one transaction, no money moves: the amount is already in
 *             withdrawingFen). For a WeChat transfer it then creates the transfer bill, whose
 *             number is derived from the withdrawal id: every retry is the same bill.
 *   reject:   reviewing → rejected + withdrawReturned (withdrawing → available).
 *   markPaid: manual channel, paying → withdrawn + withdrawPaid (withdrawing → withdrawn).
 *   sync:     asks WeChat Pay about the bill: SUCCESS → withdrawn + withdrawPaid; FAIL or
 *             CANCELLED → failed + withdrawReturned; otherwise it stays paying. A bill that was
 *             never created (the approval's creation was lost) is created now.
 *
 * Crash safety: the status move and the bill are two steps, each idempotent. A crash after the
 * move leaves `paying` with no bill state; any later approve, transfer, sync or the timer
 * creates the bill (same number, same parameters: WeChat Pay answers with the same bill).
 */
import { fail, ok, type Result } from '@shared/result';
import type { AdminWithdrawalError } from '@shared/contracts/withdraw';
import { needsRealName, type WithdrawalDocument } from '@shared/withdrawals';
import { getDoc, updateWhere } from '../db';
import {
  billOutcome,
  createTransferBill,
  outBillNoOf,
  payoutConfig,
  queryTransferBill,
  type PayoutConfig,
  type TransferBill,
} from '../payout';
import { moveWithdrawal, WITHDRAWALS, type MoveOutcome, type MoveSpec } from './moves';

export type Moved = Result<{ status: 'changed' | 'unchanged'; withdrawal: WithdrawalDocument }, AdminWithdrawalError>;

/** WeChat Pay refusals that say "not now" rather than "never": the withdrawal stays paying. */
const TRANSIENT_REFUSALS = new Set([
  'NOT_ENOUGH',
  'FREQUENCY_LIMITED',
  'SYSTEM_ERROR',
  'NO_AUTH',
  'ACCOUNT_ERROR',
  'RESOURCE_ALREADY_EXISTS',
]);

/**
 * The real name is erased in every write after which WeChat Pay will not be asked for it again;
 * a withdrawal that never had one stays without the field.
 */
const erasedName = (doc: WithdrawalDocument): { realName?: null } =>
  doc.realName === undefined ? {} : { realName: null };

const notFound = (id: string): Moved => fail('WITHDRAWAL_NOT_FOUND', `提现申请 ${id} 不存在 (no such withdrawal)`);
const noPayout = (): Moved =>
  fail(
    'PAYOUT_UNAVAILABLE',
    '未配置微信商家转账 (WXPAY_MCH_ID, WXPAY_MCH_SERIAL_NO, WXPAY_MCH_PRIVATE_KEY are not set)',
  );

/** A move's outcome as the routes answer it. */
export function answer(outcome: MoveOutcome, id: string, action: string): Moved {
  if (outcome.kind === 'notFound') return notFound(id);
  if (outcome.kind === 'busy') return fail('BUSY', '账户正在变化，请重试 (the account is busy; retry)');
  if (outcome.kind === 'invalid')
    return fail(
      'INVALID_TRANSITION',
      `提现申请已是 ${outcome.withdrawal.status}，不能${action} (the withdrawal is ${outcome.withdrawal.status})`,
    );
  return ok({ status: outcome.kind, withdrawal: outcome.withdrawal });
}

export async function approve(
  id: string,
  by: string,
  appId: string,
  now: Date,
  options: { selfReview?: boolean } = {},
): Promise<Moved> {
  const doc = await getDoc(WITHDRAWALS, id);
  if (!doc) return notFound(id);
  const config = doc.channel === 'wechatTransfer' ? payoutConfig() : null;
  // Refused before the move: without the transfer settings an approval could never pay.
  if (doc.channel === 'wechatTransfer' && !config) return noPayout();
  if (doc.realName && needsRealName(doc.channel, doc.payoutFen) && !config?.platformKey)
    return fail(
      'PAYOUT_UNAVAILABLE',
      '未配置微信支付公钥，无法发送收款人实名 (WXPAY_PLATFORM_PUBLIC_KEY, WXPAY_PLATFORM_SERIAL are not set)',
    );
  const transfer = {
    outBillNo: outBillNoOf(id),
    appId,
    transferBillNo: null,
    state: null,
    packageInfo: null,
    failReason: null,
  };
  const spec: MoveSpec = {
    move: 'approve',
    done: ['paying', 'withdrawn', 'failed'],
    entry: null,
    by,
    selfReview: options.selfReview,
    patch: (current) => (current.channel === 'wechatTransfer' ? { transfer } : {}),
  };
  const moved = answer(await moveWithdrawal(id, spec, now), id, '同意');
  if (!moved.ok || !config || moved.data.withdrawal.status !== 'paying' || moved.data.withdrawal.transfer?.state)
    return moved;
  // A new approval, or a replay whose bill creation never finished: create the bill now.
  const after = await createBill(config, moved.data.withdrawal, now);
  return ok({
    status: moved.data.status === 'changed' || after.changed ? 'changed' : 'unchanged',
    withdrawal: after.withdrawal,
  });
}

export async function reject(id: string, by: string, reason: string, now: Date): Promise<Moved> {
  const spec: MoveSpec = {
    move: 'reject',
    done: ['rejected'],
    entry: 'withdrawReturned',
    by,
    note: reason,
    patch: (current) => ({ rejectReason: reason, ...erasedName(current) }),
  };
  return answer(await moveWithdrawal(id, spec, now), id, '拒绝');
}

export async function markPaid(
  id: string,
  by: string,
  proof: { transferRef: string; note: string; selfReview?: boolean },
  now: Date,
): Promise<Moved> {
  const doc = await getDoc(WITHDRAWALS, id);
  if (!doc) return notFound(id);
  if (doc.channel !== 'manual')
    return fail('WRONG_CHANNEL', '微信转账由同步结果确认，不能手动标记 (WeChat transfers are settled by sync)');
  const spec: MoveSpec = {
    move: 'markPaid',
    done: ['withdrawn'],
    entry: 'withdrawPaid',
    by,
    note: proof.note,
    transferRef: proof.transferRef,
    selfReview: proof.selfReview,
  };
  return answer(await moveWithdrawal(id, spec, now), id, '标记已打款');
}

/** Brings a paying WeChat transfer up to date with WeChat Pay; other withdrawals are answered as they are. */
export async function sync(id: string, now: Date): Promise<Moved> {
  const doc = await getDoc(WITHDRAWALS, id);
  if (!doc) return notFound(id);
  if (doc.status !== 'paying' || doc.channel !== 'wechatTransfer' || !doc.transfer)
    return ok({ status: 'unchanged', withdrawal: doc });
  const config = payoutConfig();
  if (!config) return noPayout();
  // Without the package the distributor cannot confirm: creating again returns it (or the final state).
  const { changed, withdrawal } = doc.transfer.packageInfo
    ? await applyBill(doc, await queryTransferBill(config, doc.transfer.outBillNo), now)
    : await createBill(config, doc, now);
  return ok({ status: changed ? 'changed' : 'unchanged', withdrawal });
}

interface Applied {
  changed: boolean;
  withdrawal: WithdrawalDocument;
}

/** Creates (or finds again) the bill of a paying withdrawal and applies what WeChat Pay answers. */
async function createBill(config: PayoutConfig, doc: WithdrawalDocument, now: Date): Promise<Applied> {
  const transfer = doc.transfer as NonNullable<WithdrawalDocument['transfer']>;
  let created;
  try {
    created = await createTransferBill(config, {
      outBillNo: transfer.outBillNo,
      appId: transfer.appId,
      openid: doc.userId,
      amountFen: doc.payoutFen,
      ...(doc.realName ? { realName: doc.realName } : {}),
    });
  } catch (error) {
    // No answer: the bill may or may not exist. It stays paying; sync or the timer asks again.
    console.error(`transfer bill ${transfer.outBillNo} of ${doc._id}:`, error);
    return { changed: false, withdrawal: doc };
  }
  if (created.kind === 'accepted') return applyBill(doc, created.bill, now);
  const reason = `${created.code}: ${created.message}`.slice(0, 200);
  if (TRANSIENT_REFUSALS.has(created.code)) return noteTransfer(doc, { ...transfer, failReason: reason }, now);
  // A definitive refusal: only if WeChat Pay really holds no such bill can the money go back.
  const existing = await queryTransferBill(config, transfer.outBillNo);
  return applyBill(doc, existing ?? { state: 'FAIL', transferBillNo: '', packageInfo: null, failReason: reason }, now);
}

/** Applies a bill's state: a final one moves the withdrawal, a pending one is recorded on it. */
async function applyBill(doc: WithdrawalDocument, bill: TransferBill | null, now: Date): Promise<Applied> {
  const transfer = doc.transfer as NonNullable<WithdrawalDocument['transfer']>;
  if (!bill) return { changed: false, withdrawal: doc };
  const seen = {
    ...transfer,
    transferBillNo: bill.transferBillNo || transfer.transferBillNo,
    state: bill.state,
    packageInfo: bill.packageInfo ?? transfer.packageInfo,
    failReason: bill.failReason,
  };
  const outcome = billOutcome(bill.state);
  if (outcome === 'pending') return noteTransfer(doc, seen, now);
  const spec: MoveSpec =
    outcome === 'paid'
      ? {
          move: 'transferSucceeded',
          done: ['withdrawn'],
          entry: 'withdrawPaid',
          by: 'system',
          patch: (current) => ({ transfer: seen, ...erasedName(current) }),
        }
      : {
          move: 'transferFailed',
          done: ['failed'],
          entry: 'withdrawReturned',
          by: 'system',
          note: bill.failReason ?? bill.state,
          patch: (current) => ({ transfer: seen, ...erasedName(current) }),
        };
  const moved = await moveWithdrawal(doc._id, spec, now);
  if (moved.kind === 'changed' || moved.kind === 'unchanged' || moved.kind === 'invalid')
    return { changed: moved.kind === 'changed', withdrawal: moved.withdrawal };
  return { changed: false, withdrawal: doc };
}

/** Records what WeChat Pay said of a pending bill, only while the withdrawal is still paying. */
async function noteTransfer(
  doc: WithdrawalDocument,
  transfer: NonNullable<WithdrawalDocument['transfer']>,
  now: Date,
): Promise<Applied> {
  const same = JSON.stringify(transfer) === JSON.stringify(doc.transfer);
  if (same) return { changed: false, withdrawal: doc };
  // A bill the distributor can confirm exists at WeChat Pay: it is only queried from now on, never
  // created again, so the name it was created with is no longer needed.
  const erase = transfer.packageInfo ? erasedName(doc) : {};
  const updated = await updateWhere(
    WITHDRAWALS,
    { _id: doc._id, status: 'paying' },
    { transfer: { ...transfer }, ...erase, updatedAt: now },
  );
  if (updated === 1) return { changed: true, withdrawal: { ...doc, transfer, ...erase, updatedAt: now } };
  return { changed: false, withdrawal: (await getDoc(WITHDRAWALS, doc._id)) ?? doc };
}
