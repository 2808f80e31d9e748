/**
 * The balance history as the 余额 page and the merchant's view of a user show it: entries newest
 * first (the account's `seq`, served by the `idx_user_seq` index), with the kind in words.
 */
import type { BalanceEntryDocument } from '@shared/balance';
import { BALANCE_ENTRY_LABELS, type BalanceEntryView } from '@shared/contracts/wallet';
import { findWhere } from './db';
import { pageOf } from './paging';

export function balanceEntryView(entry: BalanceEntryDocument): BalanceEntryView {
  return {
    id: entry._id,
    kind: entry.kind,
    label: BALANCE_ENTRY_LABELS[entry.kind],
    amountFen: entry.amountFen,
    balanceAfterFen: entry.balanceAfterFen,
    at: entry.at.toISOString(),
    reason: entry.reason,
    orderId: entry.ref.orderId ?? null,
    topUpId: entry.ref.topUpId ?? null,
  };
}

/** One page of `userId`'s entries, newest first. */
export async function entriesPage(
  userId: string,
  page: { offset: number; limit: number },
): Promise<{ items: BalanceEntryView[]; nextOffset: number | null }> {
  const rows = await findWhere(
    'balanceEntries',
    { userId },
    {
      orderBy: [['seq', 'desc']],
      skip: page.offset,
      limit: page.limit + 1,
    },
  );
  const { items, nextOffset } = pageOf(rows, page.offset, page.limit);
  return { items: items.map(balanceEntryView), nextOffset };
}
