/**
 * The caller's withdrawals (提现记录), newest first: status, amount, fee, payout, history and the
 * merchant's reason for a rejection. Written by the withdraw and review flows; only read here.
 * One round trip (index `idx_user_created`).
 */
import type { WithdrawalsOutput, WithdrawalView } from '@shared/contracts/distributorLedger';
import { ok, type Result } from '@shared/result';
import type { WithdrawalDocument, WithdrawalStatus } from '@shared/withdrawals';
import { findWhere } from '../_lib/db';
import type { DistributorError } from '@shared/contracts/distributor';

export const WITHDRAWAL_STATUS_LABELS: Readonly<Record<WithdrawalStatus, string>> = {
  reviewing: '审核中',
  paying: '打款中',
  withdrawn: '已提现',
  rejected: '已拒绝',
  failed: '打款失败',
};

export function withdrawalView(doc: WithdrawalDocument): WithdrawalView {
  return {
    id: doc._id,
    status: doc.status,
    statusLabel: WITHDRAWAL_STATUS_LABELS[doc.status],
    amountFen: doc.amountFen,
    feeFen: doc.feeFen,
    payoutFen: doc.payoutFen,
    channel: doc.channel,
    rejectReason: doc.rejectReason,
    failReason: doc.transfer?.failReason ?? null,
    // Only while the payout waits for the distributor's confirmation in the mini-program.
    packageInfo: doc.status === 'paying' ? (doc.transfer?.packageInfo ?? null) : null,
    createdAt: doc.createdAt.toISOString(),
    updatedAt: doc.updatedAt.toISOString(),
    history: doc.history.map((event) => ({
      status: event.status,
      at: event.at.toISOString(),
      note: event.note ?? null,
    })),
  };
}

export async function withdrawals(
  openid: string,
  page: number,
  pageSize: number,
): Promise<Result<WithdrawalsOutput, DistributorError>> {
  const docs = await findWhere(
    'withdrawals',
    { userId: openid },
    {
      orderBy: [
        ['createdAt', 'desc'],
        ['_id', 'desc'],
      ],
      skip: (page - 1) * pageSize,
      limit: pageSize + 1,
    },
  );
  return ok({
    withdrawals: docs.slice(0, pageSize).map(withdrawalView),
    page,
    pageSize,
    hasMore: docs.length > pageSize,
  });
}
