/**
 * The withdraw form's rules, pure: the amount typed in yuan becomes integer fen without floating
 * point, is checked against the rules the withdraw function enforces (in its order:
 * shared/withdrawals.ts judgeWithdrawal), and the fee and payout are computed with the shared
 * fee helper, so the page shows exactly what the function will record. The function still
 * judges every request; this only spares a round trip and explains the limits beforehand.
 * Also the Chinese messages of the function's refusals.
 */
import type { CenterOutput } from '@shared/contracts/distributor';
import { formatFen } from '@shared/money';
import { isRealName, needsRealName, withdrawalFeeFen, type WithdrawalChannel } from '@shared/withdrawals';
import { formatRateBp } from '../../utils/format';

export type WithdrawLimits = CenterOutput['rules']['withdraw'];

/** "12", "12.5", "12.34" (yuan, at most two decimals) as fen; null for anything else. */
export function parseYuan(text: string): number | null {
  const match = /^(\d{1,9})(?:\.(\d{0,2}))?$/.exec(text.trim());
  if (!match) return null;
  const [, yuan = '0', cents = ''] = match;
  return Number(yuan) * 100 + Number(cents.padEnd(2, '0'));
}

/** Fen as the amount field shows it: 1234 → "12.34" (for 全部提现). */
export function fenToYuanText(amountFen: number): string {
  return `${Math.floor(amountFen / 100)}.${String(amountFen % 100).padStart(2, '0')}`;
}

export interface WithdrawQuote {
  /** The typed amount in fen; null when empty or unreadable. */
  amountFen: number | null;
  fee: string;
  payout: string;
  /** Why it cannot be submitted ('' when it can, or when nothing is typed yet). */
  problem: string;
  canSubmit: boolean;
}

export const NEGATIVE_BALANCE_TEXT = '可提现余额为负（结算后的退款扣回了佣金），之后结算的佣金补足欠款后才能提现';

function problemOf(amountFen: number, feeFen: number, limits: WithdrawLimits, availableFen: number): string {
  if (amountFen < limits.minAmountFen || amountFen - feeFen <= 0)
    return `单笔最少提现 ${formatFen(Math.max(limits.minAmountFen, 1))}`;
  if (amountFen > limits.maxAmountFen) return `单笔最多提现 ${formatFen(limits.maxAmountFen)}`;
  if (availableFen < 0) return NEGATIVE_BALANCE_TEXT;
  if (amountFen > availableFen) return `超出可提现余额 ${formatFen(availableFen)}`;
  return '';
}

/** The fee rate of a channel: 到余额 has its own (absent: free), the payouts the rules' feeBp. */
export function channelFeeBp(limits: WithdrawLimits, channel: WithdrawalChannel): number {
  return channel === 'balance' ? (limits.balanceFeeBp ?? 0) : limits.feeBp;
}

/** What the form shows for the typed text through `channel`: the fee, the payout, and any problem. */
export function quoteWithdrawal(
  text: string,
  limits: WithdrawLimits,
  availableFen: number,
  channel: WithdrawalChannel = 'wechatTransfer',
): WithdrawQuote {
  const none = { fee: formatFen(0), payout: formatFen(0) };
  if (text.trim() === '')
    return { amountFen: null, ...none, problem: availableFen < 0 ? NEGATIVE_BALANCE_TEXT : '', canSubmit: false };
  const amountFen = parseYuan(text);
  if (amountFen === null)
    return { amountFen: null, ...none, problem: '请输入正确的金额，最多两位小数', canSubmit: false };
  const feeFen = withdrawalFeeFen(amountFen, channelFeeBp(limits, channel));
  const problem = problemOf(amountFen, feeFen, limits, availableFen);
  return {
    amountFen,
    fee: formatFen(feeFen),
    payout: formatFen(Math.max(0, amountFen - feeFen)),
    problem,
    canSubmit: problem === '',
  };
}

/** Why the name is asked for, in one line under the field. */
export const REAL_NAME_REASON = '微信转账单笔到账 2000 元及以上时，微信支付要求填写收款人真实姓名，须与微信实名一致';

/**
 * Whether this withdrawal must carry the payee's real name: a WeChat transfer paying out 2,000
 * yuan or more, judged on the payout as the withdraw function judges it (shared/withdrawals.ts).
 */
export function asksRealName(quote: WithdrawQuote, limits: WithdrawLimits, channel: WithdrawalChannel): boolean {
  if (quote.amountFen === null) return false;
  return needsRealName(channel, quote.amountFen - withdrawalFeeFen(quote.amountFen, limits.feeBp));
}

/** What is wrong with the typed name ('' when it is acceptable); the function checks it the same way. */
export function realNameProblem(text: string): string {
  const name = text.trim();
  if (name === '') return '请填写收款人真实姓名';
  return isRealName(name) ? '' : '请填写与微信实名一致的中文姓名（2-30 个字，少数民族姓名用 · 分隔）';
}

/** The rules in one line, e.g. "单笔 ¥1.00 起，最多 ¥20,000.00 · 手续费 0.6% · 每天最多 3 次". */
export function rulesText(limits: WithdrawLimits): string {
  const fee = limits.feeBp > 0 ? `手续费 ${formatRateBp(limits.feeBp)}（不足 1 分的部分不收）` : '免手续费';
  return `单笔 ${formatFen(limits.minAmountFen)} 起，最多 ${formatFen(limits.maxAmountFen)} · ${fee} · 每天最多 ${limits.maxPerDay} 次`;
}

/** The Chinese message of a refusal by `withdraw` (docs/api.md, withdraw), with the rule's figure. */
export function refusalMessage(error: { code: string; message: string }, limits: WithdrawLimits | null): string {
  const known: Record<string, string> = {
    NOT_DISTRIBUTOR: '仅分销员可以提现',
    DISTRIBUTOR_DISABLED: '你的分销资格已被商家停用，暂不能提现',
    CHANNEL_NOT_ALLOWED: '商家暂不支持该提现方式，请换一种方式',
    AMOUNT_TOO_SMALL: limits ? `单笔最少提现 ${formatFen(limits.minAmountFen)}` : '提现金额太小',
    AMOUNT_TOO_LARGE: limits ? `单笔最多提现 ${formatFen(limits.maxAmountFen)}` : '提现金额超过单笔上限',
    NO_ACCOUNT: '还没有可提现的佣金',
    NEGATIVE_BALANCE: NEGATIVE_BALANCE_TEXT,
    DAILY_LIMIT_REACHED: limits ? `每天最多提现 ${limits.maxPerDay} 次，今天的次数已用完` : '今天的提现次数已用完',
    INSUFFICIENT_BALANCE: '可提现余额不足',
    REAL_NAME_REQUIRED: '微信转账 2000 元及以上须填写收款人真实姓名',
    BUSY: '提现的人太多，请稍后重试',
    WITHDRAWAL_NOT_FOUND: '找不到这笔提现',
    NOT_AWAITING_CONFIRMATION: '这笔提现无需确认收款，请刷新查看最新状态',
    PAYOUT_UNAVAILABLE: '商家暂未开通微信转账，请联系商家',
    PAYOUT_ERROR: '微信转账暂时不可用，请稍后重试',
  };
  // The function's own messages end with an English gloss in parentheses: people see the Chinese.
  return known[error.code] ?? error.message.replace(/\s*\([^()]*\)\s*$/, '');
}
