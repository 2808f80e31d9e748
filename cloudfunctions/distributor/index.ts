/**
 * distributor: the user side of distribution, one tcb-router route per action (`event.$url`):
 * apply, withdrawApplication, exit, center, team, ranking, gradeHistory. See docs/api/distributor.md.
 */
import TcbRouter from 'tcb-router';
import type { z } from 'zod';
import {
  ApplyInput,
  CenterInput,
  DISTRIBUTOR_ROUTES,
  ExitInput,
  GradeHistoryInput,
  RankingInput,
  TeamInput,
  WithdrawApplicationInput,
  type DistributorRoute,
} from '../../shared/contracts/distributor';
import { fail, type Result } from '../../shared/result';
import { caller, parseEvent } from '../_lib/cloud';
import { apply, withdrawApplication } from './apply';
import { center } from './center';
import { exitDistribution } from './exit';
import { gradeHistory } from './history';
import { ranking } from './ranking';
import { team } from './team';

type Handler = (data: Record<string, unknown>) => Promise<Result<unknown>>;

/** Parses the route's input first (bad input writes nothing), then takes the caller's identity from the platform. */
function route<S extends z.ZodType>(schema: S, run: (input: z.infer<S>, openid: string, now: Date) => Promise<Result<unknown>>): Handler {
  return async (data) => {
    const input = parseEvent(schema, data);
    if (!input.ok) return input;
    const { openid } = caller();
    if (!openid) return fail('UNAUTHENTICATED', 'distributor must be called from the mini-program');
    return run(input.data, openid, new Date());
  };
}

const ROUTES: Record<DistributorRoute, Handler> = {
  apply: route(ApplyInput, (input, openid, now) => apply(openid, input.form, now)),
  withdrawApplication: route(WithdrawApplicationInput, (_input, openid, now) => withdrawApplication(openid, now)),
  exit: route(ExitInput, (_input, openid, now) => exitDistribution(openid, now)),
  center: route(CenterInput, (_input, openid, now) => center(openid, now)),
  team: route(TeamInput, (input, openid) => team(openid, input.page, input.pageSize)),
  ranking: route(RankingInput, (input, openid, now) => ranking(openid, input.by, input.month, now)),
  gradeHistory: route(GradeHistoryInput, (input, openid) => gradeHistory(openid, input.page, input.pageSize)),
};

function isRoute(url: unknown): url is DistributorRoute {
  return typeof url === 'string' && (DISTRIBUTOR_ROUTES as ReadonlyArray<string>).includes(url);
}

export async function main(event: unknown): Promise<Result<unknown>> {
  const { $url, ...data } = (event ?? {}) as Record<string, unknown>;
  if (!isRoute($url)) return fail('UNKNOWN_ROUTE', `unknown route ${JSON.stringify($url ?? null)}; routes: ${DISTRIBUTOR_ROUTES.join(', ')}`);
  const app = new TcbRouter({ event: event as Record<string, unknown> });
  for (const name of DISTRIBUTOR_ROUTES) {
    app.router(name, async (ctx) => {
      ctx.body = await ROUTES[name](data);
    });
  }
  return (await app.serve()) as Result<unknown>;
}
