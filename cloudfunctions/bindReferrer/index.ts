/** bindReferrer: the caller arrived through a share link or code; bind them to its owner (BIND_REFERRER_CONTRACT). */
import { BIND_REFERRER_CONTRACT, type BindReferrerError } from '@shared/contracts/bindReferrer';
import { cloud } from '../_lib/cloud';
import { serveOne } from '../_lib/router';
import { bindReferrer } from '../_lib/bindReferrer';

export const main = serveOne<typeof BIND_REFERRER_CONTRACT, BindReferrerError>(
  BIND_REFERRER_CONTRACT,
  (input, { openid, now }) => {
    // Risk holds count binds per client IP, which the platform injects beside the identity.
    const clientIp = String((cloud.getWXContext() as Record<string, unknown>).CLIENTIP ?? '');
    // Every entry by share ends in this one call: it counts as a visit of the code's owner.
    return bindReferrer(openid, input.shareCode, now, clientIp, { countVisit: true });
  },
  { name: 'bindReferrer' },
);
