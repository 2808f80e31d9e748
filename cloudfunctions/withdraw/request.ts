/**
 * A distributor's withdrawal request, recorded in ONE transaction: the withdrawal (reviewing),
 * the account (`availableFen − a`, `withdrawingFen + a`, the per-day counter) and the ledger
 * entry `withdraw:<id>` commit together or not at all, in 7 round trips (begin, the account
 * update, one read, the account's new chain head with the day count, the two adds, commit).
 *
 * The account update comes FIRST, before anything is read: it locks the account, so until the
 * commit no other transaction can change it (another writer conflicts and retries), and
 * everything committed before is visible. The one read that follows (an aggregation outside the
 * transaction: the user, the rules, the account and a recorded withdrawal of this id) therefore sees the account exactly as the update found it, and the decision
 * (shared/withdrawals.ts `judgeWithdrawal`) is made on that balance and day count. A refusal,
 * or a retry of a recorded request, aborts the transaction: nothing it wrote is ever seen. So
 * concurrent requests of one distributor are decided one after another, each on what the
 * previous left: the balance is never overdrawn and the day's limit never passed.
 *
 * The per-day counter depends on the stored day (incremented when this distributor's previous
 * request was today, else set to 1), so it is written by the second update, after the read: the
 * one that writes the account's new chain head (cloudfunctions/_lib/ledgerChain.ts).
 *
 * The id is `w:<openid>:<requestId>` with the client's request id: a retry finds the recorded
 * withdrawal and answers it (a replay), whatever the balance is by then.
 *
 * A withdrawal to the balance (channel `balance`) is decided the same way and finished in the
 * same transaction, recorded withdrawn with the balance credited (toBalance.ts): 11 round trips
 * (the second ledger entry, and the balance's read, write and entry on top of the 7).
 *
 * Who may withdraw: approved distributors (and everyone under recruitment `everyone`), and also
 * distributors who exited, because the money they earned before exiting is theirs. A distributor
 * disabled by the merchant (fraud) may not; nor may users who never were distributors.
 */
import type { RequestWithdrawalOutput, WITHDRAW_CONTRACTS, WithdrawError } from '@shared/contracts/withdraw';
import type { AccountDocument } from '@shared/ledger';
import { fail, ok, type Result } from '@shared/result';
import type { RulesDocument } from '@shared/rules';
import type { ParsedInput } from '@shared/routeTable';
import { isDistributor, type UserDocument } from '@shared/users';
import {
  chinaDayKey,
  isAutoApproved,
  judgeWithdrawal,
  maskRealName,
  needsRealName,
  WITHDRAWAL_MACHINE,
  withdrawalId,
  withdrawalsOnDay,
  type WithdrawalDocument,
  type WithdrawCounters,
  type WithdrawRefusal,
} from '@shared/withdrawals';
import { _, aggregateList, getDoc } from '../_lib/db';
import { appendEntries } from '../_lib/ledgerChain';
import { loadRules, RULES_ID, storeDefaultRules } from '../_lib/rules';
import { addInitialInTx } from '../_lib/transitions';
import { BUSY, inTransaction, isDuplicate, type Tx } from '../_lib/tx';
import { accountChange, ACCOUNT_TX_ATTEMPTS, WITHDRAWALS, withdrawalEntry } from '../_lib/withdrawals/moves';
import { approve } from '../_lib/withdrawals/review';
import { withdrawalView } from '../_lib/withdrawals/views';
import { recordToBalance, toBalanceAccountChange } from './toBalance';

type RequestInput = ParsedInput<(typeof WITHDRAW_CONTRACTS)['request']>;
type Account = AccountDocument & WithdrawCounters;

const REFUSALS: Record<WithdrawRefusal, string> = {
  CHANNEL_NOT_ALLOWED: '不支持该提现方式 (this channel is not offered)',
  AMOUNT_TOO_SMALL: '提现金额低于最低限额 (below the minimum)',
  AMOUNT_TOO_LARGE: '提现金额超过单笔上限 (above the maximum)',
  NO_ACCOUNT: '暂无可提现余额 (no balance yet)',
  NEGATIVE_BALANCE: '可提现余额为负（有佣金被追回），暂不能提现 (the balance is negative)',
  DAILY_LIMIT_REACHED: '今日提现次数已用完 (the daily limit is reached)',
  INSUFFICIENT_BALANCE: '可提现余额不足 (the available balance is too low)',
};

/** What the request decides on, read in one aggregation once the account is locked. */
interface State {
  user: UserDocument | null;
  /** Null only without a user document: such a caller is refused before the rules matter. */
  rules: RulesDocument | null;
  account: Account | null;
  stored: WithdrawalDocument | null;
}

type Outcome =
  | { kind: 'created' | 'replayed'; withdrawal: WithdrawalDocument; rules: RulesDocument }
  | { kind: 'refused'; failure: Result<never, WithdrawError> };

/** Aborts the transaction with an answer: thrown out of the work, so nothing written commits. */
class Abort {
  constructor(readonly outcome: Outcome) {}
}

type StateRow = UserDocument & {
  joinedRules: RulesDocument[];
  joinedAccounts: Account[];
  joinedWithdrawals: WithdrawalDocument[];
};

async function readState(openid: string, id: string): Promise<State> {
  const [row] = await aggregateList<StateRow>('users', (pipeline) =>
    pipeline
      .match({ _id: openid })
      .lookup({ from: 'rules', pipeline: [{ $match: { _id: RULES_ID } }], as: 'joinedRules' })
      .lookup({ from: 'accounts', pipeline: [{ $match: { _id: openid } }], as: 'joinedAccounts' })
      .lookup({ from: WITHDRAWALS, pipeline: [{ $match: { _id: id } }], as: 'joinedWithdrawals' })
      .limit(1),
  );
  if (!row) return { user: null, rules: null, account: null, stored: null };
  const { joinedRules, joinedAccounts, joinedWithdrawals, ...user } = row;
  return {
    user,
    rules: joinedRules[0] ?? (await storeDefaultRules()),
    account: joinedAccounts[0] ?? null,
    stored: joinedWithdrawals[0] ?? null,
  };
}

/** The user gate: a refusal, or null when the caller may withdraw. */
function gate(user: null): Result<never, WithdrawError>;
function gate(user: UserDocument, rules: RulesDocument): Result<never, WithdrawError> | null;
function gate(user: UserDocument | null, rules?: RulesDocument): Result<never, WithdrawError> | null {
  if (user?.distributor.status === 'disabled')
    return fail('DISTRIBUTOR_DISABLED', '分销资格已被停用，不能提现 (distribution is disabled for you)');
  if (user && rules && (isDistributor(user, rules) || user.distributor.status === 'exited')) return null;
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
  // The name is kept only when the transfer needs it (docs/rules.md section 7); otherwise it is dropped here.
  const realName = needsRealName(input.channel, fees.payoutFen) ? input.realName : undefined;
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
    ...(realName ? { realName, realNameMask: maskRealName(realName) } : {}),
    history: [{ status: WITHDRAWAL_MACHINE.initial, at: now, by: openid }],
    createdAt: now,
    updatedAt: now,
  };
}

/** The decision on the locked state: a new withdrawal, or the answer that aborts. */
function decide(state: State, id: string, openid: string, input: RequestInput, now: Date): WithdrawalDocument {
  const { user, rules } = state;
  if (!user || !rules) throw new Abort({ kind: 'refused', failure: gate(null) });
  if (state.stored) throw new Abort({ kind: 'replayed', withdrawal: state.stored, rules });
  const refused = gate(user, rules);
  if (refused) throw new Abort({ kind: 'refused', failure: refused });
  const request = { amountFen: input.amountFen, channel: input.channel, dayKey: chinaDayKey(now) };
  const verdict = judgeWithdrawal(request, rules.withdraw, state.account);
  if (!verdict.ok) throw new Abort({ kind: 'refused', failure: fail(verdict.refusal, REFUSALS[verdict.refusal]) });
  // WeChat Pay refuses such a transfer without the name: refused here, before any money moves.
  if (needsRealName(input.channel, verdict.payoutFen) && !input.realName)
    throw new Abort({
      kind: 'refused',
      failure: fail('REAL_NAME_REQUIRED', '微信转账 2000 元及以上须填写收款人实名 (the real name is required)'),
    });
  return newWithdrawal(id, openid, input, verdict, rules, now);
}

async function record(id: string, openid: string, input: RequestInput, now: Date): Promise<Outcome | typeof BUSY> {
  const dayKey = chinaDayKey(now);
  return inTransaction<Outcome>(
    async (tx: Tx) => {
      // Locks the account before the read; a missing account is left alone (and refused below).
      const change =
        input.channel === 'balance'
          ? toBalanceAccountChange(input.amountFen, now)
          : accountChange('withdraw', input.amountFen, now);
      await tx.update('accounts', openid, change);
      const state = await readState(openid, id);
      const withdrawal = decide(state, id, openid, input, now);
      const account = state.account as Account;
      // The chain's head is known only after the locked read, so the account is updated a second
      // time anyway: the day's counter goes with it, counted from the same read.
      const counters = { withdrawDayKey: dayKey, withdrawCountOfDay: withdrawalsOnDay(account, dayKey) + 1 };
      const rules = state.rules as RulesDocument;
      if (input.channel === 'balance')
        return { kind: 'created', withdrawal: await recordToBalance(tx, withdrawal, account, counters, now), rules };
      await appendEntries(tx, openid, counters, [withdrawalEntry('withdraw', withdrawal, now)], account);
      await addInitialInTx(tx, WITHDRAWAL_MACHINE, withdrawal);
      return { kind: 'created', withdrawal, rules: state.rules as RulesDocument };
    },
    { attempts: ACCOUNT_TX_ATTEMPTS },
  );
}

/** Records the request; a duplicate key means the same request won a race, answered as a replay. */
async function recordOnce(id: string, openid: string, input: RequestInput, now: Date): Promise<Outcome | typeof BUSY> {
  try {
    return await record(id, openid, input, now);
  } catch (error) {
    if (error instanceof Abort) return error.outcome;
    if (!isDuplicate(error)) throw error;
    const [withdrawal, rules] = await Promise.all([getDoc(WITHDRAWALS, id), loadRules()]);
    return { kind: 'replayed', withdrawal: withdrawal as WithdrawalDocument, rules };
  }
}

export async function requestWithdrawal(
  input: RequestInput,
  openid: string,
  appId: string,
  now: Date,
): Promise<Result<RequestWithdrawalOutput, WithdrawError>> {
  const id = withdrawalId(openid, input.requestId);
  const outcome = await recordOnce(id, openid, input, now);
  if (outcome === BUSY)
    return fail('BUSY', '提现的人太多，请稍后重试 (the account is busy; retry with the same requestId)');
  if (outcome.kind === 'refused') return outcome.failure;
  let withdrawal = outcome.withdrawal;
  // Review mode autoBelow: approved right away (again on a replay whose approval did not finish).
  if (withdrawal.status === 'reviewing' && isAutoApproved(withdrawal.amountFen, outcome.rules.withdraw.review)) {
    const approved = await approve(id, 'system', appId, now);
    if (approved.ok) withdrawal = approved.data.withdrawal;
  }
  return ok({ status: outcome.kind, withdrawal: withdrawalView(withdrawal) });
}
