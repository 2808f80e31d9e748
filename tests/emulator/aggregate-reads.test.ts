/**
 * Aggregations read only the stored documents they need: a leading `$match` that a declared
 * index serves, and a lookup on an indexed field, seek through the index instead of reading and
 * copying the whole collection. Checked with the database's count of documents read, never with
 * elapsed time. Also checked: what the index returns stays right as documents change, results
 * keep the collection's order and never share objects with stored documents.
 */
import { useEmulator } from '../helpers/emulator';

type Row = Record<string, any>;

async function run(pipeline: { end(): unknown }): Promise<Row[]> {
  const result = (await pipeline.end()) as { list: Row[]; errMsg: string };
  expect(result.errMsg).toBe('collection.aggregate:ok');
  return result.list;
}

describe('aggregations on a large collection read only the matching documents', () => {
  const f = useEmulator();
  const PRODUCTS = 20_000;
  const CATEGORIES = 400;
  const PER_CATEGORY = PRODUCTS / CATEGORIES;

  beforeAll(() => {
    // `products` is indexed on (categoryId, sortOrder); `price` is not indexed. Inserted in
    // slices: the store checks a batch's unique keys against each other.
    const docs = Array.from({ length: PRODUCTS }, (_, i) => ({
      _id: `p${i}`,
      slug: `slug-${i}`,
      categoryId: `c${i % CATEGORIES}`,
      sortOrder: i,
      price: 100 + (i % 7),
      detail: { weightG: i },
    }));
    for (let i = 0; i < PRODUCTS; i += 200) f.emu.insert('products', docs.slice(i, i + 200));
    f.emu.insert('categories', [
      { _id: 'c7', name: 'Tea', sortOrder: 1 },
      { _id: 'c8', name: 'Coffee', sortOrder: 2 },
    ]);
  });

  /** Documents the database read while `action` ran. */
  const readsOf = async <T>(action: () => Promise<T>): Promise<{ reads: number; value: T }> => {
    const before = f.emu.emulator.database.documentsRead;
    const value = await action();
    return { reads: f.emu.emulator.database.documentsRead - before, value };
  };

  it('reads only the documents of a leading $match that an index serves', async () => {
    const $ = f.db.command.aggregate;
    const { reads, value } = await readsOf(() =>
      run(
        f.db
          .collection('products')
          .aggregate()
          .match({ categoryId: 'c7' })
          .group({ _id: '$categoryId', n: $.sum(1), total: $.sum('$price') }),
      ),
    );
    expect(value).toEqual([{ _id: 'c7', n: PER_CATEGORY, total: expect.any(Number) }]);
    expect(reads).toBe(PER_CATEGORY);
    // `$in` seeks each value; the unindexed condition is still applied to what the index returns.
    const several = await readsOf(() =>
      run(
        f.db
          .collection('products')
          .aggregate()
          .match({ categoryId: f.db.command.in(['c7', 'c8']), price: 100 })
          .count('n'),
      ),
    );
    expect(several.reads).toBe(2 * PER_CATEGORY);
    expect(several.value).toEqual([{ n: expect.any(Number) }]);
  });

  it('reads the whole collection when no index serves the $match', async () => {
    const { reads } = await readsOf(() =>
      run(f.db.collection('products').aggregate().match({ price: 101 }).count('n')),
    );
    expect(reads).toBe(PRODUCTS);
  });

  it('reads only the joined documents of a lookup on an indexed field or sub-pipeline', async () => {
    const plain = await readsOf(() =>
      run(
        f.db
          .collection('categories')
          .aggregate()
          .lookup({ from: 'products', localField: '_id', foreignField: 'categoryId', as: 'products' })
          .project({ n: f.db.command.aggregate.size('$products') }),
      ),
    );
    expect(plain.value).toEqual([
      { _id: 'c7', n: PER_CATEGORY },
      { _id: 'c8', n: PER_CATEGORY },
    ]);
    expect(plain.reads).toBe(2 + 2 * PER_CATEGORY);
    const sub = await readsOf(() =>
      run(
        f.db
          .collection('categories')
          .aggregate()
          .lookup({ from: 'products', pipeline: [{ $match: { categoryId: 'c7' } }, { $count: 'n' }], as: 'c7' }),
      ),
    );
    // The uncorrelated sub-pipeline ran once for both categories.
    expect(sub.reads).toBe(2 + PER_CATEGORY);
    expect(sub.value.map((row) => row.c7)).toEqual([[{ n: PER_CATEGORY }], [{ n: PER_CATEGORY }]]);
  });

  it('finds documents through the index after they change, in collection order', async () => {
    const _ = f.db.command;
    await f.db
      .collection('products')
      .doc('p3')
      .update({ data: { categoryId: 'c7' } });
    await f.db.collection('products').doc('p7').remove();
    await f.db.collection('products').add({ data: { _id: 'pNew', categoryId: 'c7', sortOrder: -1 } });
    const ids = (await run(f.db.collection('products').aggregate().match({ categoryId: 'c7' }).limit(3))).map(
      (row) => row._id,
    );
    // p3 keeps its place before p407; p7 is gone; pNew comes last.
    expect(ids).toEqual(['p3', 'p407', 'p807']);
    const last = await run(
      f.db
        .collection('products')
        .aggregate()
        .match({ categoryId: 'c7' })
        .skip(PER_CATEGORY - 1)
        .limit(5),
    );
    expect(last.map((row) => row._id)).toEqual([`p${PRODUCTS - CATEGORIES + 7}`, 'pNew']);
    const moved = await run(
      f.db
        .collection('products')
        .aggregate()
        .match({ categoryId: _.eq('c3') })
        .count('n'),
    );
    expect(moved).toEqual([{ n: PER_CATEGORY - 1 }]);
  });

  it('never lets a pipeline change stored documents or share rows between joined documents', async () => {
    const rows = await run(
      f.db
        .collection('categories')
        .aggregate()
        .lookup({ from: 'products', pipeline: [{ $match: { _id: 'p8' } }], as: 'picked' })
        .unwind('$picked')
        .addFields({ 'picked.detail.tag': '$name' })
        // A blocking stage: every document is changed before any is projected.
        .sort({ _id: 1 })
        .project({ tag: '$picked.detail.tag' }),
    );
    expect(rows).toEqual([
      { _id: 'c7', tag: 'Tea' },
      { _id: 'c8', tag: 'Coffee' },
    ]);
    const stored = (await f.db.collection('products').doc('p8').get()) as { data: Row };
    expect(stored.data.detail).toEqual({ weightG: 8 });
  });
});
