/**
 * The balance (余额): money a user keeps in the shop and spends on orders (docs/wallet.md). Like
 * the commission ledger, every change is an immutable entry with a deterministic id derived from
 * its cause, written in the same transaction as the account it changes, so an account always
 * equals the sum of its entries and a retried cause is recorded once. Unlike commission, a
 * balance never goes below zero: a move that would take it there is refused whole.
 */

/** One per user (`_id` = OPENID), created by the first entry. */
export interface BalanceAccountDocument {
  /** The user's OPENID. */
  _id: string;
  /** Spendable balance in fen: the sum of the account's entries' `amountFen`; never below 0. */
  balanceFen: number;
  /** How many entries the account has; the last entry's `seq`. */
  entryCount: number;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * What an entry records. In: topUp (the paid amount of a top-up), topUpBonus (its bonus, kept
 * apart so that refunding the top-up takes exactly the bonus back), orderRefund (a refund of an
 * order paid from the balance), commissionWithdraw (commission withdrawn to the balance),
 * adjust (a merchant's adjustment with a reason, either sign). Out: orderPay (paying an order),
 * topUpRefund and topUpBonusBack (refunding a top-up).
 */
export type BalanceEntryKind =
  | 'topUp'
  | 'topUpBonus'
  | 'topUpRefund'
  | 'topUpBonusBack'
  | 'orderPay'
  | 'orderRefund'
  | 'commissionWithdraw'
  | 'adjust';

export interface BalanceEntryDocument {
  /** Deterministic from the cause (balanceEntryId): one entry per event, whoever retries it. */
  _id: string;
  userId: string;
  kind: BalanceEntryKind;
  /** The change in fen: positive in, negative out. */
  amountFen: number;
  /** The account's balance in fen right after this entry. */
  balanceAfterFen: number;
  /** The entry's position in its account: 1, 2, 3, … in commit order. */
  seq: number;
  /** What caused it: the order, top-up, refund number, withdrawal or adjustment. */
  ref: {
    orderId?: string;
    topUpId?: string;
    outRefundNo?: string;
    withdrawalId?: string;
    adjustmentId?: string;
  };
  /** Why, in words: the merchant's reason for an adjustment; null for the others. */
  reason: string | null;
  /** Who made it: the admin's OPENID for an adjustment, `system` or the user for the others. */
  by: string;
  at: Date;
}

/** The id of the entry an event writes: the kind and the cause's own deterministic id. */
export function balanceEntryId(kind: BalanceEntryKind, causeId: string): string {
  return `${kind}:${causeId}`;
}

/** A change to apply: the entry without what the account decides (balance after, seq, user, time). */
export interface BalanceMove {
  kind: BalanceEntryKind;
  /** The cause's id; the entry's id is balanceEntryId(kind, causeId). */
  causeId: string;
  amountFen: number;
  ref: BalanceEntryDocument['ref'];
  reason?: string | null;
  by: string;
}

export type BalanceVerdict =
  | { ok: true; balanceFen: number; entries: BalanceEntryDocument[] }
  | { ok: false; code: 'BALANCE_INSUFFICIENT'; balanceFen: number; neededFen: number };

/**
 * Applies `moves` in order to an account holding `balanceFen` after `entryCount` entries. Refused
 * whole when any prefix would take the balance below zero, so a payment is never partly made.
 * Amounts must be integers (fen); a non-integer or a zero move is a bug, not an outcome.
 */
export function applyBalanceMoves(
  userId: string,
  account: Pick<BalanceAccountDocument, 'balanceFen' | 'entryCount'>,
  moves: readonly BalanceMove[],
  at: Date,
): BalanceVerdict {
  let balanceFen = account.balanceFen;
  let seq = account.entryCount;
  const entries: BalanceEntryDocument[] = [];
  for (const move of moves) {
    if (!Number.isSafeInteger(move.amountFen) || move.amountFen === 0)
      throw new Error(`balance move ${move.kind}:${move.causeId} has amount ${move.amountFen}`);
    if (balanceFen + move.amountFen < 0)
      return { ok: false, code: 'BALANCE_INSUFFICIENT', balanceFen: account.balanceFen, neededFen: -move.amountFen };
    balanceFen += move.amountFen;
    seq += 1;
    entries.push({
      _id: balanceEntryId(move.kind, move.causeId),
      userId,
      kind: move.kind,
      amountFen: move.amountFen,
      balanceAfterFen: balanceFen,
      seq,
      ref: move.ref,
      reason: move.reason ?? null,
      by: move.by,
      at,
    });
  }
  return { ok: true, balanceFen, entries };
}
