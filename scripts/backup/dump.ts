/**
 * Taking a backup: every declared collection and every other one the environment lists, each
 * streamed page by page in `_id` order into `<name>.jsonl`, then `manifest.json`. The manifest is
 * written last (to a temporary name, then renamed), so a backup that stopped half-way has none
 * and restore refuses it.
 */
import { createHash } from 'node:crypto';
import { mkdir, open, readdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { COLLECTIONS } from '@shared/collections';
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  encodeDocument,
  fileOf,
  isCollectionName,
  MANIFEST_FILE,
  schemaVersion,
  type Manifest,
  type ManifestEntry,
} from './format';
import { MAX_PAGE, type Store } from './store';
import type { Target } from './target';

export interface BackupOptions {
  target: Target;
  /** A folder that does not exist yet or is empty. */
  outDir: string;
  log: (line: string) => void;
  /** Documents per read; the platform's maximum unless a test asks for less. */
  pageSize?: number;
  now?: () => Date;
}

export type BackupFailure = { code: 'OUT_DIR_NOT_EMPTY' | 'BACKUP_FAILED'; message: string };
export type BackupOutcome = { ok: true; manifest: Manifest } | { ok: false; failure: BackupFailure };

export async function takeBackup(options: BackupOptions): Promise<BackupOutcome> {
  const { target, outDir, log } = options;
  const now = options.now ?? (() => new Date());
  const prepared = await prepareOutDir(outDir);
  if (prepared) return { ok: false, failure: prepared };
  try {
    const takenAt = now().toISOString();
    const names = await collectionsToBackUp(target);
    log(`Backing up ${names.length} collections of ${target.label} into ${outDir}`);
    const collections: ManifestEntry[] = [];
    for (const { name, declared } of names) {
      const entry = await dumpCollection(target.store, name, outDir, options.pageSize ?? MAX_PAGE, log);
      collections.push({ ...entry, declared });
    }
    const manifest: Manifest = {
      format: BACKUP_FORMAT,
      formatVersion: BACKUP_FORMAT_VERSION,
      schemaVersion: schemaVersion(),
      envId: target.envId,
      takenAt,
      collections,
    };
    await writeDurably(join(outDir, `${MANIFEST_FILE}.partial`), `${JSON.stringify(manifest, null, 2)}\n`);
    await rename(join(outDir, `${MANIFEST_FILE}.partial`), join(outDir, MANIFEST_FILE));
    const total = collections.reduce((sum, entry) => sum + entry.count, 0);
    log(`Done: ${total} documents in ${collections.length} collections, manifest ${join(outDir, MANIFEST_FILE)}`);
    return { ok: true, manifest };
  } catch (error) {
    const message = `The backup failed and is incomplete (no manifest was written): ${(error as Error).message}`;
    return { ok: false, failure: { code: 'BACKUP_FAILED', message } };
  }
}

async function prepareOutDir(outDir: string): Promise<BackupFailure | null> {
  let existing: string[];
  try {
    await mkdir(outDir, { recursive: true });
    existing = await readdir(outDir);
  } catch (error) {
    return {
      code: 'BACKUP_FAILED',
      message: `${outDir} cannot be used as the backup's folder: ${(error as Error).message}`,
    };
  }
  if (existing.length === 0) return null;
  return { code: 'OUT_DIR_NOT_EMPTY', message: `${outDir} is not empty: a backup goes into a new or empty folder.` };
}

/** The declared collections in schema order, then any others the environment has, by name. */
async function collectionsToBackUp(target: Target): Promise<Array<{ name: string; declared: boolean }>> {
  const declared = COLLECTIONS.map((spec) => spec.name as string);
  const others = (await target.listCollections()).filter((name) => !declared.includes(name)).sort();
  const unfit = others.find((name) => !isCollectionName(name));
  // Refused here rather than written into a backup that restore would then refuse.
  if (unfit !== undefined) throw new Error(`the collection name ${JSON.stringify(unfit)} cannot name a file`);
  return [...declared.map((name) => ({ name, declared: true })), ...others.map((name) => ({ name, declared: false }))];
}

/** Streams one collection into its file, a page at a time, and answers its manifest entry. */
async function dumpCollection(
  store: Store,
  name: string,
  outDir: string,
  pageSize: number,
  log: (line: string) => void,
): Promise<Omit<ManifestEntry, 'declared'>> {
  const expected = await store.count(name);
  const file = await open(join(outDir, fileOf(name)), 'wx');
  const hash = createHash('sha256');
  let count = 0;
  try {
    let after: unknown = null;
    while (expected !== null) {
      const docs = await store.page(name, after, pageSize);
      const chunk = docs.map((doc) => `${encodeLine(name, doc)}\n`).join('');
      hash.update(chunk);
      await file.write(chunk);
      count += docs.length;
      if (docs.length < pageSize) break;
      after = docs[docs.length - 1]?._id;
    }
    await file.sync();
  } finally {
    await file.close();
  }
  if (expected === null) log(`  ${name}: not in the environment, written as empty`);
  else if (expected !== count) log(`  ${name}: ${count} documents (WARNING: it had ${expected} when the backup began)`);
  else log(`  ${name}: ${count} documents`);
  return { name, file: fileOf(name), count, sha256: hash.digest('hex') };
}

function encodeLine(collection: string, doc: Record<string, unknown>): string {
  try {
    return encodeDocument(doc);
  } catch (error) {
    throw new Error(`${collection} ${String(doc._id)}: ${(error as Error).message}`, { cause: error });
  }
}

async function writeDurably(path: string, text: string): Promise<void> {
  const file = await open(path, 'w');
  try {
    await file.writeFile(text);
    await file.sync();
  } finally {
    await file.close();
  }
}
