/**
 * Transactions as the platform runs them (docs/platform.md section 3.8).
 *
 * - Snapshot isolation: a transaction reads the committed state as of its first operation,
 *   plus its own writes. Others see its writes only after commit.
 * - A write takes a lock on the document. Another transaction writing a locked document, or a
 *   document committed by someone else after its snapshot, fails with
 *   DATABASE_TRANSACTION_CONFLICT and is aborted by the server, as on the platform.
 * - Non-transactional writers wait for the lock instead (see `waitUnlocked`).
 * - A transaction must end within 30 s; afterwards it no longer exists.
 */
import { randomBytes } from 'node:crypto';
import type { Clock, VirtualClock } from '../clock';
import { errors } from '../errors';
import type { Doc } from '../ejson';
import type { Change, Store } from './store';

export const TRANSACTION_LIFETIME_MS = 30_000;

interface Transaction {
  id: string;
  expiresAt: number;
  snapshot: number | null;
  /** Lock slot -> pending change; later writes to a document replace earlier ones. */
  writes: Map<string, Change>;
  expiryTimer: NodeJS.Timeout;
}

const slotOf = (collection: string, key: string): string => `${collection}\u0000${key}`;

export class TransactionManager {
  private readonly open = new Map<string, Transaction>();
  /** Lock slot -> id of the transaction holding it. */
  private readonly locks = new Map<string, string>();
  private readonly lockWaiters = new Map<string, Array<() => void>>();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {
    store.oldestSnapshot = () => this.oldestSnapshot();
    // A virtual clock can jump past a transaction's 30 s while plain writers wait for its locks.
    // Only lock checks and the wall-clock timer noticed the expiry, so a waiting writer stayed
    // blocked for up to 30 real seconds; docs/platform.md section 3.8 says it is blocked only until the lock is
    // released or times out. End the expired transactions (waking their waiters) on every move.
    (clock as Partial<Pick<VirtualClock, 'onChange'>>).onChange?.(() => this.expireDue());
  }

  private expireDue(): void {
    const now = this.clock.now();
    for (const transaction of [...this.open.values()]) if (now > transaction.expiresAt) this.end(transaction.id);
  }

  begin(): string {
    const id = `tx-${randomBytes(12).toString('hex')}`;
    const expiryTimer = setTimeout(() => this.end(id), TRANSACTION_LIFETIME_MS);
    expiryTimer.unref();
    this.open.set(id, {
      id,
      expiresAt: this.clock.now() + TRANSACTION_LIFETIME_MS,
      snapshot: null,
      writes: new Map(),
      expiryTimer,
    });
    return id;
  }

  /** The open transaction, or the platform's "does not exist" error (ended, aborted or expired). */
  private live(id: string): Transaction {
    const transaction = this.open.get(id);
    if (!transaction) throw errors.transactionNotExist();
    if (this.clock.now() > transaction.expiresAt) {
      this.end(id);
      throw errors.transactionNotExist();
    }
    if (transaction.snapshot === null) transaction.snapshot = this.store.seq;
    return transaction;
  }

  /** Reads a document as the transaction sees it. */
  read(id: string, collection: string, key: string): Doc | null {
    const transaction = this.live(id);
    this.store.collection(collection);
    const own = transaction.writes.get(slotOf(collection, key));
    if (own) return own.doc;
    return this.store.read(collection, key, transaction.snapshot ?? Infinity);
  }

  /**
   * Writes one document inside the transaction. `next` computes the new content from what the
   * transaction currently sees; returning undefined means "no change" (nothing is locked).
   */
  write(
    id: string,
    collection: string,
    key: string,
    next: (current: Doc | null) => Doc | null | undefined,
  ): Doc | null | undefined {
    const transaction = this.live(id);
    const current = this.read(id, collection, key);
    const slot = slotOf(collection, key);
    const holder = this.holderOf(slot);
    const changedSinceSnapshot = this.store.lastChange(collection, key) > (transaction.snapshot ?? Infinity);
    if ((holder !== undefined && holder !== id) || changedSinceSnapshot) {
      this.end(id);
      throw errors.transactionConflict();
    }
    const doc = next(current);
    if (doc === undefined) return undefined;
    const change: Change = { collection, key, doc };
    const pending = new Map(transaction.writes).set(slot, change);
    this.store.checkUnique([...pending.values()]);
    transaction.writes = pending;
    this.locks.set(slot, id);
    return doc;
  }

  commit(id: string): void {
    const transaction = this.live(id);
    try {
      this.store.apply([...transaction.writes.values()]);
    } finally {
      this.end(id);
    }
  }

  abort(id: string): void {
    this.live(id);
    this.end(id);
  }

  /** Resolves when no transaction holds a lock on the document. */
  async waitUnlocked(collection: string, key: string): Promise<void> {
    const slot = slotOf(collection, key);
    while (this.holderOf(slot) !== undefined) {
      await new Promise<void>((resolve) => {
        const waiters = this.lockWaiters.get(slot) ?? [];
        waiters.push(resolve);
        this.lockWaiters.set(slot, waiters);
      });
    }
  }

  /** How many plain writers wait for a lock now (tests wait for this instead of for a while). */
  waitingWriters(): number {
    let count = 0;
    for (const waiters of this.lockWaiters.values()) count += waiters.length;
    return count;
  }

  isLocked(collection: string, key: string): boolean {
    return this.holderOf(slotOf(collection, key)) !== undefined;
  }

  /**
   * The transaction holding a lock, ending it first if it is past its 30 s. Expiry is otherwise
   * noticed only when the expired transaction itself is used (`live`) or by the wall-clock timer,
   * so with a virtual clock (or a timer not yet run) a lock of an expired transaction went on
   * blocking plain writers and making other transactions conflict; docs/platform.md section 3.8 says the lock
   * is gone once the transaction no longer exists.
   */
  private holderOf(slot: string): string | undefined {
    const holder = this.locks.get(slot);
    if (holder === undefined) return undefined;
    const transaction = this.open.get(holder);
    if (transaction && this.clock.now() > transaction.expiresAt) {
      this.end(holder);
      return undefined;
    }
    return holder;
  }

  openCount(): number {
    return this.open.size;
  }

  /** Ends every transaction (used by reset). */
  endAll(): void {
    for (const id of [...this.open.keys()]) this.end(id);
  }

  private end(id: string): void {
    const transaction = this.open.get(id);
    if (!transaction) return;
    clearTimeout(transaction.expiryTimer);
    this.open.delete(id);
    for (const slot of transaction.writes.keys()) {
      if (this.locks.get(slot) !== id) continue;
      this.locks.delete(slot);
      const waiters = this.lockWaiters.get(slot) ?? [];
      this.lockWaiters.delete(slot);
      for (const wake of waiters) wake();
    }
    if (this.open.size === 0) this.store.pruneHistory();
  }

  private oldestSnapshot(): number {
    let oldest = Infinity;
    for (const transaction of this.open.values()) {
      if (transaction.snapshot !== null && transaction.snapshot < oldest) oldest = transaction.snapshot;
    }
    return oldest;
  }
}
