/**
 * The admin's category routes beyond saveCategory: listCategories (hidden ones too, with product
 * counts), setCategoryHidden, reorderCategories and deleteCategory (refused while products use
 * the category), and how the shoppers' home and 分类 follow: hidden categories are not listed,
 * the order is sortOrder's, and a hidden category's products stay reachable by search and link.
 */
import { COLLECTIONS } from '@shared/collections';
import { ADMIN_CONTRACTS } from '@shared/contracts/admin';
import { useEmulator, type EmulatorFixture } from '../helpers/emulator';
import { seedProduct } from '../helpers/orders';

type Answer = { ok: boolean; data?: any; error?: any };
const ADMIN = 'oADMIN';

function api(f: EmulatorFixture, name: 'admin' | 'catalog') {
  return async (route: string, input: object = {}): Promise<Answer> => {
    const openid = name === 'admin' ? ADMIN : 'oSHOPPER';
    const response = await f.emu.call(name, { $url: route, ...input }, { openid });
    if (response.error) throw new Error(`${name} ${route} failed: ${response.error.message}`);
    return response.result as Answer;
  };
}

const dump = (f: EmulatorFixture): Record<string, unknown[]> =>
  Object.fromEntries(COLLECTIONS.map((collection) => [collection.name, f.emu.emulator.store.scan(collection.name)]));

describe('admin category routes and the shoppers pages', () => {
  const f = useEmulator();
  const admin = api(f, 'admin');
  const catalog = api(f, 'catalog');

  beforeEach(() => {
    f.emu.reset();
    f.emu.insert('admins', [
      { _id: ADMIN, addedBy: 'test', addedAt: new Date(f.emu.emulator.options.clock.now()), note: '' },
    ]);
    f.emu.insert('categories', [
      { _id: 'cat-tea', name: '茶叶', sortOrder: 10 },
      { _id: 'cat-snacks', name: '零食', sortOrder: 20 },
      { _id: 'cat-home', name: '家居', sortOrder: 30 },
    ]);
    seedProduct(f.emu, { _id: 't1', categoryId: 'cat-tea', name: '龙井' }, [{ _id: 't1-a', priceFen: 100, stock: 5 }]);
    seedProduct(f.emu, { _id: 't2', categoryId: 'cat-tea', name: '碧螺春', onSale: false }, [
      { _id: 't2-a', priceFen: 100, stock: 5 },
    ]);
    seedProduct(f.emu, { _id: 's1', categoryId: 'cat-snacks', name: '瓜子' }, [
      { _id: 's1-a', priceFen: 100, stock: 5 },
    ]);
  });

  const ids = (items: Array<{ id: string }>): string[] => items.map((item) => item.id);

  it('lists every category with its product count, on sale or not', async () => {
    const listed = await admin('listCategories');
    expect(() => ADMIN_CONTRACTS.listCategories.output.parse(listed.data)).not.toThrow();
    expect(listed.data.items).toEqual([
      { id: 'cat-tea', name: '茶叶', sortOrder: 10, hidden: false, productCount: 2 },
      { id: 'cat-snacks', name: '零食', sortOrder: 20, hidden: false, productCount: 1 },
      { id: 'cat-home', name: '家居', sortOrder: 30, hidden: false, productCount: 0 },
    ]);
  });

  it('hides a category from home and 分类 but keeps its products reachable by search and link', async () => {
    expect(await admin('setCategoryHidden', { id: 'cat-tea', hidden: true })).toEqual({
      ok: true,
      data: { status: 'changed', id: 'cat-tea', hidden: true },
    });
    const before = dump(f);
    expect((await admin('setCategoryHidden', { id: 'cat-tea', hidden: true })).data.status).toBe('unchanged');
    expect(dump(f)).toEqual(before);
    expect((await admin('listCategories')).data.items[0]).toMatchObject({ id: 'cat-tea', hidden: true });

    const home = await catalog('home');
    expect(ids(home.data.categories)).toEqual(['cat-snacks', 'cat-home']);
    expect(home.data.sections.map((section: { category: { id: string } }) => section.category.id)).toEqual([
      'cat-snacks',
    ]);
    expect(ids((await catalog('categories')).data.items)).toEqual(['cat-snacks', 'cat-home']);
    expect(await catalog('products', { categoryId: 'cat-tea' })).toMatchObject({
      ok: false,
      error: { code: 'CATEGORY_NOT_FOUND' },
    });
    expect(ids((await catalog('search', { keyword: '龙井' })).data.items)).toEqual(['t1']);
    expect((await catalog('detail', { productId: 't1' })).ok).toBe(true);

    await admin('setCategoryHidden', { id: 'cat-tea', hidden: false });
    expect(ids((await catalog('categories')).data.items)).toEqual(['cat-tea', 'cat-snacks', 'cat-home']);
    expect(await admin('setCategoryHidden', { id: 'cat-none', hidden: true })).toMatchObject({
      ok: false,
      error: { code: 'CATEGORY_NOT_FOUND' },
    });
  });

  it('reorders: the listed ids first, the others after, numbered 10, 20, 30; home and 分类 follow', async () => {
    const moved = await admin('reorderCategories', { ids: ['cat-home', 'cat-tea'] });
    expect(moved).toEqual({
      ok: true,
      data: {
        status: 'updated',
        items: [
          { id: 'cat-home', name: '家居', sortOrder: 10 },
          { id: 'cat-tea', name: '茶叶', sortOrder: 20 },
          { id: 'cat-snacks', name: '零食', sortOrder: 30 },
        ],
      },
    });
    const before = dump(f);
    expect((await admin('reorderCategories', { ids: ['cat-home', 'cat-tea'] })).data.status).toBe('unchanged');
    expect(dump(f)).toEqual(before);
    expect(ids((await catalog('categories')).data.items)).toEqual(['cat-home', 'cat-tea', 'cat-snacks']);
    const home = await catalog('home');
    expect(ids(home.data.categories)).toEqual(['cat-home', 'cat-tea', 'cat-snacks']);
    expect(home.data.sections.map((section: { category: { id: string } }) => section.category.id)).toEqual([
      'cat-tea',
      'cat-snacks',
    ]);
    expect(await admin('reorderCategories', { ids: ['cat-home', 'cat-none'] })).toMatchObject({
      ok: false,
      error: { code: 'CATEGORY_NOT_FOUND' },
    });
    expect(dump(f)).toEqual(before);
  });

  it('refuses to delete a category products use, naming how many; deletes an empty one once', async () => {
    const before = dump(f);
    const refused = await admin('deleteCategory', { id: 'cat-tea' });
    expect(refused).toEqual({
      ok: false,
      error: {
        code: 'CATEGORY_IN_USE',
        message: '分类「茶叶」下还有 2 个商品，请先把它们移到其他分类 (2 products use this category)',
      },
    });
    expect(dump(f)).toEqual(before);
    expect(await admin('deleteCategory', { id: 'cat-home' })).toEqual({
      ok: true,
      data: { status: 'deleted', id: 'cat-home' },
    });
    expect(f.emu.emulator.store.scan('categories').map((doc) => doc._id)).not.toContain('cat-home');
    expect((await admin('deleteCategory', { id: 'cat-home' })).data.status).toBe('unchanged');
  });
});
