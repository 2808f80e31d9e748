/**
 * The result envelope of every cloud function. Expected failures are values with a stable
 * `code` (clients branch on it, tests assert it); `message` is for people and may change.
 */
export interface FailureBody {
  code: string;
  message: string;
}

export type Result<T> = { ok: true; data: T } | { ok: false; error: FailureBody };

export function ok<T>(data: T): Result<T> {
  return { ok: true, data };
}

export function fail<T = never>(code: string, message: string): Result<T> {
  return { ok: false, error: { code, message } };
}
