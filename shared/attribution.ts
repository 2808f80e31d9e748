/**
 * Commission attribution (docs/rules.md sections 3 and 5): for one order line, who earns what on
 * each level. Computed once when the order is placed and stored on it as a snapshot with the
 * rules version, so later changes of rules, grades or bindings never change it.
 */
import { mulDiv } from './exactMath';
import { applyRateFloor } from './money';
import { gradeById, type Rules } from './rules';
import { isDistributor, type UserDocument } from './users';

/** How a product (or SKU) pays commission. */
export type ProductCommission =
  | { mode: 'default' }
  | { mode: 'percent'; ratesBp: number[] }
  | { mode: 'fixed'; fixedFenPerUnit: number[] }
  | { mode: 'none' };

export type Beneficiary = Pick<UserDocument, '_id' | 'distributor'>;

export interface LevelCommission {
  /** 1, 2 or 3. */
  level: number;
  beneficiaryId: string;
  /** What was applied: a rate in basis points or a fixed amount per unit in fen. */
  basis: { kind: 'rate'; rateBp: number } | { kind: 'fixed'; fixedFenPerUnit: number };
  /** Before the cap: floor(base * rateBp / 10000) or fixed * quantity. */
  uncappedFen: number;
  /** After the cap; what the beneficiary earns. */
  amountFen: number;
  /** Why a level in the chain earns nothing, when it does not. */
  skipped?: 'NOT_DISTRIBUTOR' | 'NO_RATE';
}

export interface LineAttribution {
  /** What the shopper pays for the line after discounts, excluding shipping: the base. */
  baseFen: number;
  quantity: number;
  capFen: number;
  capApplied: boolean;
  levels: LevelCommission[];
  totalFen: number;
}

/** Who stands on levels 1..levels for a buyer: with self-purchase the buyer first (chain shifts). */
export function beneficiaryChain(buyer: Beneficiary & Pick<UserDocument, 'ancestors'>, rules: Rules): string[] {
  const chain =
    rules.selfPurchase && isDistributor(buyer, rules) ? [buyer._id, ...buyer.ancestors] : [...buyer.ancestors];
  return chain.slice(0, rules.levels);
}

function basisFor(
  commission: ProductCommission,
  rules: Rules,
  beneficiary: Beneficiary,
  levelIndex: number,
): LevelCommission['basis'] | undefined {
  switch (commission.mode) {
    case 'none':
      return undefined;
    case 'default': {
      const rateBp = gradeById(rules, beneficiary.distributor.gradeId).ratesBp[levelIndex];
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

export function attributeLine(input: {
  chain: readonly string[];
  beneficiaries: ReadonlyMap<string, Beneficiary>;
  rules: Rules;
  commission: ProductCommission;
  baseFen: number;
  quantity: number;
}): LineAttribution {
  const { chain, beneficiaries, rules, commission, baseFen, quantity } = input;
  const levels: LevelCommission[] = chain.map((beneficiaryId, index) => {
    const beneficiary = beneficiaries.get(beneficiaryId);
    const zero = {
      level: index + 1,
      beneficiaryId,
      basis: { kind: 'rate', rateBp: 0 } as const,
      uncappedFen: 0,
      amountFen: 0,
    };
    // No compression: a level whose member cannot earn stays empty; nobody moves up.
    if (!beneficiary || !isDistributor(beneficiary, rules)) return { ...zero, skipped: 'NOT_DISTRIBUTOR' };
    const basis = basisFor(commission, rules, beneficiary, index);
    if (!basis) return { ...zero, skipped: 'NO_RATE' };
    const uncappedFen =
      basis.kind === 'rate' ? applyRateFloor(baseFen, basis.rateBp) : basis.fixedFenPerUnit * quantity;
    return { level: index + 1, beneficiaryId, basis, uncappedFen, amountFen: uncappedFen };
  });
  const capFen = applyRateFloor(baseFen, rules.capBp);
  const uncappedTotal = levels.reduce((sum, level) => sum + level.uncappedFen, 0);
  const capApplied = uncappedTotal > capFen;
  if (capApplied) {
    // Scale every level down by the same factor, rounding each down: the sum stays within the cap.
    for (const level of levels) level.amountFen = mulDiv(level.uncappedFen, capFen, uncappedTotal).quotient;
  }
  return {
    baseFen,
    quantity,
    capFen,
    capApplied,
    levels,
    totalFen: levels.reduce((sum, level) => sum + level.amountFen, 0),
  };
}
