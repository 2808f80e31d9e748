/**
 * The `wallet` function: the shopper's balance (余额), its history and top-ups (充值). One method
 * per route, typed by the route table WALLET_CONTRACTS (shared/contracts/wallet.ts). A top-up is
 * paid like an order (services/placeOrder.ts `pay`: wx.requestPayment, or the sandbox in local
 * mode); the balance grows when the payment callback credits it, which the page polls for.
 */
import type { WALLET_CONTRACTS } from '@shared/contracts/wallet';
import type { RouteInput } from '@shared/routeTable';
import { callRoute } from './call';

type Input<R extends keyof typeof WALLET_CONTRACTS> = RouteInput<typeof WALLET_CONTRACTS, R>;

export const wallet = {
  /** The balance and the shop's top-up amounts. */
  summary: () => callRoute('wallet', 'summary', {}),
  /** The history, newest first. */
  entries: (input: Input<'entries'>) => callRoute('wallet', 'entries', input),
  /** Opens a top-up; the same idempotencyKey answers the same top-up and payment. */
  topUp: (input: Input<'topUp'>) => callRoute('wallet', 'topUp', input),
  topUpStatus: (input: Input<'topUpStatus'>) => callRoute('wallet', 'topUpStatus', input),
};
