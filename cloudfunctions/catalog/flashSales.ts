/**
 * catalog › flashSales: the 秒杀 sessions running now and the next ones to start, with what each
 * SKU has sold (shared/contracts/flashSale.ts). Reads: the sessions (one query), then their stock
 * documents, SKUs and products at once, and the covers' links.
 */
import { flashStockId, isLive, type FlashSaleDocument } from '@shared/activities';
import type { CatalogError } from '@shared/contracts/catalog';
import { IMAGE_URL_MAX_AGE_SECONDS } from '@shared/contracts/catalog';
import { MAX_LISTED_SESSIONS, type FlashSaleItem, type FlashSalesOutput } from '@shared/contracts/flashSale';
import { ok, type Result } from '@shared/result';
import { _, findWhere } from '../_lib/db';
import { getTempFileUrls } from '../_lib/wx';

/** The open sessions: active and not over, the running ones first, then by start. */
async function openSessions(now: Date): Promise<FlashSaleDocument[]> {
  const docs = await findWhere(
    'activities',
    { kind: 'flashSale', status: 'active', endAt: _.gt(now) },
    { orderBy: [['startAt', 'asc']], limit: MAX_LISTED_SESSIONS * 5 },
  );
  const sessions = docs.filter((doc): doc is FlashSaleDocument => doc.kind === 'flashSale');
  const running = sessions.filter((doc) => isLive(doc, now)).sort((a, b) => a.endAt.getTime() - b.endAt.getTime());
  const upcoming = sessions.filter((doc) => doc.startAt.getTime() > now.getTime());
  return [...running, ...upcoming].slice(0, MAX_LISTED_SESSIONS);
}

export async function flashSales(now: Date): Promise<Result<FlashSalesOutput, CatalogError>> {
  const sessions = await openSessions(now);
  const stockIds = sessions.flatMap((doc) => doc.skus.map((sku) => flashStockId(doc._id, sku.skuId)));
  const skuIds = [...new Set(sessions.flatMap((doc) => doc.skus.map((sku) => sku.skuId)))];
  const productIds = [...new Set(sessions.flatMap((doc) => doc.skus.map((sku) => sku.productId)))];
  const [stocks, skus, products] = await Promise.all([
    stockIds.length ? findWhere('flashStocks', { _id: _.in(stockIds) }, { limit: stockIds.length }) : [],
    skuIds.length ? findWhere('skus', { _id: _.in(skuIds) }, { limit: skuIds.length }) : [],
    productIds.length ? findWhere('products', { _id: _.in(productIds) }, { limit: productIds.length }) : [],
  ]);
  const remaining = new Map(stocks.map((doc) => [doc._id, doc.remaining]));
  const skuById = new Map(skus.map((doc) => [doc._id, doc]));
  const productById = new Map(products.map((doc) => [doc._id, doc]));
  const covers = products.flatMap((doc) => (doc.images[0] ? [doc.images[0]] : []));
  const links = covers.length ? await getTempFileUrls(covers, IMAGE_URL_MAX_AGE_SECONDS) : new Map<string, string>();
  const listed = sessions.map((doc) => ({
    id: doc._id,
    name: doc.name,
    startAt: doc.startAt.toISOString(),
    endAt: doc.endAt.toISOString(),
    state: isLive(doc, now) ? ('running' as const) : ('upcoming' as const),
    items: doc.skus.flatMap((entry): FlashSaleItem[] => {
      const sku = skuById.get(entry.skuId);
      const product = productById.get(entry.productId);
      if (!sku || !product || !sku.onSale || !product.onSale) return [];
      const left = remaining.get(flashStockId(doc._id, entry.skuId)) ?? entry.stock;
      const cover = product.images[0];
      return [
        {
          skuId: entry.skuId,
          productId: entry.productId,
          name: product.name,
          spec: sku.spec,
          coverUrl: cover ? (links.get(cover) ?? null) : null,
          priceFen: entry.priceFen,
          originalPriceFen: sku.priceFen,
          stock: entry.stock,
          soldCount: Math.max(0, entry.stock - left),
          perUserLimit: entry.perUserLimit,
        },
      ];
    }),
  }));
  return ok({ serverTime: now.toISOString(), sessions: listed });
}
