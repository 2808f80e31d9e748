/** 搜索: keyword → catalog.search, results paged, empty and error states, a keyword from the URL. */
import {
  answerCalls,
  callsOf,
  fail,
  ok,
  renderPage,
  settle,
  stateText,
  tapRetry,
  text,
  wx,
  type Rendered,
} from './helpers';
import { cards, productCard, searchPage } from './shop-browse-fixtures';

/** Two pages of 绿茶, nothing for anything else. */
function search(data: Record<string, unknown>) {
  if (data.keyword !== '绿茶') return ok(searchPage(String(data.keyword), 1, [], false));
  const page = Number(data.page);
  return ok(searchPage('绿茶', page, [productCard(`g${page}`, `绿茶 ${page}`, 1990 * page)], page === 1));
}

/** Types into the TDesign search box's input (its `change` event reaches the page). */
async function type(page: Rendered, keyword: string): Promise<void> {
  page
    .querySelector('.search-box')!
    .querySelector('.t-input__keyword')!
    .dispatchEvent('input', { detail: { value: keyword } });
  await settle();
}

/** Types, then submits with the keyboard's 搜索 key (the input's confirm, TDesign's `submit`). */
async function typeAndSubmit(page: Rendered, keyword: string): Promise<void> {
  await type(page, keyword);
  page
    .querySelector('.search-box')!
    .querySelector('.t-input__keyword')!
    .dispatchEvent('confirm', { detail: { value: keyword } });
  await settle(10);
}

beforeEach(() => {
  jest.clearAllMocks();
  wx.clearStorageSync();
});

describe('shop/search/search', () => {
  it('waits for a keyword, then shows the results as cards', async () => {
    answerCalls({ 'catalog.search': search });
    const page = await renderPage('shop/search/search');
    expect(text(page, '.search-hint')).toBe('输入商品名称，搜索全部在售商品');
    expect(callsOf('catalog.search')).toEqual([]);
    await typeAndSubmit(page, ' 绿茶 ');
    expect(callsOf('catalog.search')).toEqual([{ $url: 'search', keyword: '绿茶', page: 1, pageSize: 20 }]);
    expect(cards(page, '.result-grid')).toEqual([{ name: '绿茶 1', price: '¥19.90' }]);
  });

  it('submits through TDesign’s 搜索 action too', async () => {
    answerCalls({ 'catalog.search': search });
    const page = await renderPage('shop/search/search');
    await type(page, '绿茶');
    page.querySelector('.search-box')!.querySelector('.t-search__search-action')!.dispatchEvent('tap');
    await settle(10);
    expect(callsOf('catalog.search')).toHaveLength(1);
  });

  it('pages through the results at the bottom, and stops at the last page', async () => {
    answerCalls({ 'catalog.search': search });
    const page = await renderPage('shop/search/search', { keyword: encodeURIComponent('绿茶') });
    expect(callsOf('catalog.search')).toEqual([{ $url: 'search', keyword: '绿茶', page: 1, pageSize: 20 }]);
    page.instance.onReachBottom();
    await settle(10);
    expect(callsOf('catalog.search').map((call) => call.page)).toEqual([1, 2]);
    expect(cards(page, '.result-grid').map((card) => card.name)).toEqual(['绿茶 1', '绿茶 2']);
    expect(text(page, '.list-end')).toBe('没有更多了');
    page.instance.onReachBottom();
    await settle(10);
    expect(callsOf('catalog.search')).toHaveLength(2);
  });

  it('keeps the results when a later page fails, and says so', async () => {
    answerCalls({
      'catalog.search': (data: Record<string, unknown>) =>
        data.page === 1 ? search(data) : fail('NETWORK', '网络不给力，请稍后重试'),
    });
    const page = await renderPage('shop/search/search', { keyword: '绿茶' });
    page.instance.onReachBottom();
    await settle(10);
    expect(cards(page, '.result-grid')).toHaveLength(1);
    expect(text(page, '.more-error')).toBe('网络不给力，请稍后重试，上滑重试');
  });

  it('says when nothing matches', async () => {
    answerCalls({ 'catalog.search': search });
    const page = await renderPage('shop/search/search');
    await typeAndSubmit(page, '咖啡');
    expect(stateText(page)).toBe('没有找到与“咖啡”相关的商品');
  });

  it('refuses an empty keyword without calling', async () => {
    answerCalls({ 'catalog.search': search });
    const page = await renderPage('shop/search/search');
    await typeAndSubmit(page, '   ');
    expect(callsOf('catalog.search')).toEqual([]);
    expect(wx.showToast).toHaveBeenCalledWith({ title: '请输入商品名称', icon: 'none' });
  });

  it('shows a failed search with 重试, which searches again', async () => {
    let answer: unknown = fail('FUNCTION_FAILED', '服务暂时不可用，请稍后重试');
    answerCalls({ 'catalog.search': (data: Record<string, unknown>) => answer ?? search(data) });
    const page = await renderPage('shop/search/search', { keyword: '绿茶' });
    expect(stateText(page)).toBe('加载失败 服务暂时不可用，请稍后重试');
    answer = undefined;
    await tapRetry(page);
    expect(callsOf('catalog.search')).toHaveLength(2);
    expect(cards(page, '.result-grid')).toHaveLength(1);
  });

  it('searches again on pull-down', async () => {
    answerCalls({ 'catalog.search': search });
    const page = await renderPage('shop/search/search', { keyword: '绿茶' });
    await page.instance.onPullDownRefresh();
    expect(callsOf('catalog.search').map((call) => call.page)).toEqual([1, 1]);
    expect(wx.stopPullDownRefresh).toHaveBeenCalledTimes(1);
  });

  it('opens a product from a result', async () => {
    answerCalls({ 'catalog.search': search });
    const page = await renderPage('shop/search/search', { keyword: '绿茶' });
    page
      .querySelector('.result-grid')!
      .querySelector('.grid-item')!
      .querySelector('.product-card')!
      .dispatchEvent('tap');
    await settle();
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/shop/product/product?id=g1' });
  });
});
