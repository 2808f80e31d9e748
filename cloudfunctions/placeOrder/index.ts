/** placeOrder: prices the chosen SKUs on the server, reserves stock and opens the payment. See docs/api.md. */
import { PlaceOrderInput, type PlaceOrderOutput } from '../../shared/contracts/placeOrder';
import { fail, type Result } from '../../shared/result';
import { caller, cloud, parseEvent } from '../_lib/cloud';
import { placeOrder } from './place';

export async function main(event: unknown): Promise<Result<PlaceOrderOutput>> {
  const input = parseEvent(PlaceOrderInput, event);
  if (!input.ok) return input;
  const { openid } = caller();
  if (!openid) return fail('UNAUTHENTICATED', 'placeOrder must be called from the mini-program');
  const clientIp = String((cloud.getWXContext() as Record<string, unknown>).CLIENTIP ?? '');
  return placeOrder(openid, clientIp, input.data, new Date());
}
