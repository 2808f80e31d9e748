/**
 * Second half of `npm run screenshot:miniprogram`: every .test-output/miniprogram/*.html page to
 * a PNG beside it (chromium.ts), then the gallery's PNGs copied to docs/screenshots/<name>.png.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { shootHtml } from './chromium';
import { GALLERY } from './gallery';
import { DOCS_DIR, SCREENSHOT_DIR } from './html';

async function main(): Promise<void> {
  const names = readdirSync(SCREENSHOT_DIR)
    .filter((name) => name.endsWith('.html'))
    .map((name) => name.replace(/\.html$/, ''))
    .sort();
  for (const out of await shootHtml(SCREENSHOT_DIR, names)) console.log(`wrote ${out}`);
  mkdirSync(DOCS_DIR, { recursive: true });
  for (const { name } of GALLERY) {
    const png = join(SCREENSHOT_DIR, `${name}.png`);
    if (!existsSync(png)) throw new Error(`no screenshot of ${name}: render.shot.ts renders it first`);
    copyFileSync(png, join(DOCS_DIR, `${name}.png`));
    console.log(`published docs/screenshots/${name}.png`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
