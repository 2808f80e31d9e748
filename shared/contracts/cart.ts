/**
 * cart: the shopper's cart, kept on the server per user (routes in `event.$url`):
 * get, add, setQuantity, remove, clear. Every route answers the cart as it is after the call,
 * priced on the server from the current SKUs. See docs/api.md (cart).
 *
 * The pure rules (merging, limits, line status, totals) live here beside the contract, so the
 * function and its tests share one definition.
 */
import { z } from 'zod';
import type { ProductDocument, SkuDocument } from '../catalog';
import { shownStock, SkuId } from './catalog';

/** At most this many lines (distinct SKUs) in a cart. */
export const CART_MAX_LINES = 50;
/** At most this many units of one SKU, the same limit as an order line (placeOrder's MAX_LINE_QUANTITY). */
export const CART_MAX_QUANTITY = 99;
/** How many recent `add` request ids a cart remembers, which makes retried adds no-ops. */
export const CART_RECENT_REQUESTS = 20;

export interface CartItem {
  skuId: string;
  /** Units, 1 to CART_MAX_QUANTITY. */
  quantity: number;
  /** When the line was first added (merging more units keeps it). */
  addedAt: Date;
}

/** A stored cart (collection `carts`), one per user. */
export interface CartDocument {
  /** The shopper's OPENID. */
  _id: string;
  /** In the order lines were first added, oldest first. */
  items: CartItem[];
  /** Request ids of the last CART_RECENT_REQUESTS adds (newest last): an add already listed is a replay. */
  requestIds: string[];
  /** Incremented by every write; every write is a compare-and-set on it, so concurrent changes never lose one another. */
  version: number;
  updatedAt: Date;
}

/** The catalog fields a cart line shows. */
export type CartSku = Pick<SkuDocument, '_id' | 'productId' | 'spec' | 'priceFen' | 'stock' | 'onSale'>;
export type CartProduct = Pick<ProductDocument, '_id' | 'name' | 'images' | 'onSale'>;

/**
 * `available`: can be ordered as it is. Otherwise why not: `gone` (the SKU or its product no
 * longer exists), `offSale` (it or its product is off sale), `soldOut` (no stock),
 * `insufficientStock` (fewer units in stock than in the cart; `stock` says how many).
 */
export const CartLineStatus = z.enum(['available', 'gone', 'offSale', 'soldOut', 'insufficientStock']);
export type CartLineStatus = z.infer<typeof CartLineStatus>;

export const CartLineView = z.object({
  skuId: z.string(),
  /** Null when the SKU is gone. */
  productId: z.string().nullable(),
  /** '' when gone (the page shows 商品已失效). */
  name: z.string(),
  spec: z.string(),
  cover: z.string().nullable(),
  /** The current price in fen; null when gone. */
  unitPriceFen: z.number().int().nullable(),
  quantity: z.number().int(),
  /** Units in stock, capped for display as on the detail page; 0 when gone. */
  stock: z.number().int(),
  stockCapped: z.boolean(),
  status: CartLineStatus,
  /** unitPriceFen × quantity; null when gone. */
  lineTotalFen: z.number().int().nullable(),
  addedAt: z.string(),
});
export type CartLineView = z.infer<typeof CartLineView>;

export const CartView = z.object({
  /** Newest first. */
  lines: z.array(CartLineView),
  totals: z.object({
    /** Every line, available or not. */
    lineCount: z.number().int(),
    availableLineCount: z.number().int(),
    /** Units over the available lines. */
    quantity: z.number().int(),
    /** The sum of the available lines' totals, in fen (before discounts and shipping, which placeOrder computes). */
    goodsFen: z.number().int(),
  }),
});
export type CartView = z.infer<typeof CartView>;

const Quantity = z.number().int().min(1).max(CART_MAX_QUANTITY);

export const CartGetInput = z.strictObject({});
export const CartAddInput = z.strictObject({
  skuId: SkuId,
  /** Units to add to the line (merged with what is there). */
  quantity: Quantity.default(1),
  /** Chosen by the client per tap: a retried add with the same id adds nothing again. */
  requestId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'requestId: 8-64 of A-Z a-z 0-9 _ -'),
  /**
   * The product page's 加入购物车 sends true: an add that changed the cart is counted for the
   * merchant's analytics funnel (one increment, docs/team.md section 7).
   */
  countAdd: z.boolean().optional(),
});
export const CartSetQuantityInput = z.strictObject({ skuId: SkuId, quantity: Quantity });
export const CartRemoveInput = z.strictObject({
  skuIds: z
    .array(SkuId)
    .min(1)
    .max(CART_MAX_LINES)
    .refine((ids) => new Set(ids).size === ids.length, 'each SKU at most once'),
});
export const CartClearInput = z.strictObject({});

/** Every code `cart` answers with `ok: false`. */
/** The cart function's route table (cloudfunctions/cart/index.ts serves it); every route answers the cart. */
export const CART_CONTRACTS = {
  get: { input: CartGetInput, output: CartView },
  add: { input: CartAddInput, output: CartView },
  setQuantity: { input: CartSetQuantityInput, output: CartView },
  remove: { input: CartRemoveInput, output: CartView },
  clear: { input: CartClearInput, output: CartView },
} as const;
export type CartRoute = keyof typeof CART_CONTRACTS;

/** The codes the cart function answers with `ok: false` besides the common ones. */
export const CART_ERRORS = [
  /** add, setQuantity (more units): no such SKU, or its product is gone. */
  'SKU_NOT_FOUND',
  /** add, setQuantity (more units): the SKU or its product is off sale. */
  'NOT_ON_SALE',
  /** add, setQuantity (more units): the line would hold more units than are in stock. */
  'OUT_OF_STOCK',
  /** add: the line would hold more than CART_MAX_QUANTITY units. */
  'QUANTITY_LIMIT',
  /** add: a new line would make more than CART_MAX_LINES lines. */
  'CART_FULL',
  /** setQuantity: the SKU is not in the cart. */
  'LINE_NOT_FOUND',
  /** The cart kept changing under the call (concurrent writes); nothing was written; retry. */
  'BUSY',
] as const;
export type CartError = (typeof CART_ERRORS)[number];

// ---------------------------------------------------------------------------------------------
// Pure rules
// ---------------------------------------------------------------------------------------------

export type CartChange =
  { ok: true; items: CartItem[] } | { ok: false; code: 'QUANTITY_LIMIT' | 'CART_FULL' | 'LINE_NOT_FOUND' };

/** Adds units to a SKU's line (created at the end when missing), within the limits. */
export function addItem(items: ReadonlyArray<CartItem>, skuId: string, quantity: number, now: Date): CartChange {
  const line = items.find((item) => item.skuId === skuId);
  if (!line) {
    if (items.length >= CART_MAX_LINES) return { ok: false, code: 'CART_FULL' };
    return { ok: true, items: [...items, { skuId, quantity, addedAt: now }] };
  }
  if (line.quantity + quantity > CART_MAX_QUANTITY) return { ok: false, code: 'QUANTITY_LIMIT' };
  return {
    ok: true,
    items: items.map((item) => (item === line ? { ...item, quantity: item.quantity + quantity } : item)),
  };
}

export function setItemQuantity(items: ReadonlyArray<CartItem>, skuId: string, quantity: number): CartChange {
  if (!items.some((item) => item.skuId === skuId)) return { ok: false, code: 'LINE_NOT_FOUND' };
  return { ok: true, items: items.map((item) => (item.skuId === skuId ? { ...item, quantity } : item)) };
}

export function removeItems(items: ReadonlyArray<CartItem>, skuIds: ReadonlyArray<string>): CartItem[] {
  return items.filter((item) => !skuIds.includes(item.skuId));
}

export function lineStatus(
  quantity: number,
  sku: CartSku | undefined,
  product: CartProduct | undefined,
): CartLineStatus {
  if (!sku || !product) return 'gone';
  if (!sku.onSale || !product.onSale) return 'offSale';
  if (sku.stock <= 0) return 'soldOut';
  return quantity > sku.stock ? 'insufficientStock' : 'available';
}

function lineView(item: CartItem, sku: CartSku | undefined, product: CartProduct | undefined): CartLineView {
  const status = lineStatus(item.quantity, sku, product);
  const addedAt = new Date(item.addedAt).toISOString();
  if (!sku || !product)
    return {
      skuId: item.skuId,
      productId: null,
      name: '',
      spec: '',
      cover: null,
      unitPriceFen: null,
      quantity: item.quantity,
      stock: 0,
      stockCapped: false,
      status,
      lineTotalFen: null,
      addedAt,
    };
  return {
    skuId: item.skuId,
    productId: product._id,
    name: product.name,
    spec: sku.spec,
    cover: product.images[0] ?? null,
    unitPriceFen: sku.priceFen,
    quantity: item.quantity,
    ...shownStock(sku.stock),
    status,
    lineTotalFen: sku.priceFen * item.quantity,
    addedAt,
  };
}

/** The cart as shown: each line with its current price and status, totals over the available lines. */
export function cartView(
  items: ReadonlyArray<CartItem>,
  skus: ReadonlyMap<string, CartSku>,
  products: ReadonlyMap<string, CartProduct>,
): CartView {
  const lines = items.map((item) => {
    const sku = skus.get(item.skuId);
    return lineView(item, sku, sku ? products.get(sku.productId) : undefined);
  });
  const available = lines.filter((line) => line.status === 'available');
  return {
    lines: lines.reverse(),
    totals: {
      lineCount: lines.length,
      availableLineCount: available.length,
      quantity: available.reduce((sum, line) => sum + line.quantity, 0),
      goodsFen: available.reduce((sum, line) => sum + (line.lineTotalFen ?? 0), 0),
    },
  };
}
