/**
 * The mini-program must run on engines without BigInt (iOS below 14): no BigInt call and no
 * bigint literal in the mini-program's sources or in any shared module (the mini-program may
 * import any of them, and each is bundled for it by scripts/packnpm.ts), checked on the syntax
 * tree so comments that name BigInt do not count; and none in what packnpm actually bundles.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as ts from 'typescript';
import { prepareMiniprogram } from '../../scripts/packnpm';

const ROOT = join(__dirname, '..', '..');

function filesUnder(dir: string, keep: (file: string) => boolean, skip: string[] = []): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (skip.includes(path)) return [];
    if (statSync(path).isDirectory()) return filesUnder(path, keep, skip);
    return keep(path) ? [path] : [];
  });
}

/** Every BigInt call, reference or literal in a TypeScript source, as `file:line text`. */
function bigIntUses(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isBigIntLiteral(node) || (ts.isIdentifier(node) && node.text === 'BigInt')) {
      const { line } = source.getLineAndCharacterOfPosition(node.getStart());
      found.push(`${relative(ROOT, file)}:${line + 1} ${node.getText()}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('no BigInt in the mini-program', () => {
  it('neither the mini-program nor any shared module uses BigInt', () => {
    const miniprogram = join(ROOT, 'miniprogram');
    const sources = [
      ...filesUnder(join(ROOT, 'shared'), (file) => file.endsWith('.ts')),
      ...filesUnder(miniprogram, (file) => file.endsWith('.ts'), [
        join(miniprogram, 'miniprogram_npm'),
        join(miniprogram, 'shared'),
        join(miniprogram, 'node_modules'),
      ]),
    ];
    expect(sources.length).toBeGreaterThan(50);
    expect(sources.flatMap(bigIntUses)).toEqual([]);
  });

  it('the bundles packnpm writes for the mini-program carry none', async () => {
    await prepareMiniprogram();
    const bundles = filesUnder(join(ROOT, 'miniprogram', 'shared'), (file) => file.endsWith('.js'));
    const packages = filesUnder(join(ROOT, 'miniprogram', 'miniprogram_npm'), (file) => file.endsWith('.js'));
    expect(bundles.length).toBeGreaterThan(0);
    const offenders = [...bundles, ...packages].filter((file) =>
      /\bBigInt\b|(?<![\w.$])\d[\d_]*n\b/.test(readFileSync(file, 'utf8')),
    );
    expect(offenders.map((file) => relative(ROOT, file))).toEqual([]);
  });
});
