/**
 * The routing every function used before serveTable (router.ts); kept only until each function
 * is moved to its route table, then deleted.
 */
import TcbRouter from 'tcb-router';
import type { z } from 'zod';
import { fail, type Result } from '../../shared/result';
import { caller, parseEvent } from './cloud';

/** A route: gets the event without `$url` and answers the function's result. */
export type RouteHandler = (data: Record<string, unknown>) => Promise<Result<unknown>>;

/** A route for mini-program users: contract-parsed input, the caller's OPENID and the time. */
export function userRoute<S extends z.ZodType>(
  functionName: string,
  schema: S,
  run: (input: z.infer<S>, openid: string, now: Date) => Promise<Result<unknown>>,
): RouteHandler {
  return async (data) => {
    const input = parseEvent(schema, data);
    if (!input.ok) return input;
    const { openid } = caller();
    if (!openid) return fail('UNAUTHENTICATED', `${functionName} must be called from the mini-program`);
    return run(input.data, openid, new Date());
  };
}

/** The route builder of one function: `const route = routeFor('order')`, then `route(schema, run)`. */
export function routeFor(functionName: string) {
  return <S extends z.ZodType>(schema: S, run: (input: z.infer<S>, openid: string, now: Date) => Promise<Result<unknown>>): RouteHandler =>
    userRoute(functionName, schema, run);
}

/** Serves `event.$url` from `routes`; an unknown route answers UNKNOWN_ROUTE with the list. */
export async function serveRoutes(event: unknown, routes: Readonly<Record<string, RouteHandler>>): Promise<Result<unknown>> {
  const payload = (event && typeof event === 'object' ? event : {}) as Record<string, unknown>;
  const { $url, ...data } = payload;
  const names = Object.keys(routes);
  if (typeof $url !== 'string' || !names.includes($url)) {
    return fail('UNKNOWN_ROUTE', `unknown route ${JSON.stringify($url ?? null)}; routes: ${names.join(', ')}`);
  }
  const app = new TcbRouter({ event: payload });
  for (const name of names) {
    app.router(name, async (context) => {
      context.body = await (routes[name] as RouteHandler)(data);
    });
  }
  return (await app.serve()) as Result<unknown>;
}
