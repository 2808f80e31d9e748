/** The `bindReferrer` function: binds the caller to the distributor of a share code (docs/api.md). */
import type { BindReferrerInput } from '@shared/contracts/bindReferrer';
import { call } from './call';

export const bindReferrer = (input: BindReferrerInput) => call('bindReferrer', input);
