/**
 * What the catalog use cases (categories.ts, products.ts, stock.ts) share: reading SKUs without
 * their order-id lists, the admin's product and SKU views, and keeping a product's price range in
 * step with its SKUs. Documents are shared/catalog.ts's.
 *
 * A product's price range follows its SKUs: after any SKU change it is recomputed and written
 * until a fresh read of the SKUs agrees with it (settlePriceRange), which converges under
 * concurrent edits.
 */
import type { ProductDocument, SkuDocument } from '@shared/catalog';
import type { AdminError, AdminOutput } from '@shared/contracts/admin';
import {
  compareSkus,
  MAX_SKUS_PER_PRODUCT,
  priceRange,
  type AdminProductView,
  type AdminSkuView,
} from '@shared/contracts/catalog';
import type { Result } from '@shared/result';
import { _, aggregateList, updateWhere } from '../_lib/db';
import { iso } from './views';

/** A SKU as read here: without the order-id lists, which can hold thousands of entries. */
export type SkuRow = Omit<SkuDocument, 'reservedBy' | 'returnedBy' | 'adjustedBy'>;
export type CatalogOutput<
  R extends 'saveCategory' | 'saveProduct' | 'setStock' | 'adjustStock' | 'setOnSale' | 'listProducts',
> = Promise<Result<AdminOutput<R>, AdminError>>;

export const WITHOUT_ORDER_LISTS = { reservedBy: 0, returnedBy: 0, adjustedBy: 0 };

export async function readSkus(where: object, limit: number): Promise<SkuRow[]> {
  return aggregateList<SkuRow>('skus', (pipeline) => pipeline.match(where).project(WITHOUT_ORDER_LISTS).limit(limit));
}

export async function readSku(skuId: string): Promise<SkuRow | null> {
  return (await readSkus({ _id: skuId }, 1))[0] ?? null;
}

/** The SKU's distributor prices, each only when it holds a price (a null or empty one is none). */
function distributorPricesView(sku: SkuRow): Pick<AdminSkuView, 'distributorPriceFen' | 'distributorPricesByGrade'> {
  const byGrade = sku.distributorPricesByGrade ?? {};
  return {
    ...(typeof sku.distributorPriceFen === 'number' ? { distributorPriceFen: sku.distributorPriceFen } : {}),
    ...(Object.keys(byGrade).length > 0 ? { distributorPricesByGrade: byGrade } : {}),
  };
}

export function skuView(sku: SkuRow): AdminSkuView {
  return {
    id: sku._id,
    productId: sku.productId,
    spec: sku.spec,
    priceFen: sku.priceFen,
    stock: sku.stock,
    onSale: sku.onSale,
    commission: sku.commission ?? null,
    ...distributorPricesView(sku),
    updatedAt: iso(sku.updatedAt) as string,
  };
}

export function productView(product: ProductDocument, skus: SkuRow[]): AdminProductView {
  return {
    id: product._id,
    slug: product.slug,
    categoryId: product.categoryId,
    name: product.name,
    description: product.description,
    images: product.images,
    detailImages: product.detailImages ?? [],
    onSale: product.onSale,
    sortOrder: product.sortOrder,
    minPriceFen: product.minPriceFen,
    maxPriceFen: product.maxPriceFen,
    commission: product.commission,
    createdAt: iso(product.createdAt) as string,
    updatedAt: iso(product.updatedAt) as string,
    skus: [...skus].sort(compareSkus).map(skuView),
  };
}

/**
 * Makes the product's price range agree with its SKUs: recompute from a fresh read, write only
 * when different, and repeat until a read finds nothing to change. Whoever writes last has read
 * the SKUs after every SKU write that finished before its write, so concurrent SKU edits cannot
 * leave a stale range behind.
 */
export async function settlePriceRange(productId: string, now: Date): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const { minPriceFen, maxPriceFen } = priceRange(await readSkus({ productId }, MAX_SKUS_PER_PRODUCT * 2));
    const differs = _.and([
      { _id: productId },
      _.or([{ minPriceFen: _.neq(minPriceFen) }, { maxPriceFen: _.neq(maxPriceFen) }]),
    ]);
    if ((await updateWhere('products', differs, { minPriceFen, maxPriceFen, updatedAt: now })) === 0) return;
  }
}
