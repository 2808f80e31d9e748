/** profile: the caller's own profile, tcb-router routes `get` and `update` (`event.$url`). See docs/api/profile.md. */
import TcbRouter from 'tcb-router';
import type { z } from 'zod';
import { PROFILE_ROUTES, ProfileGetInput, ProfileUpdateInput, type ProfileRoute } from '../../shared/contracts/profile';
import { fail, type Result } from '../../shared/result';
import { caller, parseEvent } from '../_lib/cloud';
import { getProfile, updateProfile } from './profile';

type Handler = (data: Record<string, unknown>) => Promise<Result<unknown>>;

/** Parses the route's input first (bad input writes nothing), then takes the caller's identity from the platform. */
function route<S extends z.ZodType>(schema: S, run: (input: z.infer<S>, openid: string, now: Date) => Promise<Result<unknown>>): Handler {
  return async (data) => {
    const input = parseEvent(schema, data);
    if (!input.ok) return input;
    const { openid } = caller();
    if (!openid) return fail('UNAUTHENTICATED', 'profile must be called from the mini-program');
    return run(input.data, openid, new Date());
  };
}

const ROUTES: Record<ProfileRoute, Handler> = {
  get: route(ProfileGetInput, (_input, openid, now) => getProfile(openid, now)),
  update: route(ProfileUpdateInput, (input, openid, now) => updateProfile(openid, input, now)),
};

function isRoute(url: unknown): url is ProfileRoute {
  return typeof url === 'string' && (PROFILE_ROUTES as ReadonlyArray<string>).includes(url);
}

export async function main(event: unknown): Promise<Result<unknown>> {
  const { $url, ...data } = (event ?? {}) as Record<string, unknown>;
  if (!isRoute($url)) return fail('UNKNOWN_ROUTE', `unknown route ${JSON.stringify($url ?? null)}; routes: ${PROFILE_ROUTES.join(', ')}`);
  const app = new TcbRouter({ event: event as Record<string, unknown> });
  for (const name of PROFILE_ROUTES) {
    app.router(name, async (ctx) => {
      ctx.body = await ROUTES[name](data);
    });
  }
  return (await app.serve()) as Result<unknown>;
}
