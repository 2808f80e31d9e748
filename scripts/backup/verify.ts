/**
 * Reading a backup back: the manifest, checked against its schema, and every file checked
 * against the manifest (SHA-256, document count, each line one document with an `_id`) before
 * restore writes anything. Files are streamed, never read whole.
 */
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { decodeDocument, MANIFEST_FILE, ManifestSchema, type Doc, type Manifest, type ManifestEntry } from './format';

export type VerifyFailure = { code: 'BAD_BACKUP'; message: string };
type Verified = { ok: true; manifest: Manifest } | { ok: false; failure: VerifyFailure };

/** At most this many problems are listed; the first ones are enough to see what is wrong. */
const MAX_PROBLEMS = 20;

export async function readVerifiedBackup(dir: string): Promise<Verified> {
  const manifest = await readManifest(dir);
  if (!manifest.ok) return manifest;
  const problems: string[] = [];
  for (const entry of manifest.manifest.collections) {
    problems.push(...(await verifyFile(dir, entry)));
    if (problems.length >= MAX_PROBLEMS) break;
  }
  if (problems.length === 0) return manifest;
  const message = `The backup in ${dir} does not match its manifest, so nothing was written:\n  ${problems
    .slice(0, MAX_PROBLEMS)
    .join('\n  ')}`;
  return { ok: false, failure: { code: 'BAD_BACKUP', message } };
}

async function readManifest(dir: string): Promise<Verified> {
  const bad = (why: string): Verified => ({
    ok: false,
    failure: { code: 'BAD_BACKUP', message: `${join(dir, MANIFEST_FILE)}: ${why}; nothing was written.` },
  });
  let text: string;
  try {
    text = await readFile(join(dir, MANIFEST_FILE), 'utf8');
  } catch (error) {
    return bad(
      `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): not a complete backup`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return bad('is not JSON');
  }
  const parsed = ManifestSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    return bad(`is not a backup manifest of this format (${issues.slice(0, 5).join('; ')})`);
  }
  return { ok: true, manifest: parsed.data };
}

/** The problems of one file: unreadable, a line that is not a document, a wrong count or checksum. */
async function verifyFile(dir: string, entry: ManifestEntry): Promise<string[]> {
  const hash = createHash('sha256');
  const problems: string[] = [];
  let count = 0;
  try {
    for await (const line of fileLines(join(dir, entry.file), hash)) {
      count += 1;
      try {
        decodeDocument(line);
      } catch (error) {
        if (problems.length < 3) problems.push(`${entry.file} line ${count}: ${(error as Error).message}`);
      }
    }
  } catch (error) {
    return [`${entry.file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`];
  }
  const sha256 = hash.digest('hex');
  if (sha256 !== entry.sha256) problems.push(`${entry.file}: SHA-256 ${sha256}, the manifest says ${entry.sha256}`);
  if (count !== entry.count) problems.push(`${entry.file}: ${count} documents, the manifest says ${entry.count}`);
  return problems;
}

/**
 * The documents of one verified file, in order. The file is hashed again while it is read, and a
 * file that changed since it was verified stops the restore at its end.
 */
export async function* documentsOf(dir: string, entry: ManifestEntry): AsyncGenerator<Doc> {
  const hash = createHash('sha256');
  for await (const line of fileLines(join(dir, entry.file), hash)) yield decodeDocument(line);
  if (hash.digest('hex') !== entry.sha256) throw new Error(`${entry.file} changed while it was being restored`);
}

/** The lines of a file (without their newline), feeding every byte read into `hash`. */
async function* fileLines(path: string, hash: Hash): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let rest = '';
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    const lines = (rest + decoder.write(chunk)).split('\n');
    rest = lines.pop() ?? '';
    yield* lines;
  }
  rest += decoder.end();
  if (rest !== '') yield rest;
}
