/**
 * Comments and docs point only inside the repository.
 *
 * The rule, over every text file git tracks (this file excepted, since it spells the patterns):
 * 1. no citation of the old rules file (the word `RULE_BOOK` below) or of the old platform
 *    document (`EMULATOR_SPEC`): the rules are docs/rules.md, the platform's behaviour
 *    docs/platform.md, both cited by section number;
 * 2. no relative path to a `shared` folder above the file outside a quoted module or path
 *    specifier: the imports of shared modules and the mini-program tsconfig's path alias are
 *    code, a prose pointer is not;
 * 3. no issue or item numbers (`issue 6`, `item 6`, `issue "orders"`): say what was meant instead.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const TEXT = /\.(ts|js|mjs|cjs|md|json|wxml|wxss|sh)$/;
const SELF = 'tests/tidy/inside-refs.test.ts';
const QUOTED_SHARED = /(['"])(?:\.\.\/)+shared[^'"]*\1/g;

const RULE_BOOK = ['rule', 'book'].join('');
const EMULATOR_SPEC = ['emulator', 'spec'].join(' ');

const RULES: Array<{ name: string; pattern: RegExp; prepare?: (line: string) => string }> = [
  { name: 'cites the old rules file', pattern: new RegExp(RULE_BOOK, 'i') },
  { name: 'cites the old platform document', pattern: new RegExp(EMULATOR_SPEC, 'i') },
  {
    name: 'points at a shared folder above',
    pattern: /\.\.\/shared/,
    prepare: (line) => line.replace(QUOTED_SHARED, "''"),
  },
  { name: 'cites an issue or item number', pattern: /\b(issue|item) (\d|")/i },
];

const files = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' })
  .split('\0')
  .filter((file) => TEXT.test(file) && file !== SELF && file !== 'package-lock.json');

describe('references inside the repository', () => {
  it.each(RULES.map((rule) => [rule.name, rule] as const))('no line %s', (_name, rule) => {
    const found: string[] = [];
    for (const file of files) {
      readFileSync(join(ROOT, file), 'utf8')
        .split('\n')
        .forEach((line, index) => {
          if (rule.pattern.test(rule.prepare ? rule.prepare(line) : line))
            found.push(`${file}:${index + 1}: ${line.trim()}`);
        });
    }
    expect(found).toEqual([]);
  });
});
