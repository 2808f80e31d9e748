/**
 * The `cart` function: the shopper's cart (购物车). One method per tcb-router route, typed by
 * shared/contracts/cart.ts; every route answers the whole cart as it is after the call.
 */
import type { CartAddInput, CartView } from '@shared/contracts/cart';
import type { Result } from '@shared/result';
import type { z } from 'zod';
import { callRoute } from './call';

export type CartAddRequest = z.input<typeof CartAddInput>;

export const cart = {
  /**
   * Adds units of a SKU. `requestId` (utils/request-id.ts) is chosen once per tap and sent
   * again when the answer was lost, so a retried add never adds twice.
   */
  add(input: CartAddRequest): Promise<Result<CartView>> {
    return callRoute<CartAddRequest, CartView>('cart', 'add', input);
  },
};
