/**
 * Conformance of the emulator's read actions (`database.getDocument`, `database.calculateDocument`)
 * through the real wx-server-sdk: queries, ordering, paging limits, projections, EJSON round trips
 * and error shapes (docs/platform.md sections 2, 3.1, 3.2, 3.9, 3.10).
 */
import { rejection, useEmulator } from '../helpers/emulator';

type Row = Record<string, any>;

interface Gettable {
  get(): unknown;
}

/** Runs `get()` on a query or collection and returns its documents. */
async function list(query: Gettable): Promise<Row[]> {
  return ((await query.get()) as { data: Row[] }).data;
}

/** Ids of the documents a query returns, sorted (for queries whose order is not specified). */
async function idsOf(query: Gettable): Promise<string[]> {
  return (await list(query)).map((doc) => String(doc._id)).sort();
}

const PEOPLE: Row[] = [
  {
    _id: 'p1',
    name: 'Alice',
    age: 30,
    score: 1.5,
    tags: ['a', 'b'],
    o: { p: 1, q: 2 },
    items: [
      { sku: 'x', qty: 1 },
      { sku: 'y', qty: 5 },
    ],
    at: new Date('2024-01-01T00:00:00.000Z'),
    note: null,
  },
  {
    _id: 'p2',
    name: 'bob',
    age: 25,
    score: 3,
    tags: ['b', 'c', 'd'],
    o: { p: 2, q: 2 },
    items: [{ sku: 'x', qty: 3 }],
    at: new Date('2024-06-01T00:00:00.000Z'),
  },
  {
    _id: 'p3',
    name: 'Carol',
    age: 35,
    tags: [],
    o: { p: 1, q: 3, r: { s: true } },
    items: [],
    at: new Date('2023-01-01T00:00:00.000Z'),
    note: 'hi',
  },
  { _id: 'p4', name: 'dave', age: 30, score: 2, tags: ['a'], items: [{ sku: 'z', qty: 2 }] },
];

describe('database reads through the real SDK', () => {
  const f = useEmulator();
  const people = () => f.db.collection('system');
  const cmd = () => f.db.command;

  describe('on a small fixture', () => {
    beforeAll(() => {
      f.emu.reset();
      f.emu.insert('system', PEOPLE);
    });

    describe('get, order, paging, projection and count', () => {
      it('gets a document by id with its types intact', async () => {
        const result = (await people().doc('p1').get()) as { data: Row; errMsg: string };
        expect(result.errMsg).toBe('document.get:ok');
        expect(result.data).toEqual(PEOPLE[0]);
        expect(result.data.at).toBeInstanceOf(Date);
      });

      it('gets a document by a numeric id', async () => {
        f.emu.insert('categories', [{ _id: 42, name: 'numeric' }]);
        const { data } = (await f.db.collection('categories').doc(42).get()) as { data: Row };
        expect(data).toEqual({ _id: 42, name: 'numeric' });
        expect(await idsOf(f.db.collection('categories').where({ _id: 42 }))).toEqual(['42']);
      });

      it('gets every document of a collection and the ones matching a where', async () => {
        const all = (await people().get()) as { data: Row[]; errMsg: string };
        expect(all.errMsg).toBe('collection.get:ok');
        expect(all.data.map((doc) => doc._id).sort()).toEqual(['p1', 'p2', 'p3', 'p4']);
        expect(await idsOf(people().where({ age: 30 }))).toEqual(['p1', 'p4']);
        expect(await idsOf(people().where({ age: 30, name: 'dave' }))).toEqual(['p4']);
        expect(await idsOf(people().where({ _id: 'p2' }))).toEqual(['p2']);
        expect(await idsOf(people().where({ _id: 'nope' }))).toEqual([]);
      });

      it('orders by several keys in call order', async () => {
        const byAgeThenName = await list(people().orderBy('age', 'desc').orderBy('name', 'asc'));
        expect(byAgeThenName.map((doc) => doc._id)).toEqual(['p3', 'p1', 'p4', 'p2']);
        const byAgeThenIdDesc = await list(people().orderBy('age', 'asc').orderBy('_id', 'desc'));
        expect(byAgeThenIdDesc.map((doc) => doc._id)).toEqual(['p2', 'p4', 'p1', 'p3']);
      });

      it('orders by a nested field, missing values lowest (BSON order)', async () => {
        const desc = await list(people().orderBy('o.q', 'desc').orderBy('_id', 'asc'));
        expect(desc.map((doc) => doc._id)).toEqual(['p3', 'p1', 'p2', 'p4']);
        const asc = await list(people().orderBy('score', 'asc'));
        expect(asc.map((doc) => doc._id)).toEqual(['p3', 'p1', 'p4', 'p2']);
      });

      it('orders by a date field', async () => {
        const docs = await list(
          people()
            .where({ at: cmd().exists(true) })
            .orderBy('at', 'asc'),
        );
        expect(docs.map((doc) => doc._id)).toEqual(['p3', 'p1', 'p2']);
      });

      it('skips and limits after ordering', async () => {
        const page = await list(people().orderBy('_id', 'asc').skip(1).limit(2));
        expect(page.map((doc) => doc._id)).toEqual(['p2', 'p3']);
        const tail = await list(people().orderBy('_id', 'desc').skip(3));
        expect(tail.map((doc) => doc._id)).toEqual(['p1']);
        expect(await list(people().skip(10))).toEqual([]);
      });

      it('projects included fields (and _id unless excluded)', async () => {
        const included = await list(people().where({ _id: 'p1' }).field({ name: true, 'o.p': true }));
        expect(included).toEqual([{ _id: 'p1', name: 'Alice', o: { p: 1 } }]);
        const withoutId = await list(people().where({ _id: 'p1' }).field({ _id: false, age: true }));
        expect(withoutId).toEqual([{ age: 30 }]);
      });

      it('projects excluded fields', async () => {
        const excluded = await list(people().where({ _id: 'p4' }).field({ tags: false, items: false, score: false }));
        expect(excluded).toEqual([{ _id: 'p4', name: 'dave', age: 30 }]);
      });

      it('projects a slice of an array (db.command.project.slice)', async () => {
        const sliced = await list(
          people()
            .where({ _id: 'p2' })
            .field({ tags: cmd().project.slice(2), name: true }),
        );
        expect(sliced).toEqual([{ _id: 'p2', name: 'bob', tags: ['b', 'c'] }]);
      });

      it('applies the projection of doc(id).field().get()', async () => {
        // The SDK sends `projection` on DOC queries too (@cloudbase/database document.js#get).
        const { data } = (await people().doc('p1').field({ name: true, age: true }).get()) as { data: Row };
        expect(data).toEqual({ _id: 'p1', name: 'Alice', age: 30 });
        const excluded = (await people().doc('p4').field({ items: false, tags: false }).get()) as { data: Row };
        expect(excluded.data).toEqual({ _id: 'p4', name: 'dave', age: 30, score: 2 });
      });

      it('rejects a projection mixing inclusion and exclusion', async () => {
        const error = await rejection(list(people().field({ name: true, tags: false })));
        expect(error.errCode).toBe(-502001);
        expect(error.errMsg).toMatch(/^collection\.get:fail -502001 database request fail\./);
      });

      it('counts all documents and the ones matching a where', async () => {
        const all = (await people().count()) as { total: number; errMsg: string };
        expect(all).toEqual({ total: 4, errMsg: 'collection.count:ok' });
        const some = (await people()
          .where({ age: cmd().gte(30) })
          .count()) as { total: number };
        expect(some.total).toBe(3);
        const none = (await people().where({ age: 99 }).count()) as { total: number };
        expect(none.total).toBe(0);
      });
    });

    describe('query commands', () => {
      it('eq and neq (neq also matches a missing field)', async () => {
        const _ = cmd();
        expect(await idsOf(people().where({ age: _.eq(30) }))).toEqual(['p1', 'p4']);
        expect(await idsOf(people().where({ score: _.neq(3) }))).toEqual(['p1', 'p3', 'p4']);
        expect(await idsOf(people().where({ tags: _.eq(['a']) }))).toEqual(['p4']);
      });

      it('lt, lte, gt, gte on numbers, strings and dates', async () => {
        const _ = cmd();
        expect(await idsOf(people().where({ age: _.lt(30) }))).toEqual(['p2']);
        expect(await idsOf(people().where({ age: _.lte(30) }))).toEqual(['p1', 'p2', 'p4']);
        expect(await idsOf(people().where({ age: _.gt(30) }))).toEqual(['p3']);
        expect(await idsOf(people().where({ age: _.gte(30) }))).toEqual(['p1', 'p3', 'p4']);
        expect(await idsOf(people().where({ score: _.gt(1.5) }))).toEqual(['p2', 'p4']);
        expect(await idsOf(people().where({ name: _.gte('a') }))).toEqual(['p2', 'p4']);
        expect(await idsOf(people().where({ at: _.gte(new Date('2024-01-01T00:00:00.000Z')) }))).toEqual(['p1', 'p2']);
        expect(await idsOf(people().where({ at: _.lt(new Date('2024-01-01T00:00:00.000Z')) }))).toEqual(['p3']);
      });

      it('db.serverDate() in a query is the server time', async () => {
        const _ = cmd();
        const serverDate = f.db.serverDate as unknown as (options?: { offset: number }) => unknown;
        expect(await idsOf(people().where({ at: _.lt(serverDate()) }))).toEqual(['p1', 'p2', 'p3']);
        const longAgo = -(Date.now() - Date.UTC(2023, 6, 1));
        expect(await idsOf(people().where({ at: _.gt(serverDate({ offset: longAgo })) }))).toEqual(['p1', 'p2']);
        expect(await idsOf(people().where({ at: _.gt(serverDate()) }))).toEqual([]);
      });

      it('in and nin (nin also matches a missing field; in on an array field)', async () => {
        const _ = cmd();
        expect(await idsOf(people().where({ name: _.in(['bob', 'dave', 'zed']) }))).toEqual(['p2', 'p4']);
        expect(await idsOf(people().where({ age: _.nin([25, 35]) }))).toEqual(['p1', 'p4']);
        expect(await idsOf(people().where({ score: _.nin([1.5, 3]) }))).toEqual(['p3', 'p4']);
        expect(await idsOf(people().where({ tags: _.in(['c', 'z']) }))).toEqual(['p2']);
      });

      it('and: field-level chain, top-level array and varargs', async () => {
        const _ = cmd();
        expect(await idsOf(people().where({ age: _.gt(26).and(_.lt(35)) }))).toEqual(['p1', 'p4']);
        expect(await idsOf(people().where(_.and([{ age: 30 }, { score: _.gt(1.6) }])))).toEqual(['p4']);
        expect(await idsOf(people().where(_.and({ tags: 'a' }, { tags: 'b' })))).toEqual(['p1']);
        // Field conditions and a logic command on another field combine with AND.
        expect(await idsOf(people().where({ tags: 'b', age: _.gt(20).and(_.lt(28)) }))).toEqual(['p2']);
      });

      it('or: field-level chain, field-level command and top-level array', async () => {
        const _ = cmd();
        expect(await idsOf(people().where({ age: _.eq(25).or(_.eq(35)) }))).toEqual(['p2', 'p3']);
        expect(await idsOf(people().where({ age: _.or(_.lt(26), _.gt(34)) }))).toEqual(['p2', 'p3']);
        expect(await idsOf(people().where(_.or([{ age: 25 }, { name: 'Carol' }])))).toEqual(['p2', 'p3']);
        expect(await idsOf(people().where(_.or([{ o: { p: 2 } }, { note: 'hi' }])))).toEqual(['p2', 'p3']);
      });

      it('nor', async () => {
        const _ = cmd();
        expect(await idsOf(people().where(_.nor([{ age: 30 }, { name: 'bob' }])))).toEqual(['p3']);
      });

      it('not (also matches a missing field)', async () => {
        const _ = cmd();
        expect(await idsOf(people().where({ age: _.not(_.gt(29)) }))).toEqual(['p2']);
        expect(await idsOf(people().where({ score: _.not(_.gte(2)) }))).toEqual(['p1', 'p3']);
        expect(await idsOf(people().where({ age: _.not(_.eq(30)) }))).toEqual(['p2', 'p3']);
      });

      it('exists, and null matching null or missing', async () => {
        const _ = cmd();
        expect(await idsOf(people().where({ score: _.exists(false) }))).toEqual(['p3']);
        expect(await idsOf(people().where({ note: _.exists(true) }))).toEqual(['p1', 'p3']);
        expect(await idsOf(people().where({ note: null }))).toEqual(['p1', 'p2', 'p4']);
        expect(await idsOf(people().where({ note: _.eq(null) }))).toEqual(['p1', 'p2', 'p4']);
        expect(await idsOf(people().where({ note: _.neq(null) }))).toEqual(['p3']);
      });

      it('size', async () => {
        const _ = cmd();
        expect(await idsOf(people().where({ tags: _.size(2) }))).toEqual(['p1']);
        expect(await idsOf(people().where({ tags: _.size(0) }))).toEqual(['p3']);
        expect(await idsOf(people().where({ items: _.size(1) }))).toEqual(['p2', 'p4']);
      });

      it('elemMatch: all conditions on the same element, unlike dotted paths', async () => {
        const _ = cmd();
        expect(await idsOf(people().where({ items: _.elemMatch({ sku: 'x', qty: _.gt(2) }) }))).toEqual(['p2']);
        expect(await idsOf(people().where({ 'items.sku': 'x', 'items.qty': _.gt(2) }))).toEqual(['p1', 'p2']);
        expect(await idsOf(people().where({ items: _.elemMatch({ sku: _.in(['y', 'z']), qty: _.gte(2) }) }))).toEqual([
          'p1',
          'p4',
        ]);
        expect(await idsOf(people().where({ items: _.elemMatch({ sku: 'y', qty: _.lt(5) }) }))).toEqual([]);
      });

      it('all', async () => {
        const _ = cmd();
        expect(await idsOf(people().where({ tags: _.all(['a', 'b']) }))).toEqual(['p1']);
        expect(await idsOf(people().where({ tags: _.all(['b']) }))).toEqual(['p1', 'p2']);
        expect(await idsOf(people().where({ tags: _.all(['a', 'z']) }))).toEqual([]);
      });

      it('mod', async () => {
        const _ = cmd();
        expect(await idsOf(people().where({ age: _.mod(10, 5) }))).toEqual(['p2', 'p3']);
        expect(await idsOf(people().where({ age: _.mod(10, 0) }))).toEqual(['p1', 'p4']);
      });

      it('regex from a JS RegExp literal, flags kept', async () => {
        expect(await idsOf(people().where({ name: /^[a-c]/ }))).toEqual(['p2']);
        expect(await idsOf(people().where({ name: /^[a-c]/i }))).toEqual(['p1', 'p2', 'p3']);
        expect(await idsOf(people().where({ name: /o/ }))).toEqual(['p2', 'p3']);
      });

      it('regex from db.RegExp, options kept', async () => {
        expect(await idsOf(people().where({ name: f.db.RegExp({ regexp: '^D', options: 'i' }) }))).toEqual(['p4']);
        expect(await idsOf(people().where({ name: f.db.RegExp({ regexp: '^D' }) }))).toEqual([]);
        expect(await idsOf(people().where({ tags: f.db.RegExp({ regexp: '^[cd]$' }) }))).toEqual(['p2']);
      });

      it('expr comparing two fields of the document', async () => {
        const _ = cmd() as unknown as { expr(value: unknown): Row; and(...values: unknown[]): Row };
        const $ = f.db.command.aggregate;
        expect(await idsOf(people().where(_.expr($.gt(['$o.q', '$o.p']))))).toEqual(['p1', 'p3']);
        expect(await idsOf(people().where(_.expr($.eq(['$o.q', '$o.p']))))).toEqual(['p2', 'p4']);
        expect(await idsOf(people().where(_.and({ age: 30 }, _.expr($.gt(['$o.q', '$o.p'])))))).toEqual(['p1']);
      });

      it('dot-flattens nested objects into sub-field matches', async () => {
        const _ = cmd();
        // {o:{p:1}} is "o.p == 1", not "o equals {p:1}": p1 and p3 both have other fields in o.
        expect(await idsOf(people().where({ o: { p: 1 } }))).toEqual(['p1', 'p3']);
        expect(await idsOf(people().where({ o: { r: { s: true } } }))).toEqual(['p3']);
        expect(await idsOf(people().where({ o: { p: _.gt(1) } }))).toEqual(['p2']);
        expect(await idsOf(people().where({ o: { p: 1, q: 2 } }))).toEqual(['p1']);
        expect(await idsOf(people().where({ 'o.q': 3 }))).toEqual(['p3']);
      });

      it('array positional paths and element matching', async () => {
        const _ = cmd();
        expect(await idsOf(people().where({ 'tags.0': 'a' }))).toEqual(['p1', 'p4']);
        expect(await idsOf(people().where({ 'tags.2': 'd' }))).toEqual(['p2']);
        expect(await idsOf(people().where({ 'items.1.sku': 'y' }))).toEqual(['p1']);
        expect(await idsOf(people().where({ 'items.0.qty': _.gte(2) }))).toEqual(['p2', 'p4']);
        expect(await idsOf(people().where({ tags: 'b' }))).toEqual(['p1', 'p2']);
        expect(await idsOf(people().where({ 'items.sku': 'z' }))).toEqual(['p4']);
      });
    });
  });

  describe('platform limits of get()', () => {
    const TOTAL = 1100;

    beforeAll(() => {
      f.emu.reset();
      f.emu.insert(
        'system',
        Array.from({ length: TOTAL }, (_unused, i) => ({ _id: `d${String(i).padStart(4, '0')}`, i })),
      );
    });

    it('returns 100 documents by default, in insertion order', async () => {
      const docs = await list(people());
      expect(docs).toHaveLength(100);
      expect(docs.map((doc) => doc.i)).toEqual(Array.from({ length: 100 }, (_unused, i) => i));
      expect(await list(people().where({ i: f.db.command.gte(0) }))).toHaveLength(100);
    });

    it('caps limit() at 1000', async () => {
      expect(await list(people().limit(5000))).toHaveLength(1000);
      expect(await list(people().limit(1000))).toHaveLength(1000);
      expect(await list(people().limit(7))).toHaveLength(7);
    });

    it('pages past the cap with skip', async () => {
      const last = await list(people().skip(1050).limit(5000));
      expect(last.map((doc) => doc.i)).toEqual(Array.from({ length: 50 }, (_unused, i) => 1050 + i));
      const ordered = await list(people().orderBy('i', 'desc').limit(3));
      expect(ordered.map((doc) => doc.i)).toEqual([1099, 1098, 1097]);
    });

    it('does not cap count()', async () => {
      expect(((await people().count()) as { total: number }).total).toBe(TOTAL);
      expect(
        (
          (await people()
            .where({ i: f.db.command.gte(100) })
            .count()) as { total: number }
        ).total,
      ).toBe(1000);
    });
  });

  describe('EJSON round trips', () => {
    beforeAll(() => f.emu.reset());

    const SAMPLE: Row = {
      _id: 'e1',
      int: 1,
      double: 1.5,
      negative: -7,
      negativeDouble: -0.25,
      zero: 0,
      int32Max: 2147483647,
      big: 1099511627776,
      negativeBig: -1099511627776,
      maxSafe: Number.MAX_SAFE_INTEGER,
      at: new Date(Date.UTC(2024, 1, 29, 12, 34, 56, 789)),
      beforeEpoch: new Date(Date.UTC(1960, 0, 1)),
      nested: {
        arr: [[1, 2.5], [{ deep: [null, 'x', { when: new Date(Date.UTC(2030, 0, 1)) }] }]],
        obj: { a: { b: { c: 'd' } } },
      },
      emptyObject: {},
      emptyArray: [],
      nothing: null,
      text: 'héllo 中文 "quoted" \\ $notAnOperator',
      flag: false,
    };

    it('writes with add() and reads back with doc().get() unchanged', async () => {
      const added = (await people().add({ data: SAMPLE })) as { _id: string };
      expect(added._id).toBe('e1');
      const { data } = (await people().doc('e1').get()) as { data: Row };
      expect(data).toEqual(SAMPLE);
      expect(data.at).toBeInstanceOf(Date);
      expect(data.nested.arr[1][0].deep[2].when).toBeInstanceOf(Date);
      expect(data.nested.arr[1][0].deep[2].when.getTime()).toBe(Date.UTC(2030, 0, 1));
      expect(Object.keys(data).sort()).toEqual(Object.keys(SAMPLE).sort());
    });

    it('reads back the same through where().get()', async () => {
      expect(await list(people().where({ _id: 'e1' }))).toEqual([SAMPLE]);
    });

    it('matches on ints, doubles, longs, dates and nulls', async () => {
      const _ = cmd();
      expect(await idsOf(people().where({ int: 1 }))).toEqual(['e1']);
      expect(await idsOf(people().where({ int: 1.5 }))).toEqual([]);
      expect(await idsOf(people().where({ double: 1.5 }))).toEqual(['e1']);
      expect(await idsOf(people().where({ double: _.gt(1).and(_.lt(2)) }))).toEqual(['e1']);
      expect(await idsOf(people().where({ big: 1099511627776 }))).toEqual(['e1']);
      expect(await idsOf(people().where({ big: _.gt(2147483647) }))).toEqual(['e1']);
      expect(await idsOf(people().where({ negativeBig: _.lt(-2147483648) }))).toEqual(['e1']);
      expect(await idsOf(people().where({ maxSafe: Number.MAX_SAFE_INTEGER }))).toEqual(['e1']);
      expect(await idsOf(people().where({ at: new Date(Date.UTC(2024, 1, 29, 12, 34, 56, 789)) }))).toEqual(['e1']);
      expect(await idsOf(people().where({ at: new Date(Date.UTC(2024, 1, 29, 12, 34, 56, 788)) }))).toEqual([]);
      expect(await idsOf(people().where({ nothing: null, 'nested.obj.a.b.c': 'd' }))).toEqual(['e1']);
    });

    it('keeps int and double apart on the wire (canonical EJSON answers)', async () => {
      // The SDK parses relaxed EJSON, so the distinction is only visible in the raw response.
      const response = await f.emu.emulator.database.getDocument({
        collectionName: 'system',
        queryType: 'DOC',
        query: JSON.stringify({ _id: 'e1' }),
        multi: false,
      });
      const text = (response.list as string[])[0] as string;
      const raw = JSON.parse(text) as Row;
      expect(raw.int).toEqual({ $numberInt: '1' });
      expect(raw.double).toEqual({ $numberDouble: '1.5' });
      expect(raw.at).toEqual({ $date: { $numberLong: String(Date.UTC(2024, 1, 29, 12, 34, 56, 789)) } });
      expect(raw.nothing).toBeNull();
    });

    it('keeps a double a double through arithmetic', async () => {
      const _ = cmd();
      await people()
        .doc('e1')
        .update({ data: { int: _.inc(1), double: _.inc(1), big: _.inc(1) } });
      const { data } = (await people().doc('e1').get()) as { data: Row };
      expect(data.int).toBe(2);
      expect(data.double).toBe(2.5);
      expect(data.big).toBe(1099511627777);
    });
  });

  describe('errors', () => {
    beforeAll(() => {
      f.emu.reset();
      f.emu.insert('system', PEOPLE);
    });

    it('doc().get() of a missing document throws document.get:fail with the default database', async () => {
      const error = await rejection(people().doc('missing').get() as Promise<unknown>);
      expect(error.errCode).toBe(-1);
      expect(error.errMsg).toMatch(/^document\.get:fail/);
      expect(error.errMsg).toContain('missing');
    });

    it('doc().get() of a missing document gives data null with throwOnNotFound:false', async () => {
      const db = f.cloud.database({ throwOnNotFound: false } as Parameters<typeof f.cloud.database>[0]);
      const result = (await db.collection('system').doc('missing').get()) as { data: unknown; errMsg: string };
      expect(result.data).toBeNull();
      expect(result.errMsg).toBe('document.get:ok');
      const found = (await db.collection('system').doc('p2').get()) as { data: Row };
      expect(found.data.name).toBe('bob');
    });

    it('a missing collection fails every read with -502005', async () => {
      const missing = f.db.collection('no_such_collection');
      const attempts: Array<[string, Promise<unknown>]> = [
        ['collection.get', missing.get() as Promise<unknown>],
        ['collection.get', missing.where({ a: 1 }).get() as Promise<unknown>],
        ['document.get', missing.doc('x').get() as Promise<unknown>],
        ['collection.count', missing.count() as Promise<unknown>],
      ];
      for (const [api, attempt] of attempts) {
        const error = await rejection(attempt);
        expect(error.errCode).toBe(-502005);
        expect(error.errMsg).toContain(`${api}:fail -502005 database collection not exists`);
        expect(error.errMsg).toContain('no_such_collection');
      }
    });

    it('rejects an unknown query operator with -502001', async () => {
      const error = await rejection(list(people().where({ age: { $bogus: 1 } })));
      expect(error.errCode).toBe(-502001);
      expect(error.errMsg).toMatch(/^collection\.get:fail -502001 database request fail\./);
      const counted = await rejection(
        people()
          .where({ age: { $bogus: 1 } })
          .count() as Promise<unknown>,
      );
      expect(counted.errCode).toBe(-502001);
      const topLevel = await rejection(list(people().where({ $bogus: [{ age: 1 }] })));
      expect(topLevel.errCode).toBe(-502001);
    });
  });
});
