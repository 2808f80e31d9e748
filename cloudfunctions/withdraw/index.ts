/**
 * withdraw: a distributor's withdrawals, one route per action (`event.$url`, the table
 * WITHDRAW_CONTRACTS): request, transfer, sync. Review and payout: cloudfunctions/admin/withdrawals.ts.
 * See docs/api.md (withdraw).
 */
import { WITHDRAW_CONTRACTS, type WithdrawError } from '@shared/contracts/withdraw';
import { serveTable, type Handlers } from '../_lib/router';
import { requestWithdrawal } from './request';
import { syncOwn, transferInfo } from './transfer';

const HANDLERS: Handlers<typeof WITHDRAW_CONTRACTS, WithdrawError> = {
  // The appid is the mini-program's, needed for a WeChat transfer approved right away (autoBelow).
  request: (input, { openid, appid, now }) => requestWithdrawal(input, openid, appid, now),
  transfer: (input, { openid, now }) => transferInfo(openid, input.withdrawalId, now),
  sync: (input, { openid, now }) => syncOwn(openid, input.withdrawalId, now),
};

export const main = serveTable(WITHDRAW_CONTRACTS, HANDLERS, { name: 'withdraw' });
