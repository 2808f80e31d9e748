/**
 * Live activities on the catalog's pages, priced by the checkout's rule (shared/activities.ts):
 * a card's lowest 限时折扣 price, a SKU's activity price and the 满减 covering a product. The
 * activities and the SKUs' prices come joined into the page's own aggregation
 * (_lib/activities.ts liveActivitiesLookup), so showing them costs no extra round trip.
 */
import {
  discountPricesBySku,
  reductionsCovering,
  tierLabel,
  type ActivityDocument,
  type SkuActivityPrice,
} from '@shared/activities';
import type { CardActivity, ReductionView } from '@shared/contracts/catalogActivities';
import type { Lookup } from '../_lib/db';

/** A SKU on sale as the lists join it: what the card's struck-through price and the exclusive price need. */
export interface SkuPrice {
  _id: string;
  productId: string;
  priceFen: number;
  distributorPriceFen?: number | null;
  distributorPricesByGrade?: Record<string, number>;
}

/** The SKUs on sale of the products `productIds` names (an expression over the joining row), as `skus`. */
export function skuPricesLookup(productIds: string | string[]): Lookup {
  return {
    from: 'skus',
    as: 'skuPrices',
    let: { productIds },
    pipeline: [
      { $match: { onSale: true, $expr: { $in: ['$productId', '$$productIds'] } } },
      { $project: { _id: 1, productId: 1, priceFen: 1, distributorPriceFen: 1, distributorPricesByGrade: 1 } },
    ],
  };
}

/**
 * The activity price of a SKU, when a live 限时折扣 lists it below its own price. An activity
 * price at or above the SKU's price (the SKU got cheaper after the activity was saved) is not a
 * discount, and the page shows the SKU's price.
 */
export function skuActivity(
  sku: { _id: string; priceFen: number },
  prices: Map<string, SkuActivityPrice>,
): SkuActivityPrice | undefined {
  const price = prices.get(sku._id);
  return price && price.priceFen < sku.priceFen ? price : undefined;
}

/** A card's 限时折扣: the lowest activity price among the product's SKUs on sale (ties: the cheaper original, then the SKU id). */
export function cardActivity(
  productId: string,
  skus: readonly SkuPrice[],
  prices: Map<string, SkuActivityPrice>,
): CardActivity | undefined {
  let best: { sku: SkuPrice; price: SkuActivityPrice } | undefined;
  for (const sku of skus) {
    const price = sku.productId === productId ? skuActivity(sku, prices) : undefined;
    if (!price) continue;
    const better =
      !best ||
      price.priceFen < best.price.priceFen ||
      (price.priceFen === best.price.priceFen &&
        (sku.priceFen < best.sku.priceFen || (sku.priceFen === best.sku.priceFen && sku._id < best.sku._id)));
    if (better) best = { sku, price };
  }
  if (!best) return undefined;
  return {
    activityId: best.price.activityId,
    name: best.price.name,
    priceFen: best.price.priceFen,
    originalPriceFen: best.sku.priceFen,
    endAt: best.price.endAt.toISOString(),
  };
}

/** Per SKU id, the winning live 限时折扣 among `activities` at `now`. */
export function livePrices(
  activities: readonly ActivityDocument[] | undefined,
  now: Date,
): Map<string, SkuActivityPrice> {
  return discountPricesBySku(activities ?? [], now);
}

/** The live 满减 covering a product, with their tier labels. */
export function reductionViews(
  activities: readonly ActivityDocument[],
  product: { productId: string; categoryId: string },
  now: Date,
): ReductionView[] {
  return reductionsCovering(activities, product, now).map((activity) => ({
    activityId: activity._id,
    name: activity.name,
    endAt: activity.endAt.toISOString(),
    tiers: activity.tiers.map((tier) => ({ ...tier, label: tierLabel(tier) })),
  }));
}
