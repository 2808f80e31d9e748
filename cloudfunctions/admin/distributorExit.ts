/**
 * The merchant's side of exit (docs/team.md section 4): removing a distributor (移除分销员: a
 * merchant transition to `exited`, besides disabling), continuing a big team's hand-over, and
 * the exit record the distributor detail shows. The removal is the same transaction as the
 * distributor's own exit (_lib/exit.ts); its reason and the admin are kept on the exit record,
 * which is the audit of the removal.
 */
import type { AdminError, AdminInput, AdminOutput } from '@shared/contracts/admin';
import type { DistributorDetail } from '@shared/contracts/adminDistributors';
import { exitId, type DistributorExitDocument } from '@shared/exit';
import { fail, ok, type Result } from '@shared/result';
import type { DistributorStatus, UserDocument } from '@shared/users';
import { getDoc } from '../_lib/db';
import { endDistributorship } from '../_lib/exit';
import { runHandover, type HandoverProgress } from '../_lib/handover';
import { BUSY } from '../_lib/tx';
import type { AdminContext } from './context';
import { peekRules } from './rules';
import { iso } from './views';

type HandoverView = NonNullable<AdminOutput<'removeDistributor'>['handover']>;

/** The hand-over as the record says, or as this call's progress left it (finished now: doneAt is now). */
function handoverView(record: DistributorExitDocument, progress: HandoverProgress | null, now: Date): HandoverView {
  const status = progress?.status ?? record.handover.status;
  const doneAt = record.handover.doneAt ?? (status === 'done' ? now : null);
  return {
    status,
    movedMembers: progress?.movedMembers ?? record.handover.movedMembers,
    doneAt: iso(doneAt),
  };
}

/** The statuses a merchant may remove from: a distributor, a disabled one, and under `everyone` a user at none. */
function removableFrom(recruitment: string): (status: DistributorStatus) => boolean {
  return (status) =>
    status === 'approved' || status === 'disabled' || (status === 'none' && recruitment === 'everyone');
}

export async function removeDistributor(
  context: AdminContext,
  input: AdminInput<'removeDistributor'>,
): Promise<Result<AdminOutput<'removeDistributor'>, AdminError>> {
  const { rules } = await peekRules();
  const outcome = await endDistributorship({
    userId: input.userId,
    by: 'merchant',
    adminId: context.openid,
    reason: input.reason,
    allowedFrom: removableFrom(rules.recruitment),
    now: context.now,
  });
  if (outcome === BUSY) return fail('BUSY', '该用户正在被修改，请重试 (the user is being changed; retry)');
  if (outcome.kind === 'missing') return fail('USER_NOT_FOUND', `用户 ${input.userId} 不存在 (no such user)`);
  if (outcome.kind === 'refused')
    return fail(
      'INVALID_TRANSITION',
      `不能移除状态为 ${outcome.from} 的用户 (remove is not allowed from ${outcome.from})`,
    );
  const record = outcome.exit;
  const progress = record ? await runHandover(record._id, context.now) : null;
  return ok({
    status: outcome.kind === 'exited' ? 'removed' : 'unchanged',
    userId: input.userId,
    exitId: record?._id ?? null,
    forfeitedFen: outcome.kind === 'exited' ? outcome.exit.forfeitedFen : 0,
    handover: record ? handoverView(record, progress, context.now) : null,
  });
}

/** The user's latest exit record, or null. */
async function latestExit(user: UserDocument | null): Promise<DistributorExitDocument | null> {
  const count = user?.distributor.exitCount ?? 0;
  return user && count > 0 ? getDoc('distributorExits', exitId(user._id, count)) : null;
}

export async function continueHandover(
  context: AdminContext,
  input: AdminInput<'continueHandover'>,
): Promise<Result<AdminOutput<'continueHandover'>, AdminError>> {
  const record = await latestExit(await getDoc('users', input.userId));
  if (!record) return fail('NO_EXIT', `用户 ${input.userId} 没有退出记录 (no exit record)`);
  const progress = await runHandover(record._id, context.now);
  return ok({ exitId: record._id, moved: progress?.moved ?? 0, handover: handoverView(record, progress, context.now) });
}

/** The detail's exit view: the latest exit with the upline's nickname. */
export async function exitViewOf(user: UserDocument): Promise<DistributorDetail['exit']> {
  const record = await latestExit(user);
  if (!record) return null;
  const upline = record.uplineId ? await getDoc('users', record.uplineId) : null;
  return {
    exitId: record._id,
    exitedAt: iso(record.exitedAt) as string,
    by: record.by,
    reason: record.reason,
    adminId: record.adminId,
    fromStatus: record.fromStatus,
    frozenOnExit: record.frozenOnExit,
    forfeitedFen: record.forfeitedFen,
    forfeitedCommissions: record.forfeitedCommissions,
    upline: record.uplineId ? { userId: record.uplineId, nickname: upline?.nickname ?? '' } : null,
    handover: handoverView(record, null, record.exitedAt),
  };
}
