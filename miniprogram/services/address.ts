/**
 * The `address` function: the shopper's delivery addresses (收货地址). One method per
 * tcb-router route, typed by shared/contracts/address.ts.
 */
import type {
  AddressListOutput,
  AddressRemoveInput,
  AddressRemoveOutput,
  AddressSaveInput,
  AddressSaveOutput,
  AddressSetDefaultInput,
  AddressSetDefaultOutput,
} from '@shared/contracts/address';
import type { Result } from '@shared/result';
import type { z } from 'zod';
import { legacyCallRoute } from './call';

type RemoveRequest = z.input<typeof AddressRemoveInput>;
type SetDefaultRequest = z.input<typeof AddressSetDefaultInput>;

export const address = {
  /** The default first, then the most recently changed. */
  list(): Promise<Result<AddressListOutput>> {
    return legacyCallRoute<object, AddressListOutput>('address', 'list', {});
  },
  /** Creates (with a `requestId` chosen per form submission) or edits (with `id`). */
  save(input: AddressSaveInput): Promise<Result<AddressSaveOutput>> {
    return legacyCallRoute<AddressSaveInput, AddressSaveOutput>('address', 'save', input);
  },
  remove(input: RemoveRequest): Promise<Result<AddressRemoveOutput>> {
    return legacyCallRoute<RemoveRequest, AddressRemoveOutput>('address', 'remove', input);
  },
  setDefault(input: SetDefaultRequest): Promise<Result<AddressSetDefaultOutput>> {
    return legacyCallRoute<SetDefaultRequest, AddressSetDefaultOutput>('address', 'setDefault', input);
  },
};
