/**
 * Distributor administration: reviewing applications, the merchant's status transitions and
 * manual grades (docs/rules.md section 2). The list is in distributorList.ts, one distributor's
 * detail in distributorDetail.ts.
 *
 * Statuses: none → pending (the user applies) → approved | rejected (the merchant reviews);
 * approved → disabled (the merchant) or exited (the user, or the merchant's removal in
 * distributorExit.ts, docs/team.md section 4). The merchant's own transitions:
 *
 *   appoint  none | rejected | exited → approved   (the `designated` way in; any mode; from
 *                                                   exited only as the rules' exit.rejoin allows)
 *   disable  approved → disabled                   (and none → disabled under `everyone`,
 *                                                   where a `none` user earns commission)
 *   enable   disabled → approved
 *
 * Every write is a conditional update on the from-state, so a concurrent change (the user
 * withdrawing, another admin) is never overwritten; asking for the status the user already has
 * answers `unchanged` (replays are safe); anything else is INVALID_TRANSITION.
 */
import type { AdminInput, AdminOutput } from '@shared/contracts/admin';
import { exitRulesOf, rejoinRefusal } from '@shared/exit';
import { fail, ok, type Result } from '@shared/result';
import { gradeById } from '@shared/rules';
import type { DistributorStatus, UserDocument } from '@shared/users';
import { aggregateList, countWhere, findWhere, getDoc, updateWhere } from '../_lib/db';
import type { AdminContext } from './context';
import { peekRules } from './rules';
import { BUSY, inTransaction } from '../_lib/tx';
import { pageOf } from '../_lib/paging';
import { applicationView, type ApplicationDocument } from './views';
import type { AdminError } from '@shared/contracts/admin';

const APPLICATIONS = 'distributorApplications';

export async function listApplications(
  input: AdminInput<'listApplications'>,
): Promise<Result<AdminOutput<'listApplications'>, AdminError>> {
  const rows = await aggregateList<ApplicationDocument & { user: UserDocument[] }>(APPLICATIONS, (pipeline) => {
    let query = pipeline.match(input.status ? { status: input.status } : {}).sort({ createdAt: -1, _id: -1 });
    if (input.offset > 0) query = query.skip(input.offset);
    return query
      .limit(input.limit + 1)
      .lookup({ from: 'users', localField: 'userId', foreignField: '_id', as: 'user' });
  });
  const { items, nextOffset } = pageOf(rows, input.offset, input.limit);
  return ok({
    items: items.map(({ user, ...application }) => applicationView(application, user[0] ?? null)),
    nextOffset,
  });
}

/** Moves the applicant from pending to the review's outcome; false when they were not pending. */
async function moveApplicant(userId: string, outcome: 'approved' | 'rejected', now: Date): Promise<boolean> {
  const fields =
    outcome === 'approved'
      ? { 'distributor.status': 'approved', 'distributor.since': now }
      : { 'distributor.status': 'rejected' };
  return (await updateWhere('users', { _id: userId, 'distributor.status': 'pending' }, fields)) === 1;
}

export async function reviewApplication(
  context: AdminContext,
  input: AdminInput<'reviewApplication'>,
): Promise<Result<AdminOutput<'reviewApplication'>, AdminError>> {
  const outcome = input.decision === 'approve' ? 'approved' : 'rejected';
  let application = await getDoc(APPLICATIONS, input.applicationId);
  if (!application) return fail('APPLICATION_NOT_FOUND', `申请 ${input.applicationId} 不存在 (no such application)`);
  const user = await getDoc('users', application.userId);

  if (application.status === 'pending') {
    if (!user)
      return fail('USER_NOT_FOUND', `申请人 ${application.userId} 不存在 (the applicant has no user document)`);
    if (user.distributor.status !== 'pending') {
      return fail(
        'INVALID_TRANSITION',
        `申请人当前状态为 ${user.distributor.status}，不是待审核 (the applicant is ${user.distributor.status}, not pending)`,
      );
    }
    const review = {
      status: outcome as ApplicationDocument['status'],
      reviewedAt: context.now,
      reviewedBy: context.openid,
      reviewReason: input.reason || null,
    };
    // The application document decides: of a review and a withdrawal (or two reviews), one wins.
    if ((await updateWhere(APPLICATIONS, { _id: application._id, status: 'pending' }, review)) === 1) {
      const moved = await moveApplicant(user._id, outcome, context.now);
      const applicant = moved
        ? { ...user, distributor: { ...user.distributor, status: outcome as DistributorStatus } }
        : await getDoc('users', user._id);
      return ok({ status: 'reviewed', application: applicationView({ ...application, ...review }, applicant) });
    }
    application = (await getDoc(APPLICATIONS, application._id)) as ApplicationDocument;
  }

  if (application.status !== outcome) {
    return fail(
      'INVALID_TRANSITION',
      `申请已是 ${application.status} 状态，不能再${input.decision === 'approve' ? '通过' : '拒绝'} (the application is already ${application.status})`,
    );
  }
  // A replay. Finish the applicant's side if a crash stopped it, unless they have applied again since.
  let applicant = await getDoc('users', application.userId);
  if (
    applicant?.distributor.status === 'pending' &&
    (await countWhere(APPLICATIONS, { userId: application.userId, status: 'pending' })) === 0
  ) {
    if (await moveApplicant(applicant._id, outcome, application.reviewedAt ?? context.now))
      applicant = await getDoc('users', applicant._id);
  }
  return ok({ status: 'unchanged', application: applicationView(application, applicant) });
}

type StatusAction = AdminInput<'setDistributorStatus'>['action'];

const TRANSITIONS: Record<StatusAction, { to: DistributorStatus; from: DistributorStatus[] }> = {
  appoint: { to: 'approved', from: ['none', 'rejected', 'exited'] },
  disable: { to: 'disabled', from: ['approved'] },
  enable: { to: 'approved', from: ['disabled'] },
};

async function allowedFrom(action: StatusAction, from: DistributorStatus): Promise<boolean> {
  if (TRANSITIONS[action].from.includes(from)) return true;
  // Under `everyone` a user who never applied earns commission, so the merchant may disable them.
  return action === 'disable' && from === 'none' && (await peekRules()).rules.recruitment === 'everyone';
}

/** The OPENID of the user a status move names, by OPENID or by share code; null when no user has that code. */
async function targetOf(input: AdminInput<'setDistributorStatus'>): Promise<string | null> {
  if (input.userId !== undefined) return input.userId;
  const [user] = await findWhere('users', { shareCode: input.shareCode }, { limit: 1 });
  return user?._id ?? null;
}

export async function setDistributorStatus(
  context: AdminContext,
  input: AdminInput<'setDistributorStatus'>,
): Promise<Result<AdminOutput<'setDistributorStatus'>, AdminError>> {
  const { to } = TRANSITIONS[input.action];
  const userId = await targetOf(input);
  const missing = () => fail('USER_NOT_FOUND', `用户 ${input.userId ?? input.shareCode} 不存在 (no such user)`);
  if (userId === null) return missing();
  // A concurrent change of the user's status is re-read and decided again, a few times.
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const user = await getDoc('users', userId);
    if (!user) return missing();
    const from = user.distributor.status;
    if (from === to) return ok({ status: 'unchanged', userId: user._id, from, to });
    if (!(await allowedFrom(input.action, from))) {
      const hint = from === 'pending' ? '：该用户的申请待审核，请审核申请 (review their application instead)' : '';
      return fail(
        'INVALID_TRANSITION',
        `不能对状态为 ${from} 的用户执行 ${input.action}${hint} (${input.action} is not allowed from ${from})`,
      );
    }
    // A leaver is appointed again only as the rules' exit.rejoin allows (docs/team.md section 4).
    if (from === 'exited') {
      const refusal = rejoinRefusal(exitRulesOf((await peekRules()).rules), user.distributor.exitedAt, context.now);
      if (refusal)
        return fail(
          'REJOIN_NOT_ALLOWED',
          refusal.notBefore
            ? `该用户已退出推广，${refusal.notBefore.toISOString()} 之后才能重新任命 (rejoin not allowed yet)`
            : '该用户已退出推广，本店规则不允许重新加入 (rejoin not allowed)',
        );
    }
    const fields: Record<string, unknown> = { 'distributor.status': to };
    // Re-enabling keeps the original start date; an appointment starts a new one.
    if (to === 'approved')
      fields['distributor.since'] =
        input.action === 'enable' && user.distributor.since ? user.distributor.since : context.now;
    if ((await updateWhere('users', { _id: user._id, 'distributor.status': from }, fields)) === 1)
      return ok({ status: 'changed', userId: user._id, from, to });
  }
  return fail('BUSY', '该用户状态正在变化，请重试 (the user status keeps changing; retry)');
}

type GradeOutcome = { kind: 'missing' } | { kind: 'changed' | 'unchanged'; from: string };

export async function setGrade(
  context: AdminContext,
  input: AdminInput<'setGrade'>,
): Promise<Result<AdminOutput<'setGrade'>, AdminError>> {
  const { rules } = await peekRules();
  if (!rules.grades.some((grade) => grade.id === input.gradeId)) {
    return fail(
      'UNKNOWN_GRADE',
      `没有等级 ${input.gradeId}；现有等级：${rules.grades.map((grade) => grade.id).join(', ')} (unknown grade)`,
    );
  }
  // The grade and its history record are written together or not at all.
  const outcome = await inTransaction<GradeOutcome>(async (tx) => {
    const user = await tx.get('users', input.userId);
    if (!user) return { kind: 'missing' };
    const from = gradeById(rules, user.distributor.gradeId).id;
    if (user.distributor.gradeId === input.gradeId && user.distributor.gradeSetByAdmin)
      return { kind: 'unchanged', from };
    await tx.update('users', input.userId, {
      'distributor.gradeId': input.gradeId,
      'distributor.gradeSetByAdmin': true,
    });
    await tx.add('gradeChanges', {
      userId: input.userId,
      fromGradeId: from,
      toGradeId: input.gradeId,
      reason: 'admin',
      by: context.openid,
      note: input.reason,
      at: context.now,
    });
    return { kind: 'changed', from };
  });
  if (outcome === BUSY) return fail('BUSY', '该用户正在被修改，请重试 (the user is being changed; retry)');
  if (outcome.kind === 'missing') return fail('USER_NOT_FOUND', `用户 ${input.userId} 不存在 (no such user)`);
  return ok({ status: outcome.kind, userId: input.userId, fromGradeId: outcome.from, toGradeId: input.gradeId });
}
