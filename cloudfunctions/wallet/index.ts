/**
 * wallet: the shopper's balance (余额), one route per action (`event.$url`, the table
 * WALLET_CONTRACTS): summary (the balance and the shop's top-up options), entries (the history,
 * newest first), topUp (opens a top-up and its WeChat payment) and topUpStatus (what the page
 * polls after paying). The payment itself is credited by onPayCallback (docs/wallet.md section 1).
 * See docs/api.md (wallet).
 */
import { WALLET_CONTRACTS, type WalletError } from '@shared/contracts/wallet';
import { cloud } from '../_lib/cloud';
import { serveTable, type Handlers } from '../_lib/router';
import { entries, summary, topUpStatus } from './read';
import { topUp } from './topUp';

const HANDLERS: Handlers<typeof WALLET_CONTRACTS, WalletError> = {
  summary: (_input, { openid }) => summary(openid),
  entries: (input, { openid }) => entries(openid, input),
  topUp: (input, { openid, now }) => {
    // The payment needs the shopper's IP, which the platform injects beside the identity.
    const clientIp = String((cloud.getWXContext() as Record<string, unknown>).CLIENTIP ?? '');
    return topUp(openid, clientIp, input, now);
  },
  topUpStatus: (input, { openid }) => topUpStatus(openid, input.topUpId),
};

export const main = serveTable(WALLET_CONTRACTS, HANDLERS, { name: 'wallet' });
