/** poster: the caller's mini-program code for the home page or a product, for their poster. */
import { PosterInput, type PosterOutput } from '../../shared/contracts/poster';
import { fail, type Result } from '../../shared/result';
import { caller, parseEvent } from '../_lib/cloud';
import { getPoster } from './poster';
import { readEnvVersion } from './target';

export async function main(event: unknown): Promise<Result<PosterOutput>> {
  // Read first: a misconfigured deployment fails loudly before anything is written.
  const envVersion = readEnvVersion(process.env.MINIPROGRAM_ENV_VERSION);
  const input = parseEvent(PosterInput, event);
  if (!input.ok) return input;
  const { openid } = caller();
  if (!openid) return fail('UNAUTHENTICATED', 'poster must be called from the mini-program');
  return getPoster(openid, input.data, envVersion, new Date());
}
