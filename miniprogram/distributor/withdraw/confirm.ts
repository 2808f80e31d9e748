/** What 确认收款 tells the distributor after services/withdraw.ts confirmTransfer (提现, 提现记录). */
import type { ConfirmOutcome } from '../../services/withdraw';
import { refusalMessage, type WithdrawLimits } from './form';

/** The toast after a confirmation; '' when nothing needs saying (the page shows the new status). */
export function confirmOutcomeMessage(outcome: ConfirmOutcome, limits: WithdrawLimits | null): string {
  if (outcome.status === 'synced') {
    const status = outcome.withdrawal.status;
    if (status === 'withdrawn') return '已到账';
    return status === 'failed' ? '转账未成功，金额已退回可提现' : '已确认收款，到账中';
  }
  if (outcome.status === 'unsynced') return outcome.message;
  if (outcome.status === 'cancelled') return '已取消，可稍后在提现记录中确认收款';
  return refusalMessage(outcome, limits);
}
