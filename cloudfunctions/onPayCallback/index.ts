/**
 * onPayCallback: the payment platform's notification of a successful payment (functionName of
 * every unifiedOrder placeOrder opens). It answers `{ errcode: 0 }` only once the notification is
 * handled, or is a repeat of one that was; any other answer makes the platform re-deliver on its
 * schedule. See docs/api.md (onPayCallback) and docs/orders.md.
 *
 * Who may call: only the platform's own invocation, recognised by `getWXContext().SOURCE`
 * `wx_paycallback` (a mini-program user calling this function directly gets `wx_client`). A
 * call from anyone else reads and writes nothing and is answered FORBIDDEN: it cannot move an
 * order, and since it writes nothing it cannot make a real notification look like a repeat, so
 * it cannot stop the platform from delivering (and us from handling) the real one either.
 */
import { PayNotification, payAnswer, type PayCallbackAnswer } from '@shared/contracts/onPayCallback';
import { caller, parseEvent } from '../_lib/cloud';
import { handleNotification } from './notify';

export const PAY_CALLBACK_SOURCE = 'wx_paycallback';

export async function main(event: unknown): Promise<PayCallbackAnswer> {
  const { source } = caller();
  if (source !== PAY_CALLBACK_SOURCE)
    return payAnswer('FORBIDDEN', `not called by the payment platform (source ${source || 'none'})`);
  const parsed = parseEvent(PayNotification, event);
  if (!parsed.ok) return payAnswer('INVALID_INPUT', parsed.error.message);
  try {
    return await handleNotification(parsed.data, new Date());
  } catch (error) {
    // A platform or database failure: not acknowledged, so the platform delivers it again.
    console.error('onPayCallback failed; the platform will re-deliver', error);
    return payAnswer('ERROR', error instanceof Error ? error.message : String(error));
  }
}
