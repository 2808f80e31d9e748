/**
 * The product detail page: the product with its SKUs on sale (one aggregation) and temporary
 * links for its images (one storage call per image, in parallel). Stock is shown capped
 * (shownStock), so the exact figure of a well-stocked SKU is not public.
 */
import type { ProductDocument, SkuDocument } from '../../shared/catalog';
import { compareSkus, IMAGE_URL_MAX_AGE_SECONDS, shownStock, type DetailOutput } from '../../shared/contracts/catalog';
import { ok, type Result } from '../../shared/result';
import { aggregateList } from '../_lib/db';
import { getTempFileUrl } from '../_lib/wx';
import { refuse } from './views';

type SkuRow = Pick<SkuDocument, '_id' | 'spec' | 'priceFen' | 'stock'>;

async function loadProduct(productId: string): Promise<(ProductDocument & { skus: SkuRow[] }) | null> {
  const [row] = await aggregateList<ProductDocument & { skus: SkuRow[] }>('products', (pipeline) =>
    pipeline
      .match({ _id: productId })
      .limit(1)
      .lookup({
        from: 'skus',
        let: { productId: '$_id' },
        pipeline: [
          { $match: { $expr: { $and: [{ $eq: ['$productId', '$$productId'] }, { $eq: ['$onSale', true] }] } } },
          { $project: { _id: 1, spec: 1, priceFen: 1, stock: 1 } },
        ],
        as: 'skus',
      }),
  );
  return row ?? null;
}

/** A temporary link per image; a missing file gets null rather than failing the page. */
async function imageLinks(fileIds: string[]): Promise<DetailOutput['images']> {
  const links = await Promise.all(fileIds.map((fileId) => getTempFileUrl(fileId, IMAGE_URL_MAX_AGE_SECONDS)));
  return fileIds.map((fileId, index) => {
    const link = links[index];
    return { fileId, url: link?.found ? link.tempFileURL : null };
  });
}

export async function detail(productId: string): Promise<Result<DetailOutput>> {
  const product = await loadProduct(productId);
  if (!product) return refuse('PRODUCT_NOT_FOUND');
  if (!product.onSale) return refuse('NOT_ON_SALE');
  const images = await imageLinks(product.images);
  return ok({
    id: product._id,
    categoryId: product.categoryId,
    name: product.name,
    description: product.description,
    images,
    minPriceFen: product.minPriceFen,
    maxPriceFen: product.maxPriceFen,
    skus: [...product.skus].sort(compareSkus).map((sku) => ({ id: sku._id, spec: sku.spec, priceFen: sku.priceFen, ...shownStock(sku.stock) })),
  });
}
