/**
 * A minimal PNG writer for QR codes (and the demo store's pictures): 8-bit, no filtering, one IDAT chunk. The
 * `qrcode` package's own PNG renderer (pngjs) takes about a second per image inside jest's
 * sandbox, against milliseconds for this, and tests draw many codes.
 */
import { deflateSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = (CRC_TABLE[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/**
 * A square 8-bit PNG of `size` px from its scanlines (each a filter byte, 0, then the pixels):
 * grayscale with one byte per pixel, or truecolour with three. No filtering, one IDAT chunk.
 */
export function encodePng(size: number, colour: 'gray' | 'rgb', raw: Buffer): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  // Bit depth 8, colour type 0 (grayscale) or 2 (truecolour), deflate, no filter method, no interlace.
  header.set([8, colour === 'gray' ? 0 : 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A square grayscale PNG of `size` px; `dark(x, y)` says which pixels are black. */
export function grayscalePng(size: number, dark: (x: number, y: number) => boolean): Buffer {
  const stride = size + 1;
  const raw = Buffer.alloc(stride * size, 255);
  for (let y = 0; y < size; y += 1) {
    raw[y * stride] = 0; // Filter type "none" for every scanline.
    for (let x = 0; x < size; x += 1) if (dark(x, y)) raw[y * stride + 1 + x] = 0;
  }
  return encodePng(size, 'gray', raw);
}

/** Draws a QR module matrix `width` px wide, centred, with at least a 4-module quiet zone. */
export function qrPng(modules: { size: number; get(row: number, col: number): number }, width: number): Buffer {
  const QUIET = 4;
  const scale = Math.max(1, Math.floor(width / (modules.size + 2 * QUIET)));
  const size = Math.max(width, (modules.size + 2 * QUIET) * scale);
  const offset = Math.floor((size - modules.size * scale) / 2);
  return grayscalePng(size, (x, y) => {
    const col = Math.floor((x - offset) / scale);
    const row = Math.floor((y - offset) / scale);
    return x >= offset && y >= offset && row < modules.size && col < modules.size && modules.get(row, col) !== 0;
  });
}
