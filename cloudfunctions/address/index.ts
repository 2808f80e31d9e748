/**
 * address: the shopper's delivery addresses (收货地址), one tcb-router route per action: list,
 * save (create or edit), remove, setDefault. Identity from getWXContext() only; every address
 * is stored with the caller's OPENID as `userId` and only ever read or changed with it.
 * See docs/api.md (address).
 */
import type { z } from 'zod';
import { AddressListInput, AddressRemoveInput, AddressSaveInput, AddressSetDefaultInput, type AddressRoute } from '../../shared/contracts/address';
import type { Result } from '../../shared/result';
import { serveRoutes, userRoute, type RouteHandler } from '../_lib/legacyRouter';
import { listAddresses, removeAddress, saveAddress, setDefaultAddress } from './addresses';

function route<S extends z.ZodType>(schema: S, run: (input: z.infer<S>, openid: string, now: Date) => Promise<Result<unknown>>): RouteHandler {
  return userRoute('address', schema, run);
}

const ROUTES: Record<AddressRoute, RouteHandler> = {
  list: route(AddressListInput, (_input, openid) => listAddresses(openid)),
  save: route(AddressSaveInput, (input, openid, now) => saveAddress(openid, input, now)),
  remove: route(AddressRemoveInput, (input, openid) => removeAddress(openid, input.id)),
  setDefault: route(AddressSetDefaultInput, (input, openid, now) => setDefaultAddress(openid, input.id, now)),
};

export async function main(event: unknown): Promise<Result<unknown>> {
  return serveRoutes(event, ROUTES);
}
