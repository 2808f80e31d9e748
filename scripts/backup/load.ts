/**
 * Restoring a backup: verify every file against the manifest, check the schema version, check
 * that the target is empty (or empty it with `wipe`), create the missing collections, then load
 * each file in batches with the documents' own `_id`s and check the counts. Nothing is written
 * before every check has passed.
 */
import { COLLECTIONS } from '@shared/collections';
import { schemaVersion, type Doc, type Manifest, type ManifestEntry } from './format';
import { MAX_PAGE, type Store } from './store';
import type { Target } from './target';
import { documentsOf, readVerifiedBackup } from './verify';

/** A batch is sent when it has this many documents, or this much relaxed EJSON, whichever comes first. */
const BATCH_DOCUMENTS = 100;
const BATCH_CHARS = 256 * 1024;

export interface RestoreOptions {
  target: Target;
  dir: string;
  /** Empty every non-empty collection of the target first, instead of refusing. */
  wipe: boolean;
  /** Restore a backup whose schema version differs from this code's. */
  allowSchemaMismatch: boolean;
  log: (line: string) => void;
}

export type RestoreFailure = {
  code: 'BAD_BACKUP' | 'SCHEMA_MISMATCH' | 'TARGET_NOT_EMPTY' | 'RESTORE_FAILED';
  message: string;
};
export type RestoreOutcome = { ok: true; documents: number } | { ok: false; failure: RestoreFailure };

export async function restoreBackup(options: RestoreOptions): Promise<RestoreOutcome> {
  const { target, dir, log } = options;
  const verified = await readVerifiedBackup(dir);
  if (!verified.ok) return verified;
  const { manifest } = verified;
  log(`Verified ${dir}: ${describe(manifest)}`);
  const mismatch = schemaCheck(manifest, options.allowSchemaMismatch, log);
  if (mismatch) return { ok: false, failure: mismatch };
  let written = 0;
  try {
    const counts = await occupancy(target, manifest);
    const occupied = [...counts].filter(([, count]) => count !== null && count > 0) as Array<[string, number]>;
    if (occupied.length > 0 && !options.wipe) {
      const list = occupied.map(([name, count]) => `${name} (${count})`).join(', ');
      const message = `${target.label} is not empty: ${list}. Nothing was written. Restore into an empty environment, or pass --wipe to delete these documents first.`;
      return { ok: false, failure: { code: 'TARGET_NOT_EMPTY', message } };
    }
    for (const [name, count] of occupied) {
      await emptyCollection(target.store, name);
      log(`  ${name}: emptied (${count} documents deleted)`);
    }
    for (const entry of manifest.collections) {
      if (counts.get(entry.name) === null) {
        await target.store.create(entry.name);
        log(`  ${entry.name}: collection created`);
      }
      const loaded = await loadCollection(target.store, dir, entry, (count) => (written += count));
      log(`  ${entry.name}: ${loaded} documents restored`);
    }
    await checkCounts(target.store, manifest);
  } catch (error) {
    const message = `The restore failed after writing ${written} documents: ${(error as Error).message}. Fix the cause and run the restore again with --wipe.`;
    return { ok: false, failure: { code: 'RESTORE_FAILED', message } };
  }
  log(`Done: ${written} documents restored into ${target.label}`);
  return { ok: true, documents: written };
}

function describe(manifest: Manifest): string {
  const total = manifest.collections.reduce((sum, entry) => sum + entry.count, 0);
  return `${total} documents in ${manifest.collections.length} collections of environment ${manifest.envId}, taken at ${manifest.takenAt}, schema ${manifest.schemaVersion}`;
}

function schemaCheck(manifest: Manifest, allowed: boolean, log: (line: string) => void): RestoreFailure | null {
  const current = schemaVersion();
  if (manifest.schemaVersion === current) return null;
  const text = `the backup's schema version is ${manifest.schemaVersion}, this code's is ${current}`;
  if (allowed) {
    log(`Note: ${text}; restoring anyway (--allow-schema-mismatch).`);
    return null;
  }
  return {
    code: 'SCHEMA_MISMATCH',
    message: `${text}: it was taken with other collections or indexes. Nothing was written. Restore it with the code it was taken with, or pass --allow-schema-mismatch.`,
  };
}

/**
 * The document count of every collection the target has, the schema declares or the backup
 * holds (null: the collection does not exist). A target counts as empty only when all are zero.
 */
async function occupancy(target: Target, manifest: Manifest): Promise<Map<string, number | null>> {
  const names = new Set<string>([
    ...manifest.collections.map((entry) => entry.name),
    ...COLLECTIONS.map((spec) => spec.name as string),
    ...(await target.listCollections()),
  ]);
  const counts = new Map<string, number | null>();
  for (const name of names) counts.set(name, await target.store.count(name));
  return counts;
}

/** Deletes every document of a collection, a page of ids at a time; the collection and its indexes stay. */
async function emptyCollection(store: Store, name: string): Promise<void> {
  for (;;) {
    const ids = await store.firstIds(name, MAX_PAGE);
    if (ids.length === 0) return;
    if ((await store.removeIds(name, ids)) === 0) throw new Error(`${name}: documents could not be deleted`);
  }
}

async function loadCollection(
  store: Store,
  dir: string,
  entry: ManifestEntry,
  onWritten: (count: number) => void,
): Promise<number> {
  let batch: Doc[] = [];
  let chars = 0;
  let loaded = 0;
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    await store.insert(entry.name, batch);
    onWritten(batch.length);
    loaded += batch.length;
    batch = [];
    chars = 0;
  };
  for await (const doc of documentsOf(dir, entry)) {
    batch.push(doc);
    chars += JSON.stringify(doc).length;
    if (batch.length >= BATCH_DOCUMENTS || chars >= BATCH_CHARS) await flush();
  }
  await flush();
  return loaded;
}

async function checkCounts(store: Store, manifest: Manifest): Promise<void> {
  for (const entry of manifest.collections) {
    const count = await store.count(entry.name);
    if (count !== entry.count) throw new Error(`${entry.name} has ${count} documents, the backup ${entry.count}`);
  }
}
