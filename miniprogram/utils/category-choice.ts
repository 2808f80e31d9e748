/**
 * A category chosen on another page (首页's shortcuts) for the 分类 tab: wx.switchTab cannot
 * carry a query, so the choice waits in storage until the 分类 page takes it on show.
 */
const CHOSEN_CATEGORY_KEY = 'shop.chosenCategory';

export function chooseCategory(categoryId: string): void {
  wx.setStorageSync(CHOSEN_CATEGORY_KEY, categoryId);
}

/** The waiting choice, once: it is removed as it is read. */
export function takeChosenCategory(): string | undefined {
  const chosen: unknown = wx.getStorageSync(CHOSEN_CATEGORY_KEY);
  if (typeof chosen !== 'string' || chosen === '') return undefined;
  wx.removeStorageSync(CHOSEN_CATEGORY_KEY);
  return chosen;
}
