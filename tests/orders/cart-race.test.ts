/**
 * Concurrent changes of one cart: every write is a compare-and-set on the cart's version, so
 * no add is lost, whether the cart does not exist yet (two inserts race) or does (two updates
 * race).
 */
import { useEmulator, type EmulatorFixture } from '../helpers/emulator';
import { seedProduct } from '../helpers/orders';

/** A function's answer as tests read it (`data` on ok, `error` otherwise). */
type Answer = { ok: boolean; data?: any; error?: any };

type Line = { skuId: string; quantity: number };

function cartDoc(
  f: EmulatorFixture,
  openid: string,
): { items: Line[]; version: number; requestIds: string[] } | undefined {
  return f.emu.emulator.store.scan('carts').find((row) => row._id === openid) as never;
}

const quantities = (f: EmulatorFixture, openid: string): Record<string, number> =>
  Object.fromEntries((cartDoc(f, openid)?.items ?? []).map((item) => [item.skuId, item.quantity]));

describe('cart under concurrency', () => {
  const f = useEmulator({ maxInstancesPerFunction: 8 });
  const add = async (openid: string, skuId: string, quantity: number, requestId: string) => {
    const response = await f.emu.call('cart', { $url: 'add', skuId, quantity, requestId }, { openid });
    if (response.error) throw new Error(response.error.message);
    return response.result as Answer;
  };

  beforeEach(() => {
    f.emu.reset();
    seedProduct(
      f.emu,
      { _id: 'p' },
      Array.from({ length: 8 }, (_, i) => ({ _id: `s${i}`, priceFen: 100, stock: 1000 })),
    );
  });

  it.each([
    ['a new cart (both insert it)', false],
    ['an existing cart (both compare-and-set it)', true],
  ])('%s: two concurrent adds of different SKUs both land, 20 times', async (_label, existing) => {
    for (let round = 0; round < 20; round += 1) {
      const openid = `oRacer${round}`;
      if (existing) await add(openid, 's7', 1, `first-${round}-x`);
      const [a, b] = await Promise.all([
        add(openid, 's0', 1, `a-${round}-xxxx`),
        add(openid, 's1', 2, `b-${round}-xxxx`),
      ]);
      expect([a.ok, b.ok]).toEqual([true, true]);
      expect(quantities(f, openid)).toEqual(existing ? { s7: 1, s0: 1, s1: 2 } : { s0: 1, s1: 2 });
      expect(cartDoc(f, openid)?.version).toBe(existing ? 3 : 2);
    }
  });

  it('two concurrent adds of the same SKU add up; the same request sent twice at once adds once', async () => {
    for (let round = 0; round < 10; round += 1) {
      const openid = `oSame${round}`;
      await Promise.all([add(openid, 's0', 2, `a-${round}-xxxx`), add(openid, 's0', 3, `b-${round}-xxxx`)]);
      expect(quantities(f, openid)).toEqual({ s0: 5 });
      const [first, second] = await Promise.all([
        add(openid, 's0', 4, `c-${round}-xxxx`),
        add(openid, 's0', 4, `c-${round}-xxxx`),
      ]);
      expect([first.ok, second.ok]).toEqual([true, true]);
      expect(quantities(f, openid)).toEqual({ s0: 9 });
    }
  });

  it('eight concurrent adds of eight SKUs: all eight lines, one version step each', async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => add('oCrowd', `s${i}`, i + 1, `crowd-${i}-xxxx`)),
    );
    expect(results.map((result) => result.ok)).toEqual(Array(8).fill(true));
    expect(quantities(f, 'oCrowd')).toEqual({ s0: 1, s1: 2, s2: 3, s3: 4, s4: 5, s5: 6, s6: 7, s7: 8 });
    expect(cartDoc(f, 'oCrowd')?.version).toBe(8);
    expect(cartDoc(f, 'oCrowd')?.requestIds).toHaveLength(8);
  });

  it('an add racing a clear: the cart ends either empty or with the added line, never with a cleared line back', async () => {
    for (let round = 0; round < 10; round += 1) {
      const openid = `oClear${round}`;
      await add(openid, 's0', 1, `old-${round}-xxxx`);
      const clear = f.emu.call('cart', { $url: 'clear' }, { openid });
      const added = await add(openid, 's1', 1, `new-${round}-xxxx`);
      await clear;
      expect(added.ok).toBe(true);
      expect([{}, { s1: 1 }]).toContainEqual(quantities(f, openid));
    }
  });
});
