/**
 * The activity form (活动编辑) as plain data, with the rules of SaveActivityInput
 * (shared/contracts/adminActivities.ts) written out, since importing the contract as a value
 * would bring zod into the mini-program: the window's start before its end, 1 to 5 tiers with
 * thresholds and amounts strictly increasing and each amount below its threshold, 1 to 100 SKUs
 * each with an activity price from ¥0.01 to below its price (a 秒杀 session's SKUs also with an
 * allotment and a per-user limit of at least 1). The function checks again (ids that
 * exist, the SKU's current price, a window already over) and its answer is what counts. Amounts
 * are typed in yuan and converted to fen exactly; times are China time (shared/chinaTime.ts).
 */
import type { ActivityKind, Scope } from '@shared/activities';
import { chinaFormat, chinaMidnight } from '@shared/chinaTime';
import type { AdminOutput } from '@shared/contracts/admin';
import type { ActivityView } from '@shared/contracts/adminActivities';
import type { AdminRouteInput } from '../../services/admin';
import { fenToYuan, yuanToFen } from '../rules/form';

type GetActivityOutput = AdminOutput<'getActivity'>;

export const MAX_TIERS = 5;
export const MAX_SKUS = 100;

export interface TierForm {
  /** Yuan. */
  threshold: string;
  off: string;
}

export interface SkuForm {
  skuId: string;
  productId: string;
  label: string;
  /** The SKU's price, fen (null when the SKU is gone), and as shown. */
  originalPriceFen: number | null;
  originalPrice: string;
  /** The activity price, yuan. */
  price: string;
  /** 秒杀 only: the units allotted to the session and the per-user limit, as typed. */
  stock: string;
  limit: string;
}

export interface ActivityForm {
  mode: 'create' | 'update';
  id: string;
  kind: ActivityKind;
  name: string;
  commission: boolean;
  /** China date (YYYY-MM-DD) and time (HH:mm) of the window's start and end. */
  startDay: string;
  startTime: string;
  endDay: string;
  endTime: string;
  scopeKind: Scope['kind'];
  /** The categories or products of the scope, by id. */
  scopeIds: string[];
  tiers: TierForm[];
  skus: SkuForm[];
  /** 拼团: members that fill a group (2-10), minutes a group stays open, the leader's bonus in yuan (empty: none). */
  groupSize: string;
  timeLimitMinutes: string;
  leaderBonus: string;
}

/** A new activity's id, chosen once and kept until its save succeeds (a resent save is a replay). */
export function newActivityId(now: number = Date.now()): string {
  return `a${now.toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

const day = (at: number): string => chinaFormat(at, 'YYYY-MM-DD');
const time = (at: number): string => chinaFormat(at, 'HH:mm');

/** A blank form: starting at the next full hour, for 7 days. */
export function blankForm(kind: ActivityKind, now: number = Date.now()): ActivityForm {
  const start = Math.ceil(now / 3_600_000) * 3_600_000;
  const end = start + 7 * 86_400_000;
  return {
    mode: 'create',
    id: newActivityId(now),
    kind,
    name: '',
    commission: true,
    startDay: day(start),
    startTime: time(start),
    endDay: day(end),
    endTime: time(end),
    scopeKind: 'shop',
    scopeIds: [],
    tiers: [{ threshold: '', off: '' }],
    skus: [],
    groupSize: '2',
    timeLimitMinutes: '1440',
    leaderBonus: '',
  };
}

/** The form of a stored activity (getActivity's answer). */
export function formOf({ activity, skuDetails }: Pick<GetActivityOutput, 'activity' | 'skuDetails'>): ActivityForm {
  const start = Date.parse(activity.startAt);
  const end = Date.parse(activity.endAt);
  const common = {
    ...blankForm(activity.kind),
    mode: 'update' as const,
    id: activity.id,
    name: activity.name,
    commission: activity.commission,
    startDay: day(start),
    startTime: time(start),
    endDay: day(end),
    endTime: time(end),
  };
  if (activity.kind === 'fullReduction') {
    const scope = activity.scope;
    return {
      ...common,
      scopeKind: scope.kind,
      scopeIds: scope.kind === 'categories' ? scope.categoryIds : scope.kind === 'products' ? scope.productIds : [],
      tiers: activity.tiers.map((tier) => ({ threshold: fenToYuan(tier.thresholdFen), off: fenToYuan(tier.offFen) })),
    };
  }
  if (activity.kind === 'flashSale')
    return {
      ...common,
      skus: activity.skus.map((sku) => ({
        ...skuForm(sku, skuDetails, fenToYuan(sku.priceFen)),
        stock: String(sku.stock),
        limit: String(sku.perUserLimit),
      })),
    };
  // A 拼团 names its one product on the activity, a 限时折扣 on each SKU.
  const productOf = (sku: { skuId: string }): string =>
    activity.kind === 'groupBuy' ? activity.productId : 'productId' in sku ? String(sku.productId) : '';
  const group =
    activity.kind === 'groupBuy'
      ? {
          groupSize: String(activity.groupSize),
          timeLimitMinutes: String(activity.timeLimitMinutes),
          leaderBonus: activity.leaderBonusFen > 0 ? fenToYuan(activity.leaderBonusFen) : '',
        }
      : {};
  return {
    ...common,
    ...group,
    skus: activity.skus.map((sku) =>
      skuForm({ ...sku, productId: productOf(sku) }, skuDetails, fenToYuan(sku.priceFen)),
    ),
  };
}

function skuForm(
  sku: Extract<ActivityView, { kind: 'timedDiscount' }>['skus'][number],
  details: GetActivityOutput['skuDetails'],
  price: string,
): SkuForm {
  const detail = details.find((candidate) => candidate.skuId === sku.skuId);
  const originalPriceFen = detail?.originalPriceFen ?? null;
  return {
    skuId: sku.skuId,
    productId: sku.productId,
    label: detail ? `${detail.productName} ${detail.spec}` : sku.skuId,
    originalPriceFen,
    originalPrice: originalPriceFen === null ? '已删除' : `原价 ¥${fenToYuan(originalPriceFen)}`,
    price,
    stock: '',
    limit: '1',
  };
}

/** The instant of a China date and time, ISO; undefined when either is unreadable. */
export function chinaInstant(dayText: string, timeText: string): string | undefined {
  const match = /^(\d{2}):(\d{2})$/.exec(timeText);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(dayText) || !match) return undefined;
  const midnight = chinaMidnight(dayText).getTime();
  if (Number.isNaN(midnight)) return undefined;
  return new Date(midnight + (Number(match[1]) * 60 + Number(match[2])) * 60_000).toISOString();
}

type SaveInput = AdminRouteInput<'saveActivity'>;

function scopeOf(form: ActivityForm): Scope | string {
  if (form.scopeKind === 'shop') return { kind: 'shop' };
  if (form.scopeIds.length === 0) return form.scopeKind === 'categories' ? '请选择分类' : '请选择商品';
  return form.scopeKind === 'categories'
    ? { kind: 'categories', categoryIds: form.scopeIds }
    : { kind: 'products', productIds: form.scopeIds };
}

function tiersOf(form: ActivityForm): { thresholdFen: number; offFen: number }[] | string {
  if (form.tiers.length < 1 || form.tiers.length > MAX_TIERS) return `满减档位为 1 至 ${MAX_TIERS} 档`;
  const tiers: { thresholdFen: number; offFen: number }[] = [];
  for (const [index, tier] of form.tiers.entries()) {
    const thresholdFen = yuanToFen(tier.threshold);
    const offFen = yuanToFen(tier.off);
    if (!thresholdFen || !offFen) return `第 ${index + 1} 档：请填写门槛和减免金额`;
    if (offFen >= thresholdFen) return `第 ${index + 1} 档：减免金额须低于门槛`;
    const previous = tiers[index - 1];
    if (previous && (thresholdFen <= previous.thresholdFen || offFen <= previous.offFen))
      return `第 ${index + 1} 档：门槛和减免金额须高于上一档`;
    tiers.push({ thresholdFen, offFen });
  }
  return tiers;
}

function skusOf(form: ActivityForm): { skuId: string; priceFen: number }[] | string {
  if (form.skus.length < 1 || form.skus.length > MAX_SKUS) return `请选择 1 至 ${MAX_SKUS} 个规格`;
  const skus: { skuId: string; priceFen: number }[] = [];
  for (const sku of form.skus) {
    const priceFen = yuanToFen(sku.price);
    if (!priceFen) return `${sku.label}：请填写活动价`;
    if (sku.originalPriceFen !== null && priceFen >= sku.originalPriceFen) return `${sku.label}：活动价须低于原价`;
    skus.push({ skuId: sku.skuId, priceFen });
  }
  return skus;
}

/** A whole number typed in a field, or 0 when it is not one. */
const count = (text: string): number => (/^\d{1,7}$/.test(text.trim()) ? Number(text.trim()) : 0);

/** 秒杀: each SKU's flash price, allotment (≥ 1; the function checks it against the SKU's stock) and per-user limit (≥ 1). */
function flashSkusOf(
  form: ActivityForm,
): { skuId: string; priceFen: number; stock: number; perUserLimit: number }[] | string {
  const priced = skusOf(form);
  if (typeof priced === 'string') return priced;
  const skus: { skuId: string; priceFen: number; stock: number; perUserLimit: number }[] = [];
  for (const [index, sku] of form.skus.entries()) {
    const stock = count(sku.stock);
    const perUserLimit = count(sku.limit);
    if (stock < 1) return `${sku.label}：请填写秒杀库存（至少 1 件）`;
    if (perUserLimit < 1) return `${sku.label}：每人限购至少 1 件`;
    skus.push({ ...(priced[index] as { skuId: string; priceFen: number }), stock, perUserLimit });
  }
  return skus;
}

/** 拼团's size, time limit and leader's bonus, or the first problem (the contract's bounds). */
function groupTermsOf(
  form: ActivityForm,
  skus: { priceFen: number }[],
): { groupSize: number; timeLimitMinutes: number; leaderBonusFen: number } | string {
  const groupSize = Number(form.groupSize);
  const timeLimitMinutes = Number(form.timeLimitMinutes);
  const leaderBonusFen = form.leaderBonus.trim() === '' ? 0 : yuanToFen(form.leaderBonus);
  if (!Number.isInteger(groupSize) || groupSize < 2 || groupSize > 10) return '成团人数须为 2 至 10 人';
  if (!Number.isInteger(timeLimitMinutes) || timeLimitMinutes < 5 || timeLimitMinutes > 7 * 24 * 60)
    return '成团时限须为 5 至 10080 分钟';
  if (leaderBonusFen === undefined) return '请填写正确的团长优惠';
  if (skus.some((sku) => sku.priceFen <= leaderBonusFen)) return '团长优惠须低于每个规格的拼团价';
  return { groupSize, timeLimitMinutes, leaderBonusFen };
}

/** The saveActivity input of a form, or the first problem to show (Chinese). */
export function saveInputOf(form: ActivityForm): { input: SaveInput } | { problem: string } {
  const name = form.name.trim();
  if (name === '') return { problem: '请填写活动名称' };
  const startAt = chinaInstant(form.startDay, form.startTime);
  const endAt = chinaInstant(form.endDay, form.endTime);
  if (!startAt || !endAt) return { problem: '请选择开始和结束时间' };
  if (Date.parse(startAt) >= Date.parse(endAt)) return { problem: '结束时间须晚于开始时间' };
  const common = { mode: form.mode, id: form.id, name, startAt, endAt, commission: form.commission };
  if (form.kind === 'fullReduction') {
    const scope = scopeOf(form);
    const tiers = tiersOf(form);
    if (typeof scope === 'string') return { problem: scope };
    if (typeof tiers === 'string') return { problem: tiers };
    return { input: { ...common, kind: 'fullReduction', scope, tiers } };
  }
  if (form.kind === 'flashSale') {
    const flash = flashSkusOf(form);
    if (typeof flash === 'string') return { problem: flash };
    return { input: { ...common, kind: 'flashSale', skus: flash } };
  }
  const skus = skusOf(form);
  if (typeof skus === 'string') return { problem: skus };
  if (form.kind === 'groupBuy') {
    const terms = groupTermsOf(form, skus);
    return typeof terms === 'string' ? { problem: terms } : { input: { ...common, kind: 'groupBuy', skus, ...terms } };
  }
  return { input: { ...common, kind: 'timedDiscount', skus } };
}
