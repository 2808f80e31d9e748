/**
 * The cart's use cases. Each one reads the cart (with its SKUs and products), decides with the
 * pure rules of shared/contracts/cart.ts and writes with a compare-and-set on the cart's
 * version; when another call changed the cart meanwhile it reads and decides again. A decision
 * that changes nothing writes nothing.
 */
import {
  addItem,
  CART_RECENT_REQUESTS,
  cartView,
  removeItems,
  setItemQuantity,
  type CartChange,
  type CartError,
  type CartView,
} from '@shared/contracts/cart';
import { fail, ok, type Result } from '@shared/result';
import { countProductEvent } from '../_lib/productStats';
import { loadCart, writeCart, type CartWrite, type LoadedCart } from './store';

/** Attempts before BUSY: every round of concurrent writers lets one through, so this covers several at once. */
const MAX_ATTEMPTS = 8;

const MESSAGES: Record<Exclude<CartError, 'INVALID_INPUT' | 'UNKNOWN_ROUTE' | 'UNAUTHENTICATED'>, string> = {
  SKU_NOT_FOUND: '商品不存在',
  NOT_ON_SALE: '商品已下架',
  OUT_OF_STOCK: '库存不足',
  QUANTITY_LIMIT: '单个商品最多购买 99 件',
  CART_FULL: '购物车已满（最多 50 种商品），请先清理',
  LINE_NOT_FOUND: '购物车中没有这件商品',
  BUSY: '购物车正忙，请重试',
};

function refuse<T>(code: keyof typeof MESSAGES): Result<T, CartError> {
  return fail(code, MESSAGES[code]);
}

/** What a decision answers: the new items (and request ids) to store, or null when nothing changes. */
type Decision = Result<CartWrite | null, CartError>;

function fromChange(change: CartChange, requestIds: string[]): Decision {
  return change.ok ? ok({ items: change.items, requestIds }) : refuse(change.code);
}

function show(loaded: LoadedCart, items = loaded.cart?.items ?? []): CartView {
  return cartView(items, loaded.skus, loaded.products);
}

const pause = (attempt: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, 5 + Math.floor(Math.random() * 20) * (attempt + 1)));

async function mutate(
  openid: string,
  now: Date,
  decide: (loaded: LoadedCart) => Decision,
  extraSkuId?: string,
): Promise<Result<CartView, CartError>> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
    const loaded = await loadCart(openid, extraSkuId);
    const decision = decide(loaded);
    if (!decision.ok) return decision;
    if (decision.data === null) return ok(show(loaded));
    if (await writeCart(openid, loaded.cart, decision.data, now)) return ok(show(loaded, decision.data.items));
    await pause(attempt);
  }
  return refuse('BUSY');
}

/** Whether `quantity` units of a SKU may be in the cart: it exists, is on sale and has the stock. */
function orderable(loaded: LoadedCart, skuId: string, quantity: number): Result<null, CartError> {
  const sku = loaded.skus.get(skuId);
  const product = sku ? loaded.products.get(sku.productId) : undefined;
  if (!sku || !product) return refuse('SKU_NOT_FOUND');
  if (!sku.onSale || !product.onSale) return refuse('NOT_ON_SALE');
  return quantity > sku.stock ? refuse('OUT_OF_STOCK') : ok(null);
}

export async function getCart(openid: string): Promise<Result<CartView, CartError>> {
  return ok(show(await loadCart(openid)));
}

/**
 * With `countAdd` (the product page's 加入购物车), an add that changed the cart is counted for the
 * analytics funnel afterwards: one increment (_lib/productStats.ts), none for a replay or a refusal.
 */
export async function addToCart(
  openid: string,
  input: { skuId: string; quantity: number; requestId: string; countAdd?: boolean },
  now: Date,
): Promise<Result<CartView, CartError>> {
  // The product of the add the last decision stored; null when it stored nothing. A field, not a
  // variable, since the decision (a callback) sets it.
  const added: { productId: string | null } = { productId: null };
  const result = await mutate(
    openid,
    now,
    (loaded) => {
      added.productId = null;
      const requestIds = loaded.cart?.requestIds ?? [];
      // A replay of an add that was stored: the cart already holds its units.
      if (requestIds.includes(input.requestId)) return ok(null);
      const change = addItem(loaded.cart?.items ?? [], input.skuId, input.quantity, now);
      if (!change.ok) return refuse(change.code);
      const merged = change.items.find((item) => item.skuId === input.skuId)?.quantity ?? input.quantity;
      const allowed = orderable(loaded, input.skuId, merged);
      if (!allowed.ok) return allowed;
      added.productId = loaded.skus.get(input.skuId)?.productId ?? null;
      return fromChange(change, [...requestIds, input.requestId].slice(-CART_RECENT_REQUESTS));
    },
    input.skuId,
  );
  if (result.ok && input.countAdd && added.productId) await countProductEvent(added.productId, 'cartAdds', now);
  return result;
}

export async function setQuantity(
  openid: string,
  input: { skuId: string; quantity: number },
  now: Date,
): Promise<Result<CartView, CartError>> {
  return mutate(openid, now, (loaded) => {
    const items = loaded.cart?.items ?? [];
    const line = items.find((item) => item.skuId === input.skuId);
    if (line?.quantity === input.quantity) return ok(null);
    // Fewer units are always allowed (also of a line that became unavailable); more need stock.
    if (line && input.quantity > line.quantity) {
      const allowed = orderable(loaded, input.skuId, input.quantity);
      if (!allowed.ok) return allowed;
    }
    return fromChange(setItemQuantity(items, input.skuId, input.quantity), loaded.cart?.requestIds ?? []);
  });
}

export async function removeFromCart(
  openid: string,
  skuIds: string[],
  now: Date,
): Promise<Result<CartView, CartError>> {
  return mutate(openid, now, (loaded) => {
    const items = loaded.cart?.items ?? [];
    const kept = removeItems(items, skuIds);
    return ok(kept.length === items.length ? null : { items: kept, requestIds: loaded.cart?.requestIds ?? [] });
  });
}

export async function clearCart(openid: string, now: Date): Promise<Result<CartView, CartError>> {
  return mutate(openid, now, (loaded) =>
    ok((loaded.cart?.items.length ?? 0) === 0 ? null : { items: [], requestIds: loaded.cart?.requestIds ?? [] }),
  );
}
