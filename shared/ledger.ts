/**
 * The commission ledger's documents (rulebook sections 6-7). Every change to an account is an
 * immutable ledger entry with a deterministic id (the idempotency key of its cause) and the
 * deltas it applied, written in the same transaction as the account change: an account always
 * equals the sum of its entries.
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
}

export type EntryKind = 'settle' | 'release' | 'reverse' | 'clawback' | 'withdraw' | 'withdrawPaid' | 'withdrawReturned';

export interface LedgerEntry {
  /** Deterministic from its cause, e.g. `settle:<orderId>:<userId>`: an event is recorded once. */
  _id: string;
  userId: string;
  kind: EntryKind;
  /** What the entry changed; the account's balances are the sums of these over its entries. */
  deltas: Balances;
  /** What caused it (order, commission ids, withdrawal, refund). */
  ref: { orderId?: string; commissionIds?: string[]; withdrawalId?: string; refundId?: string };
  at: Date;
}

export type CommissionStatus = 'frozen' | 'released' | 'reversed';

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
  /** Released to the available balance so far. */
  releasedFen: number;
  /** Reversed by refunds before release, and clawed back after. */
  reversedFen: number;
  clawedBackFen: number;
  /** completion + returnWindowDays; null until the order completes. */
  releaseAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export function commissionId(orderId: string, lineIndex: number, level: number): string {
  return `c:${orderId}:${lineIndex}:${level}`;
}

export function settleEntryId(orderId: string, userId: string): string {
  return `settle:${orderId}:${userId}`;
}

/** The commissions an order's attribution snapshot earns: one per line and level with an amount. */
export function commissionsOf(order: {
  _id: string;
  buyerId: string;
  rulesVersion: number;
  lines: ReadonlyArray<{ lineIndex: number; attribution: { baseFen: number; capApplied: boolean; levels: ReadonlyArray<LevelCommission> } }>;
}, now: Date): CommissionDocument[] {
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
        releasedFen: 0,
        reversedFen: 0,
        clawedBackFen: 0,
        releaseAt: null,
        createdAt: now,
        updatedAt: now,
      })),
  );
}

/** Sums commissions per beneficiary (one settle entry and one account change each). */
export function frozenByBeneficiary(commissions: readonly CommissionDocument[]): Map<string, { amountFen: number; ids: string[] }> {
  const sums = new Map<string, { amountFen: number; ids: string[] }>();
  for (const commission of commissions) {
    const sum = sums.get(commission.beneficiaryId) ?? { amountFen: 0, ids: [] };
    sum.amountFen += commission.amountFen;
    sum.ids.push(commission._id);
    sums.set(commission.beneficiaryId, sum);
  }
  return sums;
}
