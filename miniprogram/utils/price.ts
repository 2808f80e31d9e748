/** Prices of products as list and detail pages show them; every amount goes through formatFen. */
import { formatFen } from '@shared/money';

/** A card's price: the price, or the lowest with 起 when the SKUs differ ("¥19.90 起"). */
export function priceFromText(minPriceFen: number, maxPriceFen: number): string {
  return minPriceFen === maxPriceFen ? formatFen(minPriceFen) : `${formatFen(minPriceFen)} 起`;
}

/** The detail page's range: "¥19.90" or "¥19.90 - ¥59.00". */
export function priceRangeText(minFen: number, maxFen: number): string {
  return minFen === maxFen ? formatFen(minFen) : `${formatFen(minFen)} - ${formatFen(maxFen)}`;
}
