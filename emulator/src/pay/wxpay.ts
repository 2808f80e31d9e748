/**
 * Shared pieces of the WeChat Pay sandboxes: the wire format of `wx.wxPayApi` (protobuf
 * ApiOptions, UTF-8 JSON requestData, the raw reply), v2 MD5 signatures, identifiers and the
 * time formats WeChat Pay uses (always China Standard Time, whatever the server's zone).
 */
import { createHash, randomBytes } from 'node:crypto';
import { chinaFormat } from '@shared/chinaTime';
import { TcbApiError } from '../errors';
import type { WireReply } from '../module';

/** The sandbox merchant: cloud pay runs in service-provider mode, the mall is the sub-merchant. */
export const SANDBOX_MCH_ID = '1800000001';
/** v2 API key the sandbox signs with; signatures are real MD5 signatures over this key. */
export const SANDBOX_API_KEY = 'emulatorsandboxkey00000000000000';

/**
 * Decodes protobuf `ApiOptions { string appid = 1; }` (what the SDK sends as apiOptions). A
 * hand decoder: the message has one string field, unknown fields are skipped.
 */
export function decodeApiOptions(bytes: unknown): { appid?: string } {
  const buffer = Buffer.isBuffer(bytes)
    ? bytes
    : typeof bytes === 'string'
      ? Buffer.from(bytes, 'binary')
      : Buffer.alloc(0);
  const result: { appid?: string } = {};
  let offset = 0;
  const varint = (): number => {
    let value = 0;
    for (let shift = 0; offset < buffer.length; shift += 7) {
      const byte = buffer[offset++] ?? 0;
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
    }
    throw new TcbApiError('INVALID_PARAM', 'apiOptions: truncated protobuf varint');
  };
  while (offset < buffer.length) {
    const key = varint();
    const [field, wireType] = [Math.floor(key / 8), key % 8];
    if (wireType === 0) varint();
    else if (wireType === 1 || wireType === 5) offset += wireType === 1 ? 8 : 4;
    else if (wireType === 2) {
      const length = varint();
      if (offset + length > buffer.length)
        throw new TcbApiError('INVALID_PARAM', 'apiOptions: truncated protobuf field');
      if (field === 1) result.appid = buffer.subarray(offset, offset + length).toString('utf8');
      offset += length;
    } else throw new TcbApiError('INVALID_PARAM', `apiOptions: unsupported protobuf wire type ${wireType}`);
  }
  return result;
}

/** requestData arrives as a file part (Buffer) holding UTF-8 JSON of the snake_case params. */
export function parseRequestData(value: unknown): Record<string, unknown> {
  const text = Buffer.isBuffer(value) ? value.toString('utf8') : typeof value === 'string' ? value : '';
  try {
    const parsed = JSON.parse(text || '{}') as unknown;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // Reported below.
  }
  throw new TcbApiError('INVALID_PARAM', 'requestData must be a JSON object');
}

/**
 * The reply of a wxPayApi call. The content type must not be exactly
 * `application/json; charset=utf-8`: node-sdk would pre-parse the body and wx-server-sdk then
 * treats the object as an error (docs/platform.md section 6.2).
 */
export function payReply(body: Record<string, unknown>): WireReply {
  return { kind: 'raw', contentType: 'application/json', body: JSON.stringify(body) };
}

/** v2 signature: MD5 of the non-empty scalar fields sorted by name, then `&key=<api key>`. */
export function signV2(fields: Record<string, unknown>): string {
  const text = Object.keys(fields)
    .filter(
      (name) =>
        name !== 'sign' && fields[name] !== undefined && fields[name] !== '' && typeof fields[name] !== 'object',
    )
    .sort()
    .map((name) => `${name}=${String(fields[name])}`)
    .join('&');
  return createHash('md5').update(`${text}&key=${SANDBOX_API_KEY}`, 'utf8').digest('hex').toUpperCase();
}

export function withSign<T extends Record<string, unknown>>(fields: T): T & { sign: string } {
  return { ...fields, sign: signV2(fields) };
}

export function nonce(): string {
  return randomBytes(16).toString('hex').toUpperCase();
}

export function randomDigits(count: number): string {
  return Array.from(randomBytes(count), (byte) => String(byte % 10)).join('');
}

/** `yyyyMMddHHmmss` in UTC+8 (time_end, ids). */
export function compactTime(ms: number): string {
  return chinaFormat(ms, 'YYYYMMDDHHmmss');
}

/** `yyyy-MM-dd HH:mm:ss` in UTC+8 (refund success_time). */
export function spacedTime(ms: number): string {
  return chinaFormat(ms, 'YYYY-MM-DD HH:mm:ss');
}

/** RFC 3339 with the +08:00 offset, as the v3 API writes times. */
export function rfc3339(ms: number): string {
  return chinaFormat(ms, 'YYYY-MM-DD[T]HH:mm:ss[+08:00]');
}

export function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  return undefined;
}
