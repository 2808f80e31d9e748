/**
 * The one place where cloud functions initialise wx-server-sdk.
 *
 * `DYNAMIC_CURRENT_ENV` makes every function use the environment it is deployed in, so the
 * same bundle runs unchanged on the emulator and in any merchant's environment. The SDK's own
 * typings declare `env` as a string and omit some APIs, hence the narrow casts here and nowhere else.
 */
import * as cloud from 'wx-server-sdk';
import { fail, type Result } from '@shared/result';
import type { z } from 'zod';

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });

export { cloud };

/** The database handle; `throwOnNotFound: false` makes a missing document a `null`, not an exception. */
export const db = cloud.database({ throwOnNotFound: false } as Parameters<typeof cloud.database>[0]);

/** cloud.callFunction with the callee's result type; the SDK's typings allow `void` here. */
export async function callFunction<T>(name: string, data: Record<string, unknown>): Promise<T> {
  const response = (await cloud.callFunction({ name, data })) as unknown as { result: T };
  return response.result;
}

export interface CallerIdentity {
  openid: string;
  appid: string;
  source: string;
}

/** The caller as injected by the platform; never read identity from the event. */
export function caller(): CallerIdentity {
  const context = cloud.getWXContext() as Record<string, unknown>;
  return {
    openid: String(context.OPENID ?? ''),
    appid: String(context.APPID ?? ''),
    source: String(context.SOURCE ?? ''),
  };
}

/**
 * Parses a client event with its contract. The platform adds `userInfo` to events from the
 * mini-program; it is dropped here because identity comes only from getWXContext().
 */
export function parseEvent<S extends z.ZodType>(schema: S, event: unknown): Result<z.infer<S>, 'INVALID_INPUT'> {
  const { userInfo: _ignored, ...rest } = (event ?? {}) as Record<string, unknown>;
  const parsed = schema.safeParse(rest);
  if (parsed.success) return { ok: true, data: parsed.data };
  const message = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'event'}: ${issue.message}`).join('; ');
  return fail('INVALID_INPUT', message);
}
