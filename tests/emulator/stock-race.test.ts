import { TEST_FUNCTIONS_BUILD_DIR } from '../../scripts/paths';
import { useEmulator } from '../helpers/emulator';

describe('conditional decrements under concurrency', () => {
  const f = useEmulator({ functionsDir: TEST_FUNCTIONS_BUILD_DIR, maxInstancesPerFunction: 8 });

  it('200 concurrent decrements from 8 instances on a stock of 50 sell exactly 50', async () => {
    f.emu.insert('products', [{ _id: 'p-race', slug: 'p-race', stock: 50 }]);
    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        f.emu.call('decrementStock', { productId: 'p-race' }, { openid: `oBuyer${i}` }),
      ),
    );
    expect(responses.filter((response) => response.error)).toEqual([]);
    const sold = responses.filter((response) => (response.result as { sold: boolean }).sold).length;
    expect(sold).toBe(50);
    const { data } = (await f.db.collection('products').doc('p-race').get()) as unknown as { data: { stock: number } };
    expect(data.stock).toBe(0);
    const instances = f.emu.emulator.runtime.instanceCount('decrementStock');
    expect(instances).toBe(8);
  });
});
