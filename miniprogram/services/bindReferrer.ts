/** The `bindReferrer` function: binds the caller to the distributor of a share code (docs/api.md). */
import type { BindReferrerInput, BindReferrerOutput } from '@shared/contracts/bindReferrer';
import type { Result } from '@shared/result';
import { legacyCall } from './call';

export function bindReferrer(input: BindReferrerInput): Promise<Result<BindReferrerOutput>> {
  return legacyCall<BindReferrerInput, BindReferrerOutput>('bindReferrer', input);
}
