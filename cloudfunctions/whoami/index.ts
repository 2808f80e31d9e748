/** whoami: answers the identity the platform injected, so deployments and tests can check it. */
import { WHOAMI_CONTRACT } from '@shared/contracts/system';
import { ok } from '@shared/result';
import { caller } from '../_lib/cloud';
import { serveOne } from '../_lib/router';

// Public: a timer or the console calls it without a user, and the answer shows exactly that.
export const main = serveOne<typeof WHOAMI_CONTRACT, never>(WHOAMI_CONTRACT, async () => ok(caller()), {
  name: 'whoami',
  public: true,
});
