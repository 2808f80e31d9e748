/**
 * address: the shopper's delivery addresses (收货地址), one route per action (`event.$url`, the
 * table ADDRESS_CONTRACTS): list, save (create or edit), remove, setDefault. Identity from
 * getWXContext() only; every address is stored with the caller's OPENID as `userId` and only ever
 * read or changed with it. See docs/api.md (address).
 */
import { ADDRESS_CONTRACTS, type AddressError } from '@shared/contracts/address';
import { serveTable, type Handlers } from '../_lib/router';
import { listAddresses, removeAddress, saveAddress, setDefaultAddress } from './addresses';

const HANDLERS: Handlers<typeof ADDRESS_CONTRACTS, AddressError> = {
  list: (_input, { openid }) => listAddresses(openid),
  save: (input, { openid, now }) => saveAddress(openid, input, now),
  remove: (input, { openid }) => removeAddress(openid, input.id),
  setDefault: (input, { openid, now }) => setDefaultAddress(openid, input.id, now),
};

export const main = serveTable(ADDRESS_CONTRACTS, HANDLERS, { name: 'address' });
