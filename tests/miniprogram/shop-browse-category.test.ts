/** 分类: categories on the left, the selected one's products on the right, paged; states; choice from 首页. */
import { answerCalls, callsOf, fail, ok, renderPage, settle, stateText, tapRetry, text, wx } from './helpers';
import { cardTexts, HOMEWARE, productCard, productsPage, SNACKS, TEA } from './shop-browse-fixtures';
import type { Rendered } from './helpers';

const CATEGORIES = ok({ items: [TEA, SNACKS, HOMEWARE] });
const byId: Record<string, typeof TEA> = { 'cat-tea': TEA, 'cat-snacks': SNACKS, 'cat-home': HOMEWARE };

/** cat-tea: 2 pages (t1 then t2), cat-snacks: one product, cat-home: none. */
function products(data: Record<string, unknown>) {
  const category = byId[String(data.categoryId)]!;
  if (category === TEA)
    return ok(
      productsPage(
        TEA,
        Number(data.page),
        [productCard(`t${String(data.page)}`, `茶 ${String(data.page)}`, 1000 * Number(data.page))],
        data.page === 1,
      ),
    );
  if (category === SNACKS)
    return ok(productsPage(SNACKS, 1, [productCard('n1', '坚果礼盒', 8990, 8990, 'cat-snacks')], false));
  return ok(productsPage(HOMEWARE, 1, [], false));
}

const shown = (page: Rendered) => cardTexts(page.querySelectorAll('.list-item'));

/** The side bar's labels, the selected one marked with *. */
const categoryLabels = (page: Rendered) =>
  page.querySelectorAll('.category-item').map((item) => {
    const inner = item.querySelector('.t-side-bar-item')!;
    return `${text(item, '.t-side-bar-item')}${inner.dom!.outerHTML.includes('t-side-bar-item--active') ? '*' : ''}`;
  });

/** Taps the side bar item of the category at `index` (through TDesign's own handler). */
async function pickCategory(page: Rendered, index: number): Promise<void> {
  const item = page.querySelectorAll('.category-item')[index]!;
  item.querySelector('.t-side-bar-item')!.dispatchEvent('tap');
  await settle(10);
}

beforeEach(() => {
  jest.clearAllMocks();
  wx.clearStorageSync();
});

describe('pages/category/category', () => {
  it('lists the categories and the first one’s products', async () => {
    answerCalls({ 'catalog.categories': CATEGORIES, 'catalog.products': products });
    const page = await renderPage('pages/category/category');
    expect(callsOf('catalog.categories')).toEqual([{ $url: 'categories' }]);
    expect(categoryLabels(page)).toEqual(['茶叶*', '零食', '家居']);
    expect(callsOf('catalog.products')).toEqual([{ $url: 'products', categoryId: 'cat-tea', page: 1, pageSize: 20 }]);
    expect(page.data.activeId).toBe('cat-tea');
    expect(shown(page)).toEqual([{ name: '茶 1', price: '¥10.00' }]);
  });

  it('shows another category’s products when it is tapped', async () => {
    answerCalls({ 'catalog.categories': CATEGORIES, 'catalog.products': products });
    const page = await renderPage('pages/category/category');
    await pickCategory(page, 1);
    expect(callsOf('catalog.products')[1]).toEqual({
      $url: 'products',
      categoryId: 'cat-snacks',
      page: 1,
      pageSize: 20,
    });
    expect(shown(page)).toEqual([{ name: '坚果礼盒', price: '¥89.90' }]);
    expect(categoryLabels(page)).toEqual(['茶叶', '零食*', '家居']);
    await pickCategory(page, 2);
    expect(stateText(page)).toBe('');
    expect(text(page.querySelector('.products-state')!, '.state-message')).toBe('这个分类还没有商品');
  });

  it('pages through a category as its list scrolls to the end, and stops at the last page', async () => {
    answerCalls({ 'catalog.categories': CATEGORIES, 'catalog.products': products });
    const page = await renderPage('pages/category/category');
    page.querySelector('.category-products')!.dispatchEvent('scrolltolower');
    await settle(10);
    expect(callsOf('catalog.products').map((call) => call.page)).toEqual([1, 2]);
    expect(shown(page).map((card) => card.name)).toEqual(['茶 1', '茶 2']);
    expect(text(page, '.list-end')).toBe('没有更多了');
    await page.instance.onProductsEnd();
    expect(callsOf('catalog.products')).toHaveLength(2);
  });

  it('drops an answer for a category no longer selected', async () => {
    let releaseTea: () => void = () => undefined;
    const teaHeld = new Promise<void>((resolve) => (releaseTea = resolve));
    wx.cloud.callFunction.mockImplementation(async ({ data }: { data: Record<string, unknown> }) => {
      if (data.$url === 'categories') return { result: CATEGORIES };
      if (data.categoryId === 'cat-tea') await teaHeld;
      return { result: products(data) };
    });
    const page = await renderPage('pages/category/category');
    await pickCategory(page, 1);
    releaseTea();
    await settle(10);
    expect(page.data.activeId).toBe('cat-snacks');
    expect(shown(page)).toEqual([{ name: '坚果礼盒', price: '¥89.90' }]);
  });

  it('opens on the category chosen on 首页, at load and when the tab shows again', async () => {
    answerCalls({ 'catalog.categories': CATEGORIES, 'catalog.products': products });
    wx.setStorageSync('shop.chosenCategory', 'cat-snacks');
    const page = await renderPage('pages/category/category');
    expect(page.data.activeId).toBe('cat-snacks');
    expect(callsOf('catalog.products').map((call) => call.categoryId)).toEqual(['cat-snacks']);
    wx.setStorageSync('shop.chosenCategory', 'cat-tea');
    page.instance.onShow();
    await settle(10);
    expect(page.data.activeId).toBe('cat-tea');
    expect(shown(page).map((card) => card.name)).toEqual(['茶 1']);
    expect(wx.getStorageSync('shop.chosenCategory')).toBe('');
  });

  it('reloads the selected category when its list is pulled down', async () => {
    answerCalls({ 'catalog.categories': CATEGORIES, 'catalog.products': products });
    const page = await renderPage('pages/category/category');
    await pickCategory(page, 1);
    await page.instance.onProductsRefresh();
    expect(callsOf('catalog.products').slice(-1)).toEqual([
      { $url: 'products', categoryId: 'cat-snacks', page: 1, pageSize: 20 },
    ]);
    expect(page.data.refreshing).toBe(false);
  });

  it('shows a failed product list in its pane with 重试; the categories stay', async () => {
    let answer: unknown = fail('NETWORK', '网络不给力，请稍后重试');
    answerCalls({ 'catalog.categories': CATEGORIES, 'catalog.products': () => answer });
    const page = await renderPage('pages/category/category');
    const pane = page.querySelector('.products-state')!;
    expect(text(pane, '.state-message')).toBe('网络不给力，请稍后重试');
    expect(categoryLabels(page)).toEqual(['茶叶*', '零食', '家居']);
    answer = products({ categoryId: 'cat-tea', page: 1 });
    pane.querySelector('.retry')!.querySelector('.t-button')!.dispatchEvent('tap');
    await settle(10);
    expect(shown(page)).toEqual([{ name: '茶 1', price: '¥10.00' }]);
  });

  it('shows the empty state without categories, and the error state with 重试', async () => {
    let answer: unknown = fail('FUNCTION_FAILED', '服务暂时不可用，请稍后重试');
    answerCalls({ 'catalog.categories': () => answer, 'catalog.products': products });
    const page = await renderPage('pages/category/category');
    expect(stateText(page)).toBe('加载失败 服务暂时不可用，请稍后重试');
    answer = ok({ items: [] });
    await tapRetry(page);
    expect(stateText(page)).toBe('暂无商品分类');
    expect(callsOf('catalog.products')).toEqual([]);
  });
});
