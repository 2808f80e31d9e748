/**
 * cart: the shopper's cart, kept on the server per user (`carts/<openid>`), one route per action
 * (`event.$url`, the table CART_CONTRACTS): get, add, setQuantity, remove, clear. Every route
 * answers the cart after the call, priced from the current catalog. See docs/api.md (cart).
 */
import { CART_CONTRACTS, type CartError } from '@shared/contracts/cart';
import { serveTable, type Handlers } from '../_lib/router';
import { addToCart, clearCart, getCart, removeFromCart, setQuantity } from './cart';

const HANDLERS: Handlers<typeof CART_CONTRACTS, CartError> = {
  get: (_input, { openid }) => getCart(openid),
  add: (input, { openid, now }) => addToCart(openid, input, now),
  setQuantity: (input, { openid, now }) => setQuantity(openid, input, now),
  remove: (input, { openid, now }) => removeFromCart(openid, input.skuIds, now),
  clear: (_input, { openid, now }) => clearCart(openid, now),
};

export const main = serveTable(CART_CONTRACTS, HANDLERS, { name: 'cart' });
