/**
 * The coupon form (编辑优惠券) as plain data, and its conversion to the saveCoupon input with the
 * rules of shared/contracts/adminCoupons.ts written out (importing the contract as a value
 * would bring zod into the mini-program). The function checks again (scope ids, the exclusive
 * distributor, the total against claims) and its answer is what counts. Amounts are typed in
 * yuan, a discount in 折 (8.5 = pay 85%), fixed validity as China calendar days: from the first
 * day's 00:00 to the end of the last day.
 */
import { chinaDay, chinaDayRange, chinaMidnight } from '@shared/chinaTime';
import type { AdminCouponView } from '@shared/contracts/adminCoupons';
import type { AdminRouteInput } from '../../services/admin';
import { fenToYuan, yuanToFen } from '../rules/form';

export type CouponKind = AdminCouponView['kind'];

export interface CouponForm {
  mode: 'create' | 'update';
  couponId: string;
  name: string;
  kind: CouponKind;
  /** Yuan. */
  threshold: string;
  off: string;
  maxOff: string;
  /** 折, e.g. "8.5". */
  payRate: string;
  scopeKind: 'shop' | 'categories' | 'products';
  categoryIds: string[];
  /** Product ids separated by commas or spaces. */
  productIds: string;
  validityKind: 'fixed' | 'afterClaim';
  fromDay: string;
  toDay: string;
  days: string;
  totalQuantity: string;
  perUserLimit: string;
  /** An approved distributor's share code, or '' for a coupon anyone may claim. */
  exclusiveShareCode: string;
  commission: boolean;
}

export type CouponErrors = Record<string, string>;
type SaveInput = AdminRouteInput<'saveCoupon'>;

const DAY_MS = 24 * 60 * 60 * 1000;

export function newCouponForm(now = Date.now()): CouponForm {
  return {
    mode: 'create',
    couponId: `cp-${now.toString(36)}`,
    name: '',
    kind: 'threshold',
    threshold: '',
    off: '',
    maxOff: '',
    payRate: '',
    scopeKind: 'shop',
    categoryIds: [],
    productIds: '',
    validityKind: 'afterClaim',
    fromDay: chinaDay(now),
    toDay: chinaDay(now + 30 * DAY_MS),
    days: '7',
    totalQuantity: '100',
    perUserLimit: '1',
    exclusiveShareCode: '',
    commission: true,
  };
}

export function formFromCoupon(view: AdminCouponView): CouponForm {
  const { validity, scope } = view;
  const base = newCouponForm();
  return {
    ...base,
    mode: 'update',
    couponId: view.couponId,
    name: view.name,
    kind: view.kind,
    threshold: view.thresholdFen ? fenToYuan(view.thresholdFen) : '',
    off: view.offFen ? fenToYuan(view.offFen) : '',
    maxOff: view.maxOffFen ? fenToYuan(view.maxOffFen) : '',
    payRate: view.payRateBp ? String(view.payRateBp / 1000) : '',
    scopeKind: scope.kind,
    categoryIds: scope.kind === 'categories' ? scope.ids : [],
    productIds: scope.kind === 'products' ? scope.ids.join(', ') : '',
    validityKind: validity.kind,
    fromDay: validity.from ? chinaDay(Date.parse(validity.from)) : base.fromDay,
    // The stored end is the next day's 00:00: the form shows the last day it is valid on.
    toDay: validity.to ? chinaDay(Date.parse(validity.to) - 1) : base.toDay,
    days: validity.days !== null ? String(validity.days) : base.days,
    totalQuantity: String(view.totalQuantity),
    perUserLimit: String(view.perUserLimit),
    exclusiveShareCode: view.exclusive?.shareCode ?? '',
    commission: view.commission,
  };
}

function wholeNumber(text: string, min: number, max: number): number | undefined {
  if (!/^\d{1,7}$/.test(text.trim())) return undefined;
  const value = Number(text.trim());
  return value >= min && value <= max ? value : undefined;
}

/** 折 as basis points paid: "8.5" → 8500; 0.001-9.999 折. */
function payRateBp(text: string): number | undefined {
  if (!/^\d(\.\d{1,3})?$/.test(text.trim())) return undefined;
  const bp = Math.round(Number(text.trim()) * 1000);
  return bp >= 1 && bp <= 9999 ? bp : undefined;
}

/** The largest amount a coupon term may hold, fen (1,000,000 yuan). */
const MAX_FEN = 100_000_000;

const positiveFen = (text: string): number | undefined => {
  const fen = yuanToFen(text);
  return fen !== undefined && fen >= 1 && fen <= MAX_FEN ? fen : undefined;
};

function termsOf(form: CouponForm, errors: CouponErrors): SaveInput['terms'] | undefined {
  const off = positiveFen(form.off);
  if (form.kind === 'discount') {
    const rate = payRateBp(form.payRate);
    const maxOffFen = positiveFen(form.maxOff);
    if (rate === undefined) errors.payRate = '折扣为 0.001-9.999 折，如 8.5';
    if (maxOffFen === undefined) errors.maxOff = '请填写最多减免的金额（元）';
    return rate !== undefined && maxOffFen !== undefined ? { kind: 'discount', payRateBp: rate, maxOffFen } : undefined;
  }
  if (off === undefined) errors.off = '请填写减免金额（元，最多两位小数）';
  if (form.kind === 'noThreshold') return off !== undefined ? { kind: 'noThreshold', offFen: off } : undefined;
  const thresholdFen = positiveFen(form.threshold);
  if (thresholdFen === undefined) errors.threshold = '请填写使用门槛（元）';
  else if (off !== undefined && off >= thresholdFen) errors.off = '减免金额须低于使用门槛';
  if (thresholdFen === undefined || off === undefined || off >= thresholdFen) return undefined;
  return { kind: 'threshold', thresholdFen, offFen: off };
}

function scopeOf(form: CouponForm, errors: CouponErrors): SaveInput['scope'] | undefined {
  if (form.scopeKind === 'shop') return { kind: 'shop' };
  if (form.scopeKind === 'categories') {
    if (form.categoryIds.length === 0) errors.scope = '请至少选择一个分类';
    return form.categoryIds.length ? { kind: 'categories', categoryIds: form.categoryIds } : undefined;
  }
  const productIds = [...new Set(form.productIds.split(/[\s,，]+/).filter(Boolean))];
  if (productIds.length === 0) errors.scope = '请填写至少一个商品编号';
  return productIds.length ? { kind: 'products', productIds } : undefined;
}

function validityOf(form: CouponForm, errors: CouponErrors): SaveInput['validity'] | undefined {
  if (form.validityKind === 'afterClaim') {
    const days = wholeNumber(form.days, 1, 365);
    if (days === undefined) errors.days = '有效天数为 1-365';
    return days !== undefined ? { kind: 'afterClaim', days } : undefined;
  }
  if (form.fromDay > form.toDay) {
    errors.validity = '结束日期不能早于开始日期';
    return undefined;
  }
  return {
    kind: 'fixed',
    from: chinaMidnight(form.fromDay).toISOString(),
    to: chinaDayRange(form.toDay).to.toISOString(),
  };
}

/** The saveCoupon input, or what is wrong with the form by field. */
export function checkCouponForm(form: CouponForm): { input: SaveInput } | { errors: CouponErrors } {
  const errors: CouponErrors = {};
  const name = form.name.trim();
  if (name.length < 1 || name.length > 30) errors.name = '请填写名称（1-30 个字）';
  if (!/^[A-Za-z0-9-]{1,40}$/.test(form.couponId)) errors.couponId = '编号为 1-40 位字母、数字或 -';
  const terms = termsOf(form, errors);
  const scope = scopeOf(form, errors);
  const validity = validityOf(form, errors);
  const totalQuantity = wholeNumber(form.totalQuantity, 1, 1_000_000);
  if (totalQuantity === undefined) errors.totalQuantity = '发放总量为 1-1000000';
  const perUserLimit = wholeNumber(form.perUserLimit, 1, 100);
  if (perUserLimit === undefined) errors.perUserLimit = '每人限领 1-100 张';
  const code = form.exclusiveShareCode.trim().toUpperCase();
  if (code && !/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$/.test(code)) errors.exclusiveShareCode = '推广码为 8 位字母数字';
  if (Object.keys(errors).length > 0 || !terms || !scope || !validity || !totalQuantity || !perUserLimit)
    return { errors };
  return {
    input: {
      mode: form.mode,
      couponId: form.couponId,
      name,
      terms,
      scope,
      validity,
      totalQuantity,
      perUserLimit,
      exclusiveShareCode: code || null,
      commission: form.commission,
    },
  };
}
