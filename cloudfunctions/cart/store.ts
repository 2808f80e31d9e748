/**
 * Reading and writing `carts/<openid>`. A cart is read together with the SKUs and products of
 * its lines (one aggregation); writes are compare-and-set on `version`, so two concurrent
 * changes of one cart never overwrite each other: the loser reads again and decides again.
 */
import type { CartDocument, CartItem, CartProduct, CartSku } from '@shared/contracts/cart';
import { _, aggregateList, insertDoc, updateWhere } from '../_lib/db';

export interface LoadedCart {
  /** Null before the user's first add. */
  cart: CartDocument | null;
  skus: Map<string, CartSku>;
  products: Map<string, CartProduct>;
}

const SKU_FIELDS = { _id: 1, productId: 1, spec: 1, priceFen: 1, stock: 1, onSale: 1 };
const PRODUCT_FIELDS = { _id: 1, name: 1, images: 1, onSale: 1 };

/** SKUs whose ids are in the variable `ids` of the $lookup, without their long order-id lists. */
function skusIn(ids: string) {
  return [{ $match: { $expr: { $in: ['$_id', ids] } } }, { $project: SKU_FIELDS }];
}
function productsIn(ids: string) {
  return [{ $match: { $expr: { $in: ['$_id', ids] } } }, { $project: PRODUCT_FIELDS }];
}

type CartRow = CartDocument & { skuRows: CartSku[]; productRows: CartProduct[] };
type SkuRow = CartSku & { productRows: CartProduct[] };

async function readCart(openid: string): Promise<CartRow | null> {
  const [row] = await aggregateList<CartRow>('carts', (pipeline) =>
    pipeline
      .match({ _id: openid })
      .limit(1)
      .lookup({ from: 'skus', let: { ids: '$items.skuId' }, pipeline: skusIn('$$ids'), as: 'skuRows' })
      .lookup({
        from: 'products',
        let: { ids: '$skuRows.productId' },
        pipeline: productsIn('$$ids'),
        as: 'productRows',
      }),
  );
  return row ?? null;
}

async function readSku(skuId: string): Promise<SkuRow | null> {
  const [row] = await aggregateList<SkuRow>('skus', (pipeline) =>
    pipeline
      .match({ _id: skuId })
      .limit(1)
      .project(SKU_FIELDS)
      .lookup({ from: 'products', localField: 'productId', foreignField: '_id', as: 'productRows' }),
  );
  return row ?? null;
}

/** The cart with its lines' catalog data; `extraSkuId` (the SKU being added) is read alongside, in parallel. */
export async function loadCart(openid: string, extraSkuId?: string): Promise<LoadedCart> {
  const [row, extra] = await Promise.all([readCart(openid), extraSkuId ? readSku(extraSkuId) : Promise.resolve(null)]);
  const skuRows: CartSku[] = [...(row?.skuRows ?? [])];
  const productRows: CartProduct[] = [...(row?.productRows ?? [])];
  if (extra) {
    const { productRows: extraProducts, ...sku } = extra;
    skuRows.push(sku);
    productRows.push(...extraProducts);
  }
  const skus = new Map(skuRows.map((sku) => [sku._id, sku]));
  const products = new Map(productRows.map((product) => [product._id, product]));
  if (!row) return { cart: null, skus, products };
  const { skuRows: _skus, productRows: _products, ...cart } = row;
  return { cart, skus, products };
}

export interface CartWrite {
  items: CartItem[];
  requestIds: string[];
}

/** Stores the cart if nobody changed it since `read`; false when someone did (read again). */
export async function writeCart(
  openid: string,
  read: CartDocument | null,
  next: CartWrite,
  now: Date,
): Promise<boolean> {
  if (!read) {
    const doc: CartDocument = {
      _id: openid,
      items: next.items,
      requestIds: next.requestIds,
      version: 1,
      updatedAt: now,
    };
    return (await insertDoc('carts', doc)) === 'inserted';
  }
  // `_.set` replaces the arrays as a whole (element objects are not merged into stored ones).
  const data = {
    items: _.set(next.items),
    requestIds: _.set(next.requestIds),
    version: read.version + 1,
    updatedAt: now,
  };
  return (await updateWhere('carts', { _id: openid, version: read.version }, data)) === 1;
}
