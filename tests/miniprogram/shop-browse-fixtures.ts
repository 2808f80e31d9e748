/** catalog results as the shop's browsing pages receive them, shaped by shared/contracts/catalog.ts. */
import { text, type Rendered } from './helpers';
import type {
  DetailOutput,
  HomeOutput,
  ProductCard,
  ProductsOutput,
  SearchOutput,
  SkuView,
} from '@shared/contracts/catalog';

export function productCard(
  id: string,
  name: string,
  minPriceFen: number,
  maxPriceFen = minPriceFen,
  categoryId = 'cat-tea',
): ProductCard {
  return {
    id,
    categoryId,
    name,
    cover: `cloud://env.bucket/products/${id}/cover.png`,
    coverUrl: null,
    minPriceFen,
    maxPriceFen,
  };
}

export const TEA = { id: 'cat-tea', name: '茶叶', sortOrder: 1 };
export const SNACKS = { id: 'cat-snacks', name: '零食', sortOrder: 2 };
export const HOMEWARE = { id: 'cat-home', name: '家居', sortOrder: 3 };

export function homeView(): HomeOutput {
  return {
    categories: [TEA, SNACKS, HOMEWARE],
    sections: [
      {
        category: TEA,
        products: [productCard('t1', '西湖龙井', 12800), productCard('t2', '普洱茶饼', 6900, 19900)],
        hasMore: true,
      },
      { category: SNACKS, products: [productCard('n1', '坚果礼盒', 8990, 8990, 'cat-snacks')], hasMore: false },
    ],
  };
}

export function productsPage(
  category: { id: string; name: string; sortOrder: number },
  page: number,
  items: ProductCard[],
  hasMore: boolean,
  pageSize = 20,
): ProductsOutput {
  return { category, items, page, pageSize, hasMore };
}

export function searchPage(keyword: string, page: number, items: ProductCard[], hasMore: boolean): SearchOutput {
  return { keyword, items, page, pageSize: 20, hasMore };
}

export function sku(id: string, spec: string, priceFen: number, stock: number, extra: Partial<SkuView> = {}): SkuView {
  return { id, spec, priceFen, stock, stockCapped: false, ...extra };
}

export function detailView(overrides: Partial<DetailOutput> = {}): DetailOutput {
  return {
    id: 'p1',
    categoryId: 'cat-tea',
    name: '云南普洱',
    description: '十年陈香',
    images: [
      { fileId: 'cloud://env.bucket/products/p1/a.png', url: 'https://tmp.example/a.png' },
      { fileId: 'cloud://env.bucket/products/p1/b.png', url: null },
    ],
    detailImages: [],
    minPriceFen: 6900,
    maxPriceFen: 19900,
    skus: [
      sku('p1-small', '100g 小饼', 6900, 999, { stockCapped: true }),
      sku('p1-big', '357g 饼', 19900, 3),
      sku('p1-box', '礼盒', 19900, 0),
    ],
    ...overrides,
  };
}

/** What product-card hosts show, in order. */
export function cardTexts(cardHosts: Rendered[]): Array<{ name: string; price: string }> {
  return cardHosts.map((card) => ({ name: text(card, '.product-name'), price: text(card, '.product-price') }));
}

/** The product cards of every product-grid host matching `selector` on the page, in order. */
export function cards(page: Rendered, selector: string): Array<{ name: string; price: string }> {
  return cardTexts(page.querySelectorAll(selector).flatMap((grid) => grid.querySelectorAll('.grid-item')));
}
