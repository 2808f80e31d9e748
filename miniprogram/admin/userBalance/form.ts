/**
 * The adjustment form's rules, checked on the page before `admin.adjustBalance` (which checks
 * again: AdjustBalanceInput in shared/contracts/adminBalance.ts): a direction, an amount in yuan
 * (0.01 up to the contract's maximum) and a reason of 2-100 characters.
 */
import { formatFen } from '@shared/money';
import { yuanToFen } from '../rules/form';

/**
 * The contract's MAX_ADJUST_FEN, written out because the contracts (zod) are not bundled into the
 * mini-program; tests/miniprogram/admin-balance.test.ts holds the two equal.
 */
export const MAX_ADJUST_FEN = 10_000_000;

export type Direction = 'add' | 'take';

export function adjustmentOf(
  direction: Direction,
  amountText: string,
  reasonText: string,
): { ok: true; amountFen: number; reason: string } | { ok: false; message: string } {
  const fen = yuanToFen(amountText) ?? 0;
  if (fen <= 0) return { ok: false, message: '请输入调整金额' };
  if (fen > MAX_ADJUST_FEN) return { ok: false, message: `单次调整不超过 ${formatFen(MAX_ADJUST_FEN)}` };
  const reason = reasonText.trim();
  if (reason.length < 2 || reason.length > 100) return { ok: false, message: '请填写原因（2-100 字）' };
  return { ok: true, amountFen: direction === 'add' ? fen : -fen, reason };
}
