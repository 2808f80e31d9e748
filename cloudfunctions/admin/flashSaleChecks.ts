/**
 * saveActivity for a 秒杀 session: the checks that need the database and the session's stock
 * documents. A listed SKU must exist, its flash price be below the SKU's price and its allotment
 * within the SKU's stock when saved; once the session has started, an allotment may only be
 * raised (units already sold cannot be taken back from shoppers). The allotment that is still to
 * sell lives in `flashStocks` (shared/activities.ts), which syncFlashStocks brings in line with
 * the saved activity.
 */
import { flashStockId, type ActivityDocument, type FlashSaleDocument, type FlashSaleSku } from '@shared/activities';
import type { AdminError } from '@shared/contracts/admin';
import type { SaveActivityInput } from '@shared/contracts/adminActivities';
import { formatFen } from '@shared/money';
import { fail, ok, type Result } from '@shared/result';
import { _, findWhere, insertDoc, updateWhere } from '../_lib/db';

type FlashInput = Extract<SaveActivityInput, { kind: 'flashSale' }>;

/** The refusal of an allotment lowered after the start, or null. */
function loweredAfterStart(
  skus: FlashInput['skus'],
  existing: ActivityDocument | null,
  now: Date,
): Result<never, AdminError> | null {
  if (existing?.kind !== 'flashSale' || existing.startAt.getTime() > now.getTime()) return null;
  for (const sku of skus) {
    const before = existing.skus.find((listed) => listed.skuId === sku.skuId);
    if (before && sku.stock < before.stock)
      return fail(
        'FLASH_STOCK_INVALID',
        `规格 ${sku.skuId} 的秒杀库存在开始后只能增加 (after the start an allotment may only be raised)`,
      );
  }
  return null;
}

/** The listed SKUs with their products, or the refusal of the first that does not pass. */
export async function flashSkus(
  input: FlashInput,
  existing: ActivityDocument | null,
  now: Date,
): Promise<Result<FlashSaleSku[], AdminError>> {
  const lowered = loweredAfterStart(input.skus, existing, now);
  if (lowered) return lowered;
  const ids = input.skus.map((sku) => sku.skuId);
  const stored = new Map(
    (await findWhere('skus', { _id: _.in(ids) }, { limit: ids.length })).map((doc) => [doc._id, doc]),
  );
  const listed: FlashSaleSku[] = [];
  for (const sku of input.skus) {
    const doc = stored.get(sku.skuId);
    if (!doc) return fail('SKU_NOT_FOUND', `规格 ${sku.skuId} 不存在 (no such SKU)`);
    if (sku.priceFen >= doc.priceFen)
      return fail(
        'ACTIVITY_PRICE_NOT_BELOW',
        `规格 ${sku.skuId} 的秒杀价须低于原价 ${formatFen(doc.priceFen)} (the flash price must be below the SKU's price)`,
      );
    const before =
      existing?.kind === 'flashSale' ? existing.skus.find((entry) => entry.skuId === sku.skuId) : undefined;
    // Only what the save adds must be in the SKU's stock: units already allotted may be sold meanwhile.
    if (sku.stock - (before?.stock ?? 0) > doc.stock)
      return fail(
        'FLASH_STOCK_INVALID',
        `规格 ${sku.skuId} 的秒杀库存超过商品库存 ${doc.stock} (above the SKU's stock)`,
      );
    listed.push({ ...sku, productId: doc.productId });
  }
  return ok(listed);
}

/**
 * Brings each listed SKU's `flashStocks` document in line with the saved session: created with
 * the whole allotment, or moved by the difference between the saved allotment and the one it
 * last took in (a conditional update on that figure, so a retried or concurrent save moves it
 * once, and never below zero). Run after every save, including a replay, so a save interrupted
 * between the activity and its stock documents is completed by its retry.
 */
export async function syncFlashStocks(activity: FlashSaleDocument, now: Date): Promise<void> {
  const ids = activity.skus.map((sku) => flashStockId(activity._id, sku.skuId));
  const stored = new Map(
    (await findWhere('flashStocks', { _id: _.in(ids) }, { limit: ids.length })).map((doc) => [doc._id, doc]),
  );
  for (const sku of activity.skus) {
    const _id = flashStockId(activity._id, sku.skuId);
    const doc = stored.get(_id);
    if (!doc) {
      const fresh = { _id, activityId: activity._id, skuId: sku.skuId, allotted: sku.stock, remaining: sku.stock };
      // A concurrent save inserted it first with the same allotment: nothing left to do.
      await insertDoc('flashStocks', { ...fresh, reservedBy: [], returnedBy: [], updatedAt: now });
      continue;
    }
    if (doc.allotted === sku.stock) continue;
    const delta = sku.stock - doc.allotted;
    await updateWhere(
      'flashStocks',
      { _id, allotted: doc.allotted, remaining: _.gte(Math.max(0, -delta)) },
      { allotted: sku.stock, remaining: _.inc(delta), updatedAt: now },
    );
  }
}
