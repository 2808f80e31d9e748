/**
 * Conformance of the emulator's non-transactional write actions (`database.insertDocument`,
 * `database.modifyDocument`, `database.removeDocument`, `database.addCollection`) through the real
 * wx-server-sdk (docs/platform.md sections 3.3-3.5, 3.7, 3.9).
 */
import { rejection, useEmulator } from '../helpers/emulator';

type Row = Record<string, any>;

describe('database writes through the real SDK', () => {
  const f = useEmulator();
  const system = () => f.db.collection('system');
  const products = () => f.db.collection('products');
  const _ = () => f.db.command;

  async function read(collection: string, id: string): Promise<Row | null> {
    const db = f.cloud.database({ throwOnNotFound: false } as Parameters<typeof f.cloud.database>[0]);
    return ((await db.collection(collection).doc(id).get()) as { data: Row | null }).data;
  }

  async function all(collection: string): Promise<Row[]> {
    return ((await f.db.collection(collection).limit(1000).get()) as { data: Row[] }).data;
  }

  async function update(id: string, data: Row): Promise<{ stats: { updated: number }; errMsg: string }> {
    return (await system().doc(id).update({ data })) as { stats: { updated: number }; errMsg: string };
  }

  /** The typings omit serverDate's `{offset}` option (ms) and type min/max arguments as numbers. */
  const serverDate = (options?: { offset: number }) =>
    (f.db.serverDate as unknown as (options?: { offset: number }) => unknown)(options);
  const asValue = (date: Date) => date as unknown as number;

  beforeEach(() => f.emu.reset());

  describe('add', () => {
    it('adds one document with a generated id of 32 lowercase hex characters', async () => {
      const result = (await system().add({ data: { name: 'one', n: 1 } })) as { _id: string; errMsg: string };
      expect(result.errMsg).toBe('collection.add:ok');
      expect(result._id).toMatch(/^[0-9a-f]{32}$/);
      expect(await read('system', result._id)).toEqual({ _id: result._id, name: 'one', n: 1 });
    });

    it('adds one document with its own id', async () => {
      const result = (await system().add({ data: { _id: 'mine', name: 'own' } })) as { _id: string };
      expect(result._id).toBe('mine');
      expect(await read('system', 'mine')).toEqual({ _id: 'mine', name: 'own' });
    });

    it('adds a document with a numeric id', async () => {
      const result = (await system().add({ data: { _id: 7, name: 'seven' } })) as { _id: unknown };
      expect(result._id).toBe(7);
      expect(((await system().doc(7).get()) as { data: Row }).data).toEqual({ _id: 7, name: 'seven' });
      // A string id with the same digits is a different document.
      await system().add({ data: { _id: '7', name: 'string seven' } });
      expect(((await system().count()) as { total: number }).total).toBe(2);
    });

    it('adds many documents and returns their ids in order', async () => {
      const result = (await system().add({ data: [{ n: 1 }, { _id: 'given', n: 2 }, { n: 3 }] })) as unknown as {
        _ids: string[];
        errMsg: string;
      };
      expect(result.errMsg).toBe('collection.add:ok');
      expect(result._ids).toHaveLength(3);
      expect(result._ids[1]).toBe('given');
      for (const id of [result._ids[0], result._ids[2]]) expect(id).toMatch(/^[0-9a-f]{32}$/);
      expect(new Set(result._ids).size).toBe(3);
      const docs = await all('system');
      expect(docs.map((doc) => [doc._id, doc.n])).toEqual(result._ids.map((id, i) => [id, i + 1]));
    });

    it('generates distinct ids', async () => {
      const ids = new Set<string>();
      for (let i = 0; i < 20; i += 1) ids.add(((await system().add({ data: { i } })) as { _id: string })._id);
      expect(ids.size).toBe(20);
    });

    it('substitutes db.serverDate() in added documents, also nested', async () => {
      const before = Date.now();
      const { _id } = (await system().add({
        data: {
          createdAt: f.db.serverDate(),
          nested: { at: serverDate({ offset: 3600_000 }) },
          list: [f.db.serverDate()],
        },
      })) as { _id: string };
      const after = Date.now();
      const doc = (await read('system', _id)) as Row;
      expect(doc.createdAt).toBeInstanceOf(Date);
      expect(doc.createdAt.getTime()).toBeGreaterThanOrEqual(before);
      expect(doc.createdAt.getTime()).toBeLessThanOrEqual(after);
      expect(doc.nested.at.getTime() - doc.createdAt.getTime()).toBe(3600_000);
      expect(doc.list[0].getTime()).toBe(doc.createdAt.getTime());
    });

    it('fails with -502005 on a missing collection and does not create it', async () => {
      const error = await rejection(f.db.collection('ghosts').add({ data: { a: 1 } }) as Promise<unknown>);
      expect(error.errCode).toBe(-502005);
      expect(error.errMsg).toContain('collection.add:fail -502005 database collection not exists');
      const many = await rejection(f.db.collection('ghosts').add({ data: [{ a: 1 }, { a: 2 }] }) as Promise<unknown>);
      expect(many.errCode).toBe(-502005);
      const got = await rejection(f.db.collection('ghosts').get() as Promise<unknown>);
      expect(got.errCode).toBe(-502005);
      expect(f.emu.emulator.store.hasCollection('ghosts')).toBe(false);
    });

    it('rejects a duplicate _id with -502001 E11000 and keeps the original', async () => {
      await system().add({ data: { _id: 'dup', v: 'first' } });
      const error = await rejection(system().add({ data: { _id: 'dup', v: 'second' } }) as Promise<unknown>);
      expect(error.errCode).toBe(-502001);
      expect(error.errMsg).toMatch(/^collection\.add:fail -502001 database request fail\./);
      expect(error.errMsg).toContain('E11000');
      expect(await all('system')).toEqual([{ _id: 'dup', v: 'first' }]);
    });

    it('writes none of a batch that repeats an existing _id', async () => {
      await system().add({ data: { _id: 'dup', v: 'first' } });
      const error = await rejection(
        system().add({ data: [{ _id: 'fresh1' }, { _id: 'dup' }, { _id: 'fresh2' }] }) as Promise<unknown>,
      );
      expect(error.errCode).toBe(-502001);
      expect(error.errMsg).toContain('E11000');
      expect(await all('system')).toEqual([{ _id: 'dup', v: 'first' }]);
    });

    it('writes none of a batch that repeats an _id within itself', async () => {
      const error = await rejection(
        system().add({ data: [{ _id: 'x', v: 1 }, { _id: 'y' }, { _id: 'x', v: 2 }] }) as Promise<unknown>,
      );
      expect(error.errCode).toBe(-502001);
      expect(error.errMsg).toContain('E11000');
      expect(await all('system')).toEqual([]);
    });

    it('enforces the unique index of products.slug on add', async () => {
      await products().add({ data: { _id: 'p1', slug: 'tea', name: 'Tea' } });
      const error = await rejection(
        products().add({ data: { _id: 'p2', slug: 'tea', name: 'Other tea' } }) as Promise<unknown>,
      );
      expect(error.errCode).toBe(-502001);
      expect(error.errMsg).toContain('E11000');
      expect(error.errMsg).toContain('uniq_slug');
      expect(await all('products')).toEqual([{ _id: 'p1', slug: 'tea', name: 'Tea' }]);
    });

    it('writes none of a batch that breaks the unique index, against stored data or within itself', async () => {
      await products().add({ data: { _id: 'p1', slug: 'tea' } });
      const clash = await rejection(
        products().add({
          data: [
            { _id: 'p2', slug: 'coffee' },
            { _id: 'p3', slug: 'tea' },
          ],
        }) as Promise<unknown>,
      );
      expect(clash.errCode).toBe(-502001);
      expect(clash.errMsg).toContain('E11000');
      const inner = await rejection(
        products().add({
          data: [
            { _id: 'p4', slug: 'milk' },
            { _id: 'p5', slug: 'milk' },
          ],
        }) as Promise<unknown>,
      );
      expect(inner.errCode).toBe(-502001);
      expect(inner.errMsg).toContain('E11000');
      expect(await all('products')).toEqual([{ _id: 'p1', slug: 'tea' }]);
      // Distinct slugs are fine.
      await products().add({
        data: [
          { _id: 'p2', slug: 'coffee' },
          { _id: 'p3', slug: 'milk' },
        ],
      });
      expect(((await products().count()) as { total: number }).total).toBe(3);
    });
  });

  describe('update commands (doc.update)', () => {
    const BASE: Row = {
      _id: 'u1',
      n: 10,
      d: 2.5,
      s: 'text',
      o: { p: 1, q: 2, deep: { x: 1 } },
      arr: [1, 2, 3],
      items: [
        { sku: 'a', qty: 1 },
        { sku: 'b', qty: 2 },
      ],
      at: new Date('2024-01-01T00:00:00.000Z'),
      none: null,
    };

    beforeEach(() => {
      f.emu.insert('system', [BASE]);
    });

    it('set: plain fields and _.set', async () => {
      const result = await update('u1', { s: 'changed', fresh: true, n: _().set(11) });
      expect(result).toEqual({ stats: { updated: 1 }, errMsg: 'document.update:ok' });
      expect(await read('system', 'u1')).toEqual({ ...BASE, s: 'changed', fresh: true, n: 11 });
    });

    it('nested plain objects merge; _.set replaces', async () => {
      await update('u1', { o: { p: 100, deep: { y: 2 } } });
      expect((await read('system', 'u1'))?.o).toEqual({ p: 100, q: 2, deep: { x: 1, y: 2 } });
      await update('u1', { o: _().set({ only: 'me' }) });
      expect((await read('system', 'u1'))?.o).toEqual({ only: 'me' });
      await update('u1', { created: { a: { b: 1 } } });
      expect((await read('system', 'u1'))?.created).toEqual({ a: { b: 1 } });
    });

    it('arrays given as values are set whole', async () => {
      await update('u1', { arr: [9], items: [] });
      const doc = (await read('system', 'u1')) as Row;
      expect(doc.arr).toEqual([9]);
      expect(doc.items).toEqual([]);
    });

    it('set by array index path', async () => {
      await update('u1', { 'arr.1': 20, 'items.0.qty': 7 });
      const doc = (await read('system', 'u1')) as Row;
      expect(doc.arr).toEqual([1, 20, 3]);
      expect(doc.items).toEqual([
        { sku: 'a', qty: 7 },
        { sku: 'b', qty: 2 },
      ]);
    });

    it('remove', async () => {
      await update('u1', { s: _().remove(), 'o.q': _().remove(), missing: _().remove() });
      const doc = (await read('system', 'u1')) as Row;
      expect('s' in doc).toBe(false);
      expect(doc.o).toEqual({ p: 1, deep: { x: 1 } });
    });

    it('inc and mul, on existing and missing fields, nested', async () => {
      await update('u1', { n: _().inc(-3), d: _().inc(0.25), fresh: _().inc(5), o: { p: _().inc(1) } });
      let doc = (await read('system', 'u1')) as Row;
      expect([doc.n, doc.d, doc.fresh, doc.o.p]).toEqual([7, 2.75, 5, 2]);
      await update('u1', { n: _().mul(3), d: _().mul(2), zero: _().mul(4) });
      doc = (await read('system', 'u1')) as Row;
      expect([doc.n, doc.d, doc.zero]).toEqual([21, 5.5, 0]);
    });

    it('min and max on numbers and dates', async () => {
      await update('u1', { n: _().min(4), d: _().max(1), fresh: _().max(3) });
      let doc = (await read('system', 'u1')) as Row;
      expect([doc.n, doc.d, doc.fresh]).toEqual([4, 2.5, 3]);
      await update('u1', { n: _().max(8), d: _().min(9) });
      doc = (await read('system', 'u1')) as Row;
      expect([doc.n, doc.d]).toEqual([8, 2.5]);
      await update('u1', { at: _().max(asValue(new Date('2025-01-01T00:00:00.000Z'))) });
      doc = (await read('system', 'u1')) as Row;
      expect(doc.at).toEqual(new Date('2025-01-01T00:00:00.000Z'));
      await update('u1', { at: _().min(asValue(new Date('2020-01-01T00:00:00.000Z'))) });
      expect(((await read('system', 'u1')) as Row).at).toEqual(new Date('2020-01-01T00:00:00.000Z'));
    });

    it('rename', async () => {
      await update('u1', { s: _().rename('label'), 'o.q': _().rename('o.renamed') });
      const doc = (await read('system', 'u1')) as Row;
      expect('s' in doc).toBe(false);
      expect(doc.label).toBe('text');
      expect(doc.o).toEqual({ p: 1, renamed: 2, deep: { x: 1 } });
    });

    it('push: values, an array, and onto a missing field', async () => {
      await update('u1', { arr: _().push(4, 5) });
      expect(((await read('system', 'u1')) as Row).arr).toEqual([1, 2, 3, 4, 5]);
      await update('u1', { arr: _().push([6]) });
      expect(((await read('system', 'u1')) as Row).arr).toEqual([1, 2, 3, 4, 5, 6]);
      await update('u1', { fresh: _().push('x') });
      expect(((await read('system', 'u1')) as Row).fresh).toEqual(['x']);
      await update('u1', { items: _().push({ sku: 'c', qty: 3 }) });
      expect(((await read('system', 'u1')) as Row).items).toHaveLength(3);
    });

    it('push with each, position, slice and sort', async () => {
      await update('u1', { arr: _().push({ each: [10, 11], position: 1 }) });
      expect(((await read('system', 'u1')) as Row).arr).toEqual([1, 10, 11, 2, 3]);
      await update('u1', { arr: _().push({ each: [0], sort: -1 }) });
      expect(((await read('system', 'u1')) as Row).arr).toEqual([11, 10, 3, 2, 1, 0]);
      await update('u1', { arr: _().push({ each: [7], slice: 3 }) });
      expect(((await read('system', 'u1')) as Row).arr).toEqual([11, 10, 3]);
      await update('u1', { arr: _().push({ each: [5], sort: 1, slice: -2 }) });
      expect(((await read('system', 'u1')) as Row).arr).toEqual([10, 11]);
      await update('u1', { items: _().push({ each: [{ sku: 'c', qty: 0 }], sort: { qty: -1 } }) });
      expect(((await read('system', 'u1')) as Row).items.map((item: Row) => item.sku)).toEqual(['b', 'a', 'c']);
    });

    it('unshift', async () => {
      await update('u1', { arr: _().unshift(-1, 0) });
      expect(((await read('system', 'u1')) as Row).arr).toEqual([-1, 0, 1, 2, 3]);
    });

    it('pop and shift', async () => {
      await update('u1', { arr: _().pop() });
      expect(((await read('system', 'u1')) as Row).arr).toEqual([1, 2]);
      await update('u1', { arr: _().shift() });
      expect(((await read('system', 'u1')) as Row).arr).toEqual([2]);
    });

    it('pull by value, by query command and by sub-document condition', async () => {
      await update('u1', { arr: _().pull(2) });
      expect(((await read('system', 'u1')) as Row).arr).toEqual([1, 3]);
      await update('u1', { arr: _().pull(_().in([1, 99])) });
      expect(((await read('system', 'u1')) as Row).arr).toEqual([3]);
      await update('u1', { items: _().pull({ qty: _().gte(2) }) });
      expect(((await read('system', 'u1')) as Row).items).toEqual([{ sku: 'a', qty: 1 }]);
    });

    it('pullAll', async () => {
      await update('u1', { arr: _().push(1, 2) });
      await update('u1', { arr: _().pullAll([1, 3]) });
      expect(((await read('system', 'u1')) as Row).arr).toEqual([2, 2]);
    });

    it('addToSet with one value and with {each}', async () => {
      await update('u1', { arr: _().addToSet(2) });
      expect(((await read('system', 'u1')) as Row).arr).toEqual([1, 2, 3]);
      await update('u1', { arr: _().addToSet(4) });
      expect(((await read('system', 'u1')) as Row).arr).toEqual([1, 2, 3, 4]);
      // The SDK sends {each:[...]} without the dollar; the platform treats it as $each.
      await update('u1', { arr: _().addToSet({ each: [3, 5, 5, 6] }) });
      expect(((await read('system', 'u1')) as Row).arr).toEqual([1, 2, 3, 4, 5, 6]);
      await update('u1', { tags: _().addToSet({ each: ['a'] }) });
      expect(((await read('system', 'u1')) as Row).tags).toEqual(['a']);
    });

    it('addToSet of a whole array adds it as one element', async () => {
      await update('u1', { arr: _().addToSet([7, 8]) });
      expect(((await read('system', 'u1')) as Row).arr).toEqual([1, 2, 3, [7, 8]]);
    });

    it('serverDate with and without offset, in the same request at the same instant', async () => {
      const before = Date.now();
      await update('u1', {
        at: f.db.serverDate(),
        later: serverDate({ offset: 60_000 }),
        earlier: serverDate({ offset: -1000 }),
        o: { when: f.db.serverDate() },
      });
      const after = Date.now();
      const doc = (await read('system', 'u1')) as Row;
      expect(doc.at).toBeInstanceOf(Date);
      expect(doc.at.getTime()).toBeGreaterThanOrEqual(before);
      expect(doc.at.getTime()).toBeLessThanOrEqual(after);
      expect(doc.later.getTime() - doc.at.getTime()).toBe(60_000);
      expect(doc.earlier.getTime() - doc.at.getTime()).toBe(-1000);
      expect(doc.o.when.getTime()).toBe(doc.at.getTime());
      expect(doc.o.p).toBe(1);
    });

    it('applies several commands in one update', async () => {
      await update('u1', { n: _().inc(1), s: _().remove(), arr: _().push(4), 'o.deep.x': 5, flag: true });
      const { s: _removed, ...rest } = BASE;
      expect(await read('system', 'u1')).toStrictEqual({
        ...rest,
        n: 11,
        arr: [1, 2, 3, 4],
        o: { p: 1, q: 2, deep: { x: 5 } },
        flag: true,
      });
    });

    it('rejects updates MongoDB cannot apply with -502001 and writes nothing', async () => {
      const cases: Array<[Row, RegExp]> = [
        [{ 'none.x': 1 }, /Cannot create field 'x' in element \{none: null\}/],
        [{ 's.inner': 1 }, /Cannot create field 'inner' in element/],
        [{ o: { p: { z: 1 } } }, /Cannot create field 'z' in element/],
        [{ 'arr.x': 1 }, /Cannot create field 'x' in element/],
        [{ s: _().inc(1) }, /non-numeric/],
        [{ s: _().mul(2) }, /non-numeric/],
        [{ n: _().push(1) }, /must be an array/],
        [{ o: _().addToSet('x') }, /must be an array/],
        [{ n: _().pop() }, /must be an array/],
        [{ s: _().pull('t') }, /must be an array/],
        [{ n: _().inc(1), ok: true, 'none.x': 1 }, /Cannot create field/],
      ];
      for (const [data, message] of cases) {
        const error = await rejection(system().doc('u1').update({ data }) as Promise<unknown>);
        expect(error.errCode).toBe(-502001);
        expect(error.errMsg).toMatch(/^document\.update:fail -502001 database request fail\./);
        expect(error.errMsg).toMatch(message);
      }
      expect(await read('system', 'u1')).toEqual(BASE);
    });

    it('updated documents still match array and date queries', async () => {
      await update('u1', { n: _().inc(1) });
      const found = async (where: Row) =>
        ((await system().where(where).get()) as { data: Row[] }).data.map((doc) => doc._id);
      expect(await found({ arr: [1, 2, 3] })).toEqual(['u1']);
      expect(await found({ arr: _().eq([1, 2, 3]) })).toEqual(['u1']);
      expect(await found({ o: _().eq({ p: 1, q: 2, deep: { x: 1 } }) })).toEqual(['u1']);
      expect(await found({ at: _().lt(new Date('2024-06-01T00:00:00.000Z')) })).toEqual(['u1']);
      expect(await found({ at: new Date('2024-01-01T00:00:00.000Z') })).toEqual(['u1']);
      expect(await found({ items: _().elemMatch({ sku: 'b', qty: 2 }) })).toEqual(['u1']);
    });

    it('doc.update of a missing document updates 0 without error', async () => {
      const result = await update('nobody', { n: _().inc(1) });
      expect(result).toEqual({ stats: { updated: 0 }, errMsg: 'document.update:ok' });
      expect(await read('system', 'nobody')).toBeNull();
    });
  });

  describe('where().update', () => {
    beforeEach(() => {
      f.emu.insert('system', [
        { _id: 'a', kind: 'x', n: 1 },
        { _id: 'b', kind: 'x', n: 2 },
        { _id: 'c', kind: 'y', n: 3 },
        { _id: 'd', kind: 'x', n: 2, done: true },
      ]);
    });

    it('updates every matching document and counts them', async () => {
      const result = (await system()
        .where({ kind: 'x' })
        .update({ data: { n: _().inc(10) } })) as { stats: { updated: number }; errMsg: string };
      expect(result).toEqual({ stats: { updated: 3 }, errMsg: 'collection.update:ok' });
      const docs = await all('system');
      expect(docs.map((doc) => [doc._id, doc.n])).toEqual([
        ['a', 11],
        ['b', 12],
        ['c', 3],
        ['d', 12],
      ]);
    });

    it('counts only the documents it changed', async () => {
      const result = (await system()
        .where({ kind: 'x' })
        .update({ data: { done: true } })) as { stats: { updated: number } };
      expect(result.stats.updated).toBe(2);
      expect(((await system().where({ done: true }).count()) as { total: number }).total).toBe(3);
    });

    it('updates nothing when nothing matches', async () => {
      const result = (await system()
        .where({ kind: 'zzz' })
        .update({ data: { n: 0 } })) as { stats: { updated: number } };
      expect(result.stats.updated).toBe(0);
    });

    it('updates with query commands and the positional $ operator', async () => {
      await system().add({
        data: {
          _id: 'arr',
          items: [
            { sku: 'a', qty: 1 },
            { sku: 'b', qty: 2 },
          ],
        },
      });
      const result = (await system()
        .where({ _id: 'arr', 'items.sku': 'b' })
        .update({ data: { 'items.$.qty': _().inc(5) } })) as {
        stats: { updated: number };
      };
      expect(result.stats.updated).toBe(1);
      expect(((await read('system', 'arr')) as Row).items).toEqual([
        { sku: 'a', qty: 1 },
        { sku: 'b', qty: 7 },
      ]);
      const ranged = (await system()
        .where({ n: _().gte(2).and(_().lte(3)) })
        .update({ data: { ranged: true } })) as { stats: { updated: number } };
      expect(ranged.stats.updated).toBe(3);
    });

    it('conditional update: updated 0 when the condition fails, 1 when it holds', async () => {
      await products().add({ data: { _id: 'sku1', slug: 'sku1', stock: 1 } });
      const decrement = async () =>
        (
          (await products()
            .where({ _id: 'sku1', stock: _().gte(1) })
            .update({ data: { stock: _().inc(-1) } })) as { stats: { updated: number } }
        ).stats.updated;
      expect(await decrement()).toBe(1);
      expect(await decrement()).toBe(0);
      expect(await decrement()).toBe(0);
      expect(((await read('products', 'sku1')) as Row).stock).toBe(0);
    });

    it('a multi update that would break a unique index fails with E11000 and writes nothing', async () => {
      await products().add({
        data: [
          { _id: 'p1', slug: 'one', cat: 'c' },
          { _id: 'p2', slug: 'two', cat: 'c' },
        ],
      });
      const error = await rejection(
        products()
          .where({ cat: 'c' })
          .update({ data: { slug: 'same' } }) as Promise<unknown>,
      );
      expect(error.errCode).toBe(-502001);
      expect(error.errMsg).toContain('E11000');
      expect((await all('products')).map((doc) => doc.slug)).toEqual(['one', 'two']);
    });

    it('a doc update that would break a unique index fails with E11000 and writes nothing', async () => {
      await products().add({
        data: [
          { _id: 'p1', slug: 'one' },
          { _id: 'p2', slug: 'two' },
        ],
      });
      const error = await rejection(
        products()
          .doc('p2')
          .update({ data: { slug: 'one', name: 'renamed' } }) as Promise<unknown>,
      );
      expect(error.errCode).toBe(-502001);
      expect(error.errMsg).toContain('E11000');
      expect(await read('products', 'p2')).toEqual({ _id: 'p2', slug: 'two' });
      // Swapping to a free slug works, and frees the old one.
      await products()
        .doc('p2')
        .update({ data: { slug: 'three' } });
      await products().add({ data: { _id: 'p3', slug: 'two' } });
      expect(((await products().count()) as { total: number }).total).toBe(3);
    });
  });

  describe('doc.set', () => {
    it('replaces a document entirely, keeping its _id', async () => {
      f.emu.insert('system', [{ _id: 's1', a: 1, b: { c: 2 } }]);
      const result = (await system()
        .doc('s1')
        .set({ data: { b: { d: 3 }, e: [1] } })) as Row;
      expect(result).toEqual({ _id: 's1', errMsg: 'document.set:ok', stats: { updated: 1, created: 0 } });
      expect(await read('system', 's1')).toEqual({ _id: 's1', b: { d: 3 }, e: [1] });
    });

    it('creates a missing document (upsert, created 1)', async () => {
      const result = (await system()
        .doc('s2')
        .set({ data: { a: 1, at: f.db.serverDate() } })) as Row;
      expect(result).toEqual({ _id: 's2', errMsg: 'document.set:ok', stats: { updated: 0, created: 1 } });
      const doc = (await read('system', 's2')) as Row;
      expect(doc.a).toBe(1);
      expect(doc.at).toBeInstanceOf(Date);
    });

    it('enforces the unique index', async () => {
      await products().add({
        data: [
          { _id: 'p1', slug: 'one' },
          { _id: 'p2', slug: 'two' },
        ],
      });
      const error = await rejection(
        products()
          .doc('p2')
          .set({ data: { slug: 'one' } }) as Promise<unknown>,
      );
      expect(error.errCode).toBe(-502001);
      expect(error.errMsg).toContain('E11000');
      const created = await rejection(
        products()
          .doc('p3')
          .set({ data: { slug: 'two' } }) as Promise<unknown>,
      );
      expect(created.errCode).toBe(-502001);
      expect(await all('products')).toEqual([
        { _id: 'p1', slug: 'one' },
        { _id: 'p2', slug: 'two' },
      ]);
    });
  });

  describe('remove', () => {
    beforeEach(() => {
      f.emu.insert('system', [
        { _id: 'a', kind: 'x' },
        { _id: 'b', kind: 'x' },
        { _id: 'c', kind: 'y' },
      ]);
    });

    it('where().remove removes every match and counts them', async () => {
      const result = (await system().where({ kind: 'x' }).remove()) as { stats: { removed: number }; errMsg: string };
      expect(result).toEqual({ stats: { removed: 2 }, errMsg: 'collection.remove:ok' });
      expect((await all('system')).map((doc) => doc._id)).toEqual(['c']);
      const none = (await system().where({ kind: 'x' }).remove()) as { stats: { removed: number } };
      expect(none.stats.removed).toBe(0);
    });

    it('doc.remove removes one document; a missing one removes 0', async () => {
      const result = (await system().doc('b').remove()) as { stats: { removed: number }; errMsg: string };
      expect(result).toEqual({ stats: { removed: 1 }, errMsg: 'document.remove:ok' });
      expect(await read('system', 'b')).toBeNull();
      const again = (await system().doc('b').remove()) as { stats: { removed: number } };
      expect(again.stats.removed).toBe(0);
      expect((await all('system')).map((doc) => doc._id)).toEqual(['a', 'c']);
    });

    it('a removed id can be added again', async () => {
      await system().doc('a').remove();
      await system().add({ data: { _id: 'a', kind: 'new' } });
      expect(await read('system', 'a')).toEqual({ _id: 'a', kind: 'new' });
    });

    it('removing a product frees its unique slug', async () => {
      await products().add({ data: { _id: 'p1', slug: 'tea' } });
      await products().doc('p1').remove();
      await products().add({ data: { _id: 'p2', slug: 'tea' } });
      expect(await all('products')).toEqual([{ _id: 'p2', slug: 'tea' }]);
    });
  });

  describe('createCollection', () => {
    it('creates a new collection that can then be written and read', async () => {
      const result = (await f.db.createCollection('brand_new')) as { errMsg: string };
      expect(result.errMsg).toBe('createCollection:ok');
      await f.db.collection('brand_new').add({ data: { _id: 'x', v: 1 } });
      expect(await all('brand_new')).toEqual([{ _id: 'x', v: 1 }]);
    });

    it('fails with errCode -1 and "Table exist" for an existing collection', async () => {
      const error = await rejection(f.db.createCollection('system'));
      expect(error.errCode).toBe(-1);
      expect(error.errMsg).toMatch(/^createCollection:fail /);
      expect(error.errMsg).toContain('Table exist');
      await f.db.createCollection('twice');
      const again = await rejection(f.db.createCollection('twice'));
      expect(again.errCode).toBe(-1);
      expect(again.errMsg).toContain('Table exist');
    });
  });
});
