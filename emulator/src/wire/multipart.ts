/**
 * multipart/form-data parsing for the SDK's multipart actions (`wx.openApi`, `wx.wxPayApi`),
 * which node-sdk builds with the `form-data` package: text fields, and Buffer fields sent as
 * file parts with `Content-Type: application/octet-stream` (docs/platform.md section 1.3).
 */

export type FormFields = Record<string, string | Buffer>;

export function boundaryOf(contentType: string): string | undefined {
  return /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType)?.slice(1).find(Boolean);
}

/** Splits a multipart body into its named parts; file parts stay Buffers, others become text. */
export function parseMultipart(body: Buffer, boundary: string): FormFields {
  const fields: FormFields = {};
  const delimiter = Buffer.from(`--${boundary}`);
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const partStart = start + delimiter.length;
    if (body.subarray(partStart, partStart + 2).toString() === '--') break;
    const next = body.indexOf(delimiter, partStart);
    if (next === -1) break;
    // A part is CRLF, headers, CRLF CRLF, content, CRLF, then the next delimiter.
    const part = body.subarray(partStart + 2, next - 2);
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd !== -1) {
      const headers = part.subarray(0, headerEnd).toString('utf8');
      const content = part.subarray(headerEnd + 4);
      const name = /name="([^"]*)"/i.exec(headers)?.[1];
      const isFile = /content-type:\s*application\/octet-stream/i.test(headers) || /filename=/i.test(headers);
      if (name !== undefined) fields[name] = isFile ? Buffer.from(content) : content.toString('utf8');
    }
    start = next;
  }
  return fields;
}
