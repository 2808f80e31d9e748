/** Serves the web console at /_emulator/ui (page and its bundled script) and the routes only it needs. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EMULATOR_BUILD_DIR } from '../../../scripts/paths';
import type { Emulator } from '../emulator';
import type { EmulatorModule } from '../module';
import { CONSOLE_HTML } from './page';
import { consoleRoutes } from './routes';

export function consoleModule(emulator: Emulator): EmulatorModule {
  return {
    name: 'console',
    routes: [
      ...consoleRoutes(emulator),
      {
        method: 'GET',
        pattern: /^\/ui\/?$/,
        handle: () => ({ status: 200, body: CONSOLE_HTML, contentType: 'text/html; charset=utf-8' }),
      },
      {
        method: 'GET',
        pattern: /^\/ui\/console\.js$/,
        // Read on each request so a rebuild shows up without a restart.
        handle: () => ({
          status: 200,
          body: readFileSync(join(EMULATOR_BUILD_DIR, 'console.js')),
          contentType: 'text/javascript; charset=utf-8',
        }),
      },
    ],
  };
}
