/** `npm run lint` is a test: ESLint (recommended rules, see eslint.config.mjs) finds nothing. */
import { TOOL_TIMEOUT_MS, toolFailure } from './tool';

jest.setTimeout(TOOL_TIMEOUT_MS);

it('eslint reports no problems', () => {
  expect(toolFailure('eslint/bin/eslint.js', ['.'])).toBe('');
});
