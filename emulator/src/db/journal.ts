/**
 * Durability for the emulator's database and module states: a snapshot file plus an
 * append-only journal.
 *
 * Every committed batch is appended to the journal and fsync'ed before the store makes it
 * visible, so a write the SDK saw succeed survives a crash (even SIGKILL). On start the
 * snapshot is loaded, the journal replayed (a torn last line from a crash mid-append is
 * ignored: its batch was never acknowledged), and both are compacted into a new snapshot.
 *
 * Module states (payments, payouts, scheduled jobs, timer slots, the clock's offset) are
 * journaled as records: one line per record that changed, `{ m: module, k: key, v: JSON }`
 * (`v: null` removes the record). The journal keeps the latest text of every record, so it can
 * write only what changed and put everything into the snapshot when it compacts.
 */
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { IndexSpec } from '@shared/collections';
import { parseEjson, stringifyEjson, type Doc } from '../ejson';
import { keyOf, type CommitHook, type Store } from './store';

type JournalLine =
  | { seq: number; created: string; indexes: IndexSpec[] }
  | { seq: number; changes: Array<{ c: string; k: string; d: string | null }> }
  | RecordLine;

/** One module-state record: its JSON text, or null when the record was removed. */
interface RecordLine {
  m: string;
  k: string;
  v: string | null;
}

export class Journal {
  private fd: number | undefined;
  private readonly journalPath: string;
  private readonly snapshotPath: string;
  /** Module -> record key -> JSON text, as last written. */
  private readonly records = new Map<string, Map<string, string>>();
  /** Record lines were written since the last fsync (writes that need not be durable at once). */
  private unsynced = false;

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
      if ('m' in entry) {
        this.remember(entry);
        return;
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
    for (const [module, records] of this.records)
      for (const [key, text] of records) lines.push(JSON.stringify({ m: module, k: key, v: text }));
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
    this.unsynced = false;
  };

  private remember(line: RecordLine): void {
    let records = this.records.get(line.m);
    if (!records) this.records.set(line.m, (records = new Map()));
    if (line.v === null) records.delete(line.k);
    else records.set(line.k, line.v);
  }

  /** True when the journal holds records of the module (it was running when they were written). */
  hasRecords(module: string): boolean {
    return (this.records.get(module)?.size ?? 0) > 0;
  }

  /** The module's records as last written. */
  recordsOf(module: string): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [key, text] of this.records.get(module) ?? []) out[key] = JSON.parse(text) as unknown;
    return out;
  }

  /**
   * Writes the records of `state` that differ from what the journal holds, and removals of
   * records no longer there. With `sync`, the journal is fsync'ed before this returns (an
   * acknowledged action); without, the lines are only handed to the operating system, which
   * keeps them when the process is killed, though not when the machine loses power.
   */
  writeRecords(module: string, state: Record<string, unknown>, sync: boolean): void {
    const known = this.records.get(module) ?? new Map<string, string>();
    const lines: RecordLine[] = [];
    for (const [key, value] of Object.entries(state)) {
      const text = JSON.stringify(value);
      if (text !== undefined && known.get(key) !== text) lines.push({ m: module, k: key, v: text });
    }
    for (const key of known.keys()) if (!(key in state)) lines.push({ m: module, k: key, v: null });
    if (this.fd === undefined) throw new Error('journal is closed');
    if (lines.length) {
      writeSync(this.fd, lines.map((line) => `${JSON.stringify(line)}\n`).join(''));
      for (const line of lines) this.remember(line);
      this.unsynced = true;
    }
    if (sync && this.unsynced) {
      fsyncSync(this.fd);
      this.unsynced = false;
    }
  }

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
