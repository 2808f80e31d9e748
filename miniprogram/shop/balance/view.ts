/**
 * What the 余额 page shows, from the wallet function's answers: the balance, the top-up chips
 * (充 500 送 80) and the custom amount's bounds (the history rows: utils/balance-entry.ts). Pure, so the page test and the
 * page agree on every text.
 */
import type { RouteOutput } from '@shared/routeTable';
import type { WALLET_CONTRACTS } from '@shared/contracts/wallet';
import { formatFen } from '@shared/money';
import { parseYuan } from '../afterSale/form';

type Summary = RouteOutput<typeof WALLET_CONTRACTS, 'summary'>;

export interface ChipView {
  amountFen: number;
  /** ¥500 (whole yuan without decimals). */
  amount: string;
  /** 送 ¥80.00, or '' without a bonus. */
  bonus: string;
}

export interface TopUpView {
  enabled: boolean;
  chips: ChipView[];
  customAllowed: boolean;
  /** 可充 ¥1.00 - ¥2,000.00 */
  customHint: string;
  minFen: number;
  maxFen: number;
}

export interface SummaryView {
  balance: string;
  topUp: TopUpView;
}

function shortYuan(amountFen: number): string {
  return amountFen % 100 === 0 ? `¥${amountFen / 100}` : formatFen(amountFen);
}

export function summaryView(summary: Summary): SummaryView {
  const { enabled, tiers, custom } = summary.topUp;
  return {
    balance: formatFen(summary.balanceFen),
    topUp: {
      enabled,
      chips: tiers.map((tier) => ({
        amountFen: tier.amountFen,
        amount: shortYuan(tier.amountFen),
        bonus: tier.bonusFen > 0 ? `送 ${formatFen(tier.bonusFen)}` : '',
      })),
      customAllowed: custom.allowed,
      customHint: `可充 ${formatFen(custom.minFen)} - ${formatFen(custom.maxFen)}`,
      minFen: custom.minFen,
      maxFen: custom.maxFen,
    },
  };
}

/** The amount to top up: the chosen chip, or the typed amount within the custom bounds; else why not. */
export function chosenAmount(
  topUp: TopUpView,
  chosenFen: number,
  customText: string,
): { ok: true; amountFen: number } | { ok: false; message: string } {
  if (chosenFen > 0) return { ok: true, amountFen: chosenFen };
  if (!topUp.customAllowed || customText.trim() === '') return { ok: false, message: '请选择充值金额' };
  const amountFen = parseYuan(customText);
  if (amountFen === null || amountFen < topUp.minFen || amountFen > topUp.maxFen)
    return { ok: false, message: topUp.customHint };
  return { ok: true, amountFen };
}
