/**
 * The API docs cannot drift from the contracts:
 * - docs/api-reference.md is exactly what scripts/api-reference.ts renders from the contracts
 *   (`npm run docs:api` rewrites it after a contract changes);
 * - docs/api.md, the narrative half, has a section (`## name`, or `## \`name\` …`) for every cloud
 *   function folder, and within a function's sections a heading or a route-table row for each of
 *   its routes; a heading that starts with a route name (`### \`list\``, `#### \`claimAdmin\` — …`) must name a
 *   route the function's table has.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { API_REFERENCE_PATH, DOCUMENTED_FUNCTIONS, renderApiReference } from '../../scripts/api-reference';

const ROOT = join(__dirname, '../..');
const API_MD = readFileSync(join(ROOT, 'docs/api.md'), 'utf8');

/** `## \`admin\` › products (…)` → admin; `## placeOrder` → placeOrder. */
function functionOfHeading(text: string): string {
  return (/^`?([A-Za-z]+)`?/.exec(text)?.[1] ?? '') as string;
}

interface RouteMentions {
  /** Leading backticked names of `###`/`####` headings: each must be a route. */
  headings: Set<string>;
  /** Those, plus the backticked first cells of table rows (route tables): what counts as documented. */
  documented: Set<string>;
}

/** What each function's sections of api.md say about its routes. */
function routeMentions(): Map<string, RouteMentions> {
  const byFunction = new Map<string, RouteMentions>();
  let current = '';
  for (const line of API_MD.split('\n')) {
    const top = /^## (.*)$/.exec(line);
    if (top) current = functionOfHeading(top[1] as string);
    if (current === '') continue;
    const mentions = byFunction.get(current) ?? { headings: new Set<string>(), documented: new Set<string>() };
    byFunction.set(current, mentions);
    const sub = /^#{3,4} ((?:`[\w.]+`(?:, )?)+)/.exec(line);
    const row = /^\| `([\w.]+)` \|/.exec(line);
    const names = sub ? [...(sub[1] as string).matchAll(/`([\w.]+)`/g)].map((match) => match[1] as string) : [];
    names.forEach((name) => mentions.headings.add(name));
    [...names, ...(row ? [row[1] as string] : [])].forEach((name) => mentions.documented.add(name));
  }
  return byFunction;
}

describe('API docs', () => {
  it('docs/api-reference.md is what the contracts render (run npm run docs:api after changing one)', () => {
    expect(readFileSync(API_REFERENCE_PATH, 'utf8')).toBe(renderApiReference());
  });

  it('docs/api.md has a section for every cloud function', () => {
    const folders = readdirSync(join(ROOT, 'cloudfunctions'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && !entry.name.startsWith('_'))
      .map((entry) => entry.name);
    const sections = new Set([...API_MD.matchAll(/^## (.*)$/gm)].map((match) => functionOfHeading(match[1] as string)));
    expect(folders.filter((name) => !sections.has(name))).toEqual([]);
  });

  it('docs/api.md documents every route, and no heading names a route that does not exist', () => {
    const mentions = routeMentions();
    const missing: string[] = [];
    const unknown: string[] = [];
    for (const fn of DOCUMENTED_FUNCTIONS) {
      const routes = Object.keys(fn.operations).filter((route) => route !== '');
      const said = mentions.get(fn.name) ?? { headings: new Set<string>(), documented: new Set<string>() };
      for (const route of routes) if (!said.documented.has(route)) missing.push(`${fn.name}.${route}`);
      if (routes.length === 0) continue;
      for (const name of said.headings) if (!routes.includes(name)) unknown.push(`${fn.name}.${name}`);
    }
    expect({ missing, unknown }).toEqual({ missing: [], unknown: [] });
  });
});
