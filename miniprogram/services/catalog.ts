/**
 * The `catalog` function: the shop as shoppers browse it (商品目录). One method per tcb-router
 * route, typed by shared/contracts/catalog.ts (inputs as the contract accepts them, defaults
 * may be left out). The catalog is public; `detail` adds the caller's commission hint when the
 * caller is a distributor.
 */
import type {
  CategoriesOutput,
  DetailInput,
  DetailOutput,
  HomeOutput,
  ProductsInput,
  ProductsOutput,
  SearchInput,
  SearchOutput,
} from '@shared/contracts/catalog';
import type { Result } from '@shared/result';
import type { z } from 'zod';
import { legacyCallRoute } from './call';

export type ProductsRequest = z.input<typeof ProductsInput>;
export type SearchRequest = z.input<typeof SearchInput>;
export type DetailRequest = z.input<typeof DetailInput>;

export const catalog = {
  /** Every category and, per category, its first products (the home page). */
  home(): Promise<Result<HomeOutput>> {
    return legacyCallRoute<object, HomeOutput>('catalog', 'home', {});
  },
  categories(): Promise<Result<CategoriesOutput>> {
    return legacyCallRoute<object, CategoriesOutput>('catalog', 'categories', {});
  },
  /** One page of a category's products on sale. */
  products(input: ProductsRequest): Promise<Result<ProductsOutput>> {
    return legacyCallRoute<ProductsRequest, ProductsOutput>('catalog', 'products', input);
  },
  /** One page of products whose name contains the keyword. */
  search(input: SearchRequest): Promise<Result<SearchOutput>> {
    return legacyCallRoute<SearchRequest, SearchOutput>('catalog', 'search', input);
  },
  detail(input: DetailRequest): Promise<Result<DetailOutput>> {
    return legacyCallRoute<DetailRequest, DetailOutput>('catalog', 'detail', input);
  },
};
