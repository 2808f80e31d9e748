/**
 * Stock and on/off sale of products and SKUs: setStock, adjustStock, setOnSale.
 *
 * placeOrder decrements stock concurrently, so setStock is a compare-and-set on the stock the
 * admin saw, and adjustStock an increment guarded by `stock >= -delta` (and by its request id, so
 * a resent adjustment moves nothing twice).
 */
import { SKU_RECENT_ORDERS } from '@shared/catalog';
import type { AdminError, AdminInput } from '@shared/contracts/admin';
import { fail, ok, type Result } from '@shared/result';
import { _, countWhere, getDoc, updateWhere } from '../_lib/db';
import { readSku, settlePriceRange, skuView, type CatalogOutput as Output, type SkuRow } from './catalogSteps';
import type { AdminContext } from './context';

const SKU_NOT_FOUND = (skuId: string): Result<never, AdminError> =>
  fail('SKU_NOT_FOUND', `规格 ${skuId} 不存在 (no such SKU)`);

export async function setStock(context: AdminContext, input: AdminInput<'setStock'>): Output<'setStock'> {
  // Setting the stock it already has changes nothing: only read, so a replay is `unchanged`.
  const moved =
    input.expectedStock !== input.stock &&
    (await updateWhere(
      'skus',
      { _id: input.skuId, stock: input.expectedStock },
      { stock: input.stock, updatedAt: context.now },
    )) === 1;
  const sku = await readSku(input.skuId);
  if (!sku) return SKU_NOT_FOUND(input.skuId);
  if (moved) return ok({ status: 'updated', sku: skuView(sku) });
  // A retry after a success finds the stock at the value it set.
  if (sku.stock === input.stock) return ok({ status: 'unchanged', sku: skuView(sku) });
  return fail(
    'STOCK_CHANGED',
    `库存已变为 ${sku.stock}，请刷新后再改 (the stock is now ${sku.stock}, not ${input.expectedStock})`,
  );
}

export async function adjustStock(context: AdminContext, input: AdminInput<'adjustStock'>): Output<'adjustStock'> {
  // Conditional on the request id too: a resent adjustment (its response was lost) moves nothing twice.
  const guard = {
    _id: input.skuId,
    adjustedBy: _.nin([input.requestId]),
    ...(input.delta < 0 ? { stock: _.gte(-input.delta) } : {}),
  };
  const change = {
    stock: _.inc(input.delta),
    adjustedBy: _.push({ each: [input.requestId], slice: -SKU_RECENT_ORDERS }),
    updatedAt: context.now,
  };
  const moved = (await updateWhere('skus', guard, change)) === 1;
  const sku = await readSku(input.skuId);
  if (!sku) return SKU_NOT_FOUND(input.skuId);
  if (moved) return ok({ status: 'adjusted', sku: skuView(sku) });
  if ((await countWhere('skus', { _id: input.skuId, adjustedBy: input.requestId })) === 1)
    return ok({ status: 'unchanged', sku: skuView(sku) });
  return fail('INSUFFICIENT_STOCK', `库存只有 ${sku.stock}，不能减少 ${-input.delta} (the stock is ${sku.stock})`);
}

export async function setOnSale(context: AdminContext, input: AdminInput<'setOnSale'>): Output<'setOnSale'> {
  const { target, id, onSale } = input;
  const answer = (status: 'changed' | 'unchanged') => ok({ status, target, id, onSale });
  const collection = target === 'product' ? 'products' : 'skus';
  // Conditional on the from-state, so a replay (or a concurrent flip to the same value) is `unchanged`.
  if ((await updateWhere(collection, { _id: id, onSale: !onSale }, { onSale, updatedAt: context.now })) === 1) {
    if (target === 'sku') await settlePriceRange(((await readSku(id)) as SkuRow).productId, context.now);
    return answer('changed');
  }
  const current = target === 'product' ? await getDoc('products', id) : await readSku(id);
  if (!current)
    return target === 'product' ? fail('PRODUCT_NOT_FOUND', `商品 ${id} 不存在 (no such product)`) : SKU_NOT_FOUND(id);
  return answer('unchanged');
}
