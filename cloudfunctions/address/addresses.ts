/**
 * The address book's use cases. Creates are idempotent through their id (derived from the
 * request id); the limit of MAX_ADDRESSES is checked after the insert, where concurrent creates
 * can all see one another: a create that finds more than the limit removes its own address and
 * is refused, so the limit holds under any interleaving. Defaults: see defaults.ts.
 */
import {
  defaultWinner,
  MAX_ADDRESSES,
  type AddressDocument,
  type AddressListOutput,
  type AddressRemoveOutput,
  type AddressSaveInput,
  type AddressSaveOutput,
  type AddressSetDefaultOutput,
} from '@shared/contracts/address';
import { ok, type Result } from '@shared/result';
import { countWhere, findWhere, getDoc, insertDoc, removeWhere, updateWhere } from '../_lib/db';
import { claimDefault, dropDefault } from './defaults';
import { addressId, addressView, refuse } from './views';
import type { AddressError } from '@shared/contracts/address';

type Fields = Pick<AddressDocument, 'name' | 'phone' | 'province' | 'city' | 'district' | 'detail'>;

function fieldsOf(input: Fields): Fields {
  return {
    name: input.name,
    phone: input.phone,
    province: input.province,
    city: input.city,
    district: input.district,
    detail: input.detail,
  };
}

async function ownAddress(openid: string, id: string): Promise<AddressDocument | null> {
  const doc = await getDoc('addresses', id);
  return doc && doc.userId === openid ? doc : null;
}

export async function listAddresses(openid: string): Promise<Result<AddressListOutput, AddressError>> {
  const docs = await findWhere('addresses', { userId: openid }, { limit: 100 });
  const winner = defaultWinner(docs.filter((doc) => doc.isDefault));
  // The default first, then the most recently changed.
  const ordered = [...docs].sort(
    (a, b) =>
      Number(b === winner) - Number(a === winner) ||
      new Date(b.updatedAt).getTime() - new Date(a.updatedAt).getTime() ||
      (a._id < b._id ? -1 : 1),
  );
  return ok({ items: ordered.map((doc) => addressView(doc, doc === winner)) });
}

async function create(
  openid: string,
  input: AddressSaveInput & { requestId: string },
  now: Date,
): Promise<Result<AddressSaveOutput, AddressError>> {
  const doc: AddressDocument = {
    _id: addressId(openid, input.requestId),
    userId: openid,
    ...fieldsOf(input),
    isDefault: false,
    defaultSetAt: null,
    createdAt: now,
    updatedAt: now,
  };
  if ((await insertDoc('addresses', doc)) !== 'inserted') {
    // A retry of a create that was stored: finish its default step if it was cut short.
    const stored = await ownAddress(openid, doc._id);
    // The id is the caller's own (it hashes their OPENID); gone means removed since: retrying creates it anew.
    if (!stored) throw new Error(`address ${doc._id} was removed while its create was replayed; retry`);
    const isDefault =
      input.isDefault === true && !stored.isDefault ? await claimDefault(openid, stored._id, now) : stored.isDefault;
    return ok({ status: 'unchanged', address: addressView(stored, isDefault) });
  }
  if ((await countWhere('addresses', { userId: openid })) > MAX_ADDRESSES) {
    await removeWhere('addresses', { _id: doc._id, userId: openid });
    return refuse('ADDRESS_LIMIT');
  }
  // Without a choice, the address becomes the default when the user has none (their first address).
  const makeDefault = input.isDefault ?? (await countWhere('addresses', { userId: openid, isDefault: true })) === 0;
  const isDefault = makeDefault ? await claimDefault(openid, doc._id, now) : false;
  return ok({ status: 'created', address: addressView({ ...doc, defaultSetAt: makeDefault ? now : null }, isDefault) });
}

async function edit(
  openid: string,
  input: AddressSaveInput & { id: string },
  now: Date,
): Promise<Result<AddressSaveOutput, AddressError>> {
  const stored = await ownAddress(openid, input.id);
  if (!stored) return refuse('ADDRESS_NOT_FOUND');
  const fields = fieldsOf(input);
  const changed = JSON.stringify(fields) !== JSON.stringify(fieldsOf(stored));
  if (changed) await updateWhere('addresses', { _id: stored._id, userId: openid }, { ...fields, updatedAt: now });
  let isDefault = stored.isDefault;
  if (input.isDefault === true && !stored.isDefault) isDefault = await claimDefault(openid, stored._id, now);
  if (input.isDefault === false && stored.isDefault) {
    await dropDefault(openid, stored._id, now);
    isDefault = false;
  }
  const status = changed || isDefault !== stored.isDefault ? 'updated' : 'unchanged';
  return ok({
    status,
    address: addressView({ ...stored, ...fields, updatedAt: status === 'updated' ? now : stored.updatedAt }, isDefault),
  });
}

export async function saveAddress(
  openid: string,
  input: AddressSaveInput,
  now: Date,
): Promise<Result<AddressSaveOutput, AddressError>> {
  if (input.id !== undefined) return edit(openid, { ...input, id: input.id }, now);
  return create(openid, { ...input, requestId: input.requestId as string }, now);
}

/** Removing the default leaves the user without one until they choose again. */
export async function removeAddress(openid: string, id: string): Promise<Result<AddressRemoveOutput, AddressError>> {
  const removed = await removeWhere('addresses', { _id: id, userId: openid });
  return ok({ status: removed > 0 ? 'removed' : 'unchanged', id });
}

export async function setDefaultAddress(
  openid: string,
  id: string,
  now: Date,
): Promise<Result<AddressSetDefaultOutput, AddressError>> {
  const stored = await ownAddress(openid, id);
  if (!stored) return refuse('ADDRESS_NOT_FOUND');
  const isDefault = await claimDefault(openid, id, now);
  return ok({ address: addressView({ ...stored, updatedAt: now }, isDefault) });
}
