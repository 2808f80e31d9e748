/** poster: the caller's mini-program code for the home page or a product, for their poster (POSTER_CONTRACT). */
import { POSTER_CONTRACT, type PosterError } from '@shared/contracts/poster';
import { serveOne } from '../_lib/router';
import { getPoster } from './poster';
import { readEnvVersion } from './target';

const serve = (envVersion: ReturnType<typeof readEnvVersion>) =>
  serveOne<typeof POSTER_CONTRACT, PosterError>(
    POSTER_CONTRACT,
    (input, { openid, now }) => getPoster(openid, input, envVersion, now),
    { name: 'poster' },
  );

export async function main(event: unknown) {
  // Read first: a misconfigured deployment fails loudly before anything is written.
  const envVersion = readEnvVersion(process.env.MINIPROGRAM_ENV_VERSION);
  return serve(envVersion)(event);
}
