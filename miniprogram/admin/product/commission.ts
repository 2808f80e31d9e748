/**
 * Commission per product and per SKU in the product form (佣金设置): the product follows the
 * shop's default (the distributor's grade rates), pays its own rate or fixed amount per unit on
 * each level, or pays none; a SKU follows its product or overrides it the same ways.
 *
 * Rates are typed in percent and amounts in yuan, one per level of the shop's current rules
 * (`admin.getRules`). The bounds come from `admin.rulesLimits` (a rate within `rateBp`) and from
 * ProductCommissionInput of shared/catalog.ts (an amount of 0-1,000,000 yuan), which the function
 * parses with: tests/miniprogram/admin-product-commission.test.ts holds the form's verdicts to the
 * schema's. The earnings preview computes with shared/lineCommission.ts, the same arithmetic
 * placeOrder snapshots commission with.
 */
import type { ProductCommission } from '@shared/lineCommission';
import { capLevels, levelBasis, uncappedFen } from '@shared/lineCommission';
import { formatFen } from '@shared/money';
import type { RulesView } from '@shared/contracts/admin';
import { bpToPercent, fenToYuan, percentToBp, yuanToFen } from '../rules/form';

export type CommissionMode = 'inherit' | ProductCommission['mode'];

export interface CommissionForm {
  mode: CommissionMode;
  /** Per level (up to 3): percent for `percent`, yuan for `fixed`. */
  values: string[];
}

type Rules = RulesView['rules'];

/** What the form needs of the rules and of their limits. */
export interface CommissionRules {
  levels: number;
  capBp: number;
  defaultGradeName: string;
  defaultRatesBp: number[];
  rateBp: { min: number; max: number };
}

/** ProductCommissionInput's bound of a fixed amount per unit, in fen (¥1,000,000). */
const MAX_FIXED_FEN = 100_000_000;
const LEVEL_NAMES = ['一级', '二级', '三级'];

export const PRODUCT_MODES: Array<{ mode: CommissionMode; label: string }> = [
  { mode: 'default', label: '跟随店铺默认（按分销员等级）' },
  { mode: 'percent', label: '按比例（每级单独设置）' },
  { mode: 'fixed', label: '固定金额（每件每级）' },
  { mode: 'none', label: '不参与分佣' },
];
export const SKU_MODES: Array<{ mode: CommissionMode; label: string }> = [
  { mode: 'inherit', label: '跟随商品设置' },
  ...PRODUCT_MODES,
];

export function commissionRules(rules: Rules, rateBp: { min: number; max: number }): CommissionRules {
  const grade = rules.grades.find((candidate) => candidate.id === rules.defaultGradeId) ?? rules.grades[0];
  return {
    levels: rules.levels,
    capBp: rules.capBp,
    defaultGradeName: grade?.name ?? '',
    defaultRatesBp: grade?.ratesBp ?? [],
    rateBp,
  };
}

/** The form of a stored setting; null (a SKU without its own) is `inherit`. */
export function commissionForm(commission: ProductCommission | null): CommissionForm {
  if (!commission) return { mode: 'inherit', values: ['', '', ''] };
  const values =
    commission.mode === 'percent'
      ? commission.ratesBp.map(bpToPercent)
      : commission.mode === 'fixed'
        ? commission.fixedFenPerUnit.map(fenToYuan)
        : [];
  return { mode: commission.mode, values: [...values, '', '', ''].slice(0, 3) };
}

/** A rule text for the hint under the level inputs. */
export function limitText(mode: CommissionMode, rules: CommissionRules): string {
  if (mode === 'percent')
    return `比例为 ${bpToPercent(rules.rateBp.min)}%-${bpToPercent(rules.rateBp.max)}%，最多两位小数`;
  if (mode === 'fixed') return `金额为 0-${MAX_FIXED_FEN / 100} 元，最多两位小数`;
  return '';
}

/**
 * The setting to send (null for `inherit`), or the index of every refused level value. Only
 * the rules' levels are read; the values of levels the shop does not pay are ignored.
 */
export function parseCommission(
  form: CommissionForm,
  rules: CommissionRules,
): { ok: true; commission: ProductCommission | null } | { ok: false; refused: number[] } {
  if (form.mode === 'inherit') return { ok: true, commission: null };
  if (form.mode === 'default' || form.mode === 'none') return { ok: true, commission: { mode: form.mode } };
  const texts = Array.from({ length: rules.levels }, (_, index) => form.values[index] ?? '');
  const parsed = texts.map((text) => {
    const value = form.mode === 'percent' ? percentToBp(text) : yuanToFen(text);
    const [min, max] = form.mode === 'percent' ? [rules.rateBp.min, rules.rateBp.max] : [0, MAX_FIXED_FEN];
    return value !== undefined && value >= min && value <= max ? value : undefined;
  });
  const refused = parsed.flatMap((value, index) => (value === undefined ? [index] : []));
  if (refused.length > 0) return { ok: false, refused };
  const amounts = parsed as number[];
  return {
    ok: true,
    commission:
      form.mode === 'percent' ? { mode: 'percent', ratesBp: amounts } : { mode: 'fixed', fixedFenPerUnit: amounts },
  };
}

/**
 * What each level's distributor (of the default grade) earns when a shopper buys one unit at
 * `priceFen`, with a full chain and the cap: e.g. "一级 ¥12.80 · 二级 ¥6.40". '' when the price
 * or the setting is not valid yet.
 */
export function earningsText(
  commission: ProductCommission | null | undefined,
  priceFen: number | undefined,
  rules: CommissionRules,
): string {
  if (!commission || priceFen === undefined) return '';
  if (commission.mode === 'none') return '不参与分佣';
  const uncapped = Array.from({ length: rules.levels }, (_, index) => {
    const basis = levelBasis(commission, rules.defaultRatesBp, index);
    return basis ? uncappedFen(basis, priceFen, 1) : 0;
  });
  const { amountsFen, capApplied } = capLevels(uncapped, priceFen, rules.capBp);
  const levels = amountsFen.map((amount, index) => `${LEVEL_NAMES[index]} ${formatFen(amount)}`).join(' · ');
  return capApplied ? `${levels}（已按上限 ${bpToPercent(rules.capBp)}% 缩减）` : levels;
}
