/**
 * Typed wrappers of the wx-server-sdk calls that are not database calls: mini-program codes
 * from the open API and cloud storage. The SDK types `openapi` as `Record<string, any>` and
 * `getTempFileURL` as `Promise<...> | void`, so the casts live here and use cases get real types.
 */
import { cloud } from './cloud';

/** Which version of the mini-program a scanned code opens: formal, trial (体验版) or development. */
export type WxacodeEnvVersion = 'release' | 'trial' | 'develop';

/**
 * Parameters of `wxacode.getUnlimited`, in the SDK's camelCase (it sends them as snake_case).
 * Fields the project does not use (`autoColor`, `lineColor`, `isHyaline`) are left out.
 */
export interface UnlimitedCodeRequest {
  /** At most 32 characters from the platform's set; see shared/shareCode.ts for our format. */
  scene: string;
  /** The page a scan opens, without a leading slash and without a query. */
  page: string;
  /** When true the page must exist in the released version; false also accepts other pages. */
  checkPath: boolean;
  envVersion: WxacodeEnvVersion;
  /** Width of the code in px, 280 to 1280. */
  width: number;
}

/** What the SDK resolves with on success; platform refusals reject with `errCode`/`errMsg`. */
interface UnlimitedCodeReply {
  buffer: unknown;
  contentType: string;
  errCode: number;
  errMsg: string;
}

type WxacodeApi = { wxacode: { getUnlimited(params: UnlimitedCodeRequest): Promise<UnlimitedCodeReply> } };

/**
 * A mini-program code as image bytes. A platform refusal (invalid scene or page, missing
 * permission, rate limit) rejects with the SDK's error, which carries `errCode`.
 */
export async function getUnlimitedCode(request: UnlimitedCodeRequest): Promise<{ image: Buffer; contentType: string }> {
  const reply = await (cloud.openapi as WxacodeApi).wxacode.getUnlimited(request);
  if (!Buffer.isBuffer(reply.buffer)) throw new Error(`wxacode.getUnlimited answered no image: ${reply.errMsg}`);
  return { image: reply.buffer, contentType: reply.contentType };
}

/** Stores bytes at a cloud path (overwriting what was there) and returns the file ID. */
export async function uploadFile(cloudPath: string, content: Buffer): Promise<string> {
  const { fileID } = await cloud.uploadFile({ cloudPath, fileContent: content });
  return fileID;
}

/** wx-server-sdk's status for a file that is not in storage (STORAGE_FILE_NONEXIST). */
const FILE_NOT_FOUND = -503003;

/** The SDK declares the call as returning `Promise<...> | void`; it always returns the promise. */
type TempFileUrlReply = Awaited<Exclude<ReturnType<typeof cloud.getTempFileURL>, void>>;

export type TempFileUrl = { found: true; tempFileURL: string; maxAgeSeconds: number } | { found: false };

/**
 * A temporary HTTPS link to one stored file, valid `maxAgeSeconds`. A missing file is an
 * expected answer (`found: false`); any other refusal of the entry is thrown.
 */
export async function getTempFileUrl(fileID: string, maxAgeSeconds: number): Promise<TempFileUrl> {
  const reply = (await cloud.getTempFileURL({ fileList: [{ fileID, maxAge: maxAgeSeconds }] })) as TempFileUrlReply;
  const entry = reply.fileList[0];
  if (!entry) throw new Error(`getTempFileURL answered no entry for ${fileID}`);
  if (entry.status === FILE_NOT_FOUND) return { found: false };
  if (entry.status !== 0) throw new Error(`getTempFileURL refused ${fileID}: ${entry.status} ${entry.errMsg}`);
  return { found: true, tempFileURL: entry.tempFileURL, maxAgeSeconds: entry.maxAge };
}

/**
 * Deletes stored files (at most 50 per call, the platform's limit). A file already gone counts
 * as deleted, so a retried cleanup is harmless; the ids the platform refused for another reason
 * are returned.
 */
export async function deleteFiles(fileIDs: string[]): Promise<string[]> {
  if (fileIDs.length === 0) return [];
  const reply = (await cloud.deleteFile({ fileList: fileIDs })) as {
    fileList: Array<{ fileID: string; status: number }>;
  };
  return reply.fileList
    .filter((entry) => entry.status !== 0 && entry.status !== FILE_NOT_FOUND)
    .map((entry) => entry.fileID);
}

/**
 * Temporary links to many stored files, valid `maxAgeSeconds`, in calls of at most 50 (the
 * platform's limit) sent together: file id → link, without the files that are missing.
 */
export async function getTempFileUrls(fileIDs: string[], maxAgeSeconds: number): Promise<Map<string, string>> {
  const unique = [...new Set(fileIDs)];
  const batches = Array.from({ length: Math.ceil(unique.length / 50) }, (_, index) =>
    unique.slice(index * 50, index * 50 + 50),
  );
  const replies = (await Promise.all(
    batches.map((batch) =>
      cloud.getTempFileURL({ fileList: batch.map((fileID) => ({ fileID, maxAge: maxAgeSeconds })) }),
    ),
  )) as TempFileUrlReply[];
  const links = new Map<string, string>();
  for (const entry of replies.flatMap((reply) => reply.fileList)) {
    if (entry.status === 0 && entry.tempFileURL) links.set(entry.fileID, entry.tempFileURL);
  }
  return links;
}
