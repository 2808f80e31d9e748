/**
 * The arithmetic of one order line's commission (docs/rules.md sections 3 and 5), without the
 * rules' schema: what each level's basis is, what it earns before the cap, and how the cap
 * scales the levels down. attribution.ts (placeOrder's snapshot) and the admin's product form
 * (its earnings preview) both compute with these functions, so the form shows what an order
 * would pay. Nothing here imports zod, so the mini-program can bundle it.
 */
import { mulDiv } from './exactMath';
import { applyRateFloor } from './money';

/** How a product (or SKU) pays commission. */
export type ProductCommission =
  | { mode: 'default' }
  | { mode: 'percent'; ratesBp: number[] }
  | { mode: 'fixed'; fixedFenPerUnit: number[] }
  | { mode: 'none' };

/** What a level applies: a rate in basis points or a fixed amount per unit in fen. */
export type LevelBasis = { kind: 'rate'; rateBp: number } | { kind: 'fixed'; fixedFenPerUnit: number };

/**
 * The basis of level `levelIndex` (0 = level 1): the product's own rate or amount, or under
 * `default` the beneficiary's grade rate (`gradeRatesBp`); undefined when the level earns nothing.
 */
export function levelBasis(
  commission: ProductCommission,
  gradeRatesBp: readonly number[],
  levelIndex: number,
): LevelBasis | undefined {
  switch (commission.mode) {
    case 'none':
      return undefined;
    case 'default': {
      const rateBp = gradeRatesBp[levelIndex];
      return rateBp === undefined ? undefined : { kind: 'rate', rateBp };
    }
    case 'percent': {
      const rateBp = commission.ratesBp[levelIndex];
      return rateBp === undefined ? undefined : { kind: 'rate', rateBp };
    }
    case 'fixed': {
      const fixedFenPerUnit = commission.fixedFenPerUnit[levelIndex];
      return fixedFenPerUnit === undefined ? undefined : { kind: 'fixed', fixedFenPerUnit };
    }
  }
}

/** Before the cap: floor(base * rateBp / 10000), or the fixed amount times the quantity. */
export function uncappedFen(basis: LevelBasis, baseFen: number, quantity: number): number {
  return basis.kind === 'rate' ? applyRateFloor(baseFen, basis.rateBp) : basis.fixedFenPerUnit * quantity;
}

/**
 * The cap: the levels together earn at most floor(base * capBp / 10000). Over it, every level
 * is scaled down by the same factor, each rounded down, so the sum stays within the cap.
 */
export function capLevels(
  uncappedFenByLevel: readonly number[],
  baseFen: number,
  capBp: number,
): { capFen: number; capApplied: boolean; amountsFen: number[] } {
  const capFen = applyRateFloor(baseFen, capBp);
  const uncappedTotal = uncappedFenByLevel.reduce((sum, amount) => sum + amount, 0);
  const capApplied = uncappedTotal > capFen;
  const amountsFen = capApplied
    ? uncappedFenByLevel.map((amount) => mulDiv(amount, capFen, uncappedTotal).quotient)
    : [...uncappedFenByLevel];
  return { capFen, capApplied, amountsFen };
}
