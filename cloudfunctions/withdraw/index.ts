/**
 * withdraw: a distributor's withdrawals, one tcb-router route per action (`event.$url`):
 * request, transfer, sync. Review and payout: cloudfunctions/admin/withdrawals.ts. See docs/api.md (withdraw).
 */
import { RequestWithdrawalInput, SyncInput, TransferInput, type WithdrawRoute } from '../../shared/contracts/withdraw';
import type { Result } from '../../shared/result';
import { caller } from '../_lib/cloud';
import { routeFor, serveRoutes, type RouteHandler } from '../_lib/legacyRouter';
import { requestWithdrawal } from './request';
import { syncOwn, transferInfo } from './transfer';

const route = routeFor('withdraw');

const ROUTES: Record<WithdrawRoute, RouteHandler> = {
  // The appid is the mini-program's, needed for a WeChat transfer approved right away (autoBelow).
  request: route(RequestWithdrawalInput, (input, openid, now) => requestWithdrawal(input, openid, caller().appid, now)),
  transfer: route(TransferInput, (input, openid, now) => transferInfo(openid, input.withdrawalId, now)),
  sync: route(SyncInput, (input, openid, now) => syncOwn(openid, input.withdrawalId, now)),
};

export async function main(event: unknown): Promise<Result<unknown>> {
  return serveRoutes(event, ROUTES);
}
