import { TEST_FUNCTIONS_BUILD_DIR } from '../../scripts/paths';
import { UNINDEXED_SCAN_THRESHOLD, type UnindexedScan } from '../../emulator/src/db/scanCheck';
import { parseEjson, stringifyEjson } from '../../emulator/src/ejson';
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

/**
 * A `$lookup` reads its `from` collection like a query of its own: a sub-pipeline's leading
 * `$match` or a plain lookup's `foreignField` must be served by an index there, or the read is
 * reported once per aggregation, like an unindexed first stage. The pipelines are sent to the
 * database service directly with a reporter, as an invocation's request would be.
 */
describe('unindexed scans of $lookup', () => {
  const f = useEmulator({ functionsDir: TEST_FUNCTIONS_BUILD_DIR });
  const PRODUCTS = 1_200;

  beforeAll(() => {
    // `products` is indexed on (categoryId, sortOrder) and on slug; `onSale` is not indexed.
    f.emu.insert(
      'products',
      Array.from({ length: PRODUCTS }, (_, i) => ({
        _id: `p${i}`,
        slug: `slug-${i}`,
        categoryId: `c${i % 10}`,
        sortOrder: i,
        onSale: i % 2 === 0,
      })),
    );
    f.emu.insert('categories', [
      { _id: 'c1', name: 'Tea', sortOrder: 1, featured: true },
      { _id: 'c2', name: 'Coffee', sortOrder: 2, featured: false },
    ]);
  });

  /** Runs `stages` on categories; returns the reported scans and the result rows. */
  const aggregate = async (stages: object[], collectionName = 'categories') => {
    const scans: UnindexedScan[] = [];
    const body = {
      collectionName,
      stages: stages.map((stage) => {
        const [stageKey, value] = Object.entries(stage)[0] as [string, unknown];
        return { stageKey, stageValue: stringifyEjson(value) };
      }),
    };
    const { list } = (await f.emu.emulator.database.aggregateDocuments(body, (scan) => scans.push(scan))) as {
      list: string[];
    };
    return { scans, rows: list.map((row) => parseEjson(row, 0) as Record<string, unknown>) };
  };

  const productsScan = (fields: string[]): UnindexedScan => ({
    action: 'database.aggregateDocuments',
    collection: 'products',
    fields,
    scanned: PRODUCTS,
  });

  it('reports a sub-pipeline whose leading $match no index serves, once per aggregation', async () => {
    const { scans, rows } = await aggregate([
      { $lookup: { from: 'products', pipeline: [{ $match: { onSale: true } }, { $count: 'n' }], as: 'onSale' } },
    ]);
    expect(scans).toEqual([productsScan(['onSale'])]);
    expect(rows.map((row) => row.onSale)).toEqual([[{ n: PRODUCTS / 2 }], [{ n: PRODUCTS / 2 }]]);
  });

  it('reports a sub-pipeline without a leading $match and a correlated one', async () => {
    const whole = await aggregate([{ $lookup: { from: 'products', pipeline: [{ $count: 'n' }], as: 'all' } }]);
    expect(whole.scans).toEqual([productsScan([])]);
    // `$expr` comparing with a variable of the joined document: no index serves it here.
    const correlated = await aggregate([
      {
        $lookup: {
          from: 'products',
          let: { category: '$_id' },
          pipeline: [{ $match: { $expr: { $eq: ['$categoryId', '$$category'] } } }, { $count: 'n' }],
          as: 'inCategory',
        },
      },
    ]);
    expect(correlated.scans).toEqual([productsScan([])]);
    expect(correlated.rows.map((row) => row.inCategory)).toEqual([[{ n: PRODUCTS / 10 }], [{ n: PRODUCTS / 10 }]]);
  });

  it('reports a plain lookup on an unindexed foreign field', async () => {
    const { scans, rows } = await aggregate([
      { $lookup: { from: 'products', localField: 'featured', foreignField: 'onSale', as: 'matching' } },
      { $project: { n: { $size: '$matching' } } },
    ]);
    expect(scans).toEqual([productsScan(['onSale'])]);
    expect(rows).toEqual([
      { _id: 'c1', n: PRODUCTS / 2 },
      { _id: 'c2', n: PRODUCTS / 2 },
    ]);
  });

  it('reports nothing for lookups an index serves, nested ones included', async () => {
    const served = [
      { $lookup: { from: 'products', localField: '_id', foreignField: 'categoryId', as: 'a' } },
      { $lookup: { from: 'products', pipeline: [{ $match: { categoryId: 'c1', onSale: true } }], as: 'b' } },
      { $lookup: { from: 'products', pipeline: [{ $match: { slug: { $in: ['slug-1', 'slug-2'] } } }], as: 'c' } },
      {
        $lookup: {
          from: 'categories',
          pipeline: [
            { $match: { _id: 'c1' } },
            { $lookup: { from: 'products', localField: '_id', foreignField: 'categoryId', as: 'products' } },
          ],
          as: 'd',
        },
      },
    ];
    for (const stage of served) expect((await aggregate([stage])).scans).toEqual([]);
  });

  it('does not report a lookup that joins onto no document, which reads nothing', async () => {
    const { scans, rows } = await aggregate([
      { $match: { _id: 'none' } },
      { $lookup: { from: 'products', pipeline: [{ $match: { onSale: true } }], as: 'x' } },
    ]);
    expect(scans).toEqual([]);
    expect(rows).toEqual([]);
  });
});
