/**
 * Money rules shared by the cloud functions and the mini-program.
 *
 * Every amount is an integer number of fen and every rate an integer number of basis points
 * (1% = 100 bp). These helpers are the only place where a rate is applied or an amount is
 * formatted, so there is exactly one rounding rule (floor) and one formatter in the product.
 */

export const BASIS_POINTS_PER_WHOLE = 10_000;

/** Throws when a value that must be integer fen is not: a float here is a bug, not bad input. */
export function assertFen(amountFen: number, name = 'amountFen'): void {
  if (!Number.isSafeInteger(amountFen)) {
    throw new RangeError(`${name} must be a safe integer number of fen, got ${amountFen}`);
  }
}

/** Applies a rate to a base amount, rounding down so the merchant never pays a fen too much. */
export function applyRateFloor(baseFen: number, rateBp: number): number {
  assertFen(baseFen, 'baseFen');
  if (!Number.isSafeInteger(rateBp) || rateBp < 0) {
    throw new RangeError(`rateBp must be a non-negative integer, got ${rateBp}`);
  }
  // Integer arithmetic stays exact while baseFen * rateBp < 2^53, which holds for any
  // order a mall will see (2^53 / 10^4 bp is about 9 * 10^11 fen = 9 billion yuan).
  return Math.floor((baseFen * rateBp) / BASIS_POINTS_PER_WHOLE);
}

/** Formats fen for display as yuan with two decimals, e.g. 123456 -> "¥1,234.56", -5 -> "-¥0.05". */
export function formatFen(amountFen: number): string {
  assertFen(amountFen);
  const sign = amountFen < 0 ? '-' : '';
  const absFen = Math.abs(amountFen);
  const yuan = Math.floor(absFen / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cents = (absFen % 100).toString().padStart(2, '0');
  return `${sign}¥${yuan}.${cents}`;
}

/**
 * An exact amount in fen given as a decimal string (e.g. "123456.25"), in yuan: formatFen for
 * the whole fen, then the fraction's digits ("¥1,234.5625").
 */
export function formatExactFen(fenDecimal: string): string {
  const [whole = '0', fraction = ''] = fenDecimal.split('.');
  return formatFen(Number(whole)) + fraction;
}
