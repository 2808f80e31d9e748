/**
 * 搜索: products whose name contains the keyword (`catalog.search`), 20 a page as the results
 * scroll to the bottom; pull down to search again. Opened from 首页's search entry, or with
 * `?keyword=` to search at once.
 */
import type { SearchOutput } from '@shared/contracts/catalog';
import { toCardViews, type CardView } from '../../components/product-card/card-view';
import { catalog } from '../../services/catalog';
import type { PageStatus } from '../../utils/page-state';

const PAGE_SIZE = 20;
/** The catalog's limit on a keyword (SearchInput: 1-30 characters after trimming). */
const KEYWORD_MAX_CHARS = 30;

type SearchStatus = PageStatus | 'idle';

/** Query values arrive as written in the URL (utils/shop-routes.ts encodes them). */
function decodeQueryValue(value: string | undefined): string {
  if (!value) return '';
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

Page({
  data: {
    /** What the search box shows. */
    input: '',
    /** The keyword the results are for. */
    keyword: '',
    status: 'idle' as SearchStatus,
    message: '',
    emptyText: '',
    products: [] as CardView[],
    page: 0,
    hasMore: false,
    loadingMore: false,
    moreError: '',
  },

  onLoad(query: Record<string, string | undefined>) {
    const keyword = decodeQueryValue(query.keyword).trim();
    if (keyword) {
      this.setData({ input: keyword });
      void this.search(keyword);
    }
  },

  async onPullDownRefresh() {
    if (this.data.keyword) await this.search(this.data.keyword);
    void wx.stopPullDownRefresh();
  },

  onReachBottom() {
    void this.loadMore();
  },

  onInputChange(event: WechatMiniprogram.CustomEvent<{ value: string }>) {
    this.setData({ input: event.detail.value });
  },

  /** The keyboard's 搜索 key or the 搜索 action. */
  onSubmit() {
    const keyword = this.data.input.trim();
    if (keyword === '') {
      void wx.showToast({ title: '请输入商品名称', icon: 'none' });
      return;
    }
    void this.search(Array.from(keyword).slice(0, KEYWORD_MAX_CHARS).join(''));
  },

  onClear() {
    this.setData({ input: '', keyword: '', status: 'idle', products: [], page: 0, hasMore: false, moreError: '' });
  },

  /** Searches from the first page; the page's state follows the answer. */
  async search(keyword: string) {
    this.setData({ keyword, status: 'loading', products: [], page: 0, hasMore: false, moreError: '' });
    const result = await catalog.search({ keyword, page: 1, pageSize: PAGE_SIZE });
    if (keyword !== this.data.keyword) return;
    if (!result.ok) {
      this.setData({ status: 'error', message: result.error.message });
      return;
    }
    this.showPage(result.data, []);
  },

  showPage(data: SearchOutput, before: CardView[]) {
    const products = [...before, ...toCardViews(data.items)];
    this.setData({
      status: products.length === 0 ? 'empty' : 'ready',
      emptyText: `没有找到与“${data.keyword}”相关的商品`,
      products,
      page: data.page,
      hasMore: data.hasMore,
      loadingMore: false,
    });
  },

  /** The next page; a failure shows under the results and the next scroll tries again. */
  async loadMore() {
    if (this.data.status !== 'ready' || !this.data.hasMore || this.data.loadingMore) return;
    const keyword = this.data.keyword;
    this.setData({ loadingMore: true, moreError: '' });
    const result = await catalog.search({ keyword, page: this.data.page + 1, pageSize: PAGE_SIZE });
    if (keyword !== this.data.keyword) return;
    if (!result.ok) {
      this.setData({ loadingMore: false, moreError: result.error.message });
      return;
    }
    this.showPage(result.data, this.data.products);
  },

  onRetry() {
    if (this.data.keyword) void this.search(this.data.keyword);
  },
});
