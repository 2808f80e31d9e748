/**
 * The commission ledger's documents (docs/rules.md sections 6-7). Every change to an account is an
 * immutable ledger entry with a deterministic id (the idempotency key of its cause) and the
 * deltas it applied, written in the same transaction as the account change: an account always
 * equals the sum of its entries. Settlement does not change accounts itself: it records what it
 * owes each user as a settlement share, which a roll-up moves into the account (and the user's
 * paid totals) with the share's settle entry (docs/rules.md section 7).
 */
import type { LevelCommission } from './attribution';

export interface Balances {
  /** Earned, inside the return window (or held by an open after-sale). */
  frozenFen: number;
  /** Released: may be withdrawn; negative only after a clawback. */
  availableFen: number;
  /** Reserved by withdrawals under review or being paid out. */
  withdrawingFen: number;
  /** Paid out. */
  withdrawnFen: number;
}

export const ZERO_BALANCES: Balances = { frozenFen: 0, availableFen: 0, withdrawingFen: 0, withdrawnFen: 0 };

export interface AccountDocument extends Balances {
  /** The distributor's OPENID. */
  _id: string;
  createdAt: Date;
  updatedAt: Date;
  /**
   * The head of the account's hash chain (shared/ledgerChain.ts), written in the transaction that
   * adds each entry: how many chained entries the account has (the last one's `seq`). Absent on an
   * account from before the chain until its first chained entry (read as 0).
   */
  entryCount?: number;
  /** The `hash` of the account's last chained entry (hex sha256); absent like entryCount (read as GENESIS_HASH). */
  lastEntryHash?: string;
}

/**
 * settle: frozen +; release: frozen → available; reverse: frozen − (refund before release);
 * clawback: available − (refund after release); withdraw: available → withdrawing;
 * withdrawPaid: withdrawing → withdrawn; withdrawReturned: withdrawing → available;
 * reward: frozen + (a reward granted, shared/rewards.ts); rewardRelease: frozen → available;
 * rewardVoid: frozen − (a reward taken back before release); rewardClawback: available − (after).
 * One kind per line, so that parts of the product adding kinds do not edit the same line.
 * forfeit: frozen − (exit under the rule `forfeit`).
 * riskVoid: frozen − (the merchant voided commissions on risk hold, docs/rules.md section 9).
 */
export type EntryKind =
  | 'settle'
  | 'release'
  | 'reverse'
  | 'clawback'
  | 'withdraw'
  | 'withdrawPaid'
  | 'withdrawReturned'
  | 'reward'
  | 'rewardRelease'
  | 'rewardVoid'
  | 'rewardClawback'
  /** forfeit: frozen − (frozen commission forfeited at a distributor's exit, docs/team.md section 4). */
  | 'forfeit'
  /** riskVoid: frozen − (commissions on risk hold voided by the merchant, docs/rules.md section 9). */
  | 'riskVoid';

export interface LedgerEntry {
  /** Deterministic from its cause, e.g. `settle:<orderId>:<userId>`: an event is recorded once. */
  _id: string;
  userId: string;
  kind: EntryKind;
  /** What the entry changed; the account's balances are the sums of these over its entries. */
  deltas: Balances;
  /** What caused it (order, commission ids, withdrawal, refund). */
  ref: {
    orderId?: string;
    commissionIds?: string[];
    withdrawalId?: string;
    refundId?: string;
    releaseBatch?: string;
    feeFen?: number;
    /** The reward (shared/rewards.ts) behind a reward, rewardRelease, rewardVoid or rewardClawback entry. */
    rewardId?: string;
    /** forfeit: the exit record (distributorExits) that forfeited the commissions. */
    exitId?: string;
    /** riskVoid: the risk case (`risk:<orderId>`). */
    riskCaseId?: string;
  };
  at: Date;
  /**
   * The entry's place in its account's hash chain (docs/ledger.md, "Tamper evidence"): 1 for the
   * account's first entry, then 2, 3, … in the order the transactions committed. Absent only on an
   * entry written before the chain existed, until `npm run ledger:verify -- --adopt` chains it.
   */
  seq?: number;
  /** The `hash` of the account's entry seq − 1 (GENESIS_HASH, 64 zeros, for seq 1). */
  prevHash?: string;
  /** Hex sha256 of the entry's canonical form: _id, userId, kind, deltas, ref, at (ISO), seq, prevHash. */
  hash?: string;
}

/**
 * frozen: earned, waiting for its release date (or held by an open after-sale);
 * releasing: claimed by a release batch that has not finished (a crash leaves it here until the
 * next run or a refund finishes the batch; the amount still sits in frozenFen);
 * released: amountFen − reversedFen moved to the available balance;
 * reversed: refunded in full before release (nothing left to release), or forfeited at its
 * beneficiary's exit (`forfeitedBy` set).
 */
export type CommissionStatus = 'frozen' | 'releasing' | 'released' | 'reversed';

/** One step in a commission's life, shown to the distributor as its status history. */
export interface CommissionEvent {
  event: 'settled' | 'scheduled' | 'released' | 'reversed' | 'clawedBack' | 'forfeited';
  at: Date;
  /** Fen moved by the event (reversed, clawed back or forfeited); absent for settled/scheduled/released. */
  amountFen?: number;
  /** The refund (out_refund_no) behind a reversal or clawback. */
  refundId?: string;
  /** scheduled: the release date set at completion. */
  releaseAt?: Date;
}

export interface CommissionDocument {
  /** `c:<orderId>:<lineIndex>:<level>`. */
  _id: string;
  orderId: string;
  lineIndex: number;
  level: number;
  beneficiaryId: string;
  buyerId: string;
  /** The amount earned (after the cap), as snapshotted on the order line. */
  amountFen: number;
  /** How it was computed: base, basis (rate or fixed), cap; copied from the order line. */
  baseFen: number;
  basis: LevelCommission['basis'];
  capApplied: boolean;
  rulesVersion: number;
  status: CommissionStatus;
  /**
   * Reversed by refunds before release (taken from frozen). What a release moves to available is
   * amountFen − reversedFen (see releasedFenOf); there is no separate released counter because a
   * batch release flips many commissions with one update.
   */
  reversedFen: number;
  /** Taken back from the available balance by refunds after release. */
  clawedBackFen: number;
  /** completion + returnWindowDays; null until the order completes. */
  releaseAt: Date | null;
  /**
   * The latest after-sale request made on its line while it was frozen (absent if none was). The
   * request's transaction writes it, and a release claims only commissions without it (or whose
   * request has ended, which the release clears first), so a request and a release claiming the
   * same commission are decided one after the other: never both (docs/rules.md section 6, Held).
   */
  heldBy?: string | null;
  /**
   * The exit (distributorExits) that forfeited it: the commission became `reversed` (reversedFen =
   * amountFen), `forfeitedFen` being the part that was still frozen and went to the exit's
   * `forfeit` entry rather than to refunds (docs/team.md section 4). Absent on every other commission.
   */
  forfeitedBy?: string;
  forfeitedFen?: number;
  /**
   * The risk case holding it (`risk:<orderId>`, docs/rules.md section 9), written by settlement when
   * a signal fired; absent or null when none does. A release claims only commissions without it;
   * approving the case clears it, voiding the case reverses the commission.
   */
  riskHold?: string | null;
  /** The release batch that claimed it (status releasing or released); null before. */
  releaseBatch: string | null;
  releasedAt: Date | null;
  /** Its life so far, oldest first. */
  history: CommissionEvent[];
  createdAt: Date;
  updatedAt: Date;
}

/** What the commission moved to the available balance (before any clawback). */
export function releasedFenOf(commission: Pick<CommissionDocument, 'status' | 'amountFen' | 'reversedFen'>): number {
  return commission.status === 'released' ? commission.amountFen - commission.reversedFen : 0;
}

/** What still sits in the frozen balance for this commission. */
export function frozenFenOf(commission: Pick<CommissionDocument, 'status' | 'amountFen' | 'reversedFen'>): number {
  return commission.status === 'frozen' || commission.status === 'releasing'
    ? commission.amountFen - commission.reversedFen
    : 0;
}

export function commissionId(orderId: string, lineIndex: number, level: number): string {
  return `c:${orderId}:${lineIndex}:${level}`;
}

export function settleEntryId(orderId: string, userId: string): string {
  return `settle:${orderId}:${userId}`;
}

/** pending: written by settlement, not yet in the user's balances and stats; applied: a roll-up moved it in. */
export type ShareState = 'pending' | 'applied';

/**
 * What one order's settlement owes one user: a frozen credit (a beneficiary's commissions on the
 * order) and/or an addition to the user's team paid sales (the buyer's spend is not a share). Written
 * by the settlement transaction, which touches only documents of its own order; moved into the
 * account and the user's stats, with the settle entry, by a roll-up (cloudfunctions/_lib/rollup.ts)
 * that changes `state` once, `pending → applied`.
 */
export interface SettlementShareDocument {
  /** `share:<orderId>:<userId>` (settleShareId). */
  _id: string;
  orderId: string;
  /** The OPENID whose account and stats receive the share. */
  userId: string;
  /** Fen for the frozen balance: the user's commissions on the order, net of refunds before settlement. */
  frozenFen: number;
  /** The user's commissions on the order; empty for a user who earns none (no account change, no entry). */
  commissionIds: string[];
  /**
   * Fen for `stats.paidSpendFen`: always 0 in the shares settlement writes, which adds the buyer's
   * spend to the buyer's document in its own transaction; a roll-up adds it all the same.
   */
  paidSpendFen: number;
  /** Fen for `stats.teamPaidSalesFen`: the order's net paid goods when the user is the buyer's ancestor, else 0. */
  teamPaidSalesFen: number;
  state: ShareState;
  /** When settlement wrote it; its settle entry carries this time as `at`. */
  createdAt: Date;
  /** When a roll-up applied it; null while pending. */
  appliedAt: Date | null;
}

export function settleShareId(orderId: string, userId: string): string {
  return `share:${orderId}:${userId}`;
}

/** The commissions an order's attribution snapshot earns: one per line and level with an amount. */
export function commissionsOf(
  order: {
    _id: string;
    buyerId: string;
    rulesVersion: number;
    lines: ReadonlyArray<{
      lineIndex: number;
      attribution: { baseFen: number; capApplied: boolean; levels: ReadonlyArray<LevelCommission> };
    }>;
  },
  now: Date,
): CommissionDocument[] {
  return order.lines.flatMap((line) =>
    line.attribution.levels
      .filter((level) => level.amountFen > 0)
      .map((level) => ({
        _id: commissionId(order._id, line.lineIndex, level.level),
        orderId: order._id,
        lineIndex: line.lineIndex,
        level: level.level,
        beneficiaryId: level.beneficiaryId,
        buyerId: order.buyerId,
        amountFen: level.amountFen,
        baseFen: line.attribution.baseFen,
        basis: level.basis,
        capApplied: line.attribution.capApplied,
        rulesVersion: order.rulesVersion,
        status: 'frozen' as const,
        reversedFen: 0,
        clawedBackFen: 0,
        releaseAt: null,
        releaseBatch: null,
        releasedAt: null,
        history: [{ event: 'settled' as const, at: now }],
        createdAt: now,
        updatedAt: now,
      })),
  );
}
