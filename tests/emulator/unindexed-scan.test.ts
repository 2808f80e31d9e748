import { TEST_FUNCTIONS_BUILD_DIR } from '../../scripts/paths';
import { UNINDEXED_SCAN_THRESHOLD } from '../../emulator/src/db/scanCheck';
import { useEmulator } from '../helpers/emulator';

/**
 * Queries that read a large collection without an index: the emulator answers them instantly,
 * so it lists them in the invocation statistics instead of letting them pass unnoticed.
 */
describe('unindexed scans in the invocation statistics', () => {
  const f = useEmulator({ functionsDir: TEST_FUNCTIONS_BUILD_DIR });
  const PRODUCTS = 1_200;

  beforeAll(() => {
    expect(PRODUCTS).toBeGreaterThan(UNINDEXED_SCAN_THRESHOLD);
    // `products` is indexed on (categoryId, sortOrder) and on slug, and `onSale` is not indexed.
    const docs = Array.from({ length: PRODUCTS }, (_, i) => ({
      _id: `p${i}`,
      slug: `slug-${i}`,
      categoryId: `c${i % 10}`,
      sortOrder: i,
      onSale: i % 2 === 0,
    }));
    f.emu.insert('products', docs);
  });

  const probe = async (query: object) => {
    const response = await f.emu.call('probe', { mode: 'query', query }, { openid: 'oScan' });
    expect(response.error).toBeUndefined();
    return response.invocation;
  };

  it('reports a read, a count and an aggregation filtering by an unindexed field', async () => {
    for (const [op, action] of [
      ['get', 'database.getDocument'],
      ['count', 'database.calculateDocument'],
      ['aggregate', 'database.aggregateDocuments'],
    ] as const) {
      const invocation = await probe({ op, where: { onSale: true } });
      expect(invocation.unindexedScans).toEqual([
        { action, collection: 'products', fields: ['onSale'], scanned: PRODUCTS },
      ]);
      // The check adds no request.
      expect(invocation.roundTrips.database).toBe(1);
    }
  });

  it('reports a condition on the second key of an index only, and one without any condition', async () => {
    const bySecondKey = await probe({ op: 'get', where: { sortOrder: 5 } });
    expect(bySecondKey.unindexedScans).toEqual([
      { action: 'database.getDocument', collection: 'products', fields: ['sortOrder'], scanned: PRODUCTS },
    ]);
    const everything = await probe({ op: 'count' });
    expect(everything.unindexedScans).toMatchObject([{ fields: [], scanned: PRODUCTS }]);
  });

  it('reports an update and a remove with an unindexed condition', async () => {
    const update = await probe({ op: 'update', where: { onSale: false, sortOrder: 1 } });
    expect(update.unindexedScans).toEqual([
      { action: 'database.modifyDocument', collection: 'products', fields: ['onSale', 'sortOrder'], scanned: PRODUCTS },
    ]);
    const remove = await probe({ op: 'remove', where: { slugless: true } });
    expect(remove.unindexedScans).toMatchObject([{ action: 'database.removeDocument', fields: ['slugless'] }]);
  });

  it('reports nothing for queries the primary key or an index prefix serves', async () => {
    const served = [
      { op: 'doc', id: 'p7' },
      { op: 'get', where: { _id: 'p8' } },
      { op: 'get', where: { categoryId: 'c3' } },
      { op: 'get', where: { categoryId: 'c3', sortOrder: 13, onSale: false } },
      { op: 'count', where: { slug: 'slug-9' } },
      { op: 'aggregate', where: { categoryId: 'c1' } },
    ];
    for (const query of served) expect((await probe(query)).unindexedScans).toEqual([]);
  });

  it('shows the reports through the control plane statistics', async () => {
    const invocation = await probe({ op: 'get', where: { onSale: true } });
    const response = await fetch(`${f.emu.url}/_emulator/stats/invocations/${invocation.id}`);
    const shown = (await response.json()) as { unindexedScans: unknown[] };
    expect(shown.unindexedScans).toEqual([
      { action: 'database.getDocument', collection: 'products', fields: ['onSale'], scanned: PRODUCTS },
    ]);
  });
});
