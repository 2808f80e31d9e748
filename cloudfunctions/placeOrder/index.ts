/**
 * placeOrder: prices the chosen SKUs on the server, reserves stock and opens the payment; with
 * `$url: 'quote'` it only answers what that would cost (read-only). See docs/api.md.
 */
import { PlaceOrderInput, type PlaceOrderOutput } from '../../shared/contracts/placeOrder';
import { QUOTE_ROUTE, QuoteInput, type QuoteOutput } from '../../shared/contracts/quote';
import { fail, type Result } from '../../shared/result';
import { caller, cloud, parseEvent } from '../_lib/cloud';
import { placeOrder } from './place';
import { quote } from './quote';

function isQuote(event: unknown): boolean {
  return typeof event === 'object' && event !== null && (event as { $url?: unknown }).$url === QUOTE_ROUTE;
}

export async function main(event: unknown): Promise<Result<PlaceOrderOutput | QuoteOutput>> {
  if (isQuote(event)) {
    const input = parseEvent(QuoteInput, event);
    if (!input.ok) return input;
    if (!caller().openid) return fail('UNAUTHENTICATED', 'placeOrder must be called from the mini-program');
    return quote(input.data.items);
  }
  const input = parseEvent(PlaceOrderInput, event);
  if (!input.ok) return input;
  const { openid } = caller();
  if (!openid) return fail('UNAUTHENTICATED', 'placeOrder must be called from the mini-program');
  const clientIp = String((cloud.getWXContext() as Record<string, unknown>).CLIENTIP ?? '');
  return placeOrder(openid, clientIp, input.data, new Date());
}
