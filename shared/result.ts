/**
 * The result envelope of every cloud function. Expected failures are values with a stable
 * `code` (clients branch on it, tests assert it); `message` is for people and may change.
 *
 * `E` is the set of codes a result may fail with. A use case declares it in its return type
 * (`Promise<Result<OrderView, OrderError>>`), so `fail('TYPO', ...)` does not compile there; the
 * default, `string`, is for code that only passes results on.
 */
export interface FailureBody<E extends string = string> {
  code: E;
  message: string;
}

export type Result<T, E extends string = string> = { ok: true; data: T } | { ok: false; error: FailureBody<E> };

/**
 * The codes every function shares: the router answers the first three (bad input, a call
 * without a user, a `$url` the function does not serve); FORBIDDEN comes from a function's guard
 * (the admin function's admin check).
 */
export const COMMON_ERRORS = ['INVALID_INPUT', 'UNAUTHENTICATED', 'UNKNOWN_ROUTE', 'FORBIDDEN'] as const;
export type CommonError = (typeof COMMON_ERRORS)[number];

export function ok<T>(data: T): Result<T, never> {
  return { ok: true, data };
}

export function fail<E extends string>(code: E, message: string): Result<never, E> {
  return { ok: false, error: { code, message } };
}
