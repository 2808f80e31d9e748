/**
 * Cloud storage (`cloud.uploadFile`, `getTempFileURL`, `downloadFile`, `deleteFile`). node-sdk
 * drives it with three wire actions and two plain HTTP requests:
 *
 *   storage.getUploadMetadata  → an upload URL; the SDK PUTs the bytes to PUT /_emulator/storage/upload/…
 *   storage.batchGetDownloadUrl → signed temporary URLs, served by GET /_emulator/storage/files/…
 *   storage.batchDeleteFile
 *
 * `downloadFile` is getTempFileURL (maxAge 600) followed by a GET of the URL. Files are kept in
 * memory, or under `<dataDir>/storage/` in durable mode.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Emulator } from '../emulator';
import { errors } from '../errors';
import {
  json,
  type ControlReply,
  type ControlRoute,
  type EmulatorModule,
  type ModuleState,
  type WireReply,
  type WireRequest,
} from '../module';
import { DiskFileStore, MemoryFileStore, type FileStore } from './files';
import { bucketOf, checkCloudPath, cloudPathOf, contentTypeOf, fileIdOf, UrlSigner } from './naming';

/** The SDK asks at most 50 files per call; the platform refuses more (node-sdk test suite). */
const MAX_FILES_PER_CALL = 50;
/** Upload URLs live as long as the SDK's request signatures (X-Signature-Expires: 600). */
const UPLOAD_TICKET_MS = 600_000;
/**
 * Temporary URLs: the server-SDK documentation gives private files 10 minutes, the client
 * documentation "default one day, at most one day". The emulator takes the shorter default.
 */
const DEFAULT_MAX_AGE_S = 600;
const MAX_MAX_AGE_S = 86_400;
export const DOWNLOAD_PATH = '/_emulator/storage/files/';
export const UPLOAD_PATH = '/_emulator/storage/upload/';

const NONEXIST_MESSAGE = 'storage file not exist';

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** An error body in COS's XML form (the SDK reads Code, Message, RequestId and TraceId). */
function cosError(code: string, message: string, resource: string): string {
  const id = randomBytes(12).toString('base64url');
  return `<?xml version='1.0' encoding='utf-8' ?>\n<Error>\n<Code>${code}</Code>\n<Message>${escapeXml(message)}</Message>\n<Resource>${escapeXml(resource)}</Resource>\n<RequestId>${id}</RequestId>\n<TraceId>${id}</TraceId>\n</Error>`;
}

function fileList(value: unknown, field: string): unknown[] {
  if (!Array.isArray(value)) throw errors.invalidParam(`${field} must be an array`);
  if (value.length > MAX_FILES_PER_CALL)
    throw errors.invalidParam(`${field} holds ${value.length} files; at most ${MAX_FILES_PER_CALL} per call`);
  return value;
}

export class StorageModule implements EmulatorModule {
  readonly name = 'storage';
  readonly files: FileStore;
  private readonly signer = new UrlSigner(randomBytes(32));
  private readonly tickets = new Map<string, { cloudPath: string; expiresAt: number }>();
  /** In durable mode the files are on disk already; the journal leaves them out. */
  readonly durableByItself: boolean;

  constructor(private readonly emulator: Emulator) {
    const dataDir = emulator.options.dataDir;
    this.files = dataDir ? new DiskFileStore(join(dataDir, 'storage')) : new MemoryFileStore();
    this.durableByItself = dataDir !== undefined;
  }

  /** Every stored file as `file:<cloudPath>` → `{ uploadedAt, base64 }`, for the state file. */
  exportState(): ModuleState {
    const state: ModuleState = {};
    for (const { cloudPath } of this.files.list()) {
      const file = this.files.get(cloudPath);
      if (file) state[`file:${cloudPath}`] = { uploadedAt: file.uploadedAt, base64: file.bytes.toString('base64') };
    }
    return state;
  }

  importState(state: ModuleState): void {
    this.reset();
    for (const [key, value] of Object.entries(state)) {
      const file = value as { uploadedAt?: unknown; base64?: unknown };
      if (!key.startsWith('file:') || typeof file.base64 !== 'string') continue;
      const cloudPath = checkCloudPath(key.slice('file:'.length));
      const uploadedAt = typeof file.uploadedAt === 'number' ? file.uploadedAt : this.now();
      this.files.put(cloudPath, Buffer.from(file.base64, 'base64'), uploadedAt);
    }
  }

  private get envName(): string {
    return this.emulator.options.envName;
  }

  private now(): number {
    return this.emulator.options.clock.now();
  }

  /** The main server's origin, which serves the temporary URLs. */
  private origin(): URL {
    return new URL(this.emulator.adminUrl || 'http://127.0.0.1/admin');
  }

  readonly actions: Record<string, (request: WireRequest) => Promise<WireReply>> = {
    'storage.getUploadMetadata': async ({ fields }) => json({ data: await this.uploadMetadata(fields.path) }),
    'storage.batchGetDownloadUrl': async ({ fields }) =>
      json({ data: { download_list: fileList(fields.file_list, 'file_list').map((item) => this.downloadUrl(item)) } }),
    'storage.batchDeleteFile': async ({ fields }) =>
      json({
        data: { delete_list: fileList(fields.fileid_list, 'fileid_list').map((fileID) => this.deleteFile(fileID)) },
      }),
  };

  private async uploadMetadata(path: unknown): Promise<Record<string, string>> {
    const cloudPath = checkCloudPath(path);
    const now = this.now();
    for (const [id, ticket] of this.tickets) if (ticket.expiresAt < now) this.tickets.delete(id);
    const ticket = randomBytes(16).toString('hex');
    this.tickets.set(ticket, { cloudPath, expiresAt: now + UPLOAD_TICKET_MS });
    const fileId = fileIdOf(this.envName, cloudPath);
    return {
      url: `${this.origin().origin}${UPLOAD_PATH}${ticket}`,
      // The SDK echoes these as headers of the PUT; the ticket in the URL is what counts here.
      token: `emulator-token-${ticket}`,
      authorization: `emulator-authorization-${ticket}`,
      fileId,
      cosFileId: `emulator-cos-${ticket}`,
    };
  }

  /** PUT of the bytes to an upload URL; COS answers an empty body on success and XML on errors. */
  private acceptUpload(ticketId: string, bytes: Buffer): ControlReply {
    const ticket = this.tickets.get(ticketId);
    if (!ticket || ticket.expiresAt < this.now()) {
      return {
        status: 403,
        body: cosError('AccessDenied', 'Request has expired or the upload URL is unknown', `${UPLOAD_PATH}${ticketId}`),
        contentType: 'application/xml',
      };
    }
    this.files.put(ticket.cloudPath, bytes, this.now());
    return { status: 200, body: '', contentType: 'text/plain' };
  }

  /** One entry of `download_list`: the fields wx-server-sdk reads (fileID, tempFileURL, maxAge, code). */
  private downloadUrl(item: unknown): Record<string, unknown> {
    const { fileid: fileID, max_age: requested } = (item && typeof item === 'object' ? item : {}) as {
      fileid?: unknown;
      max_age?: unknown;
    };
    const cloudPath = cloudPathOf(this.envName, fileID);
    if (cloudPath === undefined || !this.files.has(cloudPath))
      return { fileID, tempFileURL: '', code: 'STORAGE_FILE_NONEXIST', message: NONEXIST_MESSAGE };
    const maxAge =
      typeof requested === 'number' && Number.isFinite(requested)
        ? Math.min(MAX_MAX_AGE_S, Math.max(1, Math.floor(requested)))
        : DEFAULT_MAX_AGE_S;
    const expiresAt = Math.floor(this.now() / 1000) + maxAge;
    // The path stays unencoded, as on the platform: the SDK encodeURI()s it before fetching.
    const tempFileURL = `${this.origin().origin}${DOWNLOAD_PATH}${cloudPath}?sign=${this.signer.sign(cloudPath, expiresAt)}&t=${expiresAt}`;
    return { fileID, tempFileURL, code: 'SUCCESS', maxAge };
  }

  private deleteFile(fileID: unknown): Record<string, unknown> {
    const cloudPath = cloudPathOf(this.envName, fileID);
    if (cloudPath === undefined || !this.files.delete(cloudPath))
      return { fileID, code: 'STORAGE_FILE_NONEXIST', message: NONEXIST_MESSAGE };
    return { fileID, code: 'SUCCESS' };
  }

  /** GET of a temporary URL: the bytes, or COS-style XML errors for bad, expired or dangling links. */
  private serve(cloudPath: string, url: URL): ControlReply {
    const xml = (status: number, code: string, message: string): ControlReply => ({
      status,
      body: cosError(code, message, `/${cloudPath}`),
      contentType: 'application/xml',
    });
    const sign = url.searchParams.get('sign') ?? '';
    const expiresAt = Number(url.searchParams.get('t'));
    if (!Number.isInteger(expiresAt) || !this.signer.verify(cloudPath, expiresAt, sign))
      return xml(403, 'SignatureDoesNotMatch', 'The request signature does not match');
    if (expiresAt * 1000 < this.now()) return xml(403, 'AccessDenied', 'Request has expired');
    const file = this.files.get(cloudPath);
    if (!file) return xml(404, 'NoSuchKey', 'The specified key does not exist.');
    return { status: 200, body: file.bytes, contentType: contentTypeOf(cloudPath) };
  }

  list(): Array<{ fileID: string; cloudPath: string; size: number; contentType: string; uploadedAt: string }> {
    return this.files
      .list()
      .sort((a, b) => (a.cloudPath < b.cloudPath ? -1 : a.cloudPath > b.cloudPath ? 1 : 0))
      .map((file) => ({
        fileID: fileIdOf(this.envName, file.cloudPath),
        cloudPath: file.cloudPath,
        size: file.size,
        contentType: contentTypeOf(file.cloudPath),
        uploadedAt: new Date(file.uploadedAt).toISOString(),
      }));
  }

  readonly routes: ControlRoute[] = [
    {
      method: 'PUT',
      pattern: /^\/storage\/upload\/([0-9a-f]+)$/,
      rawBody: true,
      handle: ({ params, raw }) => this.acceptUpload(params[0] ?? '', raw ?? Buffer.alloc(0)),
    },
    {
      method: 'GET',
      pattern: /^\/storage\/files\/(.+)$/,
      handle: ({ params, url }) => this.serve(params[0] ?? '', url),
    },
    {
      method: 'GET',
      pattern: /^\/files$/,
      handle: () => ({ status: 200, body: { bucket: bucketOf(this.envName), files: this.list() } }),
    },
    {
      // The bytes of a stored file without a signed link: the console's storage browser shows images from here.
      method: 'GET',
      pattern: /^\/files\/(.+)$/,
      handle: ({ params }) => {
        const cloudPath = checkCloudPath(params[0]);
        const file = this.files.get(cloudPath);
        if (!file) return { status: 404, body: { error: { code: 'NOT_FOUND', message: `no file ${cloudPath}` } } };
        return { status: 200, body: file.bytes, contentType: contentTypeOf(cloudPath) };
      },
    },
  ];

  reset(): void {
    this.files.clear();
    this.tickets.clear();
  }
}
