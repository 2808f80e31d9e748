/**
 * catalog: the shop as shoppers browse it, one route per page (`event.$url`, the table
 * CATALOG_CONTRACTS): home, categories, products (of a category), search, detail and group (拼团). See
 * docs/api.md (catalog).
 *
 * The catalog is public: routes need no user, so a call without OPENID (a share preview, the
 * console, a test) is served like any other. The product pages (home, products, search, detail)
 * look at the caller only to show a distributor their distributor-exclusive prices
 * (distributorPrices.ts), and `detail` also to add their own commission hint (detail.ts).
 */
import { CATALOG_CONTRACTS, type CatalogError } from '@shared/contracts/catalog';
import { serveTable, type Handlers } from '../_lib/router';
import { categories, home, products, search } from './browse';
import { detail } from './detail';
import { flashSales } from './flashSales';
import { group } from './group';

const HANDLERS: Handlers<typeof CATALOG_CONTRACTS, CatalogError> = {
  home: (_input, { openid, now }) => home(openid, now),
  categories: () => categories(),
  products: (input, { openid, now }) => products(input.categoryId, input, openid, now),
  search: (input, { openid, now }) => search(input.keyword, input, openid, now),
  detail: (input, { openid, now }) => detail(input.productId, openid, now, input.countView === true),
  flashSales: (_input, { now }) => flashSales(now),
  group: (input, { now }) => group(input.groupId, now),
};

export const main = serveTable(CATALOG_CONTRACTS, HANDLERS, { name: 'catalog', public: true });
