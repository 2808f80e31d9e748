/** `npm run format:check` is a test: every file Prettier formats is formatted (fix with `npm run format`). */
import { TOOL_TIMEOUT_MS, toolFailure } from './tool';

jest.setTimeout(TOOL_TIMEOUT_MS);

it('prettier finds every file formatted', () => {
  expect(toolFailure('prettier/bin/prettier.cjs', ['--check', '.'])).toBe('');
});
