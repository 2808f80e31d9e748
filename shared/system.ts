/**
 * The operational singletons of collection `system`, each under a fixed `_id`, so a read by
 * that `_id` knows which of them it gets (see DocumentOf in collections.ts).
 */

/** systemCheck's counter, `_id` `heartbeat`. */
export interface HeartbeatDocument {
  _id: 'heartbeat';
  /** How many systemCheck runs ever completed, counted in a transaction. */
  count: number;
  /** Server time of the latest run. */
  lastBeatAt: Date;
}

/**
 * The nightly grade sweep's position, `_id` `upgradeGrades`, written after every page so the
 * next run continues where a stopped one was.
 */
export interface GradeSweepState {
  _id: 'upgradeGrades';
  /** The last user `_id` refreshed in the current pass; null when the next run starts a new pass. */
  cursor: string | null;
  /** How many passes ever reached the end. */
  passesCompleted: number;
  updatedAt: Date;
}

/**
 * Wrong setup secrets in a row, `_id` `setupGuard` (cloudfunctions/admin/access.ts): past a few,
 * claims are refused without comparing until `lockedUntil`. Reset by the successful claim.
 */
export interface SetupGuard {
  _id: 'setupGuard';
  /** Wrong secrets since the last successful claim. */
  failures: number;
  lastFailureAt: Date | null;
  /** No claim is compared before this time; null when not locked. */
  lockedUntil: Date | null;
}

/**
 * The admins' claim marker and removal lock, `_id` `admins`: claiming the first admin adds it in
 * the same transaction as the admin, and every removal writes it, so concurrent claims or
 * removals conflict instead of both committing.
 */
export interface AdminsMarker {
  _id: 'admins';
  /** OPENID of whoever claimed the first admin; null when admins were added by hand before any claim. */
  claimedBy: string | null;
  claimedAt: Date | null;
  /** Bumped by every removal: the write that makes concurrent removals conflict. */
  changes: number;
  changedAt: Date;
}

/**
 * The shop's whole-collection totals, `_id` `shopTotals`, written by the computeShopTotals timer
 * every 10 minutes so that the admin dashboard reads them instead of grouping every order and
 * every account on each call. Each run replaces the whole document; the figures are as of
 * `computedAt` (the two aggregations behind them run moments apart, not in one snapshot).
 */
export interface ShopTotals {
  _id: 'shopTotals';
  /** Orders with status `completed`, a count. */
  completedOrders: number;
  /** Orders with status `closed`, a count. */
  closedOrders: number;
  /** Σ frozenFen over every account (commission in the return window), in fen. */
  frozenFen: number;
  /** Σ availableFen over every account (withdrawable; negative after clawbacks lowers it), in fen. */
  availableFen: number;
  /** Σ withdrawingFen over every account (requested, not yet paid out), in fen. */
  withdrawingFen: number;
  /** How many accounts the sums went over. */
  accounts: number;
  /** When the run that computed these figures started (server time). */
  computedAt: Date;
}

/** `_id` of ShopTotals in collection `system`. */
export const SHOP_TOTALS_ID = 'shopTotals';
