/**
 * project.config.json debugs with a base library that has every API the pages call: the newest
 * one they need is wx.requestMerchantTransfer (确认收款), from 3.3.0. The minimum base library for
 * users is set in the WeChat console (docs/deploy.md, the go-live checklist).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../../scripts/paths';

const MINIMUM_BASE_LIBRARY = '3.3.0';

/** "3.7.0" → 3007000, so versions compare as numbers (no part reaches 1000). */
function versionNumber(version: string): number {
  const [major = 0, minor = 0, patch = 0] = version.split('.').map(Number);
  return major * 1_000_000 + minor * 1_000 + patch;
}

it('debugs with base library 3.3.0 or newer', () => {
  const config = JSON.parse(readFileSync(join(PROJECT_ROOT, 'project.config.json'), 'utf8')) as { libVersion: string };
  expect(versionNumber(config.libVersion)).toBeGreaterThanOrEqual(versionNumber(MINIMUM_BASE_LIBRARY));
});
