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
