/** whoami: answers the identity the platform injected, so deployments and tests can check it. */
import { caller, parseEvent } from '../_lib/cloud';
import { WhoamiInput, type WhoamiOutput } from '../../shared/contracts/system';
import { ok, type Result } from '../../shared/result';

export async function main(event: unknown): Promise<Result<WhoamiOutput>> {
  const input = parseEvent(WhoamiInput, event);
  if (!input.ok) return input;
  return ok(caller());
}
