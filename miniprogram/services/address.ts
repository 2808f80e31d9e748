/**
 * The `address` function: the shopper's delivery addresses (收货地址). One method per route,
 * typed by the route table ADDRESS_CONTRACTS (shared/contracts/address.ts).
 */
import type { ADDRESS_CONTRACTS } from '@shared/contracts/address';
import type { RouteInput } from '@shared/routeTable';
import { callRoute } from './call';

type Input<R extends keyof typeof ADDRESS_CONTRACTS> = RouteInput<typeof ADDRESS_CONTRACTS, R>;

export const address = {
  /** The default first, then the most recently changed. */
  list: () => callRoute('address', 'list', {}),
  /** Creates (with a `requestId` chosen per form submission) or edits (with `id`). */
  save: (input: Input<'save'>) => callRoute('address', 'save', input),
  remove: (input: Input<'remove'>) => callRoute('address', 'remove', input),
  setDefault: (input: Input<'setDefault'>) => callRoute('address', 'setDefault', input),
};
