/**
 * The merchant's side of the balance (docs/wallet.md section 1): a user's balance and entries, an
 * adjustment with a reason, the top-up list and the refund of a paid top-up. Every balance change
 * goes through moveBalance inside one transaction, so an adjustment or a refund that would take
 * the balance below zero is refused whole and writes nothing.
 */
import { balanceEntryId, type BalanceMove } from '@shared/balance';
import type { AdminError, AdminInput, AdminOutput } from '@shared/contracts/admin';
import { fail, ok, type Result } from '@shared/result';
import type { TopUpDocument } from '@shared/topUps';
import { moveBalance } from '../_lib/balance';
import { balanceEntryView, entriesPage } from '../_lib/balanceViews';
import { getDoc } from '../_lib/db';
import { newestFirstPage } from '../_lib/paging';
import { BUSY, inTransaction, isDuplicate } from '../_lib/tx';
import type { AdminContext } from './context';

type Answer<R extends 'userBalance' | 'adjustBalance' | 'listTopUps'> = Promise<Result<AdminOutput<R>, AdminError>>;

export async function userBalance(input: AdminInput<'userBalance'>): Answer<'userBalance'> {
  const [account, user, entries] = await Promise.all([
    getDoc('balances', input.userId),
    getDoc('users', input.userId),
    entriesPage(input.userId, input),
  ]);
  return ok({
    userId: input.userId,
    nickname: user?.nickname ?? null,
    balanceFen: account?.balanceFen ?? 0,
    entryCount: account?.entryCount ?? 0,
    entries,
  });
}

/**
 * One `adjust` entry by the admin, with the reason, under the id `adjust:<requestId>`: a retried
 * request finds its entry and answers it again; the same id with other terms is refused.
 */
export async function adjustBalance(
  context: AdminContext,
  input: AdminInput<'adjustBalance'>,
): Answer<'adjustBalance'> {
  const replay = await replayOf(input);
  if (replay) return replay;
  if (!(await getDoc('users', input.userId))) return fail('USER_NOT_FOUND', `没有用户 ${input.userId}`);
  const move: BalanceMove = {
    kind: 'adjust',
    causeId: input.requestId,
    amountFen: input.amountFen,
    ref: { adjustmentId: input.requestId },
    reason: input.reason,
    by: context.openid,
  };
  let verdict;
  try {
    verdict = await inTransaction((tx) => moveBalance(tx, input.userId, [move], context.now), { attempts: 8 });
  } catch (error) {
    // A concurrent copy of this request committed first: answer its entry.
    if (isDuplicate(error)) return (await replayOf(input)) ?? fail('BUSY', '请重试 (retry)');
    throw error;
  }
  if (verdict === BUSY) return fail('BUSY', '余额正在变动，请重试 (the account is busy; retry)');
  if (!verdict.ok) {
    return (
      (await replayOf(input)) ??
      fail('BALANCE_INSUFFICIENT', `余额不足：当前 ${verdict.balanceFen} 分，调整需 ${verdict.neededFen} 分`)
    );
  }
  const entry = verdict.entries[0];
  if (!entry) throw new Error('an applied adjustment has no entry');
  return ok({ status: 'adjusted', entry: balanceEntryView(entry), balanceFen: verdict.balanceFen });
}

/** The answer to a request whose entry exists: the same terms replay it, others reuse its id. */
async function replayOf(
  input: AdminInput<'adjustBalance'>,
): Promise<Result<AdminOutput<'adjustBalance'>, AdminError> | null> {
  const entry = await getDoc('balanceEntries', balanceEntryId('adjust', input.requestId));
  if (!entry) return null;
  if (entry.userId !== input.userId || entry.amountFen !== input.amountFen || entry.reason !== input.reason)
    return fail('REQUEST_ID_REUSED', `request ${input.requestId} was another adjustment`);
  const balanceFen = (await getDoc('balances', input.userId))?.balanceFen ?? 0;
  return ok({ status: 'replayed', entry: balanceEntryView(entry), balanceFen });
}

export function topUpView(topUp: TopUpDocument): AdminOutput<'listTopUps'>['items'][number] {
  const iso = (at: Date | null | undefined): string | null => (at ? at.toISOString() : null);
  const { refund, mismatch } = topUp;
  return {
    topUpId: topUp._id,
    userId: topUp.userId,
    amountFen: topUp.amountFen,
    bonusFen: topUp.bonusFen,
    status: topUp.status,
    createdAt: topUp.createdAt.toISOString(),
    paidAt: iso(topUp.payment.paidAt),
    transactionId: topUp.payment.transactionId,
    refund: refund && {
      requestedAt: refund.requestedAt.toISOString(),
      acceptedAt: iso(refund.acceptedAt),
      succeededAt: iso(refund.succeededAt),
      failure: refund.failure?.reason ?? null,
    },
    mismatch: mismatch && { paidFen: mismatch.paidFen, refundedAt: iso(mismatch.refundedAt) },
  };
}

/** The top-ups, newest first, all or of one status (the dashboard's 充值订单). */
export async function listTopUps(input: AdminInput<'listTopUps'>): Answer<'listTopUps'> {
  const where = input.status ? { status: input.status } : {};
  const page = await newestFirstPage('topUps', where, input);
  return ok({ items: page.items.map(topUpView), nextOffset: page.nextOffset });
}
