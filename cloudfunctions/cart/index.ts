/**
 * cart: the shopper's cart, kept on the server per user (`carts/<openid>`), one tcb-router route
 * per action: get, add, setQuantity, remove, clear. Every route answers the cart after the call,
 * priced from the current catalog. See docs/api.md (cart).
 */
import type { z } from 'zod';
import { CartAddInput, CartClearInput, CartGetInput, CartRemoveInput, CartSetQuantityInput, type CartRoute } from '../../shared/contracts/cart';
import type { Result } from '../../shared/result';
import { serveRoutes, userRoute, type RouteHandler } from '../_lib/legacyRouter';
import { addToCart, clearCart, getCart, removeFromCart, setQuantity } from './cart';

function route<S extends z.ZodType>(schema: S, run: (input: z.infer<S>, openid: string, now: Date) => Promise<Result<unknown>>): RouteHandler {
  return userRoute('cart', schema, run);
}

const ROUTES: Record<CartRoute, RouteHandler> = {
  get: route(CartGetInput, (_input, openid) => getCart(openid)),
  add: route(CartAddInput, (input, openid, now) => addToCart(openid, input, now)),
  setQuantity: route(CartSetQuantityInput, (input, openid, now) => setQuantity(openid, input, now)),
  remove: route(CartRemoveInput, (input, openid, now) => removeFromCart(openid, input.skuIds, now)),
  clear: route(CartClearInput, (_input, openid, now) => clearCart(openid, now)),
};

export async function main(event: unknown): Promise<Result<unknown>> {
  return serveRoutes(event, ROUTES);
}
