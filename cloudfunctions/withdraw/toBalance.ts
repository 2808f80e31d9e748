/**
 * A withdrawal to the balance (channel `balance`, docs/wallet.md section 3): no review and no
 * payout, so everything happens in the request's ONE transaction (withdraw/request.ts): the
 * commission account moves `available → withdrawn` (its two ledger entries `withdraw` and
 * `withdrawPaid`, as a reviewed withdrawal paid out would write), the withdrawal is recorded
 * `withdrawn`, and the balance gets the payout (entry `commissionWithdraw:<withdrawalId>`). The
 * fee is `rules.withdraw.balanceFeeBp` (absent: 0), judged with the other limits.
 */
import { WITHDRAWAL_MACHINE, type WithdrawalDocument } from '@shared/withdrawals';
import type { AccountDocument } from '@shared/ledger';
import { moveBalance } from '../_lib/balance';
import { _ } from '../_lib/db';
import { appendEntries } from '../_lib/ledgerChain';
import { addMovedInTx } from '../_lib/transitions';
import type { Tx } from '../_lib/tx';
import { withdrawalEntry } from '../_lib/withdrawals/moves';

/** The account's first (locking) update of a withdrawal to the balance: available → withdrawn at once. */
export function toBalanceAccountChange(amountFen: number, now: Date): Record<string, unknown> {
  return { availableFen: _.inc(-amountFen), withdrawnFen: _.inc(amountFen), updatedAt: now };
}

/**
 * The rest of the transaction once the request is judged: the two ledger entries on the account's
 * chain (with the day's counter), the withdrawal recorded withdrawn, the balance credited.
 * Answers the withdrawal as recorded.
 */
export async function recordToBalance(
  tx: Tx,
  withdrawal: WithdrawalDocument,
  account: AccountDocument,
  counters: object,
  now: Date,
): Promise<WithdrawalDocument> {
  const entries = [withdrawalEntry('withdraw', withdrawal, now), withdrawalEntry('withdrawPaid', withdrawal, now)];
  await appendEntries(tx, withdrawal.userId, counters, entries, account);
  const history = [{ status: WITHDRAWAL_MACHINE.transitions.creditBalance.to, at: now, by: withdrawal.userId }];
  await addMovedInTx(tx, WITHDRAWAL_MACHINE, 'creditBalance', { ...withdrawal, history });
  const credit = {
    kind: 'commissionWithdraw' as const,
    causeId: withdrawal._id,
    amountFen: withdrawal.payoutFen,
    ref: { withdrawalId: withdrawal._id },
    by: withdrawal.userId,
  };
  await moveBalance(tx, withdrawal.userId, [credit], now);
  return { ...withdrawal, status: WITHDRAWAL_MACHINE.transitions.creditBalance.to, history };
}
