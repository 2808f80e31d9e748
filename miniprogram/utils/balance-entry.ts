/**
 * A balance entry as the 余额 page and the merchant's 用户余额 page list it: the kind in words, the
 * signed amount, the balance after it, the time and an adjustment's reason.
 */
import type { BalanceEntryView } from '@shared/contracts/wallet';
import { formatFen } from '@shared/money';
import { formatDateTime } from './format';

export interface EntryRow {
  key: string;
  label: string;
  /** +¥500.00 or -¥120.00 */
  amount: string;
  positive: boolean;
  /** 余额 ¥580.00 */
  after: string;
  time: string;
  /** The merchant's reason of an adjustment, '' otherwise. */
  reason: string;
}

export function entryRow(entry: BalanceEntryView): EntryRow {
  const positive = entry.amountFen > 0;
  return {
    key: entry.id,
    label: entry.label,
    amount: `${positive ? '+' : '-'}${formatFen(Math.abs(entry.amountFen))}`,
    positive,
    after: `余额 ${formatFen(entry.balanceAfterFen)}`,
    time: formatDateTime(entry.at),
    reason: entry.reason ?? '',
  };
}
