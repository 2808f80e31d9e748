/**
 * Conformance of the emulator's transactions (docs/platform.md section 3.8; error shapes 1.4),
 * exercised through the real wx-server-sdk: startTransaction and runTransaction, snapshot
 * isolation, write conflicts, lock waiting of non-transactional writers, the 30 s expiry
 * (with a controllable clock), the operations the SDK sends outside the transaction, and
 * unique indexes inside a transaction.
 */
import { rejection, useEmulator, type EmulatorFixture } from '../helpers/emulator';
import type { EmulatorHandle } from '../../emulator/src/index';

type Doc = Record<string, unknown>;
type Collection = ReturnType<EmulatorFixture['db']['collection']>;
/** The part of wx-server-sdk's (untyped) transaction object the tests use. */
interface Tx {
  collection(name: string): Collection;
  commit(): Promise<unknown>;
  rollback(reason?: unknown): Promise<unknown>;
}
/** What wx-server-sdk rejects with when a database op fails (docs/platform.md section 1.4). */
interface WrappedError {
  errCode: number;
  errMsg: string;
}

const CONFLICT_TEXT =
  '[ResourceUnavailable.TransactionConflict] Transaction is conflict, maybe resource operated by others. Please check your request, but if the problem persists, contact us.';
const NOT_EXIST_TEXT =
  '[ResourceUnavailable.TransactionNotExist] Transaction does not exist on the server, transaction must be commit or abort in 30 seconds. Please check your request, but if the problem persists, contact us.';

/** The wrapped error of an op inside a transaction that hit a conflict (not in TCB_ERR_CODE → -501001). */
const conflictOf = (api: string): WrappedError => ({
  errCode: -501001,
  errMsg: `${api}:fail -501001 resource system error. ${CONFLICT_TEXT}`,
});
/** The wrapped error of an op on a transaction that no longer exists. */
const notExistOf = (api: string): WrappedError => ({
  errCode: -501001,
  errMsg: `${api}:fail -501001 resource system error. ${NOT_EXIST_TEXT}`,
});
/** The raw TcbError of commit()/rollback() on a transaction that no longer exists. */
const RAW_NOT_EXIST = { code: 'DATABASE_TRANSACTION_FAIL', message: NOT_EXIST_TEXT };

/** The virtual time of the emulator; reset to the wall clock before each test. */
let fakeNow = Date.now();
const clock = { now: (): number => fakeNow };

/** Tracks whether a promise has settled, without letting a rejection go unhandled. */
function track<T>(promise: Promise<T>): { promise: Promise<T>; settled: () => boolean } {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  return { promise, settled: () => settled };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves with the promise's value if it settles within `ms` real milliseconds, else rejects. */
async function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`did not settle within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Resolves once `count` plain writers wait for a transaction's locks in the emulator. */
async function writersWaiting(emu: EmulatorHandle, count: number): Promise<void> {
  while (emu.emulator.transactions.waitingWriters() < count) await sleep(5);
}

describe('transactions', () => {
  const f = useEmulator({ clock });

  beforeEach(() => {
    fakeNow = Date.now();
    f.emu.reset();
  });

  const actions = (): Record<string, number> => f.emu.emulator.stats.snapshot().actions;
  const count = (action: string): number => actions()[`database.${action}`] ?? 0;
  const startTx = async (): Promise<Tx> => (await f.db.startTransaction()) as Tx;
  const runTx = <T>(callback: (tx: Tx) => Promise<T>): Promise<T> => f.db.runTransaction(callback) as Promise<T>;

  /** A document as a non-transactional reader sees it, or null. */
  async function peek(collection: string, id: string): Promise<Doc | null> {
    const { data } = (await f.db.collection(collection).where({ _id: id }).get()) as { data: Doc[] };
    return data[0] ?? null;
  }
  async function txGet(tx: Tx, collection: string, id: string): Promise<Doc> {
    return ((await tx.collection(collection).doc(id).get()) as { data: Doc }).data;
  }
  async function txUpdate(tx: Tx, collection: string, id: string, data: Doc): Promise<{ stats: { updated: number } }> {
    return (await tx.collection(collection).doc(id).update({ data })) as { stats: { updated: number } };
  }
  function outsideUpdate(collection: string, id: string, data: Doc): Promise<{ stats: { updated: number } }> {
    return f.db.collection(collection).doc(id).update({ data }) as Promise<{ stats: { updated: number } }>;
  }

  describe('startTransaction style', () => {
    beforeEach(() => {
      f.emu.insert('system', [
        { _id: 'a', n: 1 },
        { _id: 'c', n: 3 },
      ]);
    });

    it('reads see the snapshot plus own writes; outsiders see committed data only until commit, then everything', async () => {
      const _ = f.db.command;
      const tx = await startTx();
      const system = tx.collection('system');
      expect(await txGet(tx, 'system', 'a')).toEqual({ _id: 'a', n: 1 });

      expect(await txUpdate(tx, 'system', 'a', { n: _.inc(10), tag: 'tx' })).toMatchObject({
        stats: { updated: 1 },
        errMsg: 'document.update:ok',
      });
      // An upsert inside a transaction: the wrapper reports created 0 (docs/platform.md section 3.4).
      expect(await system.doc('b').set({ data: { n: 2 } })).toMatchObject({
        errMsg: 'document.set:ok',
        stats: { updated: 0, created: 0 },
      });
      expect(await system.doc('c').remove()).toMatchObject({ errMsg: 'document.remove:ok', stats: { removed: 1 } });
      expect(await tx.collection('categories').add({ data: { _id: 'cat1', name: 'Shirts' } })).toMatchObject({
        _id: 'cat1',
        errMsg: 'collection.add:ok',
      });

      // The transaction sees its own writes.
      expect(await txGet(tx, 'system', 'a')).toEqual({ _id: 'a', n: 11, tag: 'tx' });
      expect(await txGet(tx, 'system', 'b')).toEqual({ _id: 'b', n: 2 });
      expect(await txGet(tx, 'categories', 'cat1')).toEqual({ _id: 'cat1', name: 'Shirts' });
      const removed = await rejection(txGet(tx, 'system', 'c'));
      expect(removed).toMatchObject({ errCode: -1, errMsg: 'document.get:fail document with _id c does not exist' });

      // Outsiders see the committed state only.
      expect(await peek('system', 'a')).toEqual({ _id: 'a', n: 1 });
      expect(await peek('system', 'b')).toBeNull();
      expect(await peek('system', 'c')).toEqual({ _id: 'c', n: 3 });
      expect(await peek('categories', 'cat1')).toBeNull();

      await expect(tx.commit()).resolves.toBeDefined();
      expect(await peek('system', 'a')).toEqual({ _id: 'a', n: 11, tag: 'tx' });
      expect(await peek('system', 'b')).toEqual({ _id: 'b', n: 2 });
      expect(await peek('system', 'c')).toBeNull();
      expect(await peek('categories', 'cat1')).toEqual({ _id: 'cat1', name: 'Shirts' });
      expect(count('commitTransaction')).toBe(1);
    });

    it('an add without _id gets a generated id, visible to the transaction and, after commit, to everyone', async () => {
      const tx = await startTx();
      const { _id } = (await tx.collection('categories').add({ data: { name: 'Hats' } })) as { _id: string };
      expect(_id).toMatch(/^[0-9a-f]{32}$/);
      expect(await txGet(tx, 'categories', _id)).toEqual({ _id, name: 'Hats' });
      expect(await peek('categories', _id)).toBeNull();
      await tx.commit();
      expect(await peek('categories', _id)).toEqual({ _id, name: 'Hats' });
    });

    it('rollback() discards every write', async () => {
      const tx = await startTx();
      await txUpdate(tx, 'system', 'a', { n: 100 });
      await tx
        .collection('system')
        .doc('b')
        .set({ data: { n: 2 } });
      await tx.collection('system').doc('c').remove();
      await tx.collection('categories').add({ data: { _id: 'cat1', name: 'Shirts' } });
      await expect(tx.rollback()).resolves.toBeDefined();

      expect(await peek('system', 'a')).toEqual({ _id: 'a', n: 1 });
      expect(await peek('system', 'b')).toBeNull();
      expect(await peek('system', 'c')).toEqual({ _id: 'c', n: 3 });
      expect(await peek('categories', 'cat1')).toBeNull();
      expect(count('abortTransaction')).toBe(1);
      expect(count('commitTransaction')).toBe(0);
      // The locks are gone: a plain write goes through at once.
      await within(outsideUpdate('system', 'a', { n: 7 }), 30_000);
      expect(await peek('system', 'a')).toEqual({ _id: 'a', n: 7 });
    });

    it.each(['commit', 'rollback'] as const)(
      'every op, commit and rollback after %s fail with TransactionNotExist',
      async (end) => {
        const tx = await startTx();
        await txUpdate(tx, 'system', 'a', { n: 5 });
        await tx[end]();
        const expected = end === 'commit' ? { _id: 'a', n: 5 } : { _id: 'a', n: 1 };
        expect(await peek('system', 'a')).toEqual(expected);

        const system = tx.collection('system');
        expect(await rejection(system.doc('a').get() as Promise<unknown>)).toMatchObject(notExistOf('document.get'));
        expect(await rejection(system.doc('a').update({ data: { n: 9 } }) as Promise<unknown>)).toMatchObject(
          notExistOf('document.update'),
        );
        expect(await rejection(system.doc('z').set({ data: { n: 9 } }) as Promise<unknown>)).toMatchObject(
          notExistOf('document.set'),
        );
        expect(await rejection(system.doc('c').remove() as Promise<unknown>)).toMatchObject(
          notExistOf('document.remove'),
        );
        expect(await rejection(system.add({ data: { _id: 'y' } }) as Promise<unknown>)).toMatchObject(
          notExistOf('collection.add'),
        );
        // commit()/rollback() reject with the raw TcbError (docs/platform.md section 1.4).
        const commitError = await rejection(tx.commit());
        expect(commitError).toMatchObject(RAW_NOT_EXIST);
        expect(commitError.errCode).toBeUndefined();
        expect(await rejection(tx.rollback())).toMatchObject(RAW_NOT_EXIST);

        expect(await peek('system', 'a')).toEqual(expected);
        expect(await peek('system', 'z')).toBeNull();
        expect(await peek('system', 'c')).toEqual({ _id: 'c', n: 3 });
        expect(await peek('system', 'y')).toBeNull();
      },
    );
  });

  describe('runTransaction', () => {
    beforeEach(() => {
      f.emu.insert('system', [{ _id: 'a', n: 1 }]);
    });

    it("commits and resolves with the callback's value", async () => {
      const result = await runTx(async (tx) => {
        const before = await txGet(tx, 'system', 'a');
        await txUpdate(tx, 'system', 'a', { n: (before.n as number) + 1 });
        await tx.collection('categories').add({ data: { _id: 'cat1' } });
        return { seen: before.n, value: 'ok' };
      });
      expect(result).toEqual({ seen: 1, value: 'ok' });
      expect(await peek('system', 'a')).toEqual({ _id: 'a', n: 2 });
      expect(await peek('categories', 'cat1')).toEqual({ _id: 'cat1' });
      expect(actions()).toMatchObject({ 'database.startTransaction': 1, 'database.commitTransaction': 1 });
      expect(count('abortTransaction')).toBe(0);
    });

    it('a callback that throws aborts: runTransaction rejects with that very error and nothing is written', async () => {
      const boom = new Error('boom');
      const error = await rejection(
        runTx(async (tx) => {
          await txUpdate(tx, 'system', 'a', { n: 50 });
          await tx.collection('categories').add({ data: { _id: 'cat1' } });
          throw boom;
        }),
      );
      expect(error).toBe(boom);
      expect(await peek('system', 'a')).toEqual({ _id: 'a', n: 1 });
      expect(await peek('categories', 'cat1')).toBeNull();
      expect(actions()).toMatchObject({ 'database.startTransaction': 1, 'database.abortTransaction': 1 });
      expect(count('commitTransaction')).toBe(0);
      // The aborted transaction released its lock.
      await within(outsideUpdate('system', 'a', { n: 2 }), 30_000);
      expect(await peek('system', 'a')).toEqual({ _id: 'a', n: 2 });
    });

    it("transaction.rollback('reason') makes runTransaction reject with 'reason' and discards the writes", async () => {
      const error = await rejection(
        runTx(async (tx) => {
          await txUpdate(tx, 'system', 'a', { n: 50 });
          await tx.collection('categories').add({ data: { _id: 'cat1' } });
          await tx.rollback('no stock');
          return 'unreachable';
        }),
      );
      expect(error).toBe('no stock');
      expect(await peek('system', 'a')).toEqual({ _id: 'a', n: 1 });
      expect(await peek('categories', 'cat1')).toBeNull();
      expect(count('abortTransaction')).toBe(1);
      expect(count('commitTransaction')).toBe(0);
    });

    it('rollback() without a reason makes runTransaction reject with undefined', async () => {
      let reached = false;
      const error = await rejection(
        runTx(async (tx) => {
          await txUpdate(tx, 'system', 'a', { n: 50 });
          await tx.rollback();
          reached = true;
        }),
      );
      expect(reached).toBe(true);
      expect(error).toBeUndefined();
      expect(await peek('system', 'a')).toEqual({ _id: 'a', n: 1 });
    });
  });

  describe('isolation and conflicts', () => {
    beforeEach(() => {
      f.emu.insert('system', [
        { _id: 'a', n: 1 },
        { _id: 'b', n: 10 },
      ]);
    });

    it('a write to a document someone committed after the snapshot conflicts; the op is wrapped and not retried', async () => {
      const error = await rejection(
        runTx(async (tx) => {
          expect(await txGet(tx, 'system', 'a')).toMatchObject({ n: 1 });
          // Not locked (the transaction only read it): the plain write does not wait.
          await within(outsideUpdate('system', 'a', { n: 2 }), 30_000);
          // Reads stay on the snapshot.
          expect(await txGet(tx, 'system', 'a')).toMatchObject({ n: 1 });
          await txUpdate(tx, 'system', 'a', { n: 100 });
          return 'unreachable';
        }),
      );
      expect(error).toMatchObject(conflictOf('document.update'));
      expect(error.code).toBeUndefined();
      expect(await peek('system', 'a')).toEqual({ _id: 'a', n: 2 });
      // A conflict of an op inside the callback is not retried (docs/platform.md 3.8, step 5): one attempt, then abort.
      expect(actions()).toMatchObject({ 'database.startTransaction': 1, 'database.abortTransaction': 1 });
      expect(count('commitTransaction')).toBe(0);
    });

    it('the snapshot is taken at the first operation and covers every document', async () => {
      const tx = await startTx();
      // Committed before the transaction's first operation: visible to it.
      await outsideUpdate('system', 'a', { n: 2 });
      expect(await txGet(tx, 'system', 'a')).toMatchObject({ n: 2 });
      // Committed after it, on a document the transaction never touched: invisible...
      await outsideUpdate('system', 'b', { n: 11 });
      await f.db.collection('system').add({ data: { _id: 'new', n: 0 } });
      expect(await txGet(tx, 'system', 'b')).toMatchObject({ n: 10 });
      expect((await rejection(txGet(tx, 'system', 'new'))).errMsg).toBe(
        'document.get:fail document with _id new does not exist',
      );
      // ...and writing it conflicts, which ends the transaction on the server.
      expect(await rejection(txUpdate(tx, 'system', 'b', { n: 0 }))).toMatchObject(conflictOf('document.update'));
      expect(await rejection(txGet(tx, 'system', 'a'))).toMatchObject(notExistOf('document.get'));
      expect(await rejection(tx.commit())).toMatchObject(RAW_NOT_EXIST);
      expect(await peek('system', 'b')).toEqual({ _id: 'b', n: 11 });
    });

    it.each([
      ['set', 'document.set'],
      ['remove', 'document.remove'],
    ] as const)('doc.%s of a document changed after the snapshot conflicts too', async (op, api) => {
      const tx = await startTx();
      await txGet(tx, 'system', 'b');
      await outsideUpdate('system', 'a', { n: 2 });
      const ref = tx.collection('system').doc('a');
      const attempt = op === 'set' ? ref.set({ data: { n: 0 } }) : ref.remove();
      expect(await rejection(attempt as Promise<unknown>)).toMatchObject(conflictOf(api));
      expect(await peek('system', 'a')).toEqual({ _id: 'a', n: 2 });
    });

    it('two transactions racing on one document: the second writer conflicts, the first commits', async () => {
      const first = await startTx();
      const second = await startTx();
      expect(await txGet(first, 'system', 'a')).toMatchObject({ n: 1 });
      expect(await txGet(second, 'system', 'a')).toMatchObject({ n: 1 });
      await txUpdate(first, 'system', 'a', { n: 2, by: 'first' });
      // Reads take no lock: the second still reads the committed value.
      expect(await txGet(second, 'system', 'a')).toEqual({ _id: 'a', n: 1 });
      expect(await rejection(txUpdate(second, 'system', 'a', { n: 3, by: 'second' }))).toMatchObject(
        conflictOf('document.update'),
      );
      // The server aborted the second transaction.
      expect(await rejection(second.commit())).toMatchObject(RAW_NOT_EXIST);
      await first.commit();
      expect(await peek('system', 'a')).toEqual({ _id: 'a', n: 2, by: 'first' });
    });

    it('two transactions adding the same new _id: the second conflicts on the lock', async () => {
      const first = await startTx();
      const second = await startTx();
      await first.collection('categories').add({ data: { _id: 'cat1', by: 'first' } });
      expect(
        await rejection(
          second.collection('categories').add({ data: { _id: 'cat1', by: 'second' } }) as Promise<unknown>,
        ),
      ).toMatchObject(conflictOf('collection.add'));
      await first.commit();
      expect(await peek('categories', 'cat1')).toEqual({ _id: 'cat1', by: 'first' });
    });

    it('a transaction that lost a race to a committed writer conflicts even after the lock is gone', async () => {
      const first = await startTx();
      const second = await startTx();
      await txGet(second, 'system', 'a');
      await txUpdate(first, 'system', 'a', { n: 2 });
      await first.commit();
      expect(await rejection(txUpdate(second, 'system', 'a', { n: 3 }))).toMatchObject(conflictOf('document.update'));
      expect(await peek('system', 'a')).toEqual({ _id: 'a', n: 2 });
    });
  });

  describe('non-transactional writes wait for a locked document', () => {
    beforeEach(() => {
      f.emu.insert('system', [
        { _id: 'a', n: 1 },
        { _id: 'b', n: 2, kind: 'b' },
      ]);
    });

    it('doc.update waits until the transaction commits, then applies on top of the committed state', async () => {
      const _ = f.db.command;
      const order: string[] = [];
      const tx = await startTx();
      await txUpdate(tx, 'system', 'a', { n: 10 });
      const outside = track(
        outsideUpdate('system', 'a', { n: _.inc(1) }).then((result) => (order.push('outside'), result)),
      );
      await writersWaiting(f.emu, 1);
      expect(outside.settled()).toBe(false);
      // Reads do not wait.
      expect(await within(peek('system', 'a'), 30_000)).toEqual({ _id: 'a', n: 1 });
      expect(outside.settled()).toBe(false);
      await tx.commit();
      order.push('commit');
      expect(await outside.promise).toMatchObject({ stats: { updated: 1 } });
      expect(order).toEqual(['commit', 'outside']);
      expect(await peek('system', 'a')).toEqual({ _id: 'a', n: 11 });
    });

    it('doc.set, doc.remove, where().update() and add wait until the transaction rolls back, then apply', async () => {
      const _ = f.db.command;
      const order: string[] = [];
      const tx = await startTx();
      await txUpdate(tx, 'system', 'a', { n: 100 });
      await tx.collection('system').doc('b').remove();
      await tx.collection('system').add({ data: { _id: 'new', n: 0 } });
      const system = f.db.collection('system');
      const pending = [
        track((system.doc('a').set({ data: { n: 5 } }) as Promise<unknown>).then(() => order.push('set a'))),
        track(
          (system.where({ kind: 'b' }).update({ data: { n: _.inc(1) } }) as Promise<unknown>).then(() =>
            order.push('update b'),
          ),
        ),
        track((system.add({ data: { _id: 'new', n: 1 } }) as Promise<unknown>).then(() => order.push('add new'))),
      ];
      await writersWaiting(f.emu, 3);
      expect(pending.map((p) => p.settled())).toEqual([false, false, false]);
      await tx.rollback();
      order.push('rollback');
      await Promise.all(pending.map((p) => p.promise));
      expect(order[0]).toBe('rollback');
      expect(order).toHaveLength(4);
      expect(await peek('system', 'a')).toEqual({ _id: 'a', n: 5 });
      expect(await peek('system', 'b')).toEqual({ _id: 'b', n: 3, kind: 'b' });
      expect(await peek('system', 'new')).toEqual({ _id: 'new', n: 1 });
    });

    it('a waiting remove and a waiting add see the committed state: the add of a committed _id fails', async () => {
      const tx = await startTx();
      await txUpdate(tx, 'system', 'a', { n: 100 });
      await tx.collection('system').add({ data: { _id: 'new', n: 0 } });
      const system = f.db.collection('system');
      const removal = track(system.doc('a').remove() as Promise<{ stats: { removed: number } }>);
      const add = track(rejection(system.add({ data: { _id: 'new', n: 1 } }) as Promise<unknown>));
      await writersWaiting(f.emu, 2);
      expect([removal.settled(), add.settled()]).toEqual([false, false]);
      await tx.commit();
      expect(await removal.promise).toMatchObject({ stats: { removed: 1 } });
      expect(await add.promise).toMatchObject({
        errCode: -502001,
        errMsg: expect.stringContaining('E11000 duplicate key error collection: emulator-env.system index: _id_'),
      });
      expect(await peek('system', 'a')).toBeNull();
      expect(await peek('system', 'new')).toEqual({ _id: 'new', n: 0 });
    });
  });

  describe('runTransaction under contention', () => {
    it('20 concurrent read-then-update increments lose no update', async () => {
      f.emu.insert('system', [{ _id: 'counter', n: 0 }]);
      const attempts = 20;
      const outcomes = await Promise.allSettled(
        Array.from({ length: attempts }, () =>
          runTx(async (tx) => {
            const { n } = await txGet(tx, 'system', 'counter');
            await txUpdate(tx, 'system', 'counter', { n: (n as number) + 1 });
            return (n as number) + 1;
          }),
        ),
      );
      const resolved = outcomes.filter(
        (outcome): outcome is PromiseFulfilledResult<number> => outcome.status === 'fulfilled',
      );
      const failed = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
      expect(resolved.length).toBeGreaterThanOrEqual(1);
      expect(await peek('system', 'counter')).toEqual({ _id: 'counter', n: resolved.length });
      // Each successful transaction saw a distinct value: they were serialised.
      expect(new Set(resolved.map((outcome) => outcome.value)).size).toBe(resolved.length);
      // Every failure is the wrapped write conflict of an op inside the callback (never retried).
      for (const failure of failed) expect(failure.reason).toMatchObject(conflictOf('document.update'));

      // The emulator detects conflicts at the write, so commitTransaction never answers
      // DATABASE_TRANSACTION_CONFLICT and runTransaction's retry path is never taken:
      // exactly one start per call, one commit per success, one (refused) abort per failure.
      const stats = actions();
      expect(stats['database.startTransaction']).toBe(attempts);
      expect(stats['database.commitTransaction'] ?? 0).toBe(resolved.length);
      expect(stats['database.abortTransaction'] ?? 0).toBe(failed.length);
    });
  });

  describe('expiry after 30 s', () => {
    beforeEach(() => {
      f.emu.insert('system', [{ _id: 'a', n: 1 }]);
    });

    it('an op 30 001 ms after the start fails with TransactionNotExist and the lock is released', async () => {
      const tx = await startTx();
      await txUpdate(tx, 'system', 'a', { n: 100 });
      fakeNow += 30_001;
      expect(await rejection(txGet(tx, 'system', 'a'))).toMatchObject(notExistOf('document.get'));
      // The lock is gone: a plain write no longer waits, and the transaction's write is lost.
      expect(await within(outsideUpdate('system', 'a', { m: 1 }), 30_000)).toMatchObject({ stats: { updated: 1 } });
      expect(await peek('system', 'a')).toEqual({ _id: 'a', n: 1, m: 1 });
      expect(await rejection(tx.commit())).toMatchObject(RAW_NOT_EXIST);
      expect(await peek('system', 'a')).toEqual({ _id: 'a', n: 1, m: 1 });
    });

    it('a transaction 29 s old still works and commits', async () => {
      const tx = await startTx();
      await txUpdate(tx, 'system', 'a', { n: 100 });
      fakeNow += 29_000;
      expect(await txGet(tx, 'system', 'a')).toEqual({ _id: 'a', n: 100 });
      await tx.commit();
      expect(await peek('system', 'a')).toEqual({ _id: 'a', n: 100 });
    });

    it('the 30 s count from the start, not from the last operation', async () => {
      const tx = await startTx();
      fakeNow += 20_000;
      await txUpdate(tx, 'system', 'a', { n: 100 });
      fakeNow += 10_001;
      expect(await rejection(tx.commit())).toMatchObject(RAW_NOT_EXIST);
      expect(await peek('system', 'a')).toEqual({ _id: 'a', n: 1 });
    });

    it('an expired lock does not block a plain writer even if the transaction is never touched again', async () => {
      const tx = await startTx();
      await txUpdate(tx, 'system', 'a', { n: 100 });
      fakeNow += 30_001;
      expect(await within(outsideUpdate('system', 'a', { m: 1 }), 30_000)).toMatchObject({ stats: { updated: 1 } });
      expect(await peek('system', 'a')).toEqual({ _id: 'a', n: 1, m: 1 });
      expect(await rejection(tx.commit())).toMatchObject(RAW_NOT_EXIST);
    });

    it('a plain writer already waiting is released when the clock moves past the expiry (advanceClock)', async () => {
      const tx = await startTx();
      await txUpdate(tx, 'system', 'a', { n: 100 });
      const outside = track(outsideUpdate('system', 'a', { m: 1 }));
      await writersWaiting(f.emu, 1);
      expect(outside.settled()).toBe(false);
      await f.emu.advanceClock(30_001);
      expect(await within(outside.promise, 30_000)).toMatchObject({ stats: { updated: 1 } });
      expect(await peek('system', 'a')).toEqual({ _id: 'a', n: 1, m: 1 });
      expect(await rejection(txGet(tx, 'system', 'a'))).toMatchObject(notExistOf('document.get'));
    });

    it('an expired lock does not make another transaction conflict', async () => {
      const stale = await startTx();
      await txUpdate(stale, 'system', 'a', { n: 100 });
      fakeNow += 30_001;
      const fresh = await startTx();
      expect(await txUpdate(fresh, 'system', 'a', { n: 2 })).toMatchObject({ stats: { updated: 1 } });
      await fresh.commit();
      expect(await peek('system', 'a')).toEqual({ _id: 'a', n: 2 });
      expect(await rejection(stale.commit())).toMatchObject(RAW_NOT_EXIST);
    });
  });

  describe('restrictions', () => {
    beforeEach(() => {
      f.emu.insert('system', [
        { _id: 'a', n: 1, kind: 'x' },
        { _id: 'b', n: 2, kind: 'y' },
        { _id: 'c', n: 3, kind: 'z' },
      ]);
    });

    it('where().update(), where().remove() and count() inside a transaction run at once, outside it', async () => {
      const tx = await startTx();
      const system = tx.collection('system');
      await system.add({ data: { _id: 't1', kind: 'x' } });
      // Sent without transactionId (docs/platform.md 3.8): applied immediately, visible to everyone before the end...
      expect(await system.where({ kind: 'x' }).update({ data: { n: 5 } })).toMatchObject({
        stats: { updated: 1 },
        errMsg: 'collection.update:ok',
      });
      expect(await peek('system', 'a')).toEqual({ _id: 'a', n: 5, kind: 'x' });
      expect(await system.where({ kind: 'y' }).remove()).toMatchObject({
        stats: { removed: 1 },
        errMsg: 'collection.remove:ok',
      });
      expect(await peek('system', 'b')).toBeNull();
      // ...count() sees the committed state, not the transaction's pending add...
      expect(await system.count()).toMatchObject({ total: 2 });
      expect(await system.where({ kind: 'x' }).count()).toMatchObject({ total: 1 });
      await tx.rollback();
      // ...and a rollback does not undo them.
      expect(await peek('system', 'a')).toEqual({ _id: 'a', n: 5, kind: 'x' });
      expect(await peek('system', 'b')).toBeNull();
      expect(await peek('system', 't1')).toBeNull();
    });

    it('where().get() and collection.get() inside a transaction are refused', async () => {
      const tx = await startTx();
      const system = tx.collection('system');
      const unsupported = {
        errCode: -501001,
        errMsg: expect.stringMatching(
          /^collection\.get:fail -501001 resource system error\. .*where\(\)\.get\(\) is not supported in a transaction/,
        ),
      };
      expect(await rejection(system.where({ kind: 'x' }).get() as Promise<unknown>)).toMatchObject(unsupported);
      expect(await rejection(system.get() as Promise<unknown>)).toMatchObject(unsupported);
      await tx.rollback();
    });

    it('runTransaction rejects with the refusal of where().get() and writes nothing', async () => {
      const error = await rejection(
        runTx(async (tx) => {
          await txUpdate(tx, 'system', 'a', { n: 50 });
          return tx.collection('system').where({ kind: 'x' }).get();
        }),
      );
      expect(error).toMatchObject({
        errCode: -501001,
        errMsg: expect.stringContaining('not supported in a transaction'),
      });
      expect(await peek('system', 'a')).toEqual({ _id: 'a', n: 1, kind: 'x' });
      expect(count('commitTransaction')).toBe(0);
    });
  });

  describe('unique indexes inside a transaction', () => {
    beforeEach(() => {
      f.emu.insert('products', [{ _id: 'p1', slug: 'red-shirt', name: 'Red shirt' }]);
    });

    const duplicateSlug = (api: string, slug: string): WrappedError => ({
      errCode: -502001,
      errMsg: `${api}:fail -502001 database request fail. [FailedOperation.Insert] bulk write error: E11000 duplicate key error collection: emulator-env.products index: uniq_slug dup key: { slug: "${slug}" }`,
    });

    it('adding a document whose slug duplicates a committed one fails, and runTransaction writes nothing', async () => {
      const error = await rejection(
        runTx(async (tx) => {
          await tx.collection('categories').add({ data: { _id: 'cat1' } });
          await tx.collection('products').add({ data: { _id: 'p2', slug: 'red-shirt', name: 'Copy' } });
          return 'unreachable';
        }),
      );
      expect(error).toMatchObject(duplicateSlug('collection.add', 'red-shirt'));
      expect(await peek('products', 'p2')).toBeNull();
      expect(await peek('categories', 'cat1')).toBeNull();
      expect(await peek('products', 'p1')).toEqual({ _id: 'p1', slug: 'red-shirt', name: 'Red shirt' });
      expect(count('commitTransaction')).toBe(0);
    });

    it('two adds with the same slug in one transaction: the second fails, the first still commits', async () => {
      const tx = await startTx();
      const products = tx.collection('products');
      await products.add({ data: { _id: 'p2', slug: 'blue-shirt' } });
      expect(
        await rejection(products.add({ data: { _id: 'p3', slug: 'blue-shirt' } }) as Promise<unknown>),
      ).toMatchObject(duplicateSlug('collection.add', 'blue-shirt'));
      expect(
        await rejection(products.doc('p4').set({ data: { slug: 'red-shirt' } }) as Promise<unknown>),
      ).toMatchObject(duplicateSlug('document.set', 'red-shirt'));
      await tx.commit();
      expect(await peek('products', 'p2')).toEqual({ _id: 'p2', slug: 'blue-shirt' });
      expect(await peek('products', 'p3')).toBeNull();
      expect(await peek('products', 'p4')).toBeNull();
    });

    it('a slug freed earlier in the same transaction can be reused', async () => {
      await runTx(async (tx) => {
        await txUpdate(tx, 'products', 'p1', { slug: 'red-shirt-old' });
        await tx.collection('products').add({ data: { _id: 'p2', slug: 'red-shirt' } });
      });
      expect(await peek('products', 'p1')).toMatchObject({ slug: 'red-shirt-old' });
      expect(await peek('products', 'p2')).toEqual({ _id: 'p2', slug: 'red-shirt' });
    });

    it('adding an _id that already exists fails with the duplicate _id error', async () => {
      const tx = await startTx();
      const error = await rejection(
        tx.collection('products').add({ data: { _id: 'p1', slug: 'other' } }) as Promise<unknown>,
      );
      expect(error).toMatchObject({
        errCode: -502001,
        errMsg: expect.stringContaining('E11000 duplicate key error collection: emulator-env.products index: _id_'),
      });
      await tx.rollback();
    });
  });
});
