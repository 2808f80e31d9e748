/** bindReferrer: the caller arrived through a share link or code; bind them to its owner. */
import { BindReferrerInput, type BindReferrerOutput } from '../../shared/contracts/bindReferrer';
import { fail, type Result } from '../../shared/result';
import { caller, parseEvent } from '../_lib/cloud';
import { bindReferrer } from './bind';

export async function main(event: unknown): Promise<Result<BindReferrerOutput>> {
  const input = parseEvent(BindReferrerInput, event);
  if (!input.ok) return input;
  const { openid } = caller();
  if (!openid) return fail('UNAUTHENTICATED', 'bindReferrer must be called from the mini-program');
  return bindReferrer(openid, input.data.shareCode, new Date());
}
