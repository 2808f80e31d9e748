/**
 * admin › userPoints and adjustPoints (docs/api.md, docs/wallet.md section 4): a user's points
 * with their history, and the merchant's adjustment with a reason. An adjustment is one entry
 * `adjust:<requestId>` moved by _lib/points.ts movePoints: the same request adjusts once (a
 * repeat answers the account as it is, `replayed`), and a deduction larger than the available
 * points is refused whole (POINTS_INSUFFICIENT).
 */
import type { AdminError, AdminInput, AdminOutput } from '@shared/contracts/admin';
import { pointsAccountView } from '@shared/contracts/points';
import { fail, ok, type Result } from '@shared/result';
import { pointsRulesOf } from '@shared/rules';
import { getDoc } from '../_lib/db';
import { movePoints } from '../_lib/points';
import { pointsPage } from '../_lib/pointsView';
import { loadRules } from '../_lib/rules';
import type { RouteContext } from '../_lib/router';
import { BUSY, inTransaction, isDuplicate } from '../_lib/tx';

export async function userPoints(
  input: AdminInput<'userPoints'>,
): Promise<Result<AdminOutput<'userPoints'>, AdminError>> {
  return ok(await pointsPage(input.userId, input));
}

async function accountNow(userId: string): Promise<AdminOutput<'adjustPoints'>['account']> {
  const [account, rules] = await Promise.all([getDoc('pointsAccounts', userId), loadRules()]);
  return pointsAccountView(account, pointsRulesOf(rules).validityMonths);
}

export async function adjustPoints(
  context: RouteContext,
  input: AdminInput<'adjustPoints'>,
): Promise<Result<AdminOutput<'adjustPoints'>, AdminError>> {
  if (!(await getDoc('users', input.userId)))
    return fail('USER_NOT_FOUND', `用户 ${input.userId} 不存在 (no such user)`);
  const move = {
    kind: 'adjust' as const,
    causeId: input.requestId,
    points: input.points,
    ref: { adjustmentId: input.requestId },
    reason: input.reason,
    by: context.openid,
  };
  try {
    const verdict = await inTransaction((tx) => movePoints(tx, input.userId, [move], context.now));
    if (verdict === BUSY) return fail('BUSY', '积分账户繁忙，请稍后再试');
    if (!verdict.ok) return fail('POINTS_INSUFFICIENT', `可用积分只有 ${verdict.available}`);
  } catch (error) {
    if (!isDuplicate(error)) throw error;
    return ok({ account: await accountNow(input.userId), replayed: true });
  }
  return ok({ account: await accountNow(input.userId), replayed: false });
}
