/**
 * The earnings card of 我的 (the profile page is where distributors check earnings):
 * the balances and the earnings total that `profile.get` answers, formatted by the one formatter.
 * Shown to anyone with an account, whatever their distributor status: an exited distributor
 * keeps the money earned and must still see it to withdraw it.
 */
import type { ProfileView } from '@shared/contracts/profile';
import { formatFen } from '@shared/money';

export interface EarningsCardView {
  /** 可提现, highlighted; negative only after a clawback (佣金扣回). */
  available: string;
  negative: boolean;
  /** 冻结中, 提现中, 已提现. */
  frozen: string;
  withdrawing: string;
  withdrawn: string;
  /** 累计收益: commission net of reversals and clawbacks. */
  total: string;
}

/** The card, or null for a caller without an account (the page then shows no card). */
export function earningsCard(profile: Pick<ProfileView, 'balances' | 'earnings'>): EarningsCardView | null {
  const { balances, earnings } = profile;
  if (!balances) return null;
  return {
    available: formatFen(balances.availableFen),
    negative: balances.availableFen < 0,
    frozen: formatFen(balances.frozenFen),
    withdrawing: formatFen(balances.withdrawingFen),
    withdrawn: formatFen(balances.withdrawnFen),
    total: formatFen(earnings?.totalFen ?? 0),
  };
}
