/**
 * distributor: the user side of distribution, one tcb-router route per action (`event.$url`):
 * apply, withdrawApplication, exit, center, team, ranking, gradeHistory. See docs/api.md (distributor).
 */
import {
  ApplyInput,
  CenterInput,
  ExitInput,
  GradeHistoryInput,
  RankingInput,
  TeamInput,
  WithdrawApplicationInput,
  type DistributorRoute,
} from '../../shared/contracts/distributor';
import type { Result } from '../../shared/result';
import { routeFor, serveRoutes, type RouteHandler } from '../_lib/router';
import { apply, withdrawApplication } from './apply';
import { center } from './center';
import { exitDistribution } from './exit';
import { gradeHistory } from './history';
import { ranking } from './ranking';
import { team } from './team';

const route = routeFor('distributor');

const ROUTES: Record<DistributorRoute, RouteHandler> = {
  apply: route(ApplyInput, (input, openid, now) => apply(openid, input.form, now)),
  withdrawApplication: route(WithdrawApplicationInput, (_input, openid, now) => withdrawApplication(openid, now)),
  exit: route(ExitInput, (_input, openid, now) => exitDistribution(openid, now)),
  center: route(CenterInput, (_input, openid, now) => center(openid, now)),
  team: route(TeamInput, (input, openid) => team(openid, input.page, input.pageSize)),
  ranking: route(RankingInput, (input, openid, now) => ranking(openid, input.by, input.month, now)),
  gradeHistory: route(GradeHistoryInput, (input, openid) => gradeHistory(openid, input.page, input.pageSize)),
};

export async function main(event: unknown): Promise<Result<unknown>> {
  return serveRoutes(event, ROUTES);
}
