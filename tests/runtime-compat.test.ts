/**
 * The built functions run on whichever Node runtime the merchant picks, the oldest being Node 16.13
 * (see the build's target in scripts/build.ts). esbuild lowers syntax to that target but leaves
 * globals alone, so a bundle that calls e.g. `fetch` builds fine and fails only when deployed on 16.
 * This test reads every built bundle with ESLint's scope analysis and fails on any reference to a
 * global that Node 16.13 lacks. Scope analysis, not a text search, so a local variable or an object
 * property that happens to share a name (`client.fetch(...)`, `{ Response: ... }`) is not reported.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Linter } from 'eslint';
import { listFunctionNames } from '../scripts/functions';
import { FUNCTIONS_BUILD_DIR, FUNCTIONS_SOURCE_DIR, PROJECT_ROOT } from '../scripts/paths';

/**
 * Globals of later Node versions that Node 16.13 does not define, each with the version that added it
 * (unflagged). Globals Node 16.13 already has (URL, TextEncoder, AbortController, EventTarget,
 * `Array.prototype.at`, ...) are not listed.
 */
const MISSING_GLOBALS: Record<string, string> = {
  fetch: 'Node 18',
  Headers: 'Node 18',
  Request: 'Node 18',
  Response: 'Node 18',
  FormData: 'Node 18',
  Blob: 'Node 18',
  BroadcastChannel: 'Node 18',
  ReadableStream: 'Node 18',
  WritableStream: 'Node 18',
  TransformStream: 'Node 18',
  TextDecoderStream: 'Node 18',
  TextEncoderStream: 'Node 18',
  CompressionStream: 'Node 18',
  DecompressionStream: 'Node 18',
  structuredClone: 'Node 17',
  DOMException: 'Node 17',
  CustomEvent: 'Node 19',
  crypto: 'Node 19',
  File: 'Node 20',
  navigator: 'Node 21',
  WebSocket: 'Node 22',
};

/** Static methods Node 16.13 lacks on globals it does have. */
const MISSING_STATICS: { object: string; property: string; since: string }[] = [
  { object: 'AbortSignal', property: 'timeout', since: 'Node 17.3' },
  { object: 'AbortSignal', property: 'any', since: 'Node 20.3' },
];

/** Each missing global and static is also caught when reached through the global object. */
const GLOBAL_OBJECTS = ['globalThis', 'global'];

const config: Linter.Config[] = [
  {
    languageOptions: { ecmaVersion: 'latest', sourceType: 'commonjs' },
    linterOptions: { reportUnusedDisableDirectives: 'off', noInlineConfig: true },
    rules: {
      'no-restricted-globals': [
        'error',
        ...Object.entries(MISSING_GLOBALS).map(([name, since]) => ({ name, message: `added in ${since}` })),
      ],
      'no-restricted-properties': [
        'error',
        ...MISSING_STATICS.map(({ object, property, since }) => ({ object, property, message: `added in ${since}` })),
        ...GLOBAL_OBJECTS.flatMap((object) =>
          Object.entries(MISSING_GLOBALS).map(([property, since]) => ({
            object,
            property,
            message: `added in ${since}`,
          })),
        ),
      ],
    },
  },
];

/**
 * References that cannot run on Node 16.13 in this project, so the bundles may keep them: a use on a
 * line that first tests `typeof NAME !== "undefined"` is feature detection; zod reaches `File` only
 * for `z.file()` schemas and size checks on files, and the project declares neither (checked below).
 */
function isHarmless(name: string, line: string, module: string): boolean {
  if (line.includes(`typeof ${name} !== "undefined"`)) return true;
  return name === 'File' && module.startsWith('node_modules/zod/');
}

/** The module a bundle line comes from: esbuild heads each module's code with a `// path` comment. */
function moduleAt(lines: string[], lineNumber: number): string {
  for (let index = lineNumber - 1; index >= 0; index -= 1) {
    const marker = /^\/\/ ((?:node_modules|cloudfunctions|shared)\/\S+)$/.exec(lines[index] ?? '');
    if (marker?.[1]) return marker[1];
  }
  return '';
}

/** `line:column message` of every use of something Node 16.13 lacks in the code. */
function node16Gaps(code: string): string[] {
  const lines = code.split('\n');
  return new Linter({ configType: 'flat' })
    .verify(code, config)
    .filter((message) => {
      const name = /^Unexpected use of '(\w+)'/.exec(message.message)?.[1];
      if (message.ruleId !== 'no-restricted-globals' || !name) return true;
      return !isHarmless(name, lines[message.line - 1] ?? '', moduleAt(lines, message.line));
    })
    .map((message) => `${message.line}:${message.column} ${message.message}`);
}

describe('the checker', () => {
  it('reports globals Node 16.13 lacks, and not properties or local names that share them', () => {
    const gaps = node16Gaps(
      [
        'fetch("https://example.com");',
        'const copy = structuredClone({});',
        'const signal = AbortSignal.timeout(1000);',
        'globalThis.fetch("https://example.com");',
        'client.fetch("/path"); const shape = { Response: 1, Headers: 2 }; shape.Response;',
        'function local(fetch, Request) { return fetch(new Request()); }',
        'const controller = new AbortController(); new URL("https://example.com"); [1].at(-1);',
        '// fetch(), "new Response()"',
        'if (typeof File !== "undefined" && value instanceof File) {}',
        '// node_modules/zod/v4/core/util.js',
        'if (value instanceof File) {}',
        '// cloudfunctions/_lib/upload.ts',
        'if (value instanceof File) {}',
      ].join('\n'),
    );
    expect(gaps.map((gap) => gap.split(' ')[0])).toEqual(['1:1', '2:14', '3:16', '4:1', '13:22']);
  });

  it("may pass zod's File references because no schema of the project reaches them", () => {
    // Only z.file() schemas and the stand-alone size checks can hand zod a value that is neither a Set nor a
    // Map where it looks for a File; z.set() and z.map() answer before reaching `File`.
    const found = spawnSync(
      'git',
      ['grep', '-n', '-E', String.raw`\bz\.(file|size|minSize|maxSize)\(`, '--', 'shared', 'cloudfunctions'],
      { cwd: PROJECT_ROOT, encoding: 'utf8' },
    );
    expect(found.stdout).toBe('');
    expect(found.status).toBe(1);
  });
});

describe.each(listFunctionNames(FUNCTIONS_SOURCE_DIR))('built function %s', (name) => {
  it('uses no global that Node 16.13, the oldest runtime CloudBase offers, lacks', () => {
    const code = readFileSync(join(FUNCTIONS_BUILD_DIR, name, 'index.js'), 'utf8');
    expect(node16Gaps(code)).toEqual([]);
  });
});
