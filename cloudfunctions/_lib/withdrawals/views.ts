/** Stored withdrawals → the views of shared/contracts/withdraw.ts (ISO times, no internal fields). */
import type { AdminWithdrawalView, WithdrawalView } from '@shared/contracts/withdraw';
import type { WithdrawalDocument } from '@shared/withdrawals';

const iso = (value: Date | string): string => new Date(value).toISOString();

export function withdrawalView(doc: WithdrawalDocument): WithdrawalView {
  const transfer = doc.transfer;
  return {
    id: doc._id,
    amountFen: doc.amountFen,
    feeFen: doc.feeFen,
    payoutFen: doc.payoutFen,
    channel: doc.channel,
    status: doc.status,
    transferState: transfer?.state ?? null,
    reason:
      doc.status === 'rejected'
        ? doc.rejectReason
        : doc.status === 'failed'
          ? (transfer?.failReason ?? transfer?.state ?? null)
          : null,
    awaitsConfirmation:
      doc.status === 'paying' && doc.channel === 'wechatTransfer' && transfer?.state === 'WAIT_USER_CONFIRM',
    ...(doc.realNameMask ? { realNameMask: doc.realNameMask } : {}),
    history: doc.history.map((event) => ({
      status: event.status,
      at: iso(event.at),
      note: event.note ?? null,
      transferRef: event.transferRef ?? null,
      selfReview: event.selfReview === true,
    })),
    createdAt: iso(doc.createdAt),
    updatedAt: iso(doc.updatedAt),
  };
}

export function adminWithdrawalView(doc: WithdrawalDocument, nickname: string | null): AdminWithdrawalView {
  return {
    ...withdrawalView(doc),
    userId: doc.userId,
    nickname,
    rulesVersion: doc.rulesVersion,
    outBillNo: doc.transfer?.outBillNo ?? null,
    transferBillNo: doc.transfer?.transferBillNo ?? null,
    historyBy: doc.history.map((event) => event.by),
  };
}
