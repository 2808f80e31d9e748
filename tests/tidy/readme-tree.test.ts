/**
 * The README's layout tree agrees with the files git tracks.
 *
 * The tree is the first fenced block after the README's `## Layout` heading. Each line is either
 * an entry or a continuation:
 * - an entry is indented by two spaces per level (0, 2, 4 or 6 spaces); it starts with one or more
 *   names separated by spaces or commas, and its description follows after two or more spaces;
 *   a name ending in `/` is a folder, any other name a file;
 * - a line indented by more than 6 spaces continues the description above it and names nothing.
 * An entry's path is its name under the nearest folder entry one level up (top level: the root).
 *
 * The rule:
 * 1. every named path exists: a file tracked by git, or a folder holding tracked files; an entry
 *    whose description says "git-ignored" instead names a path .gitignore ignores;
 * 2. every top-level file and folder git tracks is named at the top level;
 * 3. every module directly in shared/ (`shared/*.ts`) is named under `shared/`.
 * Nothing else must be named: a new file inside a folder the tree already names needs no line,
 * except a new `shared/*.ts` module, and a new top-level file or folder.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const MAX_ENTRY_INDENT = 6;
const NAME = /^[A-Za-z0-9_.@<>-]+\/?$/;

interface Entry {
  /** The path from the repository root; folders end with `/`. */
  path: string;
  depth: number;
  line: number;
  ignored: boolean;
}

function layoutBlock(readme: string): Array<{ text: string; line: number }> {
  const lines = readme.split('\n');
  const heading = lines.findIndex((text) => text.trim() === '## Layout');
  if (heading < 0) throw new Error('README.md has no "## Layout" heading');
  const open = lines.findIndex((text, index) => index > heading && text.startsWith('```'));
  const close = lines.findIndex((text, index) => index > open && text.startsWith('```'));
  if (open < 0 || close < 0) throw new Error('the Layout section has no fenced block');
  return lines.slice(open + 1, close).map((text, index) => ({ text, line: open + 2 + index }));
}

function parseTree(readme: string): Entry[] {
  const entries: Entry[] = [];
  const folderAt: string[] = [];
  for (const { text, line } of layoutBlock(readme)) {
    if (text.trim() === '') continue;
    const indent = text.length - text.trimStart().length;
    if (indent > MAX_ENTRY_INDENT) continue;
    if (indent % 2 !== 0) throw new Error(`README.md:${line}: indent by two spaces per level`);
    const depth = indent / 2;
    const parent = depth === 0 ? '' : folderAt[depth - 1];
    if (parent === undefined) throw new Error(`README.md:${line}: no folder entry one level up`);
    const [namesPart = '', ...description] = text.trim().split(/\s{2,}/);
    const names = namesPart.split(/[\s,]+/).filter(Boolean);
    const ignored = description.join(' ').includes('git-ignored');
    for (const name of names) {
      if (!NAME.test(name)) throw new Error(`README.md:${line}: "${name}" is not a file or folder name`);
      entries.push({ path: parent + name, depth, line, ignored });
    }
    folderAt.length = depth;
    const lastFolder = names.filter((name) => name.endsWith('/')).pop();
    if (lastFolder) folderAt[depth] = parent + lastFolder;
  }
  return entries;
}

function git(...args: string[]): string {
  return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' });
}

const tracked = git('ls-files', '-z').split('\0').filter(Boolean);
const entries = parseTree(readFileSync(join(ROOT, 'README.md'), 'utf8'));

function exists(path: string): boolean {
  return path.endsWith('/') ? tracked.some((file) => file.startsWith(path)) : tracked.includes(path);
}

function isIgnored(path: string): boolean {
  try {
    git('check-ignore', '-q', '--no-index', path);
    return true;
  } catch {
    return false;
  }
}

describe("the README's layout tree", () => {
  it('names only paths that exist (git-ignored entries: paths .gitignore ignores)', () => {
    const wrong = entries
      .filter((entry) => (entry.ignored ? !isIgnored(entry.path) : !exists(entry.path)))
      .map((entry) => `README.md:${entry.line} ${entry.path}`);
    expect(wrong).toEqual([]);
  });

  it('names every top-level file and folder git tracks', () => {
    const topLevel = [...new Set(tracked.map((file) => (file.includes('/') ? `${file.split('/')[0]}/` : file)))];
    const named = new Set(entries.filter((entry) => entry.depth === 0).map((entry) => entry.path));
    expect(topLevel.filter((path) => !named.has(path)).sort()).toEqual([]);
  });

  it('names every shared/*.ts module', () => {
    const modules = tracked.filter((file) => /^shared\/[^/]+\.ts$/.test(file));
    const named = new Set(entries.map((entry) => entry.path));
    expect(modules.filter((module) => !named.has(module)).sort()).toEqual([]);
  });
});
