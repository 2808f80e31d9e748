/**
 * The protobuf envelope of `wx.openApi` (docs/platform.md section 7): the SDK sends a
 * `CommApiData` whose pairs carry JSON-encoded parameters, and decodes a `CommOpenApiResp`.
 * The schema is the one compiled into wx-server-sdk (`./src/protobuf/openapi.js`); fields the
 * emulator never reads (inner, svrkit and token API data) are left out and skipped on decode.
 */
import { randomBytes } from 'node:crypto';
import { parse, type Type } from 'protobufjs';

const SCHEMA = `
syntax = "proto3";
message KeyValuePair { string key = 1; bytes value = 2; string contenttype = 3; string filename = 4; }
message OpenApiData { repeated KeyValuePair pairs = 1; }
message CommApiData { int32 apiType = 1; OpenApiData openapiData = 2; string appid = 6; }
message HttpHeader { string key = 1; string value = 2; }
message CommOpenApiResp {
  bytes respData = 1; string contentType = 2; int32 errorCode = 3; uint32 httpCode = 4;
  repeated HttpHeader headers = 5; int32 svrkitErrorCode = 6;
}
`;

const root = parse(SCHEMA, { keepCase: true }).root;
const CommApiData: Type = root.lookupType('CommApiData');
const CommOpenApiResp: Type = root.lookupType('CommOpenApiResp');

/** Platform errorCodes of the envelope (docs/platform.md section 7.2); the SDK turns them into errCode. */
export const OPENAPI_ERROR = {
  apiNotFound: -604100,
  noPermission: -604101,
} as const;

/** A media parameter (`{ contentType, value: Buffer }` in user code). */
export interface MediaParam {
  contentType: string;
  filename: string;
  value: Buffer;
}

export interface OpenApiRequest {
  appid?: string;
  /** Top-level parameters, JSON-decoded; media parameters stay bytes. */
  params: Record<string, unknown>;
}

interface RawPair {
  key: string;
  value: Uint8Array;
  contenttype: string;
  filename: string;
}

/** Decodes `requestData`; throws when it is not a CommApiData or a value is not JSON. */
export function decodeRequest(bytes: Buffer): OpenApiRequest {
  const message = CommApiData.toObject(CommApiData.decode(bytes), { defaults: true }) as {
    appid: string;
    openapiData?: { pairs: RawPair[] };
  };
  const params: Record<string, unknown> = {};
  for (const pair of message.openapiData?.pairs ?? []) {
    const value = Buffer.from(pair.value);
    params[pair.key] = pair.contenttype
      ? ({ contentType: pair.contenttype, filename: pair.filename, value } satisfies MediaParam)
      : (JSON.parse(value.toString('utf8')) as unknown);
  }
  return { appid: message.appid || undefined, params };
}

export type OpenApiResult =
  | { kind: 'error'; errorCode: number }
  | { kind: 'json'; text: string }
  | { kind: 'bytes'; contentType: string; body: Buffer };

/** The reply bytes for one result; JSON answers use the platform's own content type text. */
export function encodeResponse(result: OpenApiResult): Buffer {
  const fields =
    result.kind === 'error'
      ? { errorCode: result.errorCode, httpCode: 200 }
      : result.kind === 'json'
        ? { respData: Buffer.from(result.text, 'utf8'), contentType: 'application/json; encoding=utf-8', httpCode: 200 }
        : { respData: result.body, contentType: result.contentType, httpCode: 200 };
  return Buffer.from(CommOpenApiResp.encode(CommOpenApiResp.fromObject(fields)).finish());
}

/**
 * A WeChat API answer `{ errcode, errmsg, ... }` as JSON text. `extra` is raw JSON text so that
 * numbers beyond 2^53 (msgid) keep every digit. Errors end with a request id, as the
 * platform's do, so callers cannot rely on matching the whole message.
 */
export function wxJson(errcode: number, errmsg: string, extra = ''): OpenApiResult {
  const message =
    errcode === 0
      ? errmsg
      : `${errmsg} rid: ${randomBytes(12)
          .toString('hex')
          .replace(/(.{8})(.{8})/, '$1-$2-')}`;
  return { kind: 'json', text: `{"errcode":${errcode},"errmsg":${JSON.stringify(message)}${extra}}` };
}
