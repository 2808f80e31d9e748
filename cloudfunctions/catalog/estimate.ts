/**
 * The commission hint of the detail page (分享预计赚): what the caller would earn on level 1 if
 * a shopper bound to them bought one unit of a SKU. It is the same arithmetic placeOrder
 * snapshots (attributeLine: the SKU's or product's commission, the caller's grade, the cap), so
 * the hint never promises a figure the order would not give. A SKU a live 限时折扣 prices is
 * estimated on its activity price, and at 0 when the activity pays no commission, as the order
 * would be. It is an estimate: an order with 满减 or a coupon, several units or a full level 2-3 chain under the cap may pay a different amount.
 */
import { attributeLine, type Beneficiary, type ProductCommission } from '@shared/attribution';
import type { Rules } from '@shared/rules';
import { isDistributor } from '@shared/users';

export interface EstimateSku {
  _id: string;
  priceFen: number;
  /** Overrides the product's commission when set. */
  commission: ProductCommission | null;
  /**
   * The live 限时折扣 pricing the SKU, if any: its price is the order's commission base, and an
   * activity without commission earns nothing (the checkout's rule, docs/marketing.md).
   */
  activity?: { priceFen: number; commission: boolean };
}

export interface CommissionEstimates {
  /** Per SKU id: the level-1 commission on one unit at its current price, in fen. */
  bySku: Map<string, number>;
  minFen: number;
  maxFen: number;
}

/**
 * The caller's level-1 estimate per SKU, or undefined when the caller may not earn commission
 * now (not a distributor under the current rules) or no SKU is on sale.
 */
export function commissionEstimates(
  caller: Beneficiary | null,
  rules: Rules,
  productCommission: ProductCommission,
  skus: readonly EstimateSku[],
): CommissionEstimates | undefined {
  if (!caller || !isDistributor(caller, rules) || skus.length === 0) return undefined;
  const beneficiaries = new Map([[caller._id, caller]]);
  const bySku = new Map<string, number>();
  for (const sku of skus) {
    const line = attributeLine({
      chain: [caller._id],
      beneficiaries,
      rules,
      commission: sku.activity?.commission === false ? { mode: 'none' } : (sku.commission ?? productCommission),
      baseFen: sku.activity?.priceFen ?? sku.priceFen,
      quantity: 1,
    });
    bySku.set(sku._id, line.levels[0]?.amountFen ?? 0);
  }
  const amounts = [...bySku.values()];
  return { bySku, minFen: Math.min(...amounts), maxFen: Math.max(...amounts) };
}
