/**
 * The checkout page's view of a quote (placeOrder › quote, shared/contracts/quote.ts): lines,
 * every discount by name (限时折扣 / 满减 / 优惠券), the totals, and the coupon picker's list
 * (usable coupons with what each takes off, then the others greyed with why), and the payment
 * choice (余额支付 offered when the balance covers the order). Pure, so the
 * page only formats what the server priced.
 */
import type { QuoteCoupon, QuoteOutput } from '@shared/contracts/quote';
import { formatFen } from '@shared/money';
import { formatDateTime } from '../../utils/format';

export interface LineView {
  skuId: string;
  name: string;
  spec: string;
  image: string;
  price: string;
  /** The activity's unit price when one priced the line, else ''. */
  activityPrice: string;
  /** The activity's name (e.g. a 限时折扣), else ''. */
  activityName: string;
  quantity: number;
  total: string;
}

export interface TotalsView {
  goods: string;
  discount: string;
  hasDiscount: boolean;
  shipping: string;
  payable: string;
}

export interface DiscountRow {
  key: string;
  label: string;
  name: string;
  amount: string;
}

export interface CouponRow {
  id: string;
  name: string;
  rule: string;
  validTo: string;
  amount: string;
  usable: boolean;
  reason: string;
  chosen: boolean;
}

const SOURCE_LABELS = {
  activity: '限时折扣',
  distributorPrice: '分销专属价',
  fullReduction: '满减',
  coupon: '优惠券',
  points: '积分抵扣',
} as const;

const REASON_LABELS: Record<NonNullable<QuoteCoupon['reason']>, string> = {
  USED: '已使用',
  NOT_STARTED: '未到使用时间',
  EXPIRED: '已过期',
  OUT_OF_SCOPE: '所选商品不可用',
  BELOW_THRESHOLD: '未达到使用门槛',
  NO_DISCOUNT: '所选商品无可减金额',
};

/** The payment choice (微信支付 / 余额支付): the balance, and whether it covers the order. */
export interface PayChoiceView {
  balance: string;
  balanceEnough: boolean;
  /** Why 余额支付 is not offered ('' when it is). */
  balanceReason: string;
}

export function payChoiceView(q: Pick<QuoteOutput, 'balanceFen' | 'payableFen'>): PayChoiceView {
  const balanceEnough = q.balanceFen >= q.payableFen;
  return {
    balance: formatFen(q.balanceFen),
    balanceEnough,
    balanceReason: balanceEnough ? '' : `余额不足，还差 ${formatFen(q.payableFen - q.balanceFen)}`,
  };
}

export function totalsView(q: QuoteOutput): TotalsView {
  return {
    goods: formatFen(q.goodsFen),
    discount: `-${formatFen(q.discountFen)}`,
    hasDiscount: q.discountFen > 0,
    shipping: q.shippingFen === 0 ? '免运费' : formatFen(q.shippingFen),
    payable: formatFen(q.payableFen),
  };
}

export function linesView(q: QuoteOutput): LineView[] {
  return q.lines.map((line) => ({
    skuId: line.skuId,
    name: line.name,
    spec: line.spec,
    image: line.image,
    price: formatFen(line.unitPriceFen),
    activityPrice: line.activity ? formatFen(line.activity.priceFen) : '',
    activityName: line.activity?.name ?? '',
    quantity: line.quantity,
    total: formatFen(line.lineTotalFen),
  }));
}

/** The 限时折扣 and 满减 rows; the coupon has its own row (the picker). */
export function discountRows(q: QuoteOutput): DiscountRow[] {
  return q.discounts
    .filter((discount) => discount.source !== 'coupon')
    .map((discount) => ({
      key: `${discount.source}:${discount.id}`,
      label: SOURCE_LABELS[discount.source],
      // Points and the distributor price are named by their label alone.
      name: discount.source === 'points' || discount.source === 'distributorPrice' ? '' : discount.name,
      amount: `-${formatFen(discount.amountFen)}`,
    }));
}

/** What the coupon row says: the amount the chosen coupon takes off, or how many could be used. */
export function couponSummary(q: QuoteOutput): string {
  const applied = q.discounts.find((discount) => discount.source === 'coupon');
  if (applied) return `-${formatFen(applied.amountFen)}`;
  const usable = q.coupons.filter((coupon) => coupon.usable).length;
  if (usable > 0) return `${usable} 张可用`;
  return q.coupons.length > 0 ? '暂无可用' : '暂无优惠券';
}

/** A coupon's terms in words: 满¥200.00减¥20.00, 8.5折 最多减¥50.00, 无门槛减¥10.00. */
export function couponRule(
  coupon: Pick<QuoteCoupon, 'kind' | 'thresholdFen' | 'offFen' | 'payRateBp' | 'maxOffFen'>,
): string {
  if (coupon.kind === 'threshold') return `满${formatFen(coupon.thresholdFen)}减${formatFen(coupon.offFen)}`;
  if (coupon.kind === 'noThreshold') return `无门槛减${formatFen(coupon.offFen)}`;
  // 8500 bp (what is still paid) → 8.5 折, in integers: the whole 折 and the rest's digits.
  const whole = Math.floor(coupon.payRateBp / 1000);
  const rest = String(coupon.payRateBp % 1000)
    .padStart(3, '0')
    .replace(/0+$/, '');
  return `${whole}${rest ? `.${rest}` : ''}折 最多减${formatFen(coupon.maxOffFen)}`;
}

/** The picker's list, in the quote's order (usable first, the largest amount first). */
export function couponRows(q: QuoteOutput): CouponRow[] {
  return q.coupons.map((coupon) => ({
    id: coupon.couponId,
    name: coupon.name,
    rule: couponRule(coupon),
    validTo: `有效期至 ${formatDateTime(coupon.validTo)}`,
    amount: coupon.usable ? `-${formatFen(coupon.amountFen)}` : '',
    usable: coupon.usable,
    reason: coupon.reason ? REASON_LABELS[coupon.reason] : '',
    chosen: coupon.couponId === q.couponId,
  }));
}
