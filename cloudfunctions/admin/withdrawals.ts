/**
 * The merchant's review of withdrawals (rulebook section 7): listWithdrawals, approveWithdrawal,
 * rejectWithdrawal, markWithdrawalPaid, syncWithdrawal. Admins only, decided with the same one
 * read as every other admin route. The moves themselves (one transaction each, conditional on
 * the from-state, with their ledger entry) live in cloudfunctions/_lib/withdrawals/review.ts,
 * shared with the distributor's own routes and the syncWithdrawals timer.
 *
 * Contracts: ADMIN_WITHDRAWAL_CONTRACTS in shared/contracts/withdraw.ts.
 */
import { ADMIN_WITHDRAWAL_CONTRACTS, type AdminWithdrawalRoute, type ListWithdrawalsOutput, type MoveOutput, type AdminWithdrawalView } from '../../shared/contracts/withdraw';
import { fail, ok, type Result } from '../../shared/result';
import type { UserDocument } from '../../shared/users';
import type { WithdrawalDocument } from '../../shared/withdrawals';
import { caller, parseEvent } from '../_lib/cloud';
import { _, findWhere, getDoc } from '../_lib/db';
import type { RouteHandler } from '../_lib/legacyRouter';
import { WITHDRAWALS } from '../_lib/withdrawals/moves';
import { approve, markPaid, reject, sync, type Moved } from '../_lib/withdrawals/review';
import { adminWithdrawalView } from '../_lib/withdrawals/views';
import { isAdmin } from './access';
import { pageOf } from './views';

type Input<R extends AdminWithdrawalRoute> = ReturnType<(typeof ADMIN_WITHDRAWAL_CONTRACTS)[R]['parse']>;

export async function listWithdrawals(input: Input<'listWithdrawals'>): Promise<Result<ListWithdrawalsOutput>> {
  const where = input.status ? { status: input.status } : {};
  const rows = await findWhere<WithdrawalDocument>(WITHDRAWALS, where, { orderBy: [['createdAt', 'desc'], ['_id', 'desc']], skip: input.offset, limit: input.limit + 1 });
  const { items, nextOffset } = pageOf(rows, input.offset, input.limit);
  const userIds = [...new Set(items.map((item) => item.userId))];
  const users = userIds.length ? await findWhere<Pick<UserDocument, '_id' | 'nickname'>>('users', { _id: _.in(userIds) }, { limit: userIds.length }) : [];
  const nicknames = new Map(users.map((user) => [user._id, user.nickname]));
  return ok({ items: items.map((item) => adminWithdrawalView(item, nicknames.get(item.userId) ?? null)), nextOffset });
}

/** A move's result with the distributor's nickname (one more read). */
async function withNickname(moved: Moved): Promise<Result<MoveOutput<AdminWithdrawalView>>> {
  if (!moved.ok) return moved;
  const user = await getDoc<UserDocument>('users', moved.data.withdrawal.userId);
  return ok({ status: moved.data.status, withdrawal: adminWithdrawalView(moved.data.withdrawal, user?.nickname ?? null) });
}

type Run<R extends AdminWithdrawalRoute> = (input: Input<R>, openid: string, appId: string, now: Date) => Promise<Result<unknown>>;

const ROUTES: { [R in AdminWithdrawalRoute]: Run<R> } = {
  listWithdrawals: (input) => listWithdrawals(input),
  // The admin calls from the mini-program, so the caller's appid is the one the bill is for.
  approveWithdrawal: async (input, openid, appId, now) => withNickname(await approve(input.withdrawalId, openid, appId, now)),
  rejectWithdrawal: async (input, openid, _appId, now) => withNickname(await reject(input.withdrawalId, openid, input.reason, now)),
  markWithdrawalPaid: async (input, openid, _appId, now) => withNickname(await markPaid(input.withdrawalId, openid, input.note, now)),
  syncWithdrawal: async (input, _openid, _appId, now) => withNickname(await sync(input.withdrawalId, now)),
};

async function handle<R extends AdminWithdrawalRoute>(name: R, data: Record<string, unknown>): Promise<Result<unknown>> {
  const input = parseEvent(ADMIN_WITHDRAWAL_CONTRACTS[name], data);
  if (!input.ok) return input;
  const { openid, appid } = caller();
  if (!openid) return fail('UNAUTHENTICATED', 'admin must be called from the mini-program');
  if (!(await isAdmin(openid))) return fail('FORBIDDEN', '仅管理员可用 (admins only)');
  return (ROUTES[name] as Run<R>)(input.data as Input<R>, openid, appid, new Date());
}

/** The routes to register in the admin function's route table. */
export const WITHDRAWAL_HANDLERS = Object.fromEntries(
  (Object.keys(ROUTES) as AdminWithdrawalRoute[]).map((name) => [name, (data: Record<string, unknown>) => handle(name, data)]),
) as Record<AdminWithdrawalRoute, RouteHandler>;
