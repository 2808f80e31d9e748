/**
 * The `cart` function: the shopper's cart (购物车). One method per tcb-router route, typed by
 * shared/contracts/cart.ts; every route answers the whole cart as it is after the call.
 */
import type { CartAddInput, CartRemoveInput, CartSetQuantityInput, CartView } from '@shared/contracts/cart';
import type { Result } from '@shared/result';
import type { z } from 'zod';
import { legacyCallRoute } from './call';

export type CartAddRequest = z.input<typeof CartAddInput>;
export type CartSetQuantityRequest = z.input<typeof CartSetQuantityInput>;
export type CartRemoveRequest = z.input<typeof CartRemoveInput>;

export const cart = {
  /**
   * Adds units of a SKU. `requestId` (utils/request-id.ts) is chosen once per tap and sent
   * again when the answer was lost, so a retried add never adds twice.
   */
  add(input: CartAddRequest): Promise<Result<CartView>> {
    return legacyCallRoute<CartAddRequest, CartView>('cart', 'add', input);
  },
  /** The cart as it is, priced from the current catalog. */
  get(): Promise<Result<CartView>> {
    return legacyCallRoute<object, CartView>('cart', 'get', {});
  },
  /**
   * Sets a line's units. The quantity is absolute, so a retry sends the same value and cannot
   * count twice; the function applies it with a compare-and-set on the cart's version.
   */
  setQuantity(input: CartSetQuantityRequest): Promise<Result<CartView>> {
    return legacyCallRoute<CartSetQuantityRequest, CartView>('cart', 'setQuantity', input);
  },
  /** Removes lines; ids no longer in the cart are ignored, so it may be retried. */
  remove(input: CartRemoveRequest): Promise<Result<CartView>> {
    return legacyCallRoute<CartRemoveRequest, CartView>('cart', 'remove', input);
  },
};
