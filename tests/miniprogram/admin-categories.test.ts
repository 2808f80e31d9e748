/** admin/categories/categories: list, create (one id per category, kept across a resend), rename, reorder, hide, delete refused while in use. */
import { answerCalls, callsOf, fail, ok, renderPage, settle, text, texts, wx } from './helpers';
import type { Rendered } from './helpers';

beforeEach(() => {
  jest.clearAllMocks();
  wx.clearStorageSync();
});

interface Category {
  id: string;
  name: string;
  sortOrder: number;
  hidden: boolean;
  productCount: number;
}

/** A small stand-in for the admin function's category routes, keeping their state between calls. */
function categoryServer(initial: Category[]) {
  let categories = initial.map((category) => ({ ...category }));
  const sorted = () => [...categories].sort((a, b) => a.sortOrder - b.sortOrder);
  let loseNextCreate = false;
  answerCalls({
    'admin.listCategories': () => ok({ items: sorted() }),
    'admin.saveCategory': (data: Record<string, any>) => {
      if (data.mode === 'create' && loseNextCreate) {
        loseNextCreate = false;
        categories.push({ id: data.id, name: data.name, sortOrder: data.sortOrder, hidden: false, productCount: 0 });
        throw Object.assign(new Error('timeout'), { errMsg: 'request:fail timeout' });
      }
      const existing = categories.find((category) => category.id === data.id);
      if (data.mode === 'create' && !existing)
        categories.push({ id: data.id, name: data.name, sortOrder: data.sortOrder, hidden: false, productCount: 0 });
      if (data.mode === 'update' && existing) Object.assign(existing, { name: data.name, sortOrder: data.sortOrder });
      const status = data.mode === 'create' ? (existing ? 'unchanged' : 'created') : 'updated';
      return ok({ status, category: { id: data.id, name: data.name, sortOrder: data.sortOrder } });
    },
    'admin.reorderCategories': (data: Record<string, any>) => {
      (data.ids as string[]).forEach((id, index) => {
        categories.find((category) => category.id === id)!.sortOrder = (index + 1) * 10;
      });
      return ok({ status: 'updated', items: sorted().map(({ id, name, sortOrder }) => ({ id, name, sortOrder })) });
    },
    'admin.setCategoryHidden': (data: Record<string, any>) => {
      categories.find((category) => category.id === data.id)!.hidden = data.hidden;
      return ok({ status: 'changed', id: data.id, hidden: data.hidden });
    },
    'admin.deleteCategory': (data: Record<string, any>) => {
      const category = categories.find((candidate) => candidate.id === data.id)!;
      if (category.productCount > 0)
        return fail(
          'CATEGORY_IN_USE',
          `分类「${category.name}」下还有 ${category.productCount} 个商品，请先把它们移到其他分类 (${category.productCount} products use this category)`,
        );
      categories = categories.filter((candidate) => candidate.id !== data.id);
      return ok({ status: 'deleted', id: data.id });
    },
  });
  return {
    loseNextCreate: () => {
      loseNextCreate = true;
    },
  };
}

const TEA: Category = { id: 'cat-tea', name: '茶叶', sortOrder: 10, hidden: false, productCount: 2 };
const SNACKS: Category = { id: 'cat-snacks', name: '零食', sortOrder: 20, hidden: false, productCount: 0 };

async function tapIn(page: Rendered, selector: string, index: number): Promise<void> {
  page.querySelectorAll(selector)[index]!.querySelector('.t-button')!.dispatchEvent('tap');
  await settle(10);
}

describe('admin/categories/categories', () => {
  it('lists every category with its product count and whether it is hidden', async () => {
    categoryServer([TEA, { ...SNACKS, hidden: true }]);
    const page = await renderPage('admin/categories/categories');
    expect(texts(page, '.category-name')).toEqual(['茶叶', '零食']);
    expect(texts(page, '.product-count')).toEqual(['2 个商品', '0 个商品']);
    expect(texts(page, '.hidden-tag')).toEqual(['已隐藏']);
    // The button of each row offers the other state (隐藏 / 显示).
    expect(page.data.rows.map((row: { hidden: boolean }) => row.hidden)).toEqual([false, true]);
  });

  it('creates a category at the end, resending the same id after a lost answer', async () => {
    const server = categoryServer([TEA, SNACKS]);
    const page = await renderPage('admin/categories/categories');
    page.querySelector('.name-input')!.dispatchEvent('input', { detail: { value: ' 礼盒 ' } });
    server.loseNextCreate();
    await tapIn(page, '.create-button', 0);
    expect(wx.showModal).toHaveBeenLastCalledWith(expect.objectContaining({ title: '分类未创建' }));
    await tapIn(page, '.create-button', 0);
    const calls = callsOf('admin.saveCategory');
    expect(calls).toHaveLength(2);
    expect(calls[0]).toMatchObject({ mode: 'create', name: '礼盒', sortOrder: 30 });
    expect(calls[0]!.id).toMatch(/^[A-Za-z0-9_-]{1,40}$/);
    expect(calls[1]).toEqual(calls[0]);
    expect(texts(page, '.category-name')).toEqual(['茶叶', '零食', '礼盒']);
    // The next category gets a new id.
    page.querySelector('.name-input')!.dispatchEvent('input', { detail: { value: '水果' } });
    await tapIn(page, '.create-button', 0);
    expect(callsOf('admin.saveCategory')[2]!.id).not.toBe(calls[0]!.id);
  });

  it('refuses an empty name without calling the function', async () => {
    categoryServer([TEA]);
    const page = await renderPage('admin/categories/categories');
    await tapIn(page, '.create-button', 0);
    expect(wx.showToast).toHaveBeenCalledWith({ title: '请输入分类名称', icon: 'none' });
    expect(callsOf('admin.saveCategory')).toHaveLength(0);
  });

  it('renames a category keeping its place', async () => {
    categoryServer([TEA, SNACKS]);
    const page = await renderPage('admin/categories/categories');
    wx.showModal.mockResolvedValueOnce({ confirm: true, cancel: false, content: '好茶' });
    await tapIn(page, '.rename-button', 0);
    expect(callsOf('admin.saveCategory')).toEqual([
      { $url: 'saveCategory', mode: 'update', id: 'cat-tea', name: '好茶', sortOrder: 10 },
    ]);
    expect(texts(page, '.category-name')).toEqual(['好茶', '零食']);
  });

  it('moves a category down and up with the whole new order', async () => {
    categoryServer([TEA, SNACKS]);
    const page = await renderPage('admin/categories/categories');
    await tapIn(page, '.down-button', 0);
    expect(callsOf('admin.reorderCategories')).toEqual([{ $url: 'reorderCategories', ids: ['cat-snacks', 'cat-tea'] }]);
    expect(texts(page, '.category-name')).toEqual(['零食', '茶叶']);
    await tapIn(page, '.up-button', 1);
    expect(callsOf('admin.reorderCategories')[1]).toEqual({
      $url: 'reorderCategories',
      ids: ['cat-tea', 'cat-snacks'],
    });
    expect(texts(page, '.category-name')).toEqual(['茶叶', '零食']);
  });

  it('hides a category from shoppers and shows it again', async () => {
    categoryServer([TEA, SNACKS]);
    const page = await renderPage('admin/categories/categories');
    await tapIn(page, '.hidden-button', 1);
    expect(callsOf('admin.setCategoryHidden')).toEqual([{ $url: 'setCategoryHidden', id: 'cat-snacks', hidden: true }]);
    expect(texts(page, '.hidden-tag')).toEqual(['已隐藏']);
    await tapIn(page, '.hidden-button', 1);
    expect(callsOf('admin.setCategoryHidden')[1]).toMatchObject({ hidden: false });
    expect(texts(page, '.hidden-tag')).toEqual([]);
  });

  it('shows why a category in use cannot be deleted, and deletes an empty one', async () => {
    categoryServer([TEA, SNACKS]);
    const page = await renderPage('admin/categories/categories');
    wx.showModal.mockResolvedValueOnce({ confirm: true, cancel: false });
    await tapIn(page, '.delete-button', 0);
    expect(wx.showModal).toHaveBeenLastCalledWith({
      title: '不能删除',
      content: '分类「茶叶」下还有 2 个商品，请先把它们移到其他分类 (2 products use this category)',
      showCancel: false,
    });
    expect(texts(page, '.category-name')).toEqual(['茶叶', '零食']);
    wx.showModal.mockResolvedValueOnce({ confirm: true, cancel: false });
    await tapIn(page, '.delete-button', 1);
    expect(callsOf('admin.deleteCategory')[1]).toEqual({ $url: 'deleteCategory', id: 'cat-snacks' });
    expect(texts(page, '.category-name')).toEqual(['茶叶']);
    expect(text(page, '.category-name')).toBe('茶叶');
  });
});
