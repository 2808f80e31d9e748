/**
 * 分类: the categories on the left (`catalog.categories`), the selected one's products on the
 * right (`catalog.products`, pages of 20 as the list scrolls to its end; pull the list down to
 * reload). A category chosen on 首页 (utils/category-choice.ts) is selected when the tab shows.
 *
 * Answers can arrive out of order when the shopper switches categories quickly: an answer for a
 * category that is no longer selected is dropped.
 */
import type { CategoryView, ProductsOutput } from '@shared/contracts/catalog';
import { toCardViews, type CardView } from '../../components/product-card/card-view';
import { catalog } from '../../services/catalog';
import { takeChosenCategory } from '../../utils/category-choice';
import type { PageStatus } from '../../utils/page-state';
import { refreshed } from '../../utils/pull-down';

const PAGE_SIZE = 20;

Page({
  data: {
    /** The categories' state: the whole page follows it. */
    status: 'loading' as PageStatus,
    message: '',
    categories: [] as CategoryView[],
    activeId: '',
    /** The selected category's products. */
    productsStatus: 'loading' as PageStatus,
    productsMessage: '',
    products: [] as CardView[],
    page: 0,
    hasMore: false,
    loadingMore: false,
    moreError: '',
    refreshing: false,
  },

  onLoad() {
    void this.loadCategories();
  },

  /** A category chosen on 首页 while this tab was already loaded. */
  onShow() {
    if (this.data.categories.length === 0) return;
    const chosen = takeChosenCategory();
    if (chosen && chosen !== this.data.activeId && this.data.categories.some((category) => category.id === chosen))
      void this.select(chosen);
  },

  onPullDownRefresh() {
    return refreshed(this.loadCategories());
  },

  async loadCategories() {
    if (this.data.categories.length === 0) this.setData({ status: 'loading' });
    const result = await catalog.categories();
    if (!result.ok) {
      this.setData({ status: 'error', message: result.error.message });
      return;
    }
    const categories = result.data.items;
    if (categories.length === 0) {
      this.setData({ status: 'empty', categories });
      return;
    }
    const chosen = takeChosenCategory();
    const wanted = [chosen, this.data.activeId].find((id) => id && categories.some((category) => category.id === id));
    this.setData({ status: 'ready', categories });
    await this.select(wanted ?? (categories[0] as CategoryView).id);
  },

  /** Selects a category and loads its first page. */
  async select(categoryId: string) {
    this.setData({
      activeId: categoryId,
      productsStatus: 'loading',
      products: [],
      page: 0,
      hasMore: false,
      moreError: '',
    });
    await this.loadFirstPage();
  },

  async loadFirstPage() {
    const categoryId = this.data.activeId;
    const result = await catalog.products({ categoryId, page: 1, pageSize: PAGE_SIZE });
    if (categoryId !== this.data.activeId) return;
    if (!result.ok) {
      this.setData({ productsStatus: 'error', productsMessage: result.error.message });
      return;
    }
    this.showPage(result.data, []);
  },

  showPage(data: ProductsOutput, before: CardView[]) {
    const products = [...before, ...toCardViews(data.items)];
    this.setData({
      productsStatus: products.length === 0 ? 'empty' : 'ready',
      products,
      page: data.page,
      hasMore: data.hasMore,
      loadingMore: false,
    });
  },

  /** The product list scrolled to its end: the next page; a failure shows at the end of the list. */
  async onProductsEnd() {
    if (!this.data.hasMore || this.data.loadingMore) return;
    const categoryId = this.data.activeId;
    this.setData({ loadingMore: true, moreError: '' });
    const result = await catalog.products({ categoryId, page: this.data.page + 1, pageSize: PAGE_SIZE });
    if (categoryId !== this.data.activeId) return;
    if (!result.ok) {
      this.setData({ loadingMore: false, moreError: result.error.message });
      return;
    }
    this.showPage(result.data, this.data.products);
  },

  /** The product list pulled down (scroll-view refresher): the selected category from page 1. */
  async onProductsRefresh() {
    this.setData({ refreshing: true });
    await this.loadFirstPage();
    this.setData({ refreshing: false });
  },

  onCategoryChange(event: WechatMiniprogram.CustomEvent<{ value: string }>) {
    const categoryId = String(event.detail.value);
    if (categoryId !== this.data.activeId) void this.select(categoryId);
  },

  onRetry() {
    void this.loadCategories();
  },

  onProductsRetry() {
    this.setData({ productsStatus: 'loading' });
    void this.loadFirstPage();
  },
});
