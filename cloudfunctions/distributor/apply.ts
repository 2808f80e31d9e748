/**
 * Applying to become a distributor (recruitment mode `apply`) and withdrawing the application.
 *
 * The application document leads and the user's status follows: every change first moves the
 * application (insert, or a conditional status update), then the user's `distributor.status`
 * with an update conditional on its from-state. A retry after a crash between the two steps
 * finds the application and completes the user's step. The admin's review (approve/reject)
 * keeps the same order, so the two sides never fight over who is first.
 *
 * An application that is pending while its user is not is either in flight (its apply has
 * not reached step 2 yet) or unfinished (its apply died between the steps). It counts as in
 * flight for IN_FLIGHT_MS, longer than the function's timeout, after which no invocation can
 * still be working on it and a new apply may close it.
 */
import {
  applicationId,
  type ApplicationForm,
  type ApplyOutput,
  type DistributorApplicationDocument,
  type DistributorError,
  type RetractApplicationOutput,
} from '@shared/contracts/distributor';
import { exitRulesOf, rejoinRefusal } from '@shared/exit';
import { ok, type Result } from '@shared/result';
import type { DistributorStatus } from '@shared/users';
import { _, insertDoc, updateWhere } from '../_lib/db';
import { loadContext, type DistributorContext } from './context';
import { applicationView, refuse } from './views';

/** Longer than this function's timeout (config.json), so an older unfinished apply is certainly dead. */
export const IN_FLIGHT_MS = 60_000;
/** The statuses an application may start from. */
const APPLY_FROM: ReadonlyArray<DistributorStatus> = ['none', 'rejected', 'exited'];

type ApplyDecision =
  /** A replay of this apply, or its retry after it stopped between its steps. */
  | { kind: 'resume'; application: DistributorApplicationDocument; moveUser: boolean }
  | { kind: 'create'; id: string; unfinished: DistributorApplicationDocument | null }
  | { kind: 'refuse'; code: DistributorError; unfinished: DistributorApplicationDocument | null };

function sameForm(a: ApplicationForm, b: ApplicationForm): boolean {
  return a.realName === b.realName && a.phone === b.phone && (a.reason ?? '') === (b.reason ?? '');
}

function inFlight(application: DistributorApplicationDocument, now: Date): boolean {
  return now.getTime() - application.createdAt.getTime() < IN_FLIGHT_MS;
}

function applyRefusal(status: DistributorStatus, recruitment: string, waiting: boolean): DistributorError | null {
  if (status === 'disabled') return 'DISABLED';
  if (status === 'approved') return 'ALREADY_DISTRIBUTOR';
  if (status === 'pending' || waiting) return 'ALREADY_PENDING';
  if (recruitment === 'designated') return 'RECRUITMENT_CLOSED';
  if (recruitment === 'everyone') return 'NOT_NEEDED';
  return null;
}

export function decideApply(context: DistributorContext, form: ApplicationForm, now: Date): ApplyDecision {
  const { user, rules, latestApplication: latest } = context;
  const status = user.distributor.status;
  const waiting = latest?.status === 'pending' ? latest : null;
  const mayStart = APPLY_FROM.includes(status) && rules.recruitment === 'apply';
  if (waiting && sameForm(waiting.form, form) && (status === 'pending' || mayStart))
    return { kind: 'resume', application: waiting, moveUser: status !== 'pending' };
  const unfinished = waiting && status !== 'pending' && !inFlight(waiting, now) ? waiting : null;
  // A leaver comes back only as the rules' exit.rejoin allows (docs/team.md section 4).
  const barred = status === 'exited' && rejoinRefusal(exitRulesOf(rules), user.distributor.exitedAt, now) !== null;
  const code = barred
    ? 'REJOIN_NOT_ALLOWED'
    : applyRefusal(status, rules.recruitment, waiting !== null && unfinished === null);
  if (code) return { kind: 'refuse', code, unfinished };
  return { kind: 'create', id: applicationId(user._id, context.applicationCount + 1), unfinished };
}

/** Step 2 of apply: the user follows their application; false when their status moved. */
async function markUserPending(openid: string): Promise<boolean> {
  return (
    (await updateWhere(
      'users',
      { _id: openid, 'distributor.status': _.in([...APPLY_FROM]) },
      { 'distributor.status': 'pending' },
    )) === 1
  );
}

/** Closes a pending application on the applicant's side (withdrawal, or compensation of step 1). */
async function closeApplication(
  application: DistributorApplicationDocument,
  openid: string,
  now: Date,
): Promise<boolean> {
  const closed = { status: 'retracted', reviewedAt: now, reviewedBy: openid };
  return (await updateWhere('distributorApplications', { _id: application._id, status: 'pending' }, closed)) === 1;
}

function newApplication(id: string, openid: string, form: ApplicationForm, now: Date): DistributorApplicationDocument {
  return {
    _id: id,
    userId: openid,
    status: 'pending',
    form,
    createdAt: now,
    reviewedAt: null,
    reviewedBy: null,
    reviewReason: null,
  };
}

function applied(application: DistributorApplicationDocument): Result<ApplyOutput, DistributorError> {
  return ok({ application: applicationView(application), distributorStatus: 'pending' });
}

/** One decision and its writes; null when the state moved underneath and the caller should decide again. */
async function applyOnce(
  openid: string,
  form: ApplicationForm,
  now: Date,
): Promise<Result<ApplyOutput, DistributorError> | null> {
  const decision = decideApply(await loadContext(openid, now), form, now);
  if (decision.kind === 'resume') {
    if (decision.moveUser && !(await markUserPending(openid))) return null;
    return applied(decision.application);
  }
  if (decision.unfinished) await closeApplication(decision.unfinished, openid, now);
  if (decision.kind === 'refuse') return refuse(decision.code);
  const application = newApplication(decision.id, openid, form, now);
  // Step 1: the deterministic id makes two concurrent applies collide; the loser decides again.
  if ((await insertDoc('distributorApplications', application)) !== 'inserted') return null;
  // Step 2, with the compensation of step 1 beside it when the user's status moved meanwhile.
  if (await markUserPending(openid)) return applied(application);
  await closeApplication(application, openid, now);
  return null;
}

export async function apply(
  openid: string,
  form: ApplicationForm,
  now: Date,
): Promise<Result<ApplyOutput, DistributorError>> {
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const outcome = await applyOnce(openid, form, now);
    if (outcome) return outcome;
  }
  return refuse('CONFLICT');
}

/** One decision and its writes for retractApplication; null to decide again. */
async function retractOnce(
  openid: string,
  now: Date,
): Promise<Result<RetractApplicationOutput, DistributorError> | null> {
  const { user, latestApplication: latest } = await loadContext(openid, now);
  const status = user.distributor.status;
  const retracted = (
    application: DistributorApplicationDocument,
    after: DistributorStatus,
  ): Result<RetractApplicationOutput, DistributorError> =>
    ok({ application: applicationView(application), distributorStatus: after });
  if (latest?.status === 'pending' && (status === 'pending' || APPLY_FROM.includes(status))) {
    if (status !== 'pending' && inFlight(latest, now)) return refuse('CONFLICT');
    // Step 1: the application; step 2: the user follows (only a pending user has a step 2).
    if (!(await closeApplication(latest, openid, now))) return null;
    if (status === 'pending')
      await updateWhere('users', { _id: openid, 'distributor.status': 'pending' }, { 'distributor.status': 'none' });
    return retracted(
      { ...latest, status: 'retracted', reviewedAt: now, reviewedBy: openid },
      status === 'pending' ? 'none' : status,
    );
  }
  // A replay, or the retry of a withdrawal that stopped between its steps.
  if (latest?.status === 'retracted' && latest.reviewedBy === openid && (status === 'pending' || status === 'none')) {
    if (status === 'pending')
      await updateWhere('users', { _id: openid, 'distributor.status': 'pending' }, { 'distributor.status': 'none' });
    return retracted(latest, 'none');
  }
  return refuse('NO_PENDING_APPLICATION');
}

export async function retractApplication(
  openid: string,
  now: Date,
): Promise<Result<RetractApplicationOutput, DistributorError>> {
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const outcome = await retractOnce(openid, now);
    if (outcome) return outcome;
  }
  return refuse('CONFLICT');
}
