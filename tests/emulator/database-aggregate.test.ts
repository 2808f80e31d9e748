/**
 * Conformance of `database.aggregateDocuments` through the real wx-server-sdk: pipeline stages,
 * `db.command.aggregate` operators, the platform's default cap of 20 results and error shapes
 * (docs/platform.md sections 1.4 and 3.6).
 */
import { rejection, useEmulator } from '../helpers/emulator';

type Row = Record<string, any>;

interface Endable {
  end(): unknown;
}

async function run(pipeline: Endable): Promise<Row[]> {
  const result = (await pipeline.end()) as { list: Row[]; errMsg: string };
  expect(result.errMsg).toBe('collection.aggregate:ok');
  return result.list;
}

const CATEGORIES: Row[] = [
  { _id: 'c1', name: 'Tea', sortOrder: 2 },
  { _id: 'c2', name: 'Coffee', sortOrder: 1 },
  { _id: 'c3', name: 'Empty', sortOrder: 3 },
];

const PRODUCTS: Row[] = [
  {
    _id: 'p1',
    slug: 'green',
    categoryId: 'c1',
    price: 1200,
    stock: 5,
    tags: ['hot', 'new'],
    createdAt: new Date('2024-01-05T00:00:00.000Z'),
  },
  {
    _id: 'p2',
    slug: 'black',
    categoryId: 'c1',
    price: 800,
    stock: 0,
    tags: ['hot'],
    createdAt: new Date('2024-03-01T00:00:00.000Z'),
  },
  {
    _id: 'p3',
    slug: 'latte',
    categoryId: 'c2',
    price: 2500,
    stock: 2,
    tags: [],
    createdAt: new Date('2024-02-10T00:00:00.000Z'),
  },
  {
    _id: 'p4',
    slug: 'mocha',
    categoryId: 'c2',
    price: 2800,
    stock: 1,
    tags: ['new'],
    createdAt: new Date('2023-12-24T00:00:00.000Z'),
  },
  {
    _id: 'p5',
    slug: 'orphan',
    categoryId: 'c9',
    price: 100,
    stock: 9,
    tags: ['sale', 'hot'],
    createdAt: new Date('2024-04-01T00:00:00.000Z'),
  },
];

describe('database aggregation through the real SDK', () => {
  const f = useEmulator();
  const products = () => f.db.collection('products');
  const categories = () => f.db.collection('categories');
  const $ = () => f.db.command.aggregate;
  const _ = () => f.db.command;
  /** `db.command.expr` exists in the SDK but not in its typings. */
  const expr = (value: unknown) => (f.db.command as unknown as { expr(value: unknown): Row }).expr(value);

  describe('on the catalog fixture', () => {
    beforeAll(() => {
      f.emu.reset();
      f.emu.insert('categories', CATEGORIES);
      f.emu.insert('products', PRODUCTS);
    });

    it('$match with query commands', async () => {
      const list = await run(
        products()
          .aggregate()
          .match({ price: _().gte(1000), tags: 'hot' }),
      );
      expect(list.map((doc) => doc._id)).toEqual(['p1']);
      const nested = await run(
        products()
          .aggregate()
          .match(_().or([{ stock: 0 }, { categoryId: 'c9' }])),
      );
      expect(nested.map((doc) => doc._id)).toEqual(['p2', 'p5']);
    });

    it('$group with $sum, $avg, $min, $max, $push, $addToSet, $first and a count', async () => {
      const list = await run(
        products()
          .aggregate()
          .match({ categoryId: _().in(['c1', 'c2']) })
          .sort({ _id: 1 })
          .group({
            _id: '$categoryId',
            total: $().sum('$price'),
            count: $().sum(1),
            average: $().avg('$price'),
            cheapest: $().min('$price'),
            dearest: $().max('$price'),
            slugs: $().push('$slug'),
            firstSlug: $().first('$slug'),
            lastSlug: $().last('$slug'),
            stockTotal: $().sum('$stock'),
          })
          .sort({ _id: 1 }),
      );
      expect(list).toEqual([
        {
          _id: 'c1',
          total: 2000,
          count: 2,
          average: 1000,
          cheapest: 800,
          dearest: 1200,
          slugs: ['green', 'black'],
          firstSlug: 'green',
          lastSlug: 'black',
          stockTotal: 5,
        },
        {
          _id: 'c2',
          total: 5300,
          count: 2,
          average: 2650,
          cheapest: 2500,
          dearest: 2800,
          slugs: ['latte', 'mocha'],
          firstSlug: 'latte',
          lastSlug: 'mocha',
          stockTotal: 3,
        },
      ]);
    });

    it('$group by null over everything, and $addToSet', async () => {
      const [all] = await run(
        products()
          .aggregate()
          .unwind('$tags')
          .group({ _id: null, tags: $().addToSet('$tags'), revenue: $().sum($().multiply(['$price', '$stock'])) }),
      );
      expect((all?.tags as string[]).sort()).toEqual(['hot', 'new', 'sale']);
      // Only documents that survived the unwind: p1 twice, p2, p4, p5 twice.
      expect(all?.revenue).toBe(1200 * 5 * 2 + 800 * 0 + 2800 * 1 + 100 * 9 * 2);
    });

    it('$sort on several keys, then $skip and $limit', async () => {
      const sorted = await run(products().aggregate().sort({ categoryId: -1, price: 1 }).project({ _id: 1 }));
      expect(sorted.map((doc) => doc._id)).toEqual(['p5', 'p3', 'p4', 'p2', 'p1']);
      const page = await run(products().aggregate().sort({ price: -1 }).skip(1).limit(2).project({ _id: 1 }));
      expect(page).toEqual([{ _id: 'p3' }, { _id: 'p1' }]);
    });

    it('$project with inclusion, exclusion, renaming and operators', async () => {
      const shaped = await run(
        products()
          .aggregate()
          .match({ _id: 'p1' })
          .project({
            _id: 0,
            slug: 1,
            upper: $().toUpper('$slug'),
            yuan: $().divide(['$price', 100]),
            tagCount: $().size('$tags'),
            category: '$categoryId',
          }),
      );
      expect(shaped).toEqual([{ slug: 'green', upper: 'GREEN', yuan: 12, tagCount: 2, category: 'c1' }]);
      const excluded = await run(
        products().aggregate().match({ _id: 'p2' }).project({ tags: 0, createdAt: 0, stock: 0 }),
      );
      expect(excluded).toEqual([{ _id: 'p2', slug: 'black', categoryId: 'c1', price: 800 }]);
    });

    it('$addFields keeps the document and adds computed fields', async () => {
      const list = await run(
        products()
          .aggregate()
          .match({ _id: 'p3' })
          .addFields({
            value: $().multiply(['$price', '$stock']),
            inStock: $().gt(['$stock', 0]),
            label: $().concat(['$slug', '#', '$categoryId']),
          }),
      );
      expect(list).toEqual([{ ...PRODUCTS[2], value: 5000, inStock: true, label: 'latte#c2' }]);
    });

    it('$unwind with a path string and with options', async () => {
      const plain = await run(
        products()
          .aggregate()
          .match({ _id: _().in(['p1', 'p3']) })
          .unwind('$tags')
          .project({ tags: 1 }),
      );
      expect(plain).toEqual([
        { _id: 'p1', tags: 'hot' },
        { _id: 'p1', tags: 'new' },
      ]);
      const kept = await run(
        products()
          .aggregate()
          .match({ _id: _().in(['p1', 'p3']) })
          .unwind({ path: '$tags', includeArrayIndex: 'index', preserveNullAndEmptyArrays: true })
          .project({ tags: 1, index: 1 }),
      );
      expect(kept).toEqual([
        { _id: 'p1', tags: 'hot', index: 0 },
        { _id: 'p1', tags: 'new', index: 1 },
        { _id: 'p3', index: null },
      ]);
    });

    it('$count', async () => {
      expect(
        await run(
          products()
            .aggregate()
            .match({ stock: _().gt(0) })
            .count('inStock'),
        ),
      ).toEqual([{ inStock: 4 }]);
      // Counting nothing gives no document at all (MongoDB behaviour).
      expect(
        await run(
          products()
            .aggregate()
            .match({ stock: _().gt(100) })
            .count('n'),
        ),
      ).toEqual([]);
    });

    it('$lookup with localField / foreignField', async () => {
      const list = await run(
        products()
          .aggregate()
          .lookup({ from: 'categories', localField: 'categoryId', foreignField: '_id', as: 'category' })
          .project({ slug: 1, category: 1 })
          .sort({ _id: 1 }),
      );
      expect(list).toEqual([
        { _id: 'p1', slug: 'green', category: [CATEGORIES[0]] },
        { _id: 'p2', slug: 'black', category: [CATEGORIES[0]] },
        { _id: 'p3', slug: 'latte', category: [CATEGORIES[1]] },
        { _id: 'p4', slug: 'mocha', category: [CATEGORIES[1]] },
        { _id: 'p5', slug: 'orphan', category: [] },
      ]);
    });

    it('$lookup with let and a sub-pipeline', async () => {
      const pipeline = ($() as unknown as { pipeline(): Row }).pipeline();
      const list = await run(
        categories()
          .aggregate()
          .sort({ sortOrder: 1 })
          .lookup({
            from: 'products',
            let: { cid: '$_id', min: 1000 },
            pipeline: pipeline
              .match(expr($().and([$().eq(['$categoryId', '$$cid']), $().gte(['$price', '$$min'])])))
              .sort({ price: -1 })
              .project({ _id: 0, slug: 1, price: 1 })
              .done(),
            as: 'expensive',
          })
          .project({ name: 1, expensive: 1 }),
      );
      expect(list).toEqual([
        {
          _id: 'c2',
          name: 'Coffee',
          expensive: [
            { slug: 'mocha', price: 2800 },
            { slug: 'latte', price: 2500 },
          ],
        },
        { _id: 'c1', name: 'Tea', expensive: [{ slug: 'green', price: 1200 }] },
        { _id: 'c3', name: 'Empty', expensive: [] },
      ]);
    });

    it('$lookup then $unwind and $group: revenue per category name', async () => {
      const list = await run(
        products()
          .aggregate()
          .lookup({ from: 'categories', localField: 'categoryId', foreignField: '_id', as: 'category' })
          .unwind('$category')
          .group({ _id: '$category.name', stock: $().sum('$stock') })
          .sort({ stock: -1 }),
      );
      expect(list).toEqual([
        { _id: 'Tea', stock: 5 },
        { _id: 'Coffee', stock: 3 },
      ]);
    });

    it('returns Dates as Dates, including computed ones', async () => {
      const [range] = await run(
        products()
          .aggregate()
          .group({ _id: null, first: $().min('$createdAt'), last: $().max('$createdAt') }),
      );
      expect(range?.first).toBeInstanceOf(Date);
      expect(range?.first).toEqual(new Date('2023-12-24T00:00:00.000Z'));
      expect(range?.last).toEqual(new Date('2024-04-01T00:00:00.000Z'));
      const months = await run(
        products()
          .aggregate()
          .match({
            createdAt: _()
              .gte(new Date('2024-01-01T00:00:00.000Z'))
              .and(_().lt(new Date('2024-03-01T00:00:00.000Z'))),
          })
          .project({
            _id: 1,
            createdAt: 1,
            month: $().month('$createdAt'),
            day: $().dateToString({ date: '$createdAt', format: '%Y-%m-%d' }),
          })
          .sort({ createdAt: 1 }),
      );
      expect(months).toEqual([
        { _id: 'p1', createdAt: new Date('2024-01-05T00:00:00.000Z'), month: 1, day: '2024-01-05' },
        { _id: 'p3', createdAt: new Date('2024-02-10T00:00:00.000Z'), month: 2, day: '2024-02-10' },
      ]);
      expect(months[0]?.createdAt).toBeInstanceOf(Date);
    });

    it('$sample returns distinct documents, at most the collection size', async () => {
      const some = await run(products().aggregate().sample({ size: 3 }));
      expect(some).toHaveLength(3);
      expect(new Set(some.map((doc) => doc._id)).size).toBe(3);
      const more = await run(products().aggregate().sample({ size: 50 }));
      expect(more.map((doc) => doc._id).sort()).toEqual(['p1', 'p2', 'p3', 'p4', 'p5']);
      const filtered = await run(
        products().aggregate().match({ categoryId: 'c2' }).sample({ size: 5 }).project({ _id: 1 }),
      );
      expect(filtered.map((doc) => doc._id).sort()).toEqual(['p3', 'p4']);
    });

    it('never changes stored documents', async () => {
      const before = ((await products().limit(1000).get()) as { data: Row[] }).data;
      const beforeCategories = ((await categories().get()) as { data: Row[] }).data;
      await run(
        products()
          .aggregate()
          .addFields({ 'createdAt.bogus': 1, 'extra.x': 1, tags: $().concatArrays(['$tags', ['added']]) })
          .lookup({ from: 'categories', localField: 'categoryId', foreignField: '_id', as: 'category' })
          .unwind('$category')
          .addFields({ 'category.name': 'overwritten', 'category.added': true })
          .project({ 'category.sortOrder': 0 }),
      );
      await run(
        products()
          .aggregate()
          .unwind('$tags')
          .group({ _id: '$tags', docs: $().push('$$ROOT') })
          .addFields({ 'docs.slug': 'x' }),
      );
      expect(((await products().limit(1000).get()) as { data: Row[] }).data).toEqual(before);
      expect(((await categories().get()) as { data: Row[] }).data).toEqual(beforeCategories);
      expect(before).toEqual(PRODUCTS);
    });

    it('keeps ints, doubles and large numbers in results', async () => {
      const [result] = await run(
        products()
          .aggregate()
          .match({ _id: 'p1' })
          .project({
            _id: 0,
            half: $().divide(['$price', 1000]),
            big: $().multiply(['$price', 1099511627776]),
            int: '$stock',
          }),
      );
      expect(result).toEqual({ half: 1.2, big: 1200 * 1099511627776, int: 5 });
    });
  });

  describe('the default cap of 20 results', () => {
    beforeAll(() => {
      f.emu.reset();
      f.emu.insert(
        'system',
        Array.from({ length: 30 }, (_unused, i) => ({ _id: `d${String(i).padStart(2, '0')}`, i, group: i % 3 })),
      );
    });
    const system = () => f.db.collection('system');

    it('returns at most 20 results without a $limit stage', async () => {
      const list = await run(system().aggregate().match({}));
      expect(list).toHaveLength(20);
      expect(list.map((doc) => doc.i)).toEqual(Array.from({ length: 20 }, (_unused, i) => i));
      const sorted = await run(system().aggregate().sort({ i: -1 }).project({ i: 1 }));
      expect(sorted).toHaveLength(20);
      expect(sorted[0]?.i).toBe(29);
      const skipped = await run(system().aggregate().sort({ i: 1 }).skip(5));
      expect(skipped.map((doc) => doc.i)).toEqual(Array.from({ length: 20 }, (_unused, i) => i + 5));
    });

    it('returns more with an explicit $limit', async () => {
      expect(await run(system().aggregate().match({}).limit(25))).toHaveLength(25);
      expect(await run(system().aggregate().limit(1000))).toHaveLength(30);
      expect(await run(system().aggregate().limit(30).skip(4))).toHaveLength(26);
    });

    it('does not count a $limit inside a $lookup sub-pipeline', async () => {
      const pipeline = ($() as unknown as { pipeline(): Row }).pipeline();
      const list = await run(
        system()
          .aggregate()
          .lookup({ from: 'system', pipeline: pipeline.limit(1).project({ _id: 1 }).done(), as: 'one' }),
      );
      expect(list).toHaveLength(20);
      expect(list[0]?.one).toEqual([{ _id: 'd00' }]);
    });

    it('does not cap group results below 20', async () => {
      const groups = await run(
        system()
          .aggregate()
          .group({ _id: '$group', n: $().sum(1) })
          .sort({ _id: 1 }),
      );
      expect(groups).toEqual([
        { _id: 0, n: 10 },
        { _id: 1, n: 10 },
        { _id: 2, n: 10 },
      ]);
    });
  });

  describe('errors', () => {
    beforeAll(() => {
      f.emu.reset();
      f.emu.insert('system', [{ _id: 'a', n: 1 }]);
    });

    it('rejects an invalid stage with errCode -1 and collection.aggregate:fail', async () => {
      const system = () => f.db.collection('system');
      const invalid: Array<[string, Endable]> = [
        [
          '$group without _id',
          system()
            .aggregate()
            .group({ total: $().sum('$n') }),
        ],
        ['$sample without size', system().aggregate().sample({})],
        ['$sample with a negative size', system().aggregate().sample({ size: -1 })],
        ['$limit 0', system().aggregate().limit(0)],
        ['$unwind path without $', system().aggregate().unwind('tags')],
        ['$sort order 2', system().aggregate().sort({ n: 2 })],
        ['$lookup without from', system().aggregate().lookup({ localField: 'n', foreignField: 'n', as: 'x' })],
        ['$count of a $ path', system().aggregate().count('$n')],
      ];
      for (const [label, pipeline] of invalid) {
        const error = await rejection(pipeline.end() as Promise<unknown>);
        expect([label, error.errCode]).toEqual([label, -1]);
        expect(error.errMsg).toMatch(/^collection\.aggregate:fail /);
      }
      // The emulator is still serving.
      expect(await run(system().aggregate().match({ _id: 'a' }))).toEqual([{ _id: 'a', n: 1 }]);
    });

    it('rejects an unknown operator in a stage', async () => {
      const badMatch = await rejection(
        f.db
          .collection('system')
          .aggregate()
          .match({ n: { $bogus: 1 } })
          .end() as Promise<unknown>,
      );
      expect(badMatch.errCode).toBe(-1);
      expect(badMatch.errMsg).toMatch(/^collection\.aggregate:fail /);
      const badExpression = await rejection(
        f.db
          .collection('system')
          .aggregate()
          .project({ x: { $bogus: ['$n'] } })
          .end() as Promise<unknown>,
      );
      expect(badExpression.errCode).toBe(-1);
      expect(badExpression.errMsg).toMatch(/^collection\.aggregate:fail /);
    });

    it('refuses stages and operators outside the documented set, in $lookup sub-pipelines too', async () => {
      const system = () => f.db.collection('system');
      const allowed = await run(
        system()
          .aggregate()
          .lookup({
            from: 'system',
            let: { n: '$n' },
            pipeline: ($() as unknown as { pipeline(): Row })
              .pipeline()
              .match(expr($().eq(['$n', '$$n'])))
              .project({ _id: 0, twice: $().multiply(['$n', 2]) })
              .done(),
            as: 'same',
          })
          .addFields({ label: $().concat(['n=', $().toLower('A')]) })
          .limit(1),
      );
      expect(allowed).toEqual([{ _id: 'a', n: 1, same: [{ twice: 2 }], label: 'n=a' }]);
      // wx-server-sdk drops `aggregate(rawPipeline)` and its facet()/graphLookup() wrappers call methods the
      // underlying Aggregation lacks, so append the stages the way its own stage methods do, to reach the wire.
      const raw = (stages: Row[]): Endable => {
        type Inner = { _pipe(stageKey: string, value: unknown, raw: boolean): unknown };
        const pipeline = system().aggregate() as unknown as Endable & { _aggregate: Inner };
        for (const stage of stages) {
          const [stageKey, value] = Object.entries(stage)[0] as [string, unknown];
          pipeline._aggregate._pipe(stageKey, value, true);
        }
        return pipeline;
      };
      const fn = { $function: { body: 'function () { return 1; }', args: [], lang: 'js' } };
      const refused: Array<[string, Endable, string]> = [
        ['$facet', raw([{ $facet: { all: [{ $match: {} }] } }]), "Unrecognized pipeline stage name: '$facet'"],
        [
          '$unionWith in $lookup',
          raw([{ $lookup: { from: 'system', pipeline: [{ $unionWith: 'system' }], as: 'x' } }]),
          "Unrecognized pipeline stage name: '$unionWith'",
        ],
        ['$function', raw([{ $project: { x: fn } }]), "Unrecognized expression '$function'"],
        [
          '$function in $lookup',
          raw([{ $lookup: { from: 'system', pipeline: [{ $addFields: { x: fn } }], as: 'x' } }]),
          "Unrecognized expression '$function'",
        ],
        ['$where', raw([{ $match: { $where: 'true' } }]), "Unrecognized expression '$where'"],
      ];
      for (const [label, pipeline, message] of refused) {
        const error = await rejection(pipeline.end() as Promise<unknown>);
        expect([label, error.errCode]).toEqual([label, -1]);
        expect([label, error.errMsg]).toEqual([label, expect.stringContaining(message)]);
      }
      // The emulator is still serving.
      expect(await run(system().aggregate().match({ _id: 'a' }))).toEqual([{ _id: 'a', n: 1 }]);
    });

    it('fails on a missing collection with the not-exist message', async () => {
      const error = await rejection(f.db.collection('nowhere').aggregate().match({}).end() as Promise<unknown>);
      expect(error.errCode).toBe(-1);
      expect(error.errMsg).toMatch(/^collection\.aggregate:fail /);
      expect(error.errMsg).toContain('Db or Table not exist: nowhere');
    });
  });
});
