/**
 * The funnel's counters (productDailyStats): the product page's first load counts a view and its
 * 加入购物车 counts an add, one increment each on the product's China day; the first event of a
 * day inserts the document. Calls that do not ask to count (refreshes, previews, other pages)
 * keep their round trips and write nothing; a replayed or refused add is not counted.
 */
import { useEmulator } from '../helpers/emulator';
import { seedProduct } from '../helpers/orders';

/** 2026-03-31 23:59:30 in China, half a minute before 04-01. */
const START = Date.parse('2026-03-31T15:59:30Z');
const ME = 'oSHOPPER';

describe('product counters', () => {
  const f = useEmulator({ runScheduler: false, clock: { now: () => START }, timers: [] });
  const stats = () =>
    Object.fromEntries(
      f.emu.emulator.store.scan('productDailyStats').map((doc) => [doc._id, [doc.day, doc.views, doc.cartAdds]]),
    );
  const call = async (name: string, input: object) => {
    const response = await f.emu.call(name, input, { openid: ME });
    expect(response.error).toBeUndefined();
    expect((response.result as { ok: boolean }).ok).toBe(true);
    return response.invocation.roundTrips.database;
  };

  beforeEach(() => {
    f.emu.reset();
    seedProduct(f.emu, { _id: 'tea', name: '龙井' }, [{ _id: 'tea-250', spec: '250g', priceFen: 12_800, stock: 50 }]);
  });

  it('counts a product page view with one increment, inserting the day on its first view', async () => {
    expect(await call('catalog', { $url: 'detail', productId: 'tea' })).toBe(1);
    expect(stats()).toEqual({});
    // The day's first view: the increment matches nothing, the insert makes the document.
    expect(await call('catalog', { $url: 'detail', productId: 'tea', countView: true })).toBe(3);
    expect(await call('catalog', { $url: 'detail', productId: 'tea', countView: true })).toBe(2);
    expect(stats()).toEqual({ 'tea:20260331': [20260331, 2, 0] });
    // A minute later it is 04-01 in China: a new document.
    f.emu.emulator.options.clock.advance(60_000);
    await call('catalog', { $url: 'detail', productId: 'tea', countView: true });
    expect(stats()).toEqual({ 'tea:20260331': [20260331, 2, 0], 'tea:20260401': [20260401, 1, 0] });
  });

  it('counts an add to cart once, not its replay, not a refused add, not an add that does not ask', async () => {
    await call('catalog', { $url: 'detail', productId: 'tea', countView: true });
    const add = { $url: 'add', skuId: 'tea-250', quantity: 1, requestId: 'tap-000001', countAdd: true };
    expect(await call('cart', add)).toBe(3 + 1);
    expect(await call('cart', add)).toBe(2);
    expect(await call('cart', { ...add, requestId: 'tap-000002', countAdd: undefined })).toBe(3);
    const refused = await f.emu.call('cart', { ...add, requestId: 'tap-000003', quantity: 60 }, { openid: ME });
    expect(refused.result).toMatchObject({ ok: false, error: { code: 'OUT_OF_STOCK' } });
    expect(stats()).toEqual({ 'tea:20260331': [20260331, 1, 1] });
  });

  it('counts every view when many shoppers open the page at once', async () => {
    await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        f.emu.call('catalog', { $url: 'detail', productId: 'tea', countView: true }, { openid: `oS${index}` }),
      ),
    );
    expect(stats()).toEqual({ 'tea:20260331': [20260331, 8, 0] });
  });
});
