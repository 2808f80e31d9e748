/**
 * Automatic grade upgrades (docs/rules.md section 3, `grades`): the use case behind the distributor
 * center and the daily upgradeGrades sweep. The decision is shared/grades.ts's evaluateGrade;
 * this file reads the progress and writes the change in two named steps:
 *
 *   1. record the change in `gradeChanges` under a deterministic id (a retry finds it);
 *   2. move the user's grade with an update conditional on the grade that was read.
 *
 * A crash between the steps leaves a recorded change the next refresh completes. When step 2
 * finds the grade moved (an admin set it by hand meanwhile), step 1 is compensated by removing
 * the record it inserted, so the history never shows a change that did not happen.
 */
import {
  autoGradeChangeId,
  evaluateGrade,
  heldGrade,
  type GradeChangeDocument,
  type GradeProgress,
} from '@shared/grades';
import type { Rules } from '@shared/rules';
import { isDistributor, type UserDocument } from '@shared/users';
import { getDoc, insertDoc, removeWhere, updateWhere } from './db';

export type RefreshStatus =
  /** The grade is the one the rules give (or the grade was set by hand). */
  | 'unchanged'
  /** The user was moved up; `change` is the recorded history document. */
  | 'upgraded'
  /** The user may not earn commission now, so grades do not move. */
  | 'notDistributor'
  /** No such user. */
  | 'notFound'
  /** The grade changed under the refresh (set by an admin); nothing was written. */
  | 'conflict';

export interface RefreshOutcome {
  status: RefreshStatus;
  /** The grade the user holds after the refresh (the default grade's id when none is stored); null when not found. */
  gradeId: string | null;
  change: GradeChangeDocument | null;
}

type GradeUser = Pick<UserDocument, '_id' | 'stats' | 'distributor'>;

/** The progress of a user whose direct invitees were counted by the caller. */
export function progressOf(user: Pick<UserDocument, 'stats'>, directInvitees: number): GradeProgress {
  return {
    directInvitees,
    ownPaidSpendFen: user.stats.paidSpendFen,
    teamPaidSalesFen: user.stats.teamPaidSalesFen,
    releasedCommissionFen: user.stats.releasedCommissionFen,
  };
}

/** The refresh for callers that already hold the user, the rules and the direct-invitee count. */
export async function refreshGradeOf(
  user: GradeUser,
  rules: Rules,
  directInvitees: number,
  now: Date,
): Promise<RefreshOutcome> {
  const held = heldGrade(rules, user.distributor.gradeId);
  if (!isDistributor(user, rules)) return { status: 'notDistributor', gradeId: held.id, change: null };
  const progress = progressOf(user, directInvitees);
  const target = evaluateGrade(rules, user.distributor, progress);
  if (target.id === held.id) return { status: 'unchanged', gradeId: held.id, change: null };
  const change: GradeChangeDocument = {
    _id: autoGradeChangeId(user._id, target.id),
    userId: user._id,
    fromGradeId: held.id,
    toGradeId: target.id,
    reason: 'auto',
    progress,
    at: now,
  };
  const recorded = await recordChange(change);
  if (await moveGrade(user, target.id)) return { status: 'upgraded', gradeId: target.id, change };
  return settleLostRace(user._id, rules, change, recorded);
}

/** Step 1: the history document; 'replayed' when a previous attempt already wrote it. */
async function recordChange(change: GradeChangeDocument): Promise<'inserted' | 'replayed'> {
  const outcome = await insertDoc('gradeChanges', change);
  return outcome === 'inserted' ? 'inserted' : 'replayed';
}

/** Step 2: moves the grade only if it is still the one read and was not set by hand. */
async function moveGrade(user: GradeUser, toGradeId: string): Promise<boolean> {
  const where = {
    _id: user._id,
    'distributor.gradeId': user.distributor.gradeId,
    'distributor.gradeSetByAdmin': false,
  };
  return (await updateWhere('users', where, { 'distributor.gradeId': toGradeId })) === 1;
}

/**
 * Step 2 matched nothing. If a concurrent refresh made the same upgrade, that is success;
 * otherwise the grade was changed by hand, and step 1 is undone when this call wrote it.
 */
async function settleLostRace(
  userId: string,
  rules: Rules,
  change: GradeChangeDocument,
  recorded: 'inserted' | 'replayed',
): Promise<RefreshOutcome> {
  const fresh = await getDoc('users', userId);
  if (fresh?.distributor.gradeId === change.toGradeId) return { status: 'upgraded', gradeId: change.toGradeId, change };
  if (recorded === 'inserted') await removeChange(change._id);
  return { status: 'conflict', gradeId: heldGrade(rules, fresh?.distributor.gradeId ?? null).id, change: null };
}

/** Compensation of step 1. */
async function removeChange(changeId: string): Promise<void> {
  await removeWhere('gradeChanges', { _id: changeId, reason: 'auto' });
}
