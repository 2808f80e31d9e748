/**
 * Share codes (推广码): short, unambiguous codes carried in share links and in the `scene` of a
 * mini-program code, which holds at most 32 characters. The scene format is `r=<code>` for the
 * home page and `r=<code>&p=<productId>` for a product.
 */

/** Crockford-style alphabet without 0/O, 1/I/L: codes are read aloud and typed by people. */
export const SHARE_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const SHARE_CODE_LENGTH = 8;
export const SHARE_CODE_PATTERN = /^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$/;
export const MAX_SCENE_LENGTH = 32;

/** Builds a code from random bytes supplied by the caller (shared code has no randomness). */
export function shareCodeFromBytes(bytes: Uint8Array): string {
  if (bytes.length < SHARE_CODE_LENGTH) throw new RangeError(`need ${SHARE_CODE_LENGTH} random bytes`);
  let code = '';
  for (let i = 0; i < SHARE_CODE_LENGTH; i += 1)
    code += SHARE_CODE_ALPHABET[(bytes[i] as number) % SHARE_CODE_ALPHABET.length];
  return code;
}

export interface Scene {
  shareCode: string;
  productId?: string;
}

export function encodeScene(scene: Scene): string {
  const text = scene.productId ? `r=${scene.shareCode}&p=${scene.productId}` : `r=${scene.shareCode}`;
  if (text.length > MAX_SCENE_LENGTH)
    throw new RangeError(`scene ${text} is longer than ${MAX_SCENE_LENGTH} characters`);
  return text;
}

/** Parses a scene (URL-decoded first, as WeChat passes it encoded); undefined when it is not ours. */
export function decodeScene(raw: string): Scene | undefined {
  let text: string;
  try {
    text = decodeURIComponent(raw);
  } catch {
    return undefined;
  }
  const params = new Map(text.split('&').map((pair) => pair.split('=', 2) as [string, string]));
  const shareCode = params.get('r')?.toUpperCase();
  if (!shareCode || !SHARE_CODE_PATTERN.test(shareCode)) return undefined;
  const productId = params.get('p');
  return productId ? { shareCode, productId } : { shareCode };
}
