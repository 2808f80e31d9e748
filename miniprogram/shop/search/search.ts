/**
 * 搜索: products whose name contains the keyword (`catalog.search`), 20 a page as the results
 * scroll to the bottom; pull down to search again. Opened from 首页's search entry, or with
 * `?keyword=` to search at once.
 */
import { toCardViews, type CardView } from '../../components/product-card/card-view';
import { catalog } from '../../services/catalog';
import type { PageStatus } from '../../utils/page-state';
import { clearList, listData, loadNextPage, pageSource, reloadList } from '../../utils/paged-list';
import { refreshed } from '../../utils/pull-down';

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
    ...listData<CardView>(),
    status: 'idle' as SearchStatus,
    emptyText: '',
  },

  onLoad(query: Record<string, string | undefined>) {
    const keyword = decodeQueryValue(query.keyword).trim();
    if (keyword) {
      this.setData({ input: keyword });
      void this.search(keyword);
    }
  },

  onPullDownRefresh() {
    return refreshed(this.data.keyword ? this.search(this.data.keyword) : Promise.resolve());
  },

  onReachBottom() {
    void loadNextPage(this, this.source());
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
    clearList(this);
    this.setData({ input: '', keyword: '', status: 'idle' });
  },

  /** Searches from the first page; the page's state follows the answer. */
  search(keyword: string) {
    this.setData({ keyword });
    return reloadList(this, this.source());
  },

  /** The results for the keyword searched. */
  source() {
    const keyword = this.data.keyword;
    return pageSource(
      (page) => catalog.search({ keyword, page, pageSize: PAGE_SIZE }),
      (answer) => toCardViews(answer.items),
      { summaryOf: (answer) => ({ emptyText: `没有找到与“${answer.keyword}”相关的商品` }) },
    );
  },

  onRetry() {
    if (this.data.keyword) void this.search(this.data.keyword);
  },
});
