/**
 * address: the shopper's delivery addresses (收货地址), routes in `event.$url`: list,
 * save (create or edit), remove, setDefault. placeOrder reads one with
 * `{ _id: addressId, userId: <buyer> }` and copies the address fields into the order. See
 * docs/api.md (address).
 */
import { z } from 'zod';
import { Text } from './catalog';
import { MainlandMobile } from './distributor';
import type { OrderAddress } from '../orders';

/** At most this many addresses per user. */
export const MAX_ADDRESSES = 20;

/** A stored address (collection `addresses`). */
export interface AddressDocument extends OrderAddress {
  /** `addr_` + 24 hex digits, derived from the user and the create's request id (a retried create finds its document). */
  _id: string;
  /** The owner's OPENID. */
  userId: string;
  /** True for the user's default address. */
  isDefault: boolean;
  /**
   * When the address was last made the default; null if never. Of several addresses marked
   * default (only while concurrent setDefault calls are settling) the latest claim wins,
   * see defaultWinner.
   */
  defaultSetAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export type DefaultClaim = Pick<AddressDocument, '_id' | 'defaultSetAt'>;

/** Orders default claims: later `defaultSetAt` first; the same instant is decided by the larger id. */
export function compareClaims(a: DefaultClaim, b: DefaultClaim): number {
  const time = (claim: DefaultClaim): number =>
    claim.defaultSetAt ? new Date(claim.defaultSetAt).getTime() : Number.NEGATIVE_INFINITY;
  return time(b) - time(a) || (a._id < b._id ? 1 : a._id > b._id ? -1 : 0);
}

/** The one address that is the default among those marked default; null when none is. */
export function defaultWinner<T extends DefaultClaim>(marked: ReadonlyArray<T>): T | null {
  return [...marked].sort(compareClaims)[0] ?? null;
}

const AddressId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'not an address id');

const AddressFields = {
  name: Text(1, 25),
  phone: MainlandMobile,
  province: Text(1, 20),
  city: Text(1, 20),
  district: Text(0, 20),
  detail: Text(1, 100),
};

export const AddressView = z.object({
  id: z.string(),
  name: z.string(),
  phone: z.string(),
  province: z.string(),
  city: z.string(),
  district: z.string(),
  detail: z.string(),
  isDefault: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type AddressView = z.infer<typeof AddressView>;

export const AddressListInput = z.strictObject({});
export const AddressListOutput = z.object({ items: z.array(AddressView) });
export type AddressListOutput = z.infer<typeof AddressListOutput>;

export const AddressSaveInput = z
  .strictObject({
    /** Edit this address... */
    id: AddressId.optional(),
    /** ...or create one: chosen by the client per form submission, so a retried create makes one address. */
    requestId: z
      .string()
      .regex(/^[A-Za-z0-9_-]{8,64}$/, 'requestId: 8-64 of A-Z a-z 0-9 _ -')
      .optional(),
    ...AddressFields,
    /** true: make it the default; false: it stops being the default; omitted: unchanged (a user's first address becomes the default). */
    isDefault: z.boolean().optional(),
  })
  .refine(
    (input) => (input.id === undefined) !== (input.requestId === undefined),
    'give exactly one of id (edit) and requestId (create)',
  );
export type AddressSaveInput = z.infer<typeof AddressSaveInput>;
export const AddressSaveOutput = z.object({
  /** `unchanged`: a replay of a create, or an edit that changed nothing. */
  status: z.enum(['created', 'updated', 'unchanged']),
  address: AddressView,
});
export type AddressSaveOutput = z.infer<typeof AddressSaveOutput>;

export const AddressRemoveInput = z.strictObject({ id: AddressId });
export const AddressRemoveOutput = z.object({
  /** `unchanged`: there was no such address of the caller (a replay). */
  status: z.enum(['removed', 'unchanged']),
  id: z.string(),
});
export type AddressRemoveOutput = z.infer<typeof AddressRemoveOutput>;

export const AddressSetDefaultInput = z.strictObject({ id: AddressId });
/** `address.isDefault` is false only when a concurrent setDefault of another address came later and won. */
export const AddressSetDefaultOutput = z.object({ address: AddressView });
export type AddressSetDefaultOutput = z.infer<typeof AddressSetDefaultOutput>;

/** Every code `address` answers with `ok: false`. */
/** The address function's route table (cloudfunctions/address/index.ts serves it). */
export const ADDRESS_CONTRACTS = {
  list: { input: AddressListInput, output: AddressListOutput },
  save: { input: AddressSaveInput, output: AddressSaveOutput },
  remove: { input: AddressRemoveInput, output: AddressRemoveOutput },
  setDefault: { input: AddressSetDefaultInput, output: AddressSetDefaultOutput },
} as const;
export type AddressRoute = keyof typeof ADDRESS_CONTRACTS;

/** The codes the address function answers with `ok: false` besides the common ones. */
export const ADDRESS_ERRORS = [
  /** save (edit), setDefault: the caller has no address with this id. */
  'ADDRESS_NOT_FOUND',
  /** save (create): the caller has MAX_ADDRESSES addresses already. */
  'ADDRESS_LIMIT',
] as const;
export type AddressError = (typeof ADDRESS_ERRORS)[number];
