/**
 * The checks of saveActivity that need the database, and the document it stores: a scope names
 * only categories and products that exist; a 限时折扣 lists only SKUs that exist, each with an
 * activity price below the SKU's current price. Each read takes every id at once.
 */
import type { ActivityDocument, DiscountedSku, FlashSaleSku, Scope } from '@shared/activities';
import type { AdminError } from '@shared/contracts/admin';
import type { SaveActivityInput } from '@shared/contracts/adminActivities';
import { fail, ok, type Result } from '@shared/result';
import { formatFen } from '@shared/money';
import { _, findWhere } from '../_lib/db';

/** A refusal of the scope (an id that does not exist), or null when every id exists. */
export async function scopeProblem(scope: Scope): Promise<Result<never, AdminError> | null> {
  if (scope.kind === 'shop') return null;
  const [collection, ids] =
    scope.kind === 'categories'
      ? (['categories', scope.categoryIds] as const)
      : (['products', scope.productIds] as const);
  const found = new Set((await findWhere(collection, { _id: _.in(ids) }, { limit: ids.length })).map((doc) => doc._id));
  const missing = ids.find((id) => !found.has(id));
  if (missing === undefined) return null;
  return scope.kind === 'categories'
    ? fail('CATEGORY_NOT_FOUND', `分类 ${missing} 不存在 (no such category)`)
    : fail('PRODUCT_NOT_FOUND', `商品 ${missing} 不存在 (no such product)`);
}

/** The listed SKUs with their products, or the refusal of the first SKU that is missing or not discounted. */
export async function discountedSkus(
  skus: SaveActivityInput & { kind: 'timedDiscount' } extends { skus: infer S } ? S : never,
): Promise<Result<DiscountedSku[], AdminError>> {
  const ids = skus.map((sku) => sku.skuId);
  const stored = new Map(
    (await findWhere('skus', { _id: _.in(ids) }, { limit: ids.length })).map((doc) => [doc._id, doc]),
  );
  const listed: DiscountedSku[] = [];
  for (const sku of skus) {
    const doc = stored.get(sku.skuId);
    if (!doc) return fail('SKU_NOT_FOUND', `规格 ${sku.skuId} 不存在 (no such SKU)`);
    if (sku.priceFen >= doc.priceFen)
      return fail(
        'ACTIVITY_PRICE_NOT_BELOW',
        `规格 ${sku.skuId} 的活动价须低于原价 ${formatFen(doc.priceFen)} (the activity price must be below the SKU's price)`,
      );
    listed.push({ skuId: sku.skuId, productId: doc.productId, priceFen: sku.priceFen });
  }
  return ok(listed);
}

/** The document saveActivity stores (status `active` for a new activity; an update keeps the stored status). */
export function activityDocument(
  input: SaveActivityInput,
  skus: DiscountedSku[] | FlashSaleSku[],
  now: Date,
): ActivityDocument {
  const common = {
    _id: input.id,
    name: input.name,
    startAt: input.startAt,
    endAt: input.endAt,
    status: 'active' as const,
    commission: input.commission,
    createdAt: now,
    updatedAt: now,
  };
  if (input.kind === 'groupBuy') {
    const { groupSize, timeLimitMinutes, leaderBonusFen } = input;
    const productId = skus[0]?.productId ?? '';
    const groupSkus = skus.map(({ skuId, priceFen }) => ({ skuId, priceFen }));
    return { ...common, kind: 'groupBuy', productId, skus: groupSkus, groupSize, timeLimitMinutes, leaderBonusFen };
  }
  if (input.kind === 'fullReduction')
    return { ...common, kind: 'fullReduction', scope: input.scope, tiers: input.tiers };
  // The caller passes the SKUs of the input's kind (discountedSkus or flashSkus).
  return input.kind === 'timedDiscount'
    ? { ...common, kind: 'timedDiscount', skus: skus as DiscountedSku[] }
    : { ...common, kind: 'flashSale', skus: skus as FlashSaleSku[] };
}

/** What an activity is, apart from its status and times: two saves asking for the same thing compare equal. */
export function sameTerms(a: ActivityDocument, b: ActivityDocument): boolean {
  const terms = (doc: ActivityDocument) =>
    JSON.stringify([
      doc.kind,
      doc.name,
      doc.startAt.getTime(),
      doc.endAt.getTime(),
      doc.commission,
      doc.kind === 'fullReduction'
        ? [doc.scope, doc.tiers]
        : doc.kind === 'groupBuy'
          ? [doc.productId, doc.skus, doc.groupSize, doc.timeLimitMinutes, doc.leaderBonusFen]
          : doc.kind === 'timedDiscount'
            ? doc.skus.map((sku) => [sku.skuId, sku.productId, sku.priceFen])
            : doc.skus.map((sku) => [sku.skuId, sku.productId, sku.priceFen, sku.stock, sku.perUserLimit]),
    ]);
  return terms(a) === terms(b);
}

/** For the form: each SKU's product name, spec and current price (null when the SKU is gone). */
export async function skuDetails(
  skuIds: string[],
): Promise<{ skuId: string; productName: string; spec: string; originalPriceFen: number | null }[]> {
  const skus = await findWhere('skus', { _id: _.in(skuIds) }, { limit: skuIds.length });
  const productIds = [...new Set(skus.map((sku) => sku.productId))];
  const products = await findWhere('products', { _id: _.in(productIds) }, { limit: productIds.length });
  const skuById = new Map(skus.map((sku) => [sku._id, sku]));
  const nameOf = new Map(products.map((product) => [product._id, product.name]));
  return skuIds.map((skuId) => {
    const sku = skuById.get(skuId);
    return {
      skuId,
      productName: sku ? (nameOf.get(sku.productId) ?? '') : '',
      spec: sku?.spec ?? '',
      originalPriceFen: sku?.priceFen ?? null,
    };
  });
}
