/**
 * Settlement is done when its order is marked settled and each of its shares is applied
 * (docs/rules.md section 7): the order's marker commits first and the roll-ups that move the shares
 * into accounts and stats follow, so a test that reads balances waits for both.
 */
import type { OrderDocument } from '@shared/orders';

type Store = { scan(collection: string): Array<Record<string, unknown>> };

export function settlementDone(store: Store, orderId: string): boolean {
  const order = store.scan('orders').find((doc) => doc._id === orderId) as OrderDocument | undefined;
  if (order?.settlement.state !== 'settled') return false;
  return !store.scan('settlementShares').some((share) => share.orderId === orderId && share.state === 'pending');
}
