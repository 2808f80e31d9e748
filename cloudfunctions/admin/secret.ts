/**
 * The setup secret that claims the first admin (env variable ADMIN_SETUP_SECRET of this
 * function). Pure, so it is tested on its own.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { MIN_SETUP_SECRET_LENGTH, setupSecretProblem } from '@shared/setupSecret';

export type SecretCheck = 'ok' | 'SETUP_SECRET_UNSET' | 'SETUP_SECRET_TOO_SHORT' | 'SETUP_SECRET_WEAK' | 'BAD_SECRET';

/**
 * Compares in time independent of the contents: both sides are hashed to 32 bytes first, so
 * neither where they differ nor a difference of length shows in the time taken.
 */
export function secretsMatch(given: string, expected: string): boolean {
  const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** Checks a claim's secret against the configured one (undefined or empty: not configured). */
export function checkSetupSecret(given: string, configured: string | undefined): SecretCheck {
  if (!configured) return 'SETUP_SECRET_UNSET';
  // A weak secret could be guessed: claiming is refused until the merchant sets a strong one.
  if ([...configured].length < MIN_SETUP_SECRET_LENGTH) return 'SETUP_SECRET_TOO_SHORT';
  if (setupSecretProblem(configured)) return 'SETUP_SECRET_WEAK';
  return secretsMatch(given, configured) ? 'ok' : 'BAD_SECRET';
}
