/** Serves the web console at /_emulator/ui (page and its bundled script). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EMULATOR_BUILD_DIR } from '../../../scripts/paths';
import type { EmulatorModule } from '../module';
import { CONSOLE_HTML } from './page';

export function consoleModule(): EmulatorModule {
  return {
    name: 'console',
    routes: [
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
