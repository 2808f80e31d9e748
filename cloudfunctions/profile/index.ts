/** profile: the caller's own profile, tcb-router routes `get` and `update` (`event.$url`). See docs/api.md (profile). */
import { ProfileGetInput, ProfileUpdateInput, type ProfileRoute } from '../../shared/contracts/profile';
import type { Result } from '../../shared/result';
import { serveRoutes, userRoute, type RouteHandler } from '../_lib/legacyRouter';
import { getProfile, updateProfile } from './profile';

const ROUTES: Record<ProfileRoute, RouteHandler> = {
  get: userRoute('profile', ProfileGetInput, (_input, openid, now) => getProfile(openid, now)),
  update: userRoute('profile', ProfileUpdateInput, (input, openid, now) => updateProfile(openid, input, now)),
};

export async function main(event: unknown): Promise<Result<unknown>> {
  return serveRoutes(event, ROUTES);
}
