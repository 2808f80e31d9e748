/**
 * The distributor's side of a WeChat transfer: `transfer` answers what the mini-program's
 * `wx.requestMerchantTransfer` needs to let the distributor confirm the bill, and `sync` asks
 * WeChat Pay how the bill ended and applies it (withdrawn, or failed with the amount back in
 * available). Both are for the caller's own withdrawals only: another user's id is not found.
 */
import type { MoveOutput, TransferOutput, WithdrawalView, WithdrawError } from '@shared/contracts/withdraw';
import { fail, ok, type Result } from '@shared/result';
import type { WithdrawalDocument } from '@shared/withdrawals';
import { getDoc } from '../_lib/db';
import { payoutConfig } from '../_lib/payout';
import { WITHDRAWALS } from '../_lib/withdrawals/moves';
import { sync } from '../_lib/withdrawals/review';
import { withdrawalView } from '../_lib/withdrawals/views';

const notFound = (id: string): Result<never, 'WITHDRAWAL_NOT_FOUND'> =>
  fail('WITHDRAWAL_NOT_FOUND', `提现申请 ${id} 不存在 (no such withdrawal)`);

async function ownWithdrawal(openid: string, id: string): Promise<WithdrawalDocument | null> {
  const doc = await getDoc(WITHDRAWALS, id);
  return doc && doc.userId === openid ? doc : null;
}

export async function transferInfo(
  openid: string,
  id: string,
  now: Date,
): Promise<Result<TransferOutput, WithdrawError>> {
  const doc = await ownWithdrawal(openid, id);
  if (!doc) return notFound(id);
  const config = payoutConfig();
  if (doc.channel === 'wechatTransfer' && doc.status === 'paying' && !config)
    return fail('PAYOUT_UNAVAILABLE', '未配置微信商家转账 (WeChat transfers are not configured)');
  // Refreshed first: the bill may not be created yet, or may have ended meanwhile.
  const synced = await sync(id, now);
  const current = synced.ok ? synced.data.withdrawal : doc;
  const transfer = current.transfer;
  if (!config || current.status !== 'paying' || transfer?.state !== 'WAIT_USER_CONFIRM' || !transfer.packageInfo) {
    return fail(
      'NOT_AWAITING_CONFIRMATION',
      `该提现无需确认收款 (the withdrawal is ${current.status}, transfer ${transfer?.state ?? 'none'})`,
    );
  }
  return ok({
    mchId: config.mchId,
    appId: transfer.appId,
    packageInfo: transfer.packageInfo,
    withdrawal: withdrawalView(current),
  });
}

export async function syncOwn(
  openid: string,
  id: string,
  now: Date,
): Promise<Result<MoveOutput<WithdrawalView>, WithdrawError>> {
  if (!(await ownWithdrawal(openid, id))) return notFound(id);
  const synced = await sync(id, now);
  if (!synced.ok) return synced;
  return ok({ status: synced.data.status, withdrawal: withdrawalView(synced.data.withdrawal) });
}
