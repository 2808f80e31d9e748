/**
 * The backup format (docs/operations.md, "Backup and restore"): one `<collection>.jsonl` file per
 * collection, one document per line in relaxed EJSON, and a `manifest.json` that names every file
 * with its document count and SHA-256. This module owns the encoding and the manifest's shape, so
 * the writer and the reader cannot disagree.
 */
import { createHash } from 'node:crypto';
import { EJSON } from 'bson';
import { z } from 'zod';
import { COLLECTIONS, type CollectionSpec } from '@shared/collections';

export const BACKUP_FORMAT = 'cloudbase-mall-backup';
export const BACKUP_FORMAT_VERSION = 1;
export const MANIFEST_FILE = 'manifest.json';

export type Doc = Record<string, unknown>;

/**
 * Collection names a backup accepts: wider than the names this shop creates, but never a path
 * (no `/`, no leading dot), because each one also names its file.
 */
const COLLECTION_NAME = /^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,127}$/;

const CollectionEntry = z
  .object({
    name: z.string().regex(COLLECTION_NAME),
    file: z.string(),
    count: z.number().int().nonnegative(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    declared: z.boolean(),
  })
  // The file is named after its collection, which also keeps a manifest from pointing outside its folder.
  .refine((entry) => entry.file === fileOf(entry.name), { message: 'file must be <name>.jsonl' });

export const ManifestSchema = z
  .object({
    format: z.literal(BACKUP_FORMAT),
    formatVersion: z.literal(BACKUP_FORMAT_VERSION),
    schemaVersion: z.string().min(1),
    envId: z.string(),
    takenAt: z.iso.datetime(),
    collections: z.array(CollectionEntry),
  })
  .refine((manifest) => new Set(manifest.collections.map((entry) => entry.name)).size === manifest.collections.length, {
    message: 'a collection is listed twice',
  });

export type Manifest = z.infer<typeof ManifestSchema>;
export type ManifestEntry = Manifest['collections'][number];

export function fileOf(collection: string): string {
  return `${collection}.jsonl`;
}

export function isCollectionName(name: string): boolean {
  return COLLECTION_NAME.test(name);
}

/**
 * The schema version a backup records: a short hash of the declared collections with their
 * indexes, in declaration order. Descriptions and client access are left out because they do not
 * change what documents look like; any added, removed or renamed collection or index changes it.
 */
export function schemaVersion(collections: readonly CollectionSpec[] = COLLECTIONS): string {
  const shape = collections.map((spec) => ({
    name: spec.name,
    indexes: spec.indexes.map((index) => ({ name: index.name, keys: index.keys, unique: index.unique })),
  }));
  return `sha256:${createHash('sha256').update(JSON.stringify(shape)).digest('hex').slice(0, 16)}`;
}

/**
 * One document as one line. Relaxed EJSON keeps numbers as plain JSON numbers and writes dates as
 * `{"$date": ...}`, which the reader turns back into `Date`s. Values the format cannot carry
 * exactly are refused rather than written wrongly.
 */
export function encodeDocument(doc: Doc): string {
  checkValue(doc, '');
  return EJSON.stringify(doc, { relaxed: true });
}

/** The document of one line, dates as `Date`s; throws on a line that is not one document with an `_id`. */
export function decodeDocument(line: string): Doc {
  const value = EJSON.parse(line, { relaxed: true }) as unknown;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error('not a document');
  const id = (value as Doc)._id;
  if (typeof id !== 'string' && typeof id !== 'number') throw new Error('the document has no _id');
  return value as Doc;
}

/** The stored value types of this project's documents: JSON values and dates. */
function checkValue(value: unknown, path: string): void {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') return;
  // Tags, not instanceof: under jest the SDK may build its values in another realm.
  if (Object.prototype.toString.call(value) === '[object Date]') {
    if (Number.isNaN((value as Date).getTime())) throw new Error(`invalid date at ${path || 'the document'}`);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) => checkValue(item, `${path}[${index}]`));
    return;
  }
  // A plain object of any realm: its prototype is null or some realm's Object.prototype.
  const proto = typeof value === 'object' ? (Object.getPrototypeOf(value) as object | null) : undefined;
  if (proto === undefined || (proto !== null && Object.getPrototypeOf(proto) !== null))
    throw new Error(`unsupported value (${describe(value)}) at ${path || 'the document'}`);
  for (const [key, item] of Object.entries(value as Doc)) checkValue(item, path ? `${path}.${key}` : key);
}

function describe(value: unknown): string {
  if (typeof value !== 'object' || value === null) return typeof value;
  return (value as object).constructor?.name ?? 'object';
}
