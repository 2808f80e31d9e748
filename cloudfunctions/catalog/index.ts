/**
 * catalog: the shop as shoppers browse it, one tcb-router route per page (`event.$url`): home,
 * categories, products (of a category), search and detail. See docs/api.md (catalog).
 *
 * The catalog is public: routes need no user, so a call without OPENID (a share preview, the
 * console, a test) is served like any other. Only `detail` looks at the caller, and only to add
 * the caller's own commission hint when they are a distributor (detail.ts).
 */
import type { z } from 'zod';
import { CategoriesInput, DetailInput, HomeInput, ProductsInput, SearchInput, type CatalogRoute } from '../../shared/contracts/catalog';
import type { Result } from '../../shared/result';
import { caller, parseEvent } from '../_lib/cloud';
import { serveRoutes, type RouteHandler } from '../_lib/legacyRouter';
import { categories, home, products, search } from './browse';
import { detail } from './detail';

/** A public route: contract-parsed input, no identity. */
function route<S extends z.ZodType>(schema: S, run: (input: z.infer<S>) => Promise<Result<unknown>>): RouteHandler {
  return async (data) => {
    const input = parseEvent(schema, data);
    return input.ok ? run(input.data) : input;
  };
}

const ROUTES: Record<CatalogRoute, RouteHandler> = {
  home: route(HomeInput, () => home()),
  categories: route(CategoriesInput, () => categories()),
  products: route(ProductsInput, (input) => products(input.categoryId, input.page, input.pageSize)),
  search: route(SearchInput, (input) => search(input.keyword, input.page, input.pageSize)),
  detail: route(DetailInput, (input) => detail(input.productId, caller().openid)),
};

export async function main(event: unknown): Promise<Result<unknown>> {
  return serveRoutes(event, ROUTES);
}
