/** knip (knip.json) finds no unused files, exports or dependencies. */
import { TOOL_TIMEOUT_MS, toolFailure } from './tool';

it('knip finds no dead code or unused dependencies', () => {
  expect(toolFailure('knip/bin/knip.js', ['--no-progress'])).toBe('');
}, TOOL_TIMEOUT_MS);
