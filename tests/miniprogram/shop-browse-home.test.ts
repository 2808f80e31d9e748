/** 首页: catalog.home rendered (search entry, category shortcuts, sections), paging a section, states. */
import {
  answerCalls,
  callsOf,
  fail,
  ok,
  renderPage,
  settle,
  stateText,
  tap,
  tapRetry,
  text,
  texts,
  wx,
} from './helpers';
import { cards, homeView, productCard, productsPage, TEA } from './shop-browse-fixtures';

beforeEach(() => {
  jest.clearAllMocks();
  wx.clearStorageSync();
});

describe('pages/index/index', () => {
  it('shows the category shortcuts and a section of products per category, prices from fen', async () => {
    answerCalls({ 'catalog.home': ok(homeView()) });
    const page = await renderPage('pages/index/index');
    expect(callsOf('catalog.home')).toEqual([{ $url: 'home' }]);
    expect(texts(page, '.shortcut-name')).toEqual(['茶叶', '零食', '家居']);
    expect(texts(page, '.section-title')).toEqual(['茶叶', '零食']);
    expect(cards(page, '.section-products')).toEqual([
      { name: '西湖龙井', price: '¥128.00' },
      { name: '普洱茶饼', price: '¥69.00 起' },
      { name: '坚果礼盒', price: '¥89.90' },
    ]);
    // Only a section with more products offers 加载更多; the home data has no banners, so none is shown.
    expect(page.querySelectorAll('.more-button')).toHaveLength(1);
    expect(page.querySelector('.banner')).toBeUndefined();
  });

  it('pages through a section: 加载更多 loads the next page of its category and appends it', async () => {
    answerCalls({
      'catalog.home': ok(homeView()),
      'catalog.products': (data: Record<string, unknown>) =>
        ok(productsPage(TEA, Number(data.page), [productCard('t3', '铁观音', 9900)], false, Number(data.pageSize))),
    });
    const page = await renderPage('pages/index/index');
    await tap(page, '.more-button', '.t-button');
    // The home's first 2 tea products are page 1 of 2, so the category continues at page 2.
    expect(callsOf('catalog.products')).toEqual([{ $url: 'products', categoryId: 'cat-tea', page: 2, pageSize: 2 }]);
    expect(cards(page, '.section-products').map((card) => card.name)).toEqual([
      '西湖龙井',
      '普洱茶饼',
      '铁观音',
      '坚果礼盒',
    ]);
    expect(page.querySelectorAll('.more-button')).toHaveLength(0);
  });

  it('keeps a section when its next page fails, and says why', async () => {
    answerCalls({ 'catalog.home': ok(homeView()), 'catalog.products': fail('NETWORK', '网络不给力，请稍后重试') });
    const page = await renderPage('pages/index/index');
    await tap(page, '.more-button', '.t-button');
    expect(text(page, '.more-error')).toBe('网络不给力，请稍后重试');
    expect(cards(page, '.section-products')).toHaveLength(3);
    expect(page.querySelectorAll('.more-button')).toHaveLength(1);
  });

  it('opens a product from its card, the search page from the search entry', async () => {
    answerCalls({ 'catalog.home': ok(homeView()) });
    const page = await renderPage('pages/index/index');
    page
      .querySelectorAll('.section-products')[0]!
      .querySelectorAll('.grid-item')[1]!
      .querySelector('.product-card')!
      .dispatchEvent('tap');
    await settle();
    expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/shop/product/product?id=t2' });
    await tap(page, '.search-entry');
    expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/shop/search/search' });
  });

  it('a category shortcut opens the 分类 tab on that category', async () => {
    answerCalls({ 'catalog.home': ok(homeView()) });
    const page = await renderPage('pages/index/index');
    page.querySelectorAll('.shortcut')[1]!.dispatchEvent('tap');
    await settle();
    expect(wx.switchTab).toHaveBeenCalledWith({ url: '/pages/category/category' });
    expect(wx.getStorageSync('shop.chosenCategory')).toBe('cat-snacks');
  });

  it('reloads on pull-down', async () => {
    let view = homeView();
    answerCalls({ 'catalog.home': () => ok(view) });
    const page = await renderPage('pages/index/index');
    view = { ...view, sections: [view.sections[1]!] };
    await page.instance.onPullDownRefresh();
    await settle();
    expect(texts(page, '.section-title')).toEqual(['零食']);
    expect(wx.stopPullDownRefresh).toHaveBeenCalledTimes(1);
  });

  it('shows the empty state when nothing is on sale', async () => {
    answerCalls({ 'catalog.home': ok({ categories: [TEA], sections: [] }) });
    const page = await renderPage('pages/index/index');
    expect(stateText(page)).toBe('商品正在上架中，敬请期待');
    expect(page.querySelector('.search-entry')).toBeDefined();
  });

  it('shows the error with 重试, which loads again', async () => {
    let answer: unknown = fail('FUNCTION_FAILED', '服务暂时不可用，请稍后重试');
    answerCalls({ 'catalog.home': () => answer });
    const page = await renderPage('pages/index/index');
    expect(stateText(page)).toBe('加载失败 服务暂时不可用，请稍后重试');
    answer = ok(homeView());
    await tapRetry(page);
    expect(callsOf('catalog.home')).toHaveLength(2);
    expect(texts(page, '.section-title')).toEqual(['茶叶', '零食']);
  });
});
