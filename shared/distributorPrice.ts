/**
 * The distributor-exclusive price (分销专属价): who gets a SKU's exclusive price and which one.
 * The prices are stored on the SKU (shared/catalog.ts `distributorPriceFen`,
 * `distributorPricesByGrade`); the checkout takes the chosen price as one candidate of the line's
 * price (shared/checkoutPricing.ts), and the catalog shows it to the same callers. Pure: the
 * caller reads the user and the rules on the server, from the caller's identity, never from
 * what the client says.
 */
import type { SkuDocument } from './catalog';
import { heldGrade } from './grades';
import type { Rules } from './rules';
import { isDistributor, type UserDocument } from './users';

/** The discount source and its name on orders and quotes (docs/marketing.md). */
export const DISTRIBUTOR_PRICE_SOURCE = 'distributorPrice';
export const DISTRIBUTOR_PRICE_NAME = '分销专属价';

/** A buyer who gets exclusive prices, with the grade whose own prices apply. */
export interface DistributorBuyer {
  gradeId: string;
}

/**
 * The buyer as the exclusive price sees them: a distributor under the current rules
 * (shared/users.ts isDistributor: approved, or anyone not refused under the `everyone`
 * recruitment) with their held grade (the default grade when none is stored); null for everyone
 * else, including callers without a user document.
 */
export function distributorBuyer(
  user: Pick<UserDocument, 'distributor'> | null | undefined,
  rules: Pick<Rules, 'recruitment' | 'grades' | 'defaultGradeId'>,
): DistributorBuyer | null {
  if (!user || !isDistributor(user, rules)) return null;
  return { gradeId: heldGrade(rules, user.distributor.gradeId).id };
}

export type DistributorPricedSku = Pick<SkuDocument, 'priceFen' | 'distributorPriceFen' | 'distributorPricesByGrade'>;

/**
 * The SKU's exclusive unit price for this buyer, fen, or null when they get none: the price of
 * their grade when the SKU has one, else the general one. A price at or above the SKU's own
 * price is no discount and is ignored (the admin refuses such prices; this also covers data
 * written otherwise).
 */
export function distributorPriceFor(sku: DistributorPricedSku, buyer: DistributorBuyer | null): number | null {
  if (!buyer) return null;
  const byGrade = sku.distributorPricesByGrade?.[buyer.gradeId];
  const price = byGrade ?? sku.distributorPriceFen ?? null;
  return price !== null && price < sku.priceFen ? price : null;
}
