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
import { chinaDateTime } from '@shared/chinaTime';
import { fail, ok, type Result } from '@shared/result';
import { SELF_REVIEW_DELAY_HOURS } from '@shared/withdrawals';
import type { ParsedInput } from '@shared/routeTable';
import { _, countWhere, findWhere, getDoc } from '../_lib/db';
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

/**
 * Whether the caller may approve or mark paid this withdrawal: never their own while the shop has
 * another admin, and in a shop with one admin only once the request is SELF_REVIEW_DELAY_HOURS
 * old (answered `self: true`, which the move records in the history). A missing withdrawal is
 * left to the move, which answers WITHDRAWAL_NOT_FOUND.
 */
async function selfReview(id: string, openid: string, now: Date): Promise<Result<{ self: boolean }, AdminError>> {
  const doc = await getDoc(WITHDRAWALS, id);
  if (!doc || doc.userId !== openid) return ok({ self: false });
  const admins = await countWhere('admins', {});
  if (admins > 1)
    return fail(
      'SELF_REVIEW',
      '不能审核自己的提现，请由另一位管理员处理 (another admin must review your own withdrawal)',
    );
  const allowedAt = new Date(new Date(doc.createdAt).getTime() + SELF_REVIEW_DELAY_HOURS * 3_600_000);
  if (now < allowedAt)
    return fail(
      'SELF_REVIEW_TOO_EARLY',
      `唯一管理员审核自己的提现需等待 ${SELF_REVIEW_DELAY_HOURS} 小时，${chinaDateTime(allowedAt)} 后可处理 (the only admin may review their own withdrawal ${SELF_REVIEW_DELAY_HOURS} h after the request)`,
    );
  return ok({ self: true });
}

/** The withdrawal review handlers of the admin function's route table (cloudfunctions/admin/index.ts). */
export const WITHDRAWAL_HANDLERS: Handlers<typeof ADMIN_WITHDRAWAL_CONTRACTS, AdminError> = {
  listWithdrawals: (input) => listWithdrawals(input),
  // The admin calls from the mini-program, so the caller's appid is the one the bill is for.
  approveWithdrawal: async (input, { openid, appid, now }) => {
    const check = await selfReview(input.withdrawalId, openid, now);
    if (!check.ok) return check;
    return withNickname(await approve(input.withdrawalId, openid, appid, now, { selfReview: check.data.self }));
  },
  rejectWithdrawal: async (input, { openid, now }) =>
    withNickname(await reject(input.withdrawalId, openid, input.reason, now)),
  markWithdrawalPaid: async (input, { openid, now }) => {
    const check = await selfReview(input.withdrawalId, openid, now);
    if (!check.ok) return check;
    const proof = { transferRef: input.transferRef, note: input.note, selfReview: check.data.self };
    return withNickname(await markPaid(input.withdrawalId, openid, proof, now));
  },
  syncWithdrawal: async (input, { now }) => withNickname(await sync(input.withdrawalId, now)),
};
