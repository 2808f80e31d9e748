/**
 * The `cart` function: the shopper's cart (购物车). One method per route, typed by the route
 * table CART_CONTRACTS (shared/contracts/cart.ts); every route answers the whole cart as it is
 * after the call.
 */
import type { CART_CONTRACTS } from '@shared/contracts/cart';
import type { RouteInput } from '@shared/routeTable';
import { callRoute } from './call';

type Input<R extends keyof typeof CART_CONTRACTS> = RouteInput<typeof CART_CONTRACTS, R>;

export const cart = {
  /**
   * Adds units of a SKU. `requestId` (utils/request-id.ts) is chosen once per tap and sent
   * again when the answer was lost, so a retried add never adds twice.
   */
  add: (input: Input<'add'>) => callRoute('cart', 'add', input),
  /** The cart as it is, priced from the current catalog. */
  get: () => callRoute('cart', 'get', {}),
  /**
   * Sets a line's units. The quantity is absolute, so a retry sends the same value and cannot
   * count twice; the function applies it with a compare-and-set on the cart's version.
   */
  setQuantity: (input: Input<'setQuantity'>) => callRoute('cart', 'setQuantity', input),
  /** Removes lines; ids no longer in the cart are ignored, so it may be retried. */
  remove: (input: Input<'remove'>) => callRoute('cart', 'remove', input),
};
