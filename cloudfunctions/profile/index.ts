/** profile: the caller's own profile, routes `get`, `update` and `points` (`event.$url`, PROFILE_CONTRACTS). See docs/api.md (profile). */
import { PROFILE_CONTRACTS, type ProfileError } from '@shared/contracts/profile';
import { ok } from '@shared/result';
import { pointsPage } from '../_lib/pointsView';
import { serveTable, type Handlers } from '../_lib/router';
import { getProfile, updateProfile } from './profile';

const HANDLERS: Handlers<typeof PROFILE_CONTRACTS, ProfileError> = {
  get: (_input, { openid, now }) => getProfile(openid, now),
  update: (input, { openid, now }) => updateProfile(openid, input, now),
  points: async (input, { openid }) => ok(await pointsPage(openid, input)),
};

export const main = serveTable(PROFILE_CONTRACTS, HANDLERS, { name: 'profile' });
