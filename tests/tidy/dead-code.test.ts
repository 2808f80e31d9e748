/** `npm run knip` is a test: knip (knip.jsonc) finds no unused files, exports or dependencies. */
import { TOOL_TIMEOUT_MS, toolFailure } from './tool';

jest.setTimeout(TOOL_TIMEOUT_MS);

it('knip finds no dead code or unused dependencies', () => {
  expect(toolFailure('knip/bin/knip.js', ['--no-progress'])).toBe('');
});
