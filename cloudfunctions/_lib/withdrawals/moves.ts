/**
 * Status moves of a withdrawal after its request (docs/rules.md section 7). Each move is ONE
 * transaction: the withdrawal changes status only from the expected state, and the ledger entry
 * (`<kind>:<withdrawalId>`) with its account change is written with it, so the account always
 * equals its entries and a move happens at most once. A replay (the withdrawal is already where
 * the move leads) writes nothing and answers the current state.
 *
 * The outcome notice (withdrawn, rejected, failed) is sent after the commit by the caller that
 * made the move, best effort: a crash between commit and notice loses only the courtesy message.
 */
import type { LedgerEntry } from '@shared/ledger';
import {
  WITHDRAWAL_MACHINE,
  withdrawalDeltas,
  withdrawalEntryId,
  WITHDRAWALS_PAGE,
  type WithdrawalDocument,
  type WithdrawalEntryKind,
  type WithdrawalMove,
  type WithdrawalStatus,
} from '@shared/withdrawals';
import { _ } from '../db';
import { appendEntries } from '../ledgerChain';
import { notify } from '../notify';
import { loadRules } from '../rules';
import { transitionInTx } from '../transitions';
import { BUSY, inTransaction, type Tx } from '../tx';

export const WITHDRAWALS = 'withdrawals';

/**
 * Many transactions may write one account at once (a burst of requests, a review): enough
 * attempts that a conflict is waited out rather than answered BUSY. inTransaction pauses a
 * random, growing time between attempts, so the contenders spread out.
 */
export const ACCOUNT_TX_ATTEMPTS = 40;

export interface MoveSpec {
  /** The transition of WITHDRAWAL_MACHINE (shared/withdrawals.ts): its from-states and its to-state. */
  move: WithdrawalMove;
  /** Statuses in which the move counts as done already (a replay): answered unchanged. */
  done: readonly WithdrawalStatus[];
  /** The ledger entry the move writes with its account change; null for a move without money. */
  entry: WithdrawalEntryKind | null;
  /** An admin's OPENID, `system` or the distributor's OPENID. */
  by: string;
  note?: string;
  /** markPaid: the manual transfer's reference, kept in the history event. */
  transferRef?: string;
  /** The shop's only admin decides on their own withdrawal: marked in the history event. */
  selfReview?: boolean;
  /** Further fields of the withdrawal to change with the move. */
  patch?: (doc: WithdrawalDocument) => Partial<WithdrawalDocument>;
}

export type MoveOutcome =
  | { kind: 'changed' | 'unchanged'; withdrawal: WithdrawalDocument }
  | { kind: 'invalid'; withdrawal: WithdrawalDocument }
  | { kind: 'notFound' }
  | { kind: 'busy' };

type EntrySubject = Pick<WithdrawalDocument, '_id' | 'userId' | 'amountFen' | 'feeFen'>;

/** The account update of a withdrawal's entry: its deltas as increments, with `fields` and updatedAt. */
export function accountChange(
  kind: WithdrawalEntryKind,
  amountFen: number,
  now: Date,
  fields: object = {},
): Record<string, unknown> {
  const changes: Record<string, unknown> = { ...fields, updatedAt: now };
  for (const [field, delta] of Object.entries(withdrawalDeltas(kind, amountFen)))
    if (delta !== 0) changes[field] = _.inc(delta);
  return changes;
}

/** The ledger entry of a withdrawal's move (its id is the move's idempotency key). */
export function withdrawalEntry(kind: WithdrawalEntryKind, withdrawal: EntrySubject, now: Date): LedgerEntry {
  return {
    _id: withdrawalEntryId(kind, withdrawal._id),
    userId: withdrawal.userId,
    kind,
    deltas: withdrawalDeltas(kind, withdrawal.amountFen),
    ref: { withdrawalId: withdrawal._id, feeFen: withdrawal.feeFen },
    at: now,
  };
}

/** Writes an entry of a withdrawal and applies its deltas to the account, inside `tx`. */
async function recordEntry(tx: Tx, kind: WithdrawalEntryKind, withdrawal: EntrySubject, now: Date): Promise<void> {
  // The account first: it is the document other transactions contend for, so a conflict comes early.
  const change = accountChange(kind, withdrawal.amountFen, now);
  await appendEntries(tx, withdrawal.userId, change, [withdrawalEntry(kind, withdrawal, now)]);
}

export async function moveWithdrawal(id: string, spec: MoveSpec, now: Date): Promise<MoveOutcome> {
  const outcome = await inTransaction<MoveOutcome>(
    async (tx) => {
      const doc = await tx.get(WITHDRAWALS, id);
      if (!doc) return { kind: 'notFound' };
      if (spec.done.includes(doc.status)) return { kind: 'unchanged', withdrawal: doc };
      const { from, to } = WITHDRAWAL_MACHINE.transitions[spec.move];
      if (!from.includes(doc.status)) return { kind: 'invalid', withdrawal: doc };
      const event = {
        status: to,
        at: now,
        by: spec.by,
        ...(spec.note ? { note: spec.note } : {}),
        ...(spec.transferRef ? { transferRef: spec.transferRef } : {}),
        ...(spec.selfReview ? { selfReview: true } : {}),
      };
      const next: WithdrawalDocument = {
        ...doc,
        ...spec.patch?.(doc),
        status: to,
        history: [...doc.history, event],
        updatedAt: now,
      };
      if (spec.entry) await recordEntry(tx, spec.entry, doc, now);
      // The whole document is written (set): the table's transition adds the status to the rest.
      const { _id, status, ...fields } = next;
      await transitionInTx(tx, WITHDRAWAL_MACHINE, spec.move, doc, fields, 'set');
      return { kind: 'changed', withdrawal: next };
    },
    { attempts: ACCOUNT_TX_ATTEMPTS },
  );
  if (outcome === BUSY) return { kind: 'busy' };
  if (outcome.kind === 'changed') await announce(outcome.withdrawal, now);
  return outcome;
}

const NOTES: Partial<Record<WithdrawalStatus, (doc: WithdrawalDocument) => { amountFen: number; note: string }>> = {
  withdrawn: (doc) => ({ amountFen: doc.payoutFen, note: '提现已到账' }),
  rejected: (doc) => ({ amountFen: doc.amountFen, note: `提现未通过：${doc.rejectReason ?? ''}` }),
  failed: (doc) => ({ amountFen: doc.amountFen, note: '提现失败，金额已退回可提现' }),
};

/** Tells the distributor a withdrawal's outcome (subscribe message); never throws. */
async function announce(doc: WithdrawalDocument, now: Date): Promise<void> {
  const text = NOTES[doc.status]?.(doc);
  if (!text) return;
  try {
    const rules = await loadRules();
    await notify({
      purpose: 'withdrawal',
      touser: doc.userId,
      template: rules.notifications.withdrawal,
      page: WITHDRAWALS_PAGE,
      amountFen: text.amountFen,
      time: now,
      note: text.note,
    });
  } catch (error) {
    console.error(`withdrawal notice for ${doc._id} failed:`, error);
  }
}
