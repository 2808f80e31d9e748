/**
 * Coupon administration (shared/contracts/adminCoupons.ts): the merchant defines a coupon,
 * edits it, pauses, resumes and ends it, and lists them. A claim copies the terms
 * (shared/coupons.ts), so an edit reaches only later claims; the claim count is never written
 * here, and an edit that would lower the total below it is refused by the same conditional
 * update that stores the edit, so a claim landing meanwhile cannot slip under it.
 *
 * Ids are chosen by the admin's page, so a retried create finds what its first attempt wrote:
 * the same definition again is a replay, another definition under that id is COUPON_EXISTS.
 */
import type { AdminError, AdminInput, AdminOutput } from '@shared/contracts/admin';
import type { AdminCouponView } from '@shared/contracts/adminCoupons';
import type { Scope } from '@shared/activities';
import { couponLabels, type CouponDocument, type CouponTerms, type CouponValidity } from '@shared/coupons';
import { fail, ok, type Result } from '@shared/result';
import type { UserDocument } from '@shared/users';
import { _, countWhere, findWhere, getDoc, insertDoc, updateWhere } from '../_lib/db';
import { newestFirstPage } from '../_lib/paging';
import type { AdminContext } from './context';

type SaveInput = AdminInput<'saveCoupon'>;
type Definition = Omit<CouponDocument, '_id' | 'claimedCount' | 'status' | 'createdAt' | 'updatedAt'>;

/** The stored terms of the input's kind: the fields other kinds carry are 0. */
function termsOf(input: SaveInput): CouponTerms {
  const zero = { thresholdFen: 0, offFen: 0, payRateBp: 0, maxOffFen: 0 };
  return { name: input.name, scope: input.scope, commission: input.commission, ...zero, ...input.terms };
}

function validityOf(input: SaveInput['validity']): CouponValidity {
  return input.kind === 'fixed'
    ? { kind: 'fixed', from: new Date(input.from), to: new Date(input.to) }
    : { kind: 'afterClaim', days: input.days };
}

function definitionOf(input: SaveInput, exclusiveDistributorId: string | null): Definition {
  return {
    ...termsOf(input),
    validity: validityOf(input.validity),
    totalQuantity: input.totalQuantity,
    perUserLimit: input.perUserLimit,
    exclusiveDistributorId,
  };
}

/** A definition as comparable text: dates as instants, keys in one order. */
function fingerprint(definition: Definition): string {
  const validity =
    definition.validity.kind === 'fixed'
      ? { kind: 'fixed', from: definition.validity.from.getTime(), to: definition.validity.to.getTime() }
      : definition.validity;
  const { name, kind, thresholdFen, offFen, payRateBp, maxOffFen, scope, commission } = definition;
  const { totalQuantity, perUserLimit, exclusiveDistributorId } = definition;
  return JSON.stringify([
    [name, kind, thresholdFen, offFen, payRateBp, maxOffFen, commission],
    scope,
    validity,
    [totalQuantity, perUserLimit, exclusiveDistributorId],
  ]);
}

/** Every category or product a scope names exists (one count per scope). */
async function scopeExists(scope: Scope): Promise<boolean> {
  if (scope.kind === 'shop') return true;
  const ids = [...new Set(scope.kind === 'categories' ? scope.categoryIds : scope.productIds)];
  const collection = scope.kind === 'categories' ? 'categories' : 'products';
  return (await countWhere(collection, { _id: _.in(ids) })) === ids.length;
}

/** The approved distributor a share code names, or null. */
async function approvedDistributor(shareCode: string): Promise<UserDocument | null> {
  const [user] = await findWhere('users', { shareCode }, { limit: 1 });
  return user && user.distributor.status === 'approved' ? user : null;
}

type Exclusive = AdminCouponView['exclusive'];

export function couponView(coupon: CouponDocument, exclusive: Exclusive): AdminCouponView {
  const { validity, scope } = coupon;
  return {
    couponId: coupon._id,
    name: coupon.name,
    kind: coupon.kind,
    thresholdFen: coupon.thresholdFen,
    offFen: coupon.offFen,
    payRateBp: coupon.payRateBp,
    maxOffFen: coupon.maxOffFen,
    ...couponLabels(coupon),
    scope: {
      kind: scope.kind,
      ids: scope.kind === 'shop' ? [] : scope.kind === 'categories' ? scope.categoryIds : scope.productIds,
    },
    validity:
      validity.kind === 'fixed'
        ? { kind: 'fixed', from: validity.from.toISOString(), to: validity.to.toISOString(), days: null }
        : { kind: 'afterClaim', from: null, to: null, days: validity.days },
    totalQuantity: coupon.totalQuantity,
    claimedCount: coupon.claimedCount,
    perUserLimit: coupon.perUserLimit,
    exclusive,
    commission: coupon.commission,
    status: coupon.status,
    createdAt: coupon.createdAt.toISOString(),
    updatedAt: coupon.updatedAt.toISOString(),
  };
}

/** The exclusive distributors of several coupons, read at once. */
async function exclusivesOf(coupons: CouponDocument[]): Promise<Map<string, Exclusive>> {
  const ids = [...new Set(coupons.map((coupon) => coupon.exclusiveDistributorId).filter((id) => id !== null))];
  const users = ids.length ? await findWhere('users', { _id: _.in(ids) }, { limit: ids.length }) : [];
  const byId = new Map(users.map((user) => [user._id, user]));
  return new Map(
    ids.map((id) => {
      const user = byId.get(id);
      return [id, { distributorId: id, shareCode: user?.shareCode ?? '', nickname: user?.nickname ?? '' }];
    }),
  );
}

export async function viewOf(coupon: CouponDocument): Promise<AdminCouponView> {
  const exclusives = await exclusivesOf([coupon]);
  return couponView(coupon, exclusives.get(coupon.exclusiveDistributorId ?? '') ?? null);
}

type SaveOutput = AdminOutput<'saveCoupon'>;

/** Validates what the input refers to: the scope's ids and the exclusive distributor. */
async function resolveReferences(input: SaveInput): Promise<Result<Definition, AdminError>> {
  if (!(await scopeExists(input.scope))) return fail('COUPON_SCOPE_UNKNOWN', '适用范围里有不存在的分类或商品');
  let exclusiveId: string | null = null;
  if (input.exclusiveShareCode !== null) {
    const distributor = await approvedDistributor(input.exclusiveShareCode);
    if (!distributor) return fail('COUPON_DISTRIBUTOR_INVALID', '专属分销员的推广码无效或不是已审核的分销员');
    exclusiveId = distributor._id;
  }
  return ok(definitionOf(input, exclusiveId));
}

async function createCoupon(id: string, definition: Definition, now: Date): Promise<Result<SaveOutput, AdminError>> {
  const doc: CouponDocument = {
    _id: id,
    ...definition,
    claimedCount: 0,
    status: 'active',
    createdAt: now,
    updatedAt: now,
  };
  const inserted = await insertDoc('coupons', doc);
  if (inserted === 'inserted') return ok({ status: 'created', coupon: await viewOf(doc) });
  const existing = await getDoc('coupons', id);
  if (existing && fingerprint(existing) === fingerprint(definition))
    return ok({ status: 'replayed', coupon: await viewOf(existing) });
  return fail('COUPON_EXISTS', '优惠券编号已被使用');
}

async function updateCoupon(
  existing: CouponDocument,
  definition: Definition,
  now: Date,
): Promise<Result<SaveOutput, AdminError>> {
  if (existing.status === 'ended') return fail('COUPON_ENDED', '已结束的优惠券不能修改');
  if (fingerprint(existing) === fingerprint(definition))
    return ok({ status: 'unchanged', coupon: await viewOf(existing) });
  // Conditional on the claims staying within the new total and the coupon not having ended.
  const updated = await updateWhere(
    'coupons',
    { _id: existing._id, claimedCount: _.lte(definition.totalQuantity), status: _.neq('ended') },
    { ...definition, scope: _.set(definition.scope), validity: _.set(definition.validity), updatedAt: now },
  );
  const after = await getDoc('coupons', existing._id);
  if (!after) return fail('COUPON_NOT_FOUND', '优惠券不存在');
  if (updated === 1) return ok({ status: 'updated', coupon: await viewOf(after) });
  if (after.status === 'ended') return fail('COUPON_ENDED', '已结束的优惠券不能修改');
  return fail('COUPON_QUANTITY_BELOW_CLAIMED', `发放总量不能少于已领取的 ${after.claimedCount} 张`);
}

export async function saveCoupon(context: AdminContext, input: SaveInput): Promise<Result<SaveOutput, AdminError>> {
  const existing = input.mode === 'update' ? await getDoc('coupons', input.couponId) : null;
  if (input.mode === 'update' && !existing) return fail('COUPON_NOT_FOUND', '优惠券不存在');
  if (existing && input.totalQuantity < existing.claimedCount)
    return fail('COUPON_QUANTITY_BELOW_CLAIMED', `发放总量不能少于已领取的 ${existing.claimedCount} 张`);
  const definition = await resolveReferences(input);
  if (!definition.ok) return definition;
  return existing
    ? updateCoupon(existing, definition.data, context.now)
    : createCoupon(input.couponId, definition.data, context.now);
}

const ACTIONS = {
  pause: { from: ['active'], to: 'paused' },
  resume: { from: ['paused'], to: 'active' },
  end: { from: ['active', 'paused'], to: 'ended' },
} as const;

export async function setCouponStatus(
  context: AdminContext,
  input: AdminInput<'setCouponStatus'>,
): Promise<Result<AdminOutput<'setCouponStatus'>, AdminError>> {
  const action = ACTIONS[input.action];
  const coupon = await getDoc('coupons', input.couponId);
  if (!coupon) return fail('COUPON_NOT_FOUND', '优惠券不存在');
  if (coupon.status === action.to) return ok({ status: 'unchanged', coupon: await viewOf(coupon) });
  const updated = await updateWhere(
    'coupons',
    { _id: coupon._id, status: _.in([...action.from]) },
    { status: action.to, updatedAt: context.now },
  );
  const after = (await getDoc('coupons', coupon._id)) as CouponDocument;
  if (updated === 1 || after.status === action.to)
    return ok({ status: updated === 1 ? 'changed' : 'unchanged', coupon: await viewOf(after) });
  return fail('COUPON_ENDED', '优惠券已结束');
}

export async function listCoupons(
  input: AdminInput<'listCoupons'>,
): Promise<Result<AdminOutput<'listCoupons'>, AdminError>> {
  const where = input.status ? { status: input.status } : {};
  const page = await newestFirstPage('coupons', where, input);
  const exclusives = await exclusivesOf(page.items);
  const items = await Promise.all(
    page.items.map(async (coupon) => ({
      ...couponView(coupon, exclusives.get(coupon.exclusiveDistributorId ?? '') ?? null),
      usedCount: await countWhere('userCoupons', { couponId: coupon._id, status: 'used' }),
    })),
  );
  return ok({ items, nextOffset: page.nextOffset });
}
