/**
 * A distributor's withdrawal request, recorded in ONE transaction that reads the account,
 * decides (shared/withdrawals.ts `judgeWithdrawal`), and only then writes: the withdrawal
 * (reviewing), the account (`availableFen − a`, `withdrawingFen + a`, the per-day counter) and
 * the ledger entry `withdraw:<id>`. The account write makes concurrent requests of one
 * distributor conflict, so each decision is made on the balance the previous ones left: the
 * balance can never be overdrawn, and a conflict is retried (with jitter) rather than refused.
 *
 * The id is `w:<openid>:<requestId>` with the client's request id: a retry finds the recorded
 * withdrawal and answers it (a replay), whatever the balance is by then.
 *
 * Who may withdraw: approved distributors (and everyone under recruitment `everyone`), and also
 * distributors who exited, because the money they earned before exiting is theirs. A distributor
 * disabled by the merchant (fraud) may not; nor may users who never were distributors.
 */
import type { RequestWithdrawalOutput, WITHDRAW_CONTRACTS, WithdrawError } from '@shared/contracts/withdraw';
import { fail, ok, type Result } from '@shared/result';
import type { RulesDocument } from '@shared/rules';
import type { ParsedInput } from '@shared/routeTable';
import { isDistributor, type UserDocument } from '@shared/users';
import {
  chinaDayKey,
  isAutoApproved,
  judgeWithdrawal,
  WITHDRAWAL_MACHINE,
  withdrawalId,
  withdrawalsOnDay,
  type WithdrawalDocument,
  type WithdrawCounters,
  type WithdrawRefusal,
} from '@shared/withdrawals';
import { getDoc } from '../_lib/db';
import { loadRules } from '../_lib/rules';
import { addInitialInTx } from '../_lib/transitions';
import { BUSY, inTransaction, isDuplicate } from '../_lib/tx';
import { ACCOUNT_TX_ATTEMPTS, recordEntry, WITHDRAWALS } from '../_lib/withdrawals/moves';
import { approve } from '../_lib/withdrawals/review';
import { withdrawalView } from '../_lib/withdrawals/views';

type RequestInput = ParsedInput<(typeof WITHDRAW_CONTRACTS)['request']>;

const REFUSALS: Record<WithdrawRefusal, string> = {
  CHANNEL_NOT_ALLOWED: '不支持该提现方式 (this channel is not offered)',
  AMOUNT_TOO_SMALL: '提现金额低于最低限额 (below the minimum)',
  AMOUNT_TOO_LARGE: '提现金额超过单笔上限 (above the maximum)',
  NO_ACCOUNT: '暂无可提现余额 (no balance yet)',
  NEGATIVE_BALANCE: '可提现余额为负（有佣金被追回），暂不能提现 (the balance is negative)',
  DAILY_LIMIT_REACHED: '今日提现次数已用完 (the daily limit is reached)',
  INSUFFICIENT_BALANCE: '可提现余额不足 (the available balance is too low)',
};

type Recorded =
  { kind: 'created' | 'replayed'; withdrawal: WithdrawalDocument } | { kind: 'refused'; refusal: WithdrawRefusal };

/** The user gate: a refusal code, or null when the caller may withdraw. */
function gate(user: UserDocument | null, rules: RulesDocument): Result<never, WithdrawError> | null {
  if (user?.distributor.status === 'disabled')
    return fail('DISTRIBUTOR_DISABLED', '分销资格已被停用，不能提现 (distribution is disabled for you)');
  if (user && (isDistributor(user, rules) || user.distributor.status === 'exited')) return null;
  return fail('NOT_DISTRIBUTOR', '仅分销员可提现 (only distributors can withdraw)');
}

function newWithdrawal(
  id: string,
  openid: string,
  input: RequestInput,
  fees: { feeFen: number; payoutFen: number },
  rules: RulesDocument,
  now: Date,
): WithdrawalDocument {
  return {
    _id: id,
    userId: openid,
    amountFen: input.amountFen,
    ...fees,
    channel: input.channel,
    status: WITHDRAWAL_MACHINE.initial,
    rulesVersion: rules.version,
    dayKey: chinaDayKey(now),
    transfer: null,
    rejectReason: null,
    history: [{ status: WITHDRAWAL_MACHINE.initial, at: now, by: openid }],
    createdAt: now,
    updatedAt: now,
  };
}

async function record(
  id: string,
  openid: string,
  input: RequestInput,
  rules: RulesDocument,
  now: Date,
): Promise<Recorded | typeof BUSY> {
  const dayKey = chinaDayKey(now);
  return inTransaction<Recorded>(
    async (tx) => {
      const existing = await tx.get(WITHDRAWALS, id);
      if (existing) return { kind: 'replayed', withdrawal: existing };
      const account = await tx.get('accounts', openid);
      const verdict = judgeWithdrawal(
        { amountFen: input.amountFen, channel: input.channel, dayKey },
        rules.withdraw,
        account,
      );
      if (!verdict.ok) return { kind: 'refused', refusal: verdict.refusal };
      const withdrawal = newWithdrawal(id, openid, input, verdict, rules, now);
      const counters: Required<WithdrawCounters> = {
        withdrawDayKey: dayKey,
        withdrawCountOfDay: withdrawalsOnDay(account as WithdrawCounters, dayKey) + 1,
      };
      await recordEntry(tx, 'withdraw', withdrawal, now, counters);
      await addInitialInTx(tx, WITHDRAWAL_MACHINE, withdrawal);
      return { kind: 'created', withdrawal };
    },
    { attempts: ACCOUNT_TX_ATTEMPTS },
  );
}

/** Records the request unless the gate refuses; a duplicate key means the same request won a race. */
async function recordOnce(
  id: string,
  openid: string,
  input: RequestInput,
  user: UserDocument | null,
  rules: RulesDocument,
  now: Date,
): Promise<Recorded | typeof BUSY | Result<never, WithdrawError>> {
  const refused = gate(user, rules);
  if (refused) return refused;
  try {
    return await record(id, openid, input, rules, now);
  } catch (error) {
    // The same request committed between this transaction's snapshot and its add: a replay.
    if (!isDuplicate(error)) throw error;
    return { kind: 'replayed', withdrawal: (await getDoc(WITHDRAWALS, id)) as WithdrawalDocument };
  }
}

export async function requestWithdrawal(
  input: RequestInput,
  openid: string,
  appId: string,
  now: Date,
): Promise<Result<RequestWithdrawalOutput, WithdrawError>> {
  const id = withdrawalId(openid, input.requestId);
  const [stored, user, rules] = await Promise.all([getDoc(WITHDRAWALS, id), getDoc('users', openid), loadRules()]);
  const outcome = stored
    ? ({ kind: 'replayed', withdrawal: stored } as const)
    : await recordOnce(id, openid, input, user, rules, now);
  if (outcome === BUSY)
    return fail('BUSY', '提现的人太多，请稍后重试 (the account is busy; retry with the same requestId)');
  if ('ok' in outcome) return outcome;
  if (outcome.kind === 'refused') return fail(outcome.refusal, REFUSALS[outcome.refusal]);
  let withdrawal = outcome.withdrawal;
  // Review mode autoBelow: approved right away (again on a replay whose approval did not finish).
  if (withdrawal.status === 'reviewing' && isAutoApproved(withdrawal.amountFen, rules.withdraw.review)) {
    const approved = await approve(id, 'system', appId, now);
    if (approved.ok) withdrawal = approved.data.withdrawal;
  }
  return ok({ status: outcome.kind, withdrawal: withdrawalView(withdrawal) });
}
