/**
 * Points (积分, docs/wallet.md section 4): earned on paid orders, frozen until the order's return
 * window ends, spent at checkout as a discount, and expiring on the merchant's schedule. Like the
 * balance (shared/balance.ts), every change is an immutable entry with a deterministic id from its
 * cause, written in the same transaction as the account, so each bucket of an account always
 * equals the sum of its entries' deltas and a retried cause is recorded once.
 *
 * Expiry: points become available in a China calendar month (a release, a returned spend, a
 * merchant's credit); the account keeps how many of each month's points are still available
 * (`months`). Spending and every other deduction take the oldest month first, and whatever is
 * left of month M expires at the end of month M + validityMonths (China time).
 */
import { mulDiv } from './exactMath';
import { BASIS_POINTS_PER_WHOLE } from './money';

/** The four buckets of an account, in points. */
export interface PointsBuckets {
  /** Earned on orders whose return window has not ended. */
  frozen: number;
  /** Spendable now. */
  available: number;
  /** Spent on orders (net of spends given back). */
  spent: number;
  /** Expired. */
  expired: number;
}

export const ZERO_POINTS: PointsBuckets = { frozen: 0, available: 0, spent: 0, expired: 0 };

/** One per user (`_id` = OPENID, collection pointsAccounts), created by its first entry. */
export interface PointsAccountDocument extends PointsBuckets {
  _id: string;
  /**
   * The available points by the China month (`YYYY-MM`) they became available in; only months with
   * points left are kept. They sum to `available`.
   */
  months: Record<string, number>;
  /** The earliest key of `months` (the next points to expire), or null when nothing is available. */
  oldestMonth: string | null;
  /** How many entries the account has; the last entry's `seq`. */
  entryCount: number;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * earn: an order's points, credited to frozen at settlement. release: frozen → available when the
 * order's return window ends. earnBack: a refund takes earned points back (from frozen before the
 * release, from available after). spend: points used at checkout. spendBack: spent points given
 * back (an order closed unpaid, or a refund). expire: a month's points left at its expiry.
 * adjust: the merchant's adjustment with a reason (either sign, available only).
 */
export const POINTS_ENTRY_KINDS = ['earn', 'release', 'earnBack', 'spend', 'spendBack', 'expire', 'adjust'] as const;
export type PointsEntryKind = (typeof POINTS_ENTRY_KINDS)[number];

export interface PointsEntryDocument {
  /** `<kind>:<causeId>` (pointsEntryId): one entry per event, whoever retries it. */
  _id: string;
  userId: string;
  kind: PointsEntryKind;
  /** The change of each bucket, in points (signed); each bucket of the account is the sum of these. */
  deltas: PointsBuckets;
  /** Points a take-back could not take because the account had too few available (never negative); 0 otherwise. */
  shortfall: number;
  /** The entry's position in its account: 1, 2, 3, … in commit order. */
  seq: number;
  /** The available points right after this entry. */
  availableAfter: number;
  ref: { orderId?: string; outRefundNo?: string; adjustmentId?: string; month?: string };
  /** Why, in words (shown in the 积分 history). */
  reason: string;
  /** The admin's OPENID for an adjustment, `system` otherwise. */
  by: string;
  at: Date;
}

export function pointsEntryId(kind: PointsEntryKind, causeId: string): string {
  return `${kind}:${causeId}`;
}

/** A change to apply; `points` is positive (its kind says which buckets move) except for adjust. */
export interface PointsMove {
  kind: PointsEntryKind;
  causeId: string;
  points: number;
  ref: PointsEntryDocument['ref'];
  reason: string;
  by: string;
  /** expire only: the month whose points expire (the move takes all that is left of it). */
  month?: string;
  /** earnBack only: the order's points were released, so they come out of available. */
  fromAvailable?: boolean;
}

export type PointsState = Pick<PointsAccountDocument, keyof PointsBuckets | 'months' | 'entryCount'>;

export type PointsVerdict =
  | { ok: true; account: PointsState; entries: PointsEntryDocument[] }
  | { ok: false; code: 'POINTS_INSUFFICIENT'; available: number; needed: number };

export const EMPTY_POINTS: PointsState = { ...ZERO_POINTS, months: {}, entryCount: 0 };

/** The earliest month with points left, or null. */
export function oldestMonthOf(months: Record<string, number>): string | null {
  const keys = Object.keys(months).sort();
  return keys[0] ?? null;
}

/** Takes `points` from the oldest months first; the months must hold at least that many. */
function takeOldest(months: Record<string, number>, points: number): Record<string, number> {
  const next = { ...months };
  let left = points;
  for (const month of Object.keys(next).sort()) {
    if (left === 0) break;
    const taken = Math.min(left, next[month] as number);
    left -= taken;
    if (taken === next[month]) delete next[month];
    else next[month] = (next[month] as number) - taken;
  }
  return next;
}

function addTo(months: Record<string, number>, month: string, points: number): Record<string, number> {
  return { ...months, [month]: (months[month] ?? 0) + points };
}

interface Step {
  deltas: PointsBuckets;
  shortfall: number;
  months: Record<string, number>;
}

/** What one move does to the state, or the points it lacks (a refusal). */
function stepOf(state: PointsState, move: PointsMove, month: string): Step | { needed: number } {
  const n = move.points;
  const { months } = state;
  const zero = { ...ZERO_POINTS };
  switch (move.kind) {
    case 'earn':
      return { deltas: { ...zero, frozen: n }, shortfall: 0, months };
    case 'release':
      if (n > state.frozen) throw new Error(`release of ${n} points from ${state.frozen} frozen`);
      return { deltas: { ...zero, frozen: -n, available: n }, shortfall: 0, months: addTo(months, month, n) };
    case 'spendBack':
      return { deltas: { ...zero, available: n, spent: -n }, shortfall: 0, months: addTo(months, month, n) };
    case 'spend':
      if (n > state.available) return { needed: n };
      return { deltas: { ...zero, available: -n, spent: n }, shortfall: 0, months: takeOldest(months, n) };
    case 'earnBack':
      return earnBack(state, move);
    case 'expire': {
      const left = months[move.month ?? ''] ?? 0;
      const { [move.month ?? '']: _gone, ...rest } = months;
      return { deltas: { ...zero, available: -left, expired: left }, shortfall: 0, months: rest };
    }
    case 'adjust':
      if (n > 0) return { deltas: { ...zero, available: n }, shortfall: 0, months: addTo(months, month, n) };
      if (-n > state.available) return { needed: -n };
      return { deltas: { ...zero, available: n }, shortfall: 0, months: takeOldest(months, -n) };
  }
}

/**
 * A refund's take-back: from frozen while the order's points are frozen, from available after
 * their release (`fromAvailable`); never below zero: what available lacks is the entry's shortfall.
 */
function earnBack(state: PointsState, move: PointsMove): Step {
  const zero = { ...ZERO_POINTS };
  if (!move.fromAvailable) {
    if (move.points > state.frozen) throw new Error(`earnBack of ${move.points} points from ${state.frozen} frozen`);
    return { deltas: { ...zero, frozen: -move.points }, shortfall: 0, months: state.months };
  }
  const taken = Math.min(move.points, state.available);
  return {
    deltas: { ...zero, available: -taken },
    shortfall: move.points - taken,
    months: takeOldest(state.months, taken),
  };
}

function checkMove(move: PointsMove): void {
  const zeroAllowed = move.kind === 'expire';
  if (!Number.isSafeInteger(move.points) || (move.points <= 0 && move.kind !== 'adjust' && !zeroAllowed))
    throw new Error(`points move ${move.kind}:${move.causeId} has ${move.points} points`);
  if (move.kind === 'adjust' && move.points === 0) throw new Error('an adjustment of 0 points');
}

/**
 * Applies `moves` in order (pure). Refused whole, writing nothing, when a spend or a negative
 * adjustment needs more than is available: available never goes below zero.
 */
export function applyPointsMoves(
  userId: string,
  account: PointsState,
  moves: readonly PointsMove[],
  at: Date,
  month: string,
): PointsVerdict {
  let state: PointsState = { ...account, months: { ...account.months } };
  const entries: PointsEntryDocument[] = [];
  for (const move of moves) {
    checkMove(move);
    const step = stepOf(state, move, month);
    if ('needed' in step)
      return { ok: false, code: 'POINTS_INSUFFICIENT', available: account.available, needed: step.needed };
    const { deltas } = step;
    state = {
      frozen: state.frozen + deltas.frozen,
      available: state.available + deltas.available,
      spent: state.spent + deltas.spent,
      expired: state.expired + deltas.expired,
      months: step.months,
      entryCount: state.entryCount + 1,
    };
    const ref = move.kind === 'expire' ? { ...move.ref, month: move.month } : move.ref;
    entries.push({
      _id: pointsEntryId(move.kind, move.causeId),
      userId,
      kind: move.kind,
      deltas,
      shortfall: step.shortfall,
      seq: state.entryCount,
      availableAfter: state.available,
      ref,
      reason: move.reason,
      by: move.by,
      at,
    });
  }
  return { ok: true, account: state, entries };
}

// ---------------------------------------------------------------------------------------------
// Earning and refunds (cumulative: computed from the order's totals, never by adding pieces)
// ---------------------------------------------------------------------------------------------

/** Points an order earns on `netGoodsFen` of paid goods: floor(whole yuan) × earnPerYuan. */
export function earnedPointsFor(netGoodsFen: number, earnPerYuan: number): number {
  return Math.floor(Math.max(0, netGoodsFen) / 100) * earnPerYuan;
}

/**
 * Of `usedPoints` spent on an order whose goods were paid `paidGoodsFen`, how many come back
 * once `refundedGoodsFen` of them were refunded: floor(used × refunded / paid), all of them when
 * everything was refunded.
 */
export function spentBackAfter(usedPoints: number, paidGoodsFen: number, refundedGoodsFen: number): number {
  if (usedPoints === 0 || refundedGoodsFen <= 0) return 0;
  if (refundedGoodsFen >= paidGoodsFen) return usedPoints;
  return mulDiv(usedPoints, refundedGoodsFen, paidGoodsFen).quotient;
}

// ---------------------------------------------------------------------------------------------
// Spending at checkout
// ---------------------------------------------------------------------------------------------

/** What the checkout prices points with. */
export interface PointsOffer {
  /** The shopper's available points. */
  availablePoints: number;
  /** Points per yuan when spending (e.g. 100: 100 points = ¥1). */
  pointsPerYuan: number;
  /** The largest share of the goods (after every other discount) points may take, basis points. */
  maxDeductBp: number;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/**
 * The deduction on `baseFen` of goods: at most maxDeductBp of it and at most what the available
 * points buy, in whole fen such that the points used (fen × pointsPerYuan / 100) are a whole
 * number (the fen are rounded down until they are).
 */
export function pointsDeduction(baseFen: number, offer: PointsOffer): { fen: number; points: number } {
  const byShare = mulDiv(Math.max(0, baseFen), offer.maxDeductBp, BASIS_POINTS_PER_WHOLE).quotient;
  const byPoints = mulDiv(Math.max(0, offer.availablePoints), 100, offer.pointsPerYuan).quotient;
  const step = 100 / gcd(100, offer.pointsPerYuan);
  const fen = Math.floor(Math.min(byShare, byPoints) / step) * step;
  return { fen, points: (fen * offer.pointsPerYuan) / 100 };
}

// ---------------------------------------------------------------------------------------------
// Expiry calendar
// ---------------------------------------------------------------------------------------------

function monthIndex(month: string): number {
  const [year, mm] = month.split('-').map(Number) as [number, number];
  return year * 12 + (mm - 1);
}

function monthOfIndex(index: number): string {
  const year = Math.floor(index / 12);
  return `${String(year).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The China month `months` after `month` (YYYY-MM). */
export function addMonths(month: string, months: number): string {
  return monthOfIndex(monthIndex(month) + months);
}

/**
 * The latest month whose points have expired in China month `current` under `validityMonths`
 * (month M expires at the end of M + validityMonths), or null when points never expire (0).
 */
export function lastExpiredMonth(current: string, validityMonths: number): string | null {
  if (validityMonths <= 0) return null;
  return addMonths(current, -validityMonths - 1);
}

/** The month (YYYY-MM) after which month `month`'s points are gone: they expire when it ends. */
export function expiryMonthOf(month: string, validityMonths: number): string {
  return addMonths(month, validityMonths);
}
