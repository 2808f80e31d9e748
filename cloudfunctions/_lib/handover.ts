/**
 * The hand-over of a leaver's team (docs/team.md section 4): each direct member of the leaver is
 * re-parented to the leaver's upline (the exit record's `memberChain`), or unbound when the leaver
 * had none, and the chains of the members below follow. Orders already placed keep their
 * attribution snapshot; only new orders see the new chain.
 *
 * Named, idempotent steps per member, in an order that makes a crash harmless: first the member's
 * own team (their direct members get [member, ...chain], the members below those get chain[0] as
 * third ancestor, or lose the leaver when there is no upline), then the member themself, with an
 * update conditional on still being bound to the leaver. A member whose own update did not happen
 * is still found by the next call, which repeats the team steps (they set the same values) and
 * then moves the member. Members are read page by page (MEMBERS_PER_CALL), so a big team takes
 * several calls; the exit record says `pending` until no direct member is left.
 */
import type { DistributorExitDocument } from '@shared/exit';
import { MAX_ANCESTORS } from '@shared/binding';
import { _, countWhere, findWhere, getDoc, updateWhere } from './db';

/** Direct members handed over per call: 3 updates each, run PARALLEL_MEMBERS at a time. */
export const MEMBERS_PER_CALL = 100;
const PARALLEL_MEMBERS = 10;

export interface HandoverProgress {
  status: DistributorExitDocument['handover']['status'];
  /** Members this call moved. */
  moved: number;
  /** Members handed over by every call so far. */
  movedMembers: number;
}

/** Step 1: the member's own team takes the member's new chain. */
async function carryToTeam(memberId: string, record: DistributorExitDocument): Promise<void> {
  const chain = record.memberChain;
  await updateWhere(
    'users',
    { 'ancestors.0': memberId },
    { ancestors: _.set([memberId, ...chain].slice(0, MAX_ANCESTORS)) },
  );
  if (chain[0]) await updateWhere('users', { 'ancestors.1': memberId }, { 'ancestors.2': chain[0] });
  // No upline: the leaver was their third ancestor, and nobody takes that place. The condition
  // on the leaver keeps a repeated step from removing a second entry.
  else await updateWhere('users', { 'ancestors.1': memberId, 'ancestors.2': record.userId }, { ancestors: _.pop() });
}

/** Step 2: the member's own binding, only while they are still bound to the leaver. */
async function moveMember(memberId: string, record: DistributorExitDocument): Promise<boolean> {
  const chain = record.memberChain;
  const unbound = chain.length === 0 ? { boundAt: null, bindingExpiresAt: null } : {};
  const moved = await updateWhere(
    'users',
    { _id: memberId, 'ancestors.0': record.userId },
    { referrerId: chain[0] ?? null, ancestors: _.set(chain), bindingVersion: _.inc(1), ...unbound },
  );
  return moved === 1;
}

async function handOverMember(memberId: string, record: DistributorExitDocument): Promise<boolean> {
  await carryToTeam(memberId, record);
  return moveMember(memberId, record);
}

/** Records the progress; `done` once no direct member is left (conditional, so a replay changes nothing). */
async function recordProgress(record: DistributorExitDocument, moved: number, now: Date): Promise<HandoverProgress> {
  const left = await countWhere('users', { 'ancestors.0': record.userId });
  const movedMembers = record.handover.movedMembers + moved;
  if (left > 0 || record.handover.status === 'done') {
    if (moved > 0)
      await updateWhere(
        'distributorExits',
        { _id: record._id },
        { 'handover.movedMembers': _.inc(moved), 'handover.updatedAt': now },
      );
    return { status: record.handover.status, moved, movedMembers };
  }
  await updateWhere(
    'distributorExits',
    { _id: record._id, 'handover.status': 'pending' },
    {
      'handover.status': 'done',
      'handover.movedMembers': _.inc(moved),
      'handover.doneAt': now,
      'handover.updatedAt': now,
    },
  );
  return { status: 'done', moved, movedMembers };
}

/** Hands over up to MEMBERS_PER_CALL direct members of the exit's leaver; null when there is no such exit. */
export async function runHandover(
  id: string,
  now: Date,
  limit: number = MEMBERS_PER_CALL,
): Promise<HandoverProgress | null> {
  const record = await getDoc('distributorExits', id);
  if (!record) return null;
  if (record.handover.status === 'done')
    return { status: 'done', moved: 0, movedMembers: record.handover.movedMembers };
  const members = await findWhere('users', { 'ancestors.0': record.userId }, { limit, orderBy: [['_id', 'asc']] });
  let moved = 0;
  for (let i = 0; i < members.length; i += PARALLEL_MEMBERS) {
    const outcomes = await Promise.all(
      members.slice(i, i + PARALLEL_MEMBERS).map((member) => handOverMember(member._id, record)),
    );
    moved += outcomes.filter(Boolean).length;
  }
  return recordProgress(record, moved, now);
}
