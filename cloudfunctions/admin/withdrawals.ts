/**
 * The merchant's review of withdrawals (docs/rules.md section 7): listWithdrawals, approveWithdrawal,
 * rejectWithdrawal, markWithdrawalPaid, syncWithdrawal. Admins only, decided with the same one
 * read as every other admin route. The moves themselves (one transaction each, conditional on
 * the from-state, with their ledger entry) live in cloudfunctions/_lib/withdrawals/review.ts,
 * shared with the distributor's own routes and the syncWithdrawals timer.
 *
 * Contracts: ADMIN_WITHDRAWAL_CONTRACTS in shared/contracts/withdraw.ts, part of ADMIN_CONTRACTS.
 */
import type {
  ADMIN_WITHDRAWAL_CONTRACTS,
  AdminWithdrawalRoute,
  ListWithdrawalsOutput,
  MoveOutput,
  AdminWithdrawalView,
} from '@shared/contracts/withdraw';
import { ok, type Result } from '@shared/result';
import type { ParsedInput } from '@shared/routeTable';
import { _, findWhere, getDoc } from '../_lib/db';
import type { Handlers } from '../_lib/router';
import { WITHDRAWALS } from '../_lib/withdrawals/moves';
import { approve, markPaid, reject, sync, type Moved } from '../_lib/withdrawals/review';
import { adminWithdrawalView } from '../_lib/withdrawals/views';
import { newestFirstPage } from '../_lib/paging';
import type { AdminError } from '@shared/contracts/admin';

type Input<R extends AdminWithdrawalRoute> = ParsedInput<(typeof ADMIN_WITHDRAWAL_CONTRACTS)[R]>;

export async function listWithdrawals(
  input: Input<'listWithdrawals'>,
): Promise<Result<ListWithdrawalsOutput, AdminError>> {
  const where = input.status ? { status: input.status } : {};
  const { items, nextOffset } = await newestFirstPage(WITHDRAWALS, where, input);
  const userIds = [...new Set(items.map((item) => item.userId))];
  const users = userIds.length ? await findWhere('users', { _id: _.in(userIds) }, { limit: userIds.length }) : [];
  const nicknames = new Map(users.map((user) => [user._id, user.nickname]));
  return ok({ items: items.map((item) => adminWithdrawalView(item, nicknames.get(item.userId) ?? null)), nextOffset });
}

/** A move's result with the distributor's nickname (one more read). */
async function withNickname(moved: Moved): Promise<Result<MoveOutput<AdminWithdrawalView>, AdminError>> {
  if (!moved.ok) return moved;
  const user = await getDoc('users', moved.data.withdrawal.userId);
  return ok({
    status: moved.data.status,
    withdrawal: adminWithdrawalView(moved.data.withdrawal, user?.nickname ?? null),
  });
}

/** The withdrawal review handlers of the admin function's route table (cloudfunctions/admin/index.ts). */
export const WITHDRAWAL_HANDLERS: Handlers<typeof ADMIN_WITHDRAWAL_CONTRACTS, AdminError> = {
  listWithdrawals: (input) => listWithdrawals(input),
  // The admin calls from the mini-program, so the caller's appid is the one the bill is for.
  approveWithdrawal: async (input, { openid, appid, now }) =>
    withNickname(await approve(input.withdrawalId, openid, appid, now)),
  rejectWithdrawal: async (input, { openid, now }) =>
    withNickname(await reject(input.withdrawalId, openid, input.reason, now)),
  markWithdrawalPaid: async (input, { openid, now }) =>
    withNickname(await markPaid(input.withdrawalId, openid, input.note, now)),
  syncWithdrawal: async (input, { now }) => withNickname(await sync(input.withdrawalId, now)),
};
