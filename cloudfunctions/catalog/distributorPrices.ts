/**
 * The distributor-exclusive price (分销专属价) on the catalog's pages. Who gets it is decided
 * here from the caller's identity (the OPENID of getWXContext) and the stored rules, never from
 * anything the client sends: the caller's distributor fields and the rules are joined into the
 * page's own aggregation, so showing the price costs no round trip. The price shown is the one
 * the checkout would charge (shared/checkoutPricing.ts linePriceOf): a live 限时折扣 at or below
 * the exclusive price keeps the line, and the page then shows the activity price as it does for
 * everyone.
 */
import type { Beneficiary } from '@shared/attribution';
import type { CardDistributorPrice } from '@shared/contracts/catalog';
import type { SkuActivityPrice } from '@shared/activities';
import { linePriceOf } from '@shared/checkoutPricing';
import { distributorBuyer, distributorPriceFor, type DistributorBuyer } from '@shared/distributorPrice';
import type { DistributorPricedSku } from '@shared/distributorPrice';
import { DEFAULT_RULES, type Rules, type RulesDocument } from '@shared/rules';
import type { Lookup } from '../_lib/db';
import { RULES_ID } from '../_lib/rules';

/** What a page's aggregation joins about its caller: their distributor fields and the rules. */
export interface CallerJoin {
  caller?: Beneficiary[];
  rules?: RulesDocument[];
}

/** The caller's document (only what the price and the estimate need) and the rules, when there is a caller. */
export function callerLookups(openid: string): Lookup[] {
  if (!openid) return [];
  return [
    { from: 'users', pipeline: [{ $match: { _id: openid } }, { $project: { _id: 1, distributor: 1 } }], as: 'caller' },
    { from: 'rules', pipeline: [{ $match: { _id: RULES_ID } }], as: 'rules' },
  ];
}

/** The rules a joined row carries: the stored ones, or the defaults a first read would store. */
export function joinedRules(join: CallerJoin): Rules {
  return join.rules?.[0] ?? DEFAULT_RULES;
}

/** The caller as the exclusive price sees them (null: everyone's prices). */
export function joinedBuyer(join: CallerJoin): DistributorBuyer | null {
  return distributorBuyer(join.caller?.[0] ?? null, joinedRules(join));
}

/**
 * The exclusive unit price the checkout would charge this buyer for the SKU, fen, or undefined
 * when it would not (no exclusive price for them, or a live 限时折扣 at or below it).
 */
export function winningDistributorPrice(
  sku: DistributorPricedSku,
  activity: SkuActivityPrice | undefined,
  buyer: DistributorBuyer | null,
): number | undefined {
  const distributorPriceFen = distributorPriceFor(sku, buyer);
  if (distributorPriceFen === null) return undefined;
  const priced = linePriceOf({
    productId: '',
    categoryId: '',
    unitPriceFen: sku.priceFen,
    quantity: 1,
    activity: activity
      ? {
          id: '',
          kind: 'timedDiscount',
          name: '',
          priceFen: activity.priceFen,
          commission: true,
          allowsOrderDiscounts: true,
        }
      : null,
    distributorPriceFen,
  });
  return priced.pricedBy === 'distributorPrice' ? priced.unitFen : undefined;
}

/**
 * A card's exclusive price: the lowest price the buyer would pay among the product's SKUs on
 * sale, when an exclusive price gives it (ties: the cheaper original, then the SKU id); undefined
 * when the buyer's lowest price is everyone's.
 */
export function cardDistributorPrice(
  productId: string,
  skus: ReadonlyArray<DistributorPricedSku & { _id: string; productId: string }>,
  activityOf: (sku: { _id: string; priceFen: number }) => SkuActivityPrice | undefined,
  buyer: DistributorBuyer | null,
): CardDistributorPrice | undefined {
  if (!buyer) return undefined;
  let lowest: { unitFen: number; originalFen: number; skuId: string; exclusive: boolean } | undefined;
  for (const sku of skus) {
    if (sku.productId !== productId) continue;
    const activity = activityOf(sku);
    const exclusive = winningDistributorPrice(sku, activity, buyer);
    const unitFen = exclusive ?? activity?.priceFen ?? sku.priceFen;
    const better =
      !lowest ||
      unitFen < lowest.unitFen ||
      (unitFen === lowest.unitFen &&
        (sku.priceFen < lowest.originalFen || (sku.priceFen === lowest.originalFen && sku._id < lowest.skuId)));
    if (better) lowest = { unitFen, originalFen: sku.priceFen, skuId: sku._id, exclusive: exclusive !== undefined };
  }
  return lowest?.exclusive ? { priceFen: lowest.unitFen, originalPriceFen: lowest.originalFen } : undefined;
}
