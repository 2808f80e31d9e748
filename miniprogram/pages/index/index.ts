/**
 * 首页: a search entry, the category shortcuts and, per category with products on sale, its
 * first products from `catalog.home`; 加载更多 under a section pages through the rest of that
 * category (`catalog.products`, in the same order). The home data has no banners yet, so the
 * page shows none rather than made-up ones. Pull down to reload.
 *
 * A share link or mini-program code that opens this page is handled by app.ts (entry by share).
 */
import type { HomeOutput } from '@shared/contracts/catalog';
import { toCardViews, type CardView } from '../../components/product-card/card-view';
import { catalog } from '../../services/catalog';
import { chooseCategory } from '../../utils/category-choice';
import type { PageStatus } from '../../utils/page-state';
import { refreshed } from '../../utils/pull-down';
import { CATEGORY_TAB, searchUrl } from '../../utils/shop-routes';

interface SectionView {
  categoryId: string;
  name: string;
  products: CardView[];
  hasMore: boolean;
  /** Pages loaded so far, the home's first products being page 1 of `pageSize`. */
  page: number;
  pageSize: number;
  loadingMore: boolean;
  moreError: string;
}

function sectionsOf(home: HomeOutput): SectionView[] {
  return home.sections.map((section) => ({
    categoryId: section.category.id,
    name: section.category.name,
    products: toCardViews(section.products),
    hasMore: section.hasMore,
    page: 1,
    // The home shows a full first page exactly when there is more, so its length is the page size.
    pageSize: section.products.length,
    loadingMore: false,
    moreError: '',
  }));
}

Page({
  data: {
    status: 'loading' as PageStatus,
    message: '',
    categories: [] as Array<{ id: string; name: string; initial: string }>,
    sections: [] as SectionView[],
  },

  onLoad() {
    void this.reload();
  },

  onPullDownRefresh() {
    return refreshed(this.reload());
  },

  async reload() {
    if (this.data.sections.length === 0) this.setData({ status: 'loading' });
    const result = await catalog.home();
    if (!result.ok) {
      this.setData({ status: 'error', message: result.error.message });
      return;
    }
    this.setData({
      status: result.data.sections.length === 0 ? 'empty' : 'ready',
      categories: result.data.categories.map((category) => ({
        id: category.id,
        name: category.name,
        initial: Array.from(category.name)[0] ?? '',
      })),
      sections: sectionsOf(result.data),
    });
  },

  /** 加载更多 under a section: the next page of its category; a failure shows under it. */
  async onMoreTap(event: WechatMiniprogram.BaseEvent<Record<string, never>, { index: number }>) {
    const index = Number(event.currentTarget.dataset.index);
    const section = this.data.sections[index];
    if (!section || !section.hasMore || section.loadingMore) return;
    const key = `sections[${index}]`;
    this.setData({ [`${key}.loadingMore`]: true, [`${key}.moreError`]: '' });
    const result = await catalog.products({
      categoryId: section.categoryId,
      page: section.page + 1,
      pageSize: section.pageSize,
    });
    if (!result.ok) {
      this.setData({ [`${key}.loadingMore`]: false, [`${key}.moreError`]: result.error.message });
      return;
    }
    this.setData({
      [`${key}.loadingMore`]: false,
      [`${key}.products`]: [...section.products, ...toCardViews(result.data.items)],
      [`${key}.page`]: result.data.page,
      [`${key}.hasMore`]: result.data.hasMore,
    });
  },

  /** 秒杀: the sessions running now and the next ones. */
  onFlashSaleTap() {
    void wx.navigateTo({ url: '/shop/flashSale/flashSale' });
  },

  onSearchTap() {
    void wx.navigateTo({ url: searchUrl() });
  },

  /** A category shortcut or a section's 全部: the 分类 tab, opened on that category. */
  onCategoryTap(event: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
    chooseCategory(event.currentTarget.dataset.id);
    void wx.switchTab({ url: CATEGORY_TAB });
  },

  onRetry() {
    void this.reload();
  },
});
