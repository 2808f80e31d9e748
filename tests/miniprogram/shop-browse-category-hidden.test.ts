/**
 * 分类 after the merchant hides or reorders categories (admin/categories): the side bar shows the
 * categories the catalog lists, in its order, and a selected category that was hidden meanwhile
 * gives way to the first listed one on refresh. (What the catalog lists, hidden categories left
 * out and sortOrder followed, is tested against the emulator in tests/orders/admin-categories.test.ts.)
 */
import { answerCalls, callsOf, ok, renderPage, settle, text } from './helpers';
import { HOMEWARE, productCard, productsPage, SNACKS, TEA } from './shop-browse-fixtures';
import type { Rendered } from './helpers';

const byId: Record<string, typeof TEA> = { 'cat-tea': TEA, 'cat-snacks': SNACKS, 'cat-home': HOMEWARE };

function serve(categories: Array<typeof TEA>): void {
  answerCalls({
    'catalog.categories': ok({ items: categories }),
    'catalog.products': (data: Record<string, unknown>) => {
      const category = byId[String(data.categoryId)]!;
      return ok(
        productsPage(category, 1, [productCard(`${category.id}-1`, category.name, 1000, 1000, category.id)], false),
      );
    },
  });
}

const labels = (page: Rendered): string[] =>
  page.querySelectorAll('.category-item').map((item) => text(item, '.t-side-bar-item'));

describe('pages/category/category after the merchant changed the categories', () => {
  it('follows the listed order and leaves a category that was hidden', async () => {
    serve([TEA, SNACKS, HOMEWARE]);
    const page = await renderPage('pages/category/category');
    expect(labels(page)).toEqual(['茶叶', '零食', '家居']);
    expect(page.data.activeId).toBe('cat-tea');

    // The merchant hid 茶叶 and moved 家居 first.
    serve([
      { ...HOMEWARE, sortOrder: 10 },
      { ...SNACKS, sortOrder: 20 },
    ]);
    await page.instance.onPullDownRefresh();
    await settle(10);
    expect(labels(page)).toEqual(['家居', '零食']);
    expect(page.data.activeId).toBe('cat-home');
    expect(callsOf('catalog.products').at(-1)).toMatchObject({ categoryId: 'cat-home', page: 1 });
  });
});
