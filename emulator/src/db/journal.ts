/**
 * Durability for the emulator's database: a snapshot file plus an append-only journal.
 *
 * Every committed batch is appended to the journal and fsync'ed before the store makes it
 * visible, so a write the SDK saw succeed survives a crash (even SIGKILL). On start the
 * snapshot is loaded, the journal replayed (a torn last line from a crash mid-append is
 * ignored: its batch was never acknowledged), and both are compacted into a new snapshot.
 */
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { IndexSpec } from '@shared/collections';
import { parseEjson, stringifyEjson, type Doc } from '../ejson';
import { keyOf, type CommitHook, type Store } from './store';

type JournalLine =
  | { seq: number; created: string; indexes: IndexSpec[] }
  | { seq: number; changes: Array<{ c: string; k: string; d: string | null }> };

export class Journal {
  private fd: number | undefined;
  private readonly journalPath: string;
  private readonly snapshotPath: string;

  constructor(private readonly dir: string) {
    this.journalPath = join(dir, 'journal.ndjson');
    this.snapshotPath = join(dir, 'snapshot.ndjson');
  }

  /** True when the data folder holds no data yet (used to decide whether to seed). */
  isEmpty(): boolean {
    return !existsSync(this.snapshotPath) && !existsSync(this.journalPath);
  }

  /** Loads snapshot and journal into the store, compacts, and starts journaling new commits. */
  open(store: Store): void {
    mkdirSync(this.dir, { recursive: true });
    for (const path of [this.snapshotPath, this.journalPath]) {
      if (existsSync(path)) this.replay(store, readFileSync(path, 'utf8'), path);
    }
    this.compact(store);
    this.fd = openSync(this.journalPath, 'a');
    store.commitHook = this.hook;
  }

  private replay(store: Store, text: string, path: string): void {
    const lines = text.split('\n');
    lines.forEach((line, index) => {
      if (!line) return;
      let entry: JournalLine;
      try {
        entry = JSON.parse(line) as JournalLine;
      } catch (error) {
        // Only the last line can be torn by a crash; anything earlier is corruption.
        if (index === lines.length - 1) return;
        throw new Error(`${path}:${index + 1} is corrupt: ${String(error)}`, { cause: error });
      }
      if ('created' in entry) {
        if (!store.hasCollection(entry.created)) store.restoreCollection(entry.created, entry.indexes);
        return;
      }
      for (const change of entry.changes) {
        const doc = change.d === null ? null : (parseEjson(change.d, 0) as Doc);
        store.install({ collection: change.c, key: change.k, doc }, entry.seq);
      }
    });
  }

  /** Writes the whole store as a new snapshot (atomically, by rename) and empties the journal. */
  compact(store: Store): void {
    const lines: string[] = [];
    const seq = store.seq;
    for (const { collection, indexes, docs } of store.entries()) {
      lines.push(JSON.stringify({ seq, created: collection, indexes }));
      for (const doc of docs)
        lines.push(JSON.stringify({ seq, changes: [{ c: collection, k: keyOf(doc._id), d: stringifyEjson(doc) }] }));
    }
    const temp = `${this.snapshotPath}.tmp`;
    writeDurably(temp, lines.length ? `${lines.join('\n')}\n` : '', 'w');
    renameSync(temp, this.snapshotPath);
    if (this.fd !== undefined) closeSync(this.fd);
    writeDurably(this.journalPath, '', 'w');
    if (this.fd !== undefined) this.fd = openSync(this.journalPath, 'a');
  }

  private readonly hook: CommitHook = (event) => {
    const line: JournalLine =
      'created' in event
        ? event
        : {
            seq: event.seq,
            changes: event.changes.map((change) => ({
              c: change.collection,
              k: change.key,
              d: change.doc ? stringifyEjson(change.doc) : null,
            })),
          };
    if (this.fd === undefined) throw new Error('journal is closed');
    writeSync(this.fd, `${JSON.stringify(line)}\n`);
    fsyncSync(this.fd);
  };

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

function writeDurably(path: string, text: string, flags: string): void {
  const fd = openSync(path, flags);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
