/**
 * The `catalog` function: the shop as shoppers browse it (商品目录). One method per route, typed
 * by the route table CATALOG_CONTRACTS (shared/contracts/catalog.ts; inputs as the contract
 * accepts them, defaults may be left out). The catalog is public; `detail` adds the caller's
 * commission hint when the caller is a distributor.
 */
import type { CATALOG_CONTRACTS } from '@shared/contracts/catalog';
import type { RouteInput } from '@shared/routeTable';
import { callRoute } from './call';

type Input<R extends keyof typeof CATALOG_CONTRACTS> = RouteInput<typeof CATALOG_CONTRACTS, R>;

export const catalog = {
  /** Every category and, per category, its first products (the home page). */
  home: () => callRoute('catalog', 'home', {}),
  categories: () => callRoute('catalog', 'categories', {}),
  /** One page of a category's products on sale. */
  products: (input: Input<'products'>) => callRoute('catalog', 'products', input),
  /** One page of products whose name contains the keyword. */
  search: (input: Input<'search'>) => callRoute('catalog', 'search', input),
  detail: (input: Input<'detail'>) => callRoute('catalog', 'detail', input),
  /** The 秒杀 sessions running now and the next ones, with the catalog's clock. */
  flashSales: () => callRoute('catalog', 'flashSales', {}),
  /** A 拼团 group for its shared page. */
  group: (input: Input<'group'>) => callRoute('catalog', 'group', input),
};
