/**
 * Commission attribution (docs/rules.md sections 3 and 5): for one order line, who earns what on
 * each level. Computed once when the order is placed and stored on it as a snapshot with the
 * rules version, so later changes of rules, grades or bindings never change it.
 */
import { capLevels, levelBasis, uncappedFen, type LevelBasis, type ProductCommission } from './lineCommission';
import { gradeById, type Rules } from './rules';
import { isDistributor, type UserDocument } from './users';

export type { ProductCommission } from './lineCommission';

export type Beneficiary = Pick<UserDocument, '_id' | 'distributor'>;

export interface LevelCommission {
  /** 1, 2 or 3. */
  level: number;
  beneficiaryId: string;
  /** What was applied: a rate in basis points or a fixed amount per unit in fen. */
  basis: LevelBasis;
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
    const basis = levelBasis(commission, gradeById(rules, beneficiary.distributor.gradeId).ratesBp, index);
    if (!basis) return { ...zero, skipped: 'NO_RATE' };
    const uncapped = uncappedFen(basis, baseFen, quantity);
    return { level: index + 1, beneficiaryId, basis, uncappedFen: uncapped, amountFen: uncapped };
  });
  const { capFen, capApplied, amountsFen } = capLevels(
    levels.map((level) => level.uncappedFen),
    baseFen,
    rules.capBp,
  );
  levels.forEach((level, index) => {
    level.amountFen = amountsFen[index] as number;
  });
  return {
    baseFen,
    quantity,
    capFen,
    capApplied,
    levels,
    totalFen: levels.reduce((sum, level) => sum + level.amountFen, 0),
  };
}
