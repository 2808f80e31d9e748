/**
 * The mini-program's services are typed only from the route tables (shared/contracts/*
 * XXX_CONTRACTS, through services/call.ts). A service that passes type arguments to
 * call/callRoute, or writes its own `Promise<Result<...>>` answer type, restates an output type
 * that nothing checks against the function; this scan refuses both. It also refuses a value
 * import from the contracts or zod anywhere in the mini-program: the contracts are zod schemas,
 * and zod must not be bundled into it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ADMIN_CONTRACTS, ADMIN_ERRORS } from '@shared/contracts/admin';
import { COMMON_ERRORS } from '@shared/result';

const ROOT = join(__dirname, '..', '..');
const SERVICES = join(ROOT, 'miniprogram', 'services');

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === 'miniprogram_npm' || entry.name === 'node_modules') return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** The lines of `source` that hand-type a call's answer, as `file:line: text`. */
export function handTypedCalls(file: string, source: string): string[] {
  const patterns = [
    /\b(?:call|callRoute|invoke)\s*<[^>]/, // explicit type arguments
    /Promise<\s*Result</, // a hand-written answer type
  ];
  return source
    .split('\n')
    .map((line, index) => ({ line, index }))
    .filter(({ line }) => patterns.some((pattern) => pattern.test(line)))
    .map(({ line, index }) => `${file}:${index + 1}: ${line.trim()}`);
}

describe('mini-program services are typed from the route tables', () => {
  it('no service passes type arguments to call/callRoute or writes its own answer type', () => {
    const offenders = readdirSync(SERVICES)
      .filter((name) => name.endsWith('.ts') && name !== 'call.ts')
      .map((name) => ({ name, source: readFileSync(join(SERVICES, name), 'utf8') }))
      // Only modules that call functions (storage.ts uploads files, with its own Result).
      .filter(({ source }) => /\b(?:call|callRoute)\(/.test(source))
      .flatMap(({ name, source }) => handTypedCalls(name, source));
    expect(offenders).toEqual([]);
  });

  it('the scan catches what it is meant to catch', () => {
    expect(handTypedCalls('x.ts', "callRoute<object, CartView>('cart', 'get', {});")).toHaveLength(1);
    expect(handTypedCalls('x.ts', 'get(): Promise<Result<CartView>> {')).toHaveLength(1);
    expect(handTypedCalls('x.ts', "get: () => callRoute('cart', 'get', {}),")).toEqual([]);
  });

  it('the mini-program imports contracts and zod as types only (zod is not bundled)', () => {
    const valueImports = tsFiles(join(ROOT, 'miniprogram')).flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) =>
          /^import\s+(?!type\b)[^;]*from\s+'(?:zod|@shared\/contracts\/[^']+|@shared\/routeTable)'/.test(line),
        )
        .map((line) => `${relative(ROOT, file)}: ${line}`),
    );
    expect(valueImports).toEqual([]);
  });
});

describe('error code lists', () => {
  it('the common codes are not repeated in a function list, and the admin table has every route a handler', () => {
    for (const code of COMMON_ERRORS) expect(ADMIN_ERRORS as readonly string[]).not.toContain(code);
    expect(Object.keys(ADMIN_CONTRACTS)).toEqual(
      expect.arrayContaining(['claimAdmin', 'listWithdrawals', 'syncWithdrawal']),
    );
  });
});
