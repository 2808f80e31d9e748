/**
 * Request ids for writes the functions make idempotent (cart `add`, and any other route that
 * takes a `requestId`): 8-64 of A-Z a-z 0-9 _ -. The time part keeps ids of one device apart
 * over time; the random part keeps two taps in the same millisecond apart. They only need to
 * be unique per user, not secret.
 */
export function newRequestId(now: number = Date.now()): string {
  const random = Math.floor(Math.random() * 36 ** 8)
    .toString(36)
    .padStart(8, '0');
  return `${now.toString(36)}-${random}`;
}
