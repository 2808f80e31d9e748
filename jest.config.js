/**
 * Two jest projects, one `npm test`:
 * - `node`: everything under tests/ except the mini-program's jsdom tests, TypeScript through
 *   swc (types are checked separately by tests/typecheck.test.ts). It includes
 *   tests/miniprogram/node/, where the mini-program's services run against a real emulator;
 * - `miniprogram`: page and service tests under tests/miniprogram/, rendered by
 *   miniprogram-simulate in jsdom (see tests/miniprogram/setup.ts for the harness).
 */
const swcTs = ['@swc/jest', { jsc: { target: 'es2020', parser: { syntax: 'typescript' } } }];
const swcJs = ['@swc/jest', { jsc: { target: 'es2020', parser: { syntax: 'ecmascript' } } }];

// Tests wait by condition; the time limit only ends a test that hangs. It is large because the
// suite must pass on a busy machine (npm run test:stress runs it beside CPU-bound processes).
module.exports = {
  testTimeout: 300_000,
  projects: [
    {
      displayName: 'node',
      testEnvironment: 'node',
      roots: ['<rootDir>/tests'],
      testMatch: ['**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/tests/miniprogram/(?!node/)'],
      transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2020' } }] },
      // The mini-program's alias of the shared code, for its services tested under node.
      moduleNameMapper: { '^@shared/(.*)$': '<rootDir>/shared/$1' },
      testTimeout: 300_000,
    },
    {
      displayName: 'miniprogram',
      testEnvironment: 'jsdom',
      roots: ['<rootDir>/tests/miniprogram'],
      testMatch: ['**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/tests/miniprogram/node/'],
      moduleFileExtensions: ['ts', 'js', 'json'],
      // The runtime resolves bare imports inside packed packages (tdesign's `tslib`) and app
      // code's `tdesign-miniprogram/...` through miniprogram_npm folders; jest does the same.
      moduleDirectories: ['node_modules', 'miniprogram_npm'],
      // `@shared/*` is the mini-program's alias of the shared code (app.json resolveAlias in
      // WeChat, tsconfig paths for tsc); tests run the TypeScript sources themselves.
      moduleNameMapper: { '^@shared/(.*)$': '<rootDir>/shared/$1' },
      // tdesign ships ES modules in miniprogram_npm (outside node_modules), so swc converts them.
      transform: { '^.+\\.ts$': swcTs, '^.+\\.js$': swcJs },
      setupFiles: ['<rootDir>/tests/miniprogram/setup.ts'],
      testTimeout: 300_000,
    },
  ],
};
