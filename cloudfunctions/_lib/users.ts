/**
 * Users are created on their first call, keyed by OPENID. Share codes are random and unique
 * (a unique index); the rare collision is retried with a new code.
 */
import { randomBytes } from 'node:crypto';
import { shareCodeFromBytes } from '@shared/shareCode';
import { newUser, type UserDocument } from '@shared/users';
import { getDoc, insertDoc } from './db';

const MAX_CODE_ATTEMPTS = 5;

export function randomShareCode(): string {
  return shareCodeFromBytes(randomBytes(8));
}

/**
 * Creates the user document `build(code)` returns, retrying share-code collisions. Answers
 * 'exists' when a document with this OPENID is already there (created by a concurrent call).
 */
export async function createUser(build: (shareCode: string) => UserDocument): Promise<UserDocument | 'exists'> {
  for (let attempt = 0; attempt < MAX_CODE_ATTEMPTS; attempt += 1) {
    const user = build(randomShareCode());
    const outcome = await insertDoc('users', user);
    if (outcome === 'inserted') return user;
    if (outcome.index !== 'uniq_share_code') return 'exists';
  }
  throw new Error(`could not find a free share code in ${MAX_CODE_ATTEMPTS} attempts`);
}

/** The caller's user document, created on first use. */
export async function ensureUser(openid: string, now: Date): Promise<UserDocument> {
  const existing = await getDoc('users', openid);
  if (existing) return existing;
  const created = await createUser((code) => newUser(openid, code, now));
  return created === 'exists' ? ((await getDoc('users', openid)) as UserDocument) : created;
}
