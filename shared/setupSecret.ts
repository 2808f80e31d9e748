/**
 * How strong the setup secret that claims a shop's first admin must be. Whoever guesses it
 * becomes the admin, so it is checked twice with this one rule: by the deploy script before it
 * sets the variable, and by the admin function before it compares a claim (a secret set by hand
 * in the cloud console that fails the rule refuses every claim). Pure.
 *
 * The rule: at least 16 characters, at least 10 different ones, and at least 80 bits by the
 * usual estimate length × log2(size of the character classes used: lowercase 26, uppercase 26,
 * digits 10, anything else 33). `openssl rand -hex 20` (160 bits) and `openssl rand -base64 16`
 * pass; 16 × "a", "abcdefghijklmnop" (75 bits) and 16 digits (53 bits) do not.
 */

export const MIN_SETUP_SECRET_LENGTH = 16;
const MIN_DISTINCT_CHARACTERS = 10;
export const MIN_SETUP_SECRET_BITS = 80;

/** The estimated strength in bits (see above). */
export function setupSecretBits(secret: string): number {
  const characters = [...secret];
  const classes = [
    { size: 26, test: /[a-z]/ },
    { size: 26, test: /[A-Z]/ },
    { size: 10, test: /[0-9]/ },
    { size: 33, test: /[^a-zA-Z0-9]/ },
  ];
  const pool = classes
    .filter((entry) => characters.some((character) => entry.test.test(character)))
    .reduce((sum, entry) => sum + entry.size, 0);
  return pool > 1 ? characters.length * Math.log2(pool) : 0;
}

/** What is wrong with a secret, in English for the merchant's console or deploy output; null when it is strong enough. */
export function setupSecretProblem(secret: string): string | null {
  const characters = [...secret];
  if (characters.length < MIN_SETUP_SECRET_LENGTH)
    return `must be at least ${MIN_SETUP_SECRET_LENGTH} characters (e.g. \`openssl rand -hex 20\`)`;
  if (new Set(characters).size < MIN_DISTINCT_CHARACTERS)
    return `must use at least ${MIN_DISTINCT_CHARACTERS} different characters (e.g. \`openssl rand -hex 20\`)`;
  if (setupSecretBits(secret) < MIN_SETUP_SECRET_BITS)
    return `is too easy to guess: make it longer or mix letters, digits and symbols (e.g. \`openssl rand -hex 20\`)`;
  return null;
}
