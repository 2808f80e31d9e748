/**
 * The list pages: home, the category bar, a category's products and search. Only products on
 * sale are listed, in display order (sortOrder, then id); pages are read one item long, the
 * extra item only telling whether there is more.
 *
 * Hidden categories (the admin's setCategoryHidden) are not listed and their category page
 * answers CATEGORY_NOT_FOUND, while their products on sale stay reachable by search and by a
 * product link or poster, so a link already shared keeps working.
 */
import type { CategoryDocument } from '@shared/catalog';
import {
  HOME_PRODUCTS_PER_CATEGORY,
  MAX_CATEGORIES,
  type CategoriesOutput,
  type HomeOutput,
  type ProductsOutput,
  type SearchOutput,
} from '@shared/contracts/catalog';
import { ok, type Result } from '@shared/result';
import { _, aggregateList, db, findWhere, getDoc } from '../_lib/db';
import {
  CARD_FIELDS,
  categoryView,
  escapeRegExp,
  pageOf,
  PRODUCT_ORDER,
  productCard,
  withCoverUrls,
  refuse,
  type ActivityJoin,
  type CardRow,
} from './views';
import { liveActivitiesLookup } from '../_lib/activities';
import { skuPricesLookup } from './activityPrices';
import { callerLookups } from './distributorPrices';
import type { CatalogError } from '@shared/contracts/catalog';

const CATEGORY_ORDER: [string, 'asc' | 'desc'][] = [
  ['sortOrder', 'asc'],
  ['_id', 'asc'],
];
/** Categories shoppers see: `hidden` is absent on categories never hidden. */
const LISTED = { hidden: _.neq(true) };

/**
 * Categories with the first products of each, in one round trip (a $lookup per category; the
 * SKUs' prices, the live 限时折扣 of those products and the caller with the rules, for the
 * distributor-exclusive price, are joined per category too).
 */
export async function home(openid: string, now: Date): Promise<Result<HomeOutput, CatalogError>> {
  const rows = await aggregateList<CategoryDocument & { products: CardRow[] } & ActivityJoin>(
    'categories',
    (pipeline) => {
      let query = pipeline
        .match(LISTED)
        .sort({ sortOrder: 1, _id: 1 })
        .limit(MAX_CATEGORIES)
        .lookup({
          from: 'products',
          let: { categoryId: '$_id' },
          pipeline: [
            { $match: { $expr: { $and: [{ $eq: ['$categoryId', '$$categoryId'] }, { $eq: ['$onSale', true] }] } } },
            { $sort: PRODUCT_ORDER },
            { $limit: HOME_PRODUCTS_PER_CATEGORY + 1 },
            { $project: CARD_FIELDS },
          ],
          as: 'products',
        })
        .lookup(skuPricesLookup('$products._id'))
        .lookup(liveActivitiesLookup(now, 'activities', '$products._id'));
      for (const lookup of callerLookups(openid)) query = query.lookup(lookup);
      return query;
    },
  );
  const filled = rows.filter((row) => row.products.length > 0);
  const cards = await withCoverUrls(
    filled.map((row) => row.products.slice(0, HOME_PRODUCTS_PER_CATEGORY).map((doc) => productCard(doc, row, now))),
  );
  const sections = filled.map((row, index) => ({
    category: categoryView(row),
    products: cards[index] ?? [],
    hasMore: row.products.length > HOME_PRODUCTS_PER_CATEGORY,
  }));
  return ok({ categories: rows.map(categoryView), sections });
}

export async function categories(): Promise<Result<CategoriesOutput, CatalogError>> {
  const rows = await findWhere('categories', LISTED, { orderBy: CATEGORY_ORDER, limit: MAX_CATEGORIES });
  return ok({ items: rows.map(categoryView) });
}

type JoinedCard = CardRow & ActivityJoin;

/**
 * One page of products on sale matching `where`, with each product's SKU prices and live 限时折扣
 * joined, and the caller with the rules (for the distributor-exclusive price).
 */
async function cardPage(where: object, paging: Paging, openid: string, now: Date): Promise<JoinedCard[]> {
  const { page, pageSize } = paging;
  return aggregateList<JoinedCard>('products', (pipeline) => {
    let query = pipeline.match({ ...where, onSale: true }).sort(PRODUCT_ORDER);
    if (page > 1) query = query.skip((page - 1) * pageSize);
    query = query
      .limit(pageSize + 1)
      .project(CARD_FIELDS)
      .lookup(skuPricesLookup(['$_id']))
      .lookup(liveActivitiesLookup(now, 'activities', ['$_id']));
    for (const lookup of callerLookups(openid)) query = query.lookup(lookup);
    return query;
  });
}

const cardOf = (now: Date) => (row: JoinedCard) => productCard(row, row, now);

/** A list's page and its size; the caller's OPENID ('' without one) decides their exclusive prices. */
interface Paging {
  page: number;
  pageSize: number;
}

export async function products(
  categoryId: string,
  { page, pageSize }: Paging,
  openid: string,
  now: Date,
): Promise<Result<ProductsOutput, CatalogError>> {
  const [category, rows] = await Promise.all([
    getDoc('categories', categoryId),
    cardPage({ categoryId }, { page, pageSize }, openid, now),
  ]);
  if (!category || category.hidden === true) return refuse('CATEGORY_NOT_FOUND');
  const { items, ...paging } = pageOf(rows, page, pageSize);
  const [cards = []] = await withCoverUrls([items.map(cardOf(now))]);
  return ok({ category: categoryView(category), items: cards, ...paging });
}

/** Products whose name contains the keyword, any case; the keyword is escaped, so `.*` is just text. */
export async function search(
  keyword: string,
  { page, pageSize }: Paging,
  openid: string,
  now: Date,
): Promise<Result<SearchOutput, CatalogError>> {
  const name = (db as unknown as { RegExp(options: { regexp: string; options: string }): object }).RegExp({
    regexp: escapeRegExp(keyword),
    options: 'i',
  });
  const rows = await cardPage({ name }, { page, pageSize }, openid, now);
  const { items, ...paging } = pageOf(rows, page, pageSize);
  const [cards = []] = await withCoverUrls([items.map(cardOf(now))]);
  return ok({ keyword, items: cards, ...paging });
}
