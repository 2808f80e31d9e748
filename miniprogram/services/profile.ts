/** The `profile` function (routes `get`, `update`): the caller's own profile (我的资料). */
import type { ProfileUpdateInput, ProfileView } from '@shared/contracts/profile';
import type { Result } from '@shared/result';
import { legacyCallRoute } from './call';

export const profile = {
  /** The caller's profile, with their balances and earnings total when they have an account; the first call of a new user creates it. */
  get(): Promise<Result<ProfileView>> {
    return legacyCallRoute<object, ProfileView>('profile', 'get', {});
  },
  /** Sets the nickname, the avatar (a cloud:// file id) or both; answers the whole profile. */
  update(input: ProfileUpdateInput): Promise<Result<ProfileView>> {
    return legacyCallRoute<ProfileUpdateInput, ProfileView>('profile', 'update', input);
  },
};
