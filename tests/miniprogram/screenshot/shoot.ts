/**
 * `tsx tests/miniprogram/screenshot/shoot.ts <dir> <name>...`: draws `<dir>/<name>.html` to
 * `<dir>/<name>.png` (chromium.ts) without publishing anything. screenshot-drift.test.ts runs it in
 * a child process because playwright-core does not load inside jest's jsdom environment.
 */
import { resolve } from 'node:path';
import { shootHtml } from './chromium';

const [dir, ...names] = process.argv.slice(2);
if (!dir || names.length === 0) {
  console.error('usage: shoot.ts <dir> <name>...');
  process.exit(2);
}
shootHtml(resolve(dir), names).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
