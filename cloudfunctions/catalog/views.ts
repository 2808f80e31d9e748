/** Stored catalog documents → what shoppers see (shared/contracts/catalog.ts), and refusals. */
import type { CategoryDocument, ProductDocument } from '@shared/catalog';
import type { CatalogError, CategoryView, ProductCard } from '@shared/contracts/catalog';
import { IMAGE_URL_MAX_AGE_SECONDS } from '@shared/contracts/catalog';
import { fail, type Result } from '@shared/result';
import { getTempFileUrls } from '../_lib/wx';
import type { ActivityDocument } from '@shared/activities';
import { cardActivity, livePrices, skuActivity, type SkuPrice } from './activityPrices';
import { cardDistributorPrice, joinedBuyer, type CallerJoin } from './distributorPrices';

const MESSAGES: Partial<Record<CatalogError, string>> = {
  CATEGORY_NOT_FOUND: '分类不存在',
  PRODUCT_NOT_FOUND: '商品不存在',
  NOT_ON_SALE: '商品已下架',
};

export function refuse<T>(code: CatalogError): Result<T, CatalogError> {
  return fail(code, MESSAGES[code] ?? code);
}

export function categoryView(doc: CategoryDocument): CategoryView {
  return { id: doc._id, name: doc.name, sortOrder: doc.sortOrder };
}

/** The fields of a product that a card needs: what list queries project. */
export const CARD_FIELDS = { _id: 1, categoryId: 1, name: 1, images: 1, minPriceFen: 1, maxPriceFen: 1 } as const;
export type CardRow = Pick<ProductDocument, '_id' | 'categoryId' | 'name' | 'images' | 'minPriceFen' | 'maxPriceFen'>;

/**
 * What a list's aggregation joins beside the cards: the SKUs' prices and the live 限时折扣
 * (activityPrices.ts), and the caller with the rules (distributorPrices.ts) when there is a caller.
 */
export interface ActivityJoin extends CallerJoin {
  skuPrices: SkuPrice[];
  activities: ActivityDocument[];
}

/** A card without its cover link: withCoverUrls adds the links of a whole list at once. */
export type UnlinkedCard = Omit<ProductCard, 'coverUrl'>;

/**
 * A card, with the product's live 限时折扣 when one lists its SKUs on sale, and the caller's
 * distributor-exclusive price when they get one below it.
 */
export function productCard(doc: CardRow, join: ActivityJoin, now: Date): UnlinkedCard {
  const prices = livePrices(join.activities, now);
  const activity = cardActivity(doc._id, join.skuPrices, prices);
  const distributorPrice = cardDistributorPrice(
    doc._id,
    join.skuPrices,
    (sku) => skuActivity(sku, prices),
    joinedBuyer(join),
  );
  return {
    id: doc._id,
    categoryId: doc.categoryId,
    name: doc.name,
    cover: doc.images[0] ?? null,
    minPriceFen: doc.minPriceFen,
    maxPriceFen: doc.maxPriceFen,
    ...(activity ? { activity } : {}),
    ...(distributorPrice ? { distributorPrice } : {}),
  };
}

/** Products in display order: by sortOrder, then id (a stable order for paging). */
export const PRODUCT_ORDER = { sortOrder: 1, _id: 1 } as const;

/** A page of `pageSize` items from a read of `pageSize + 1`: the extra one only says there is more. */
export function pageOf<T>(
  rows: T[],
  page: number,
  pageSize: number,
): { items: T[]; page: number; pageSize: number; hasMore: boolean } {
  return { items: rows.slice(0, pageSize), page, pageSize, hasMore: rows.length > pageSize };
}

/** Escapes a shopper's keyword for use inside a regular expression, so it matches literally. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The cards with temporary links to their covers: one batched storage call per 50 covers. */
export async function withCoverUrls(cards: UnlinkedCard[][]): Promise<ProductCard[][]> {
  const covers = cards.flat().flatMap((card) => (card.cover ? [card.cover] : []));
  const links =
    covers.length > 0 ? await getTempFileUrls(covers, IMAGE_URL_MAX_AGE_SECONDS) : new Map<string, string>();
  return cards.map((list) =>
    list.map((card) => ({ ...card, coverUrl: card.cover ? (links.get(card.cover) ?? null) : null })),
  );
}
