/**
 * placeOrder: prices the chosen SKUs on the server, reserves stock and opens the payment (route
 * `place`, also served for an event without `$url`, as the mini-program and older callers send
 * it); with `$url: 'quote'` it only answers what that would cost (read-only). The table is
 * PLACE_ORDER_CONTRACTS (shared/contracts/quote.ts). See docs/api.md.
 */
import type { PlaceOrderError } from '@shared/contracts/placeOrder';
import { PLACE_ORDER_CONTRACTS } from '@shared/contracts/quote';
import { cloud } from '../_lib/cloud';
import { serveTable, type Handlers } from '../_lib/router';
import { placeOrder } from './place';
import { quote } from './quote';

const HANDLERS: Handlers<typeof PLACE_ORDER_CONTRACTS, PlaceOrderError> = {
  place: (input, { openid, now }) => {
    // The payment needs the shopper's IP, which the platform injects beside the identity.
    const clientIp = String((cloud.getWXContext() as Record<string, unknown>).CLIENTIP ?? '');
    return placeOrder(openid, clientIp, input, now);
  },
  quote: (input, { openid, now }) => quote(openid, input, now),
};

export const main = serveTable(PLACE_ORDER_CONTRACTS, HANDLERS, { name: 'placeOrder', defaultRoute: 'place' });
