/** The `profile` function (routes `get`, `update`, `points`, PROFILE_CONTRACTS): the caller's own profile (我的资料). */
import type { PROFILE_CONTRACTS } from '@shared/contracts/profile';
import type { RouteInput } from '@shared/routeTable';
import { callRoute } from './call';

export const profile = {
  /** The caller's profile, with their balances and earnings total when they have an account; the first call of a new user creates it. */
  get: () => callRoute('profile', 'get', {}),
  /** Sets the nickname, the avatar (a cloud:// file id) or both; answers the whole profile. */
  update: (input: RouteInput<typeof PROFILE_CONTRACTS, 'update'>) => callRoute('profile', 'update', input),
  /** The caller's points (积分): account, history page by offset, the shop's rates. */
  points: (input: RouteInput<typeof PROFILE_CONTRACTS, 'points'>) => callRoute('profile', 'points', input),
};
