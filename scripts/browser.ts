/**
 * Headless Chromium for browser tests and screenshots: Debian's `chromium` driven by playwright-core (which
 * never downloads a browser). `.ci/run` installs Chromium; elsewhere the tests are skipped and
 * say why in their title.
 */
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export function findChromium(): string | undefined {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  try {
    const found = execSync('command -v chromium || command -v chromium-browser', {
      encoding: 'utf8',
      shell: '/bin/sh',
    }).trim();
    return found || undefined;
  } catch {
    return undefined;
  }
}

export const CHROMIUM_MISSING_REASON = "skipped: no Chromium found (install Debian's chromium, or set CHROMIUM_PATH)";

/** Flags that keep Chromium quiet on a machine without outside network. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
