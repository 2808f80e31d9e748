/**
 * The product detail page: the product with its SKUs on sale (one aggregation) and temporary
 * links for its images (one storage call per image, in parallel). Stock is shown capped
 * (shownStock), so the exact figure of a well-stocked SKU is not public.
 *
 * A caller who may earn commission also gets the share hint (estimate.ts). The caller's
 * distributor fields and the rules ride along in the same aggregation ($lookup), so the page
 * still costs one database round trip; so do the live activities (_lib/activities.ts
 * liveActivitiesLookup), which give SKUs their 限时折扣 price and the page its 满减 tiers; nothing is written (rules never stored yet read as the
 * defaults, exactly what loadRules would store). The same caller fields decide whether the caller
 * sees the SKUs' distributor-exclusive prices (distributorPrices.ts).
 */
import type { ProductDocument, SkuDocument } from '@shared/catalog';
import type { ActivityDocument, SkuActivityPrice } from '@shared/activities';
import {
  compareSkus,
  IMAGE_URL_MAX_AGE_SECONDS,
  shownStock,
  type DetailOutput,
  type SkuView,
} from '@shared/contracts/catalog';
import { ok, type Result } from '@shared/result';
import { aggregateList } from '../_lib/db';
import { getTempFileUrl } from '../_lib/wx';
import { liveActivitiesLookup } from '../_lib/activities';
import { countProductEvent } from '../_lib/productStats';
import { groupOfferOf } from './groupOffer';
import { livePrices, reductionViews, skuActivity } from './activityPrices';
import { commissionEstimates } from './estimate';
import { callerLookups, joinedBuyer, joinedRules, winningDistributorPrice, type CallerJoin } from './distributorPrices';
import { refuse } from './views';
import type { CatalogError } from '@shared/contracts/catalog';

type SkuRow = Pick<
  SkuDocument,
  '_id' | 'spec' | 'priceFen' | 'stock' | 'commission' | 'distributorPriceFen' | 'distributorPricesByGrade'
>;
type ProductRow = ProductDocument & CallerJoin & { skus: SkuRow[]; activities: ActivityDocument[] };

async function loadProduct(productId: string, openid: string, now: Date): Promise<ProductRow | null> {
  const [row] = await aggregateList<ProductRow>('products', (pipeline) => {
    let query = pipeline
      .match({ _id: productId })
      .limit(1)
      .lookup({
        from: 'skus',
        let: { productId: '$_id' },
        pipeline: [
          { $match: { $expr: { $and: [{ $eq: ['$productId', '$$productId'] }, { $eq: ['$onSale', true] }] } } },
          {
            $project: {
              _id: 1,
              spec: 1,
              priceFen: 1,
              stock: 1,
              commission: 1,
              distributorPriceFen: 1,
              distributorPricesByGrade: 1,
            },
          },
        ],
        as: 'skus',
      })
      .lookup(liveActivitiesLookup(now, 'activities'));
    for (const lookup of callerLookups(openid)) query = query.lookup(lookup);
    return query;
  });
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

/**
 * `openid` is '' for a call without a caller (a share preview): no estimate then. `countView`:
 * the product page's first load, counted beside the image links (_lib/productStats.ts).
 */
export async function detail(
  productId: string,
  openid: string,
  now: Date,
  countView = false,
): Promise<Result<DetailOutput, CatalogError>> {
  const product = await loadProduct(productId, openid, now);
  if (!product) return refuse('PRODUCT_NOT_FOUND');
  if (!product.onSale) return refuse('NOT_ON_SALE');
  const [images, detailImages] = await Promise.all([
    imageLinks(product.images),
    imageLinks(product.detailImages ?? []),
    countView ? countProductEvent(productId, 'views', now) : undefined,
  ]);
  const prices = livePrices(product.activities, now);
  const skus = [...product.skus].sort(compareSkus).map((sku) => ({ ...sku, activity: skuActivity(sku, prices) }));
  const estimates = commissionEstimates(product.caller?.[0] ?? null, joinedRules(product), product.commission, skus);
  const buyer = joinedBuyer(product);
  const reductions = reductionViews(product.activities, { productId, categoryId: product.categoryId }, now);
  const groupBuy = groupOfferOf(product.activities, productId, now);
  const shown = reductions.length > 0 || skus.some((sku) => sku.activity) || groupBuy !== null;
  return ok({
    id: product._id,
    categoryId: product.categoryId,
    name: product.name,
    description: product.description,
    images,
    detailImages,
    minPriceFen: product.minPriceFen,
    maxPriceFen: product.maxPriceFen,
    skus: skus.map((sku) => {
      const view = { id: sku._id, spec: sku.spec, priceFen: sku.priceFen, ...shownStock(sku.stock) };
      const estimate = estimates ? { commissionEstimateFen: estimates.bySku.get(sku._id) ?? 0 } : {};
      const distributorPriceFen = winningDistributorPrice(sku, sku.activity, buyer);
      return {
        ...view,
        ...estimate,
        ...(sku.activity ? { activity: activityView(sku.activity) } : {}),
        ...(distributorPriceFen !== undefined ? { distributorPriceFen } : {}),
      };
    }),
    ...(estimates ? { commissionEstimate: { minFen: estimates.minFen, maxFen: estimates.maxFen } } : {}),
    ...(reductions.length > 0 ? { reductions } : {}),
    ...(groupBuy ? { groupBuy } : {}),
    ...(shown ? { serverTime: now.toISOString() } : {}),
  });
}

function activityView(price: SkuActivityPrice): NonNullable<SkuView['activity']> {
  return { activityId: price.activityId, name: price.name, priceFen: price.priceFen, endAt: price.endAt.toISOString() };
}
