/** The build output is what gets deployed: check each function folder is complete and self-contained. */
import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { buildAll } from '../scripts/build';
import { listFunctionNames, readFunctionConfig } from '../scripts/functions';
import { prepareMiniprogram } from '../scripts/packnpm';
import { FUNCTIONS_BUILD_DIR, FUNCTIONS_SOURCE_DIR, PROJECT_ROOT } from '../scripts/paths';

const rootPackage = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
};

describe.each(listFunctionNames(FUNCTIONS_SOURCE_DIR))('built function %s', (name) => {
  const out = join(FUNCTIONS_BUILD_DIR, name);

  it('has index.js with a source map, config.json and a package.json declaring only wx-server-sdk', () => {
    expect(existsSync(join(out, 'index.js.map'))).toBe(true);
    expect(readFileSync(join(out, 'index.js'), 'utf8')).toContain('//# sourceMappingURL=index.js.map');
    expect(JSON.parse(readFileSync(join(out, 'config.json'), 'utf8'))).toEqual(
      JSON.parse(readFileSync(join(FUNCTIONS_SOURCE_DIR, name, 'config.json'), 'utf8')),
    );
    const manifest = JSON.parse(readFileSync(join(out, 'package.json'), 'utf8')) as {
      main: string;
      dependencies: Record<string, string>;
    };
    expect(manifest.main).toBe('index.js');
    expect(manifest.dependencies).toEqual({ 'wx-server-sdk': '4.0.2' });
    expect(rootPackage.dependencies['wx-server-sdk']).toBe('4.0.2');
  });

  it('inlines project code and npm packages other than wx-server-sdk', () => {
    const code = readFileSync(join(out, 'index.js'), 'utf8');
    const required = [...code.matchAll(/require\("([^"]+)"\)/g)].map((match) => match[1]);
    const external = required.filter((id) => !id?.startsWith('node:') && !builtinModules.includes(id ?? ''));
    expect([...new Set(external)]).toEqual(['wx-server-sdk']);
  });

  it('has a valid config.json', () => {
    expect(() => readFunctionConfig(join(FUNCTIONS_SOURCE_DIR, name))).not.toThrow();
  });
});

describe('bundling', () => {
  // Every esbuild warning marks a bundle that may break at run time (syntax the target cannot carry,
  // a require the bundler cannot follow), so the function, emulator and mini-program bundles have none.
  it('reports no warning for the functions, the emulator or the mini-program shared code', async () => {
    expect((await buildAll()).warnings).toEqual([]);
    expect((await prepareMiniprogram()).warnings).toEqual([]);
  });
});
