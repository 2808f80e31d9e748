/**
 * Names in cloud storage: the bucket, file IDs in the platform's form
 * `cloud://<env>.<bucket>/<cloudPath>`, the cloud paths the emulator accepts, signatures of
 * temporary URLs and content types by extension.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { extname } from 'node:path';
import { errors } from '../errors';

/**
 * The platform names a bucket `<hex of the env id's first two characters>-<env id>-<app id>`,
 * e.g. `7465-test-1258888888`; the emulator uses a fixed, obviously fake app id.
 */
export function bucketOf(envName: string): string {
  return `${Buffer.from(envName.slice(0, 2)).toString('hex')}-${envName}-1300000000`;
}

export function fileIdOf(envName: string, cloudPath: string): string {
  return `cloud://${envName}.${bucketOf(envName)}/${cloudPath}`;
}

/** The cloud path of a file ID of this environment's bucket; undefined for anything else. */
export function cloudPathOf(envName: string, fileID: unknown): string | undefined {
  const prefix = `cloud://${envName}.${bucketOf(envName)}/`;
  if (typeof fileID !== 'string' || !fileID.startsWith(prefix)) return undefined;
  const cloudPath = fileID.slice(prefix.length);
  return isValidCloudPath(cloudPath) ? cloudPath : undefined;
}

const MAX_CLOUD_PATH_BYTES = 1024;

/**
 * Paths are object keys: non-empty segments separated by `/`. The emulator also refuses `.`
 * and `..` segments (they would leave the storage folder in durable mode) and `? # % \`
 * and control characters, which do not survive the SDK's `encodeURI` of temporary URLs.
 */
export function isValidCloudPath(cloudPath: string): boolean {
  if (cloudPath.length === 0 || Buffer.byteLength(cloudPath) > MAX_CLOUD_PATH_BYTES) return false;
  if (/[?#%\\\u0000-\u001f\u007f]/.test(cloudPath)) return false;
  return cloudPath.split('/').every((segment) => segment.length > 0 && segment !== '.' && segment !== '..');
}

export function checkCloudPath(cloudPath: unknown): string {
  if (typeof cloudPath !== 'string' || !isValidCloudPath(cloudPath)) {
    throw errors.invalidParam(
      `invalid cloudPath ${JSON.stringify(cloudPath)}: non-empty segments separated by "/", no leading or trailing "/", no "." or ".." segments, none of ? # % \\ or control characters, at most ${MAX_CLOUD_PATH_BYTES} bytes`,
    );
  }
  return cloudPath;
}

const CONTENT_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'application/javascript',
  '.pdf': 'application/pdf',
  '.mp3': 'audio/mpeg',
  '.mp4': 'video/mp4',
  '.zip': 'application/zip',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export function contentTypeOf(cloudPath: string): string {
  return CONTENT_TYPES[extname(cloudPath).toLowerCase()] ?? 'application/octet-stream';
}

/** Signs temporary URLs: `sign` covers the path and the expiry `t` (epoch seconds). */
export class UrlSigner {
  constructor(private readonly secret: Buffer) {}

  sign(cloudPath: string, expiresAt: number): string {
    return createHmac('sha256', this.secret).update(`${cloudPath}\n${expiresAt}`).digest('hex').slice(0, 32);
  }

  verify(cloudPath: string, expiresAt: number, sign: string): boolean {
    const expected = Buffer.from(this.sign(cloudPath, expiresAt));
    const given = Buffer.from(sign);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}
