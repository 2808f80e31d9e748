/**
 * Second half of `npm run screenshot:miniprogram`: every .test-output/miniprogram/*.html page to
 * a PNG beside it, with Debian's Chromium (playwright-core; network requests are blocked, so
 * nothing remote shows), then the gallery's PNGs copied to docs/screenshots/<name>.png.
 *
 * The viewport is a 375 pt phone at 2x (750 px wide); its height grows to the page's, so the
 * whole page is in the picture and fixed bars (tab bar, action bars) sit at its bottom.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CHROMIUM_ARGS, CHROMIUM_MISSING_REASON, findChromium } from '../../../scripts/browser';
import { GALLERY } from './gallery';
import { SCREENSHOT_DIR } from './html';

const PHONE = { width: 750, height: 1334 };
export const DOCS_DIR = join(__dirname, '..', '..', '..', 'docs', 'screenshots');

async function main(): Promise<void> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error(CHROMIUM_MISSING_REASON);
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: PHONE });
    await page.route(/^https?:/, (route) => route.abort());
    for (const file of readdirSync(SCREENSHOT_DIR)
      .filter((name) => name.endsWith('.html'))
      .sort()) {
      await page.setViewportSize(PHONE);
      await page.goto(`file://${join(SCREENSHOT_DIR, file)}`);
      const height = await page.evaluate(() => document.documentElement.scrollHeight);
      await page.setViewportSize({ width: PHONE.width, height: Math.max(PHONE.height, height) });
      const out = join(SCREENSHOT_DIR, file.replace(/\.html$/, '.png'));
      await page.screenshot({ path: out });
      console.log(`wrote ${out}`);
    }
  } finally {
    await browser.close();
  }
  mkdirSync(DOCS_DIR, { recursive: true });
  for (const { name } of GALLERY) {
    const png = join(SCREENSHOT_DIR, `${name}.png`);
    if (!existsSync(png)) throw new Error(`no screenshot of ${name}: pages.shot.ts renders it first`);
    copyFileSync(png, join(DOCS_DIR, `${name}.png`));
    console.log(`published docs/screenshots/${name}.png`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
