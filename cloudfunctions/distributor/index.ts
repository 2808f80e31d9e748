/**
 * distributor: the user side of distribution, one tcb-router route per action (`event.$url`):
 * apply, withdrawApplication, exit, center, team, ranking, gradeHistory, and the ledger views
 * commissions, commission, withdrawals, promotionOrders. See docs/api.md (distributor).
 */
import {
  ApplyInput,
  CenterInput,
  CommissionInput,
  CommissionsInput,
  ExitInput,
  GradeHistoryInput,
  RankingInput,
  PromotionOrdersInput,
  TeamInput,
  WithdrawApplicationInput,
  WithdrawalsInput,
  type DistributorRoute,
} from '../../shared/contracts/distributor';
import type { Result } from '../../shared/result';
import { routeFor, serveRoutes, type RouteHandler } from '../_lib/legacyRouter';
import { apply, withdrawApplication } from './apply';
import { center } from './center';
import { commission, commissions } from './commissions';
import { exitDistribution } from './exit';
import { gradeHistory } from './history';
import { promotionOrders } from './promotionOrders';
import { ranking } from './ranking';
import { team } from './team';
import { withdrawals } from './withdrawalHistory';

const route = routeFor('distributor');

const ROUTES: Record<DistributorRoute, RouteHandler> = {
  apply: route(ApplyInput, (input, openid, now) => apply(openid, input.form, now)),
  withdrawApplication: route(WithdrawApplicationInput, (_input, openid, now) => withdrawApplication(openid, now)),
  exit: route(ExitInput, (_input, openid, now) => exitDistribution(openid, now)),
  center: route(CenterInput, (_input, openid, now) => center(openid, now)),
  team: route(TeamInput, (input, openid) => team(openid, input.page, input.pageSize)),
  ranking: route(RankingInput, (input, openid, now) => ranking(openid, input.by, input.month, now)),
  gradeHistory: route(GradeHistoryInput, (input, openid) => gradeHistory(openid, input.page, input.pageSize)),
  commissions: route(CommissionsInput, (input, openid, now) => commissions(openid, input.page, input.pageSize, input.status, now)),
  commission: route(CommissionInput, (input, openid, now) => commission(openid, input.id, now)),
  withdrawals: route(WithdrawalsInput, (input, openid) => withdrawals(openid, input.page, input.pageSize)),
  promotionOrders: route(PromotionOrdersInput, (input, openid) => promotionOrders(openid, input.page, input.pageSize)),
};

export async function main(event: unknown): Promise<Result<unknown>> {
  return serveRoutes(event, ROUTES);
}
