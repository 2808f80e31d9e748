/**
 * Second half of `npm run screenshot:miniprogram`: every .test-output/miniprogram/*.html page to
 * a PNG beside it, with Debian's Chromium (playwright-core; network requests are blocked, so
 * remote images and TDesign's icon font do not show).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CHROMIUM_ARGS, CHROMIUM_MISSING_REASON, findChromium } from '../../../scripts/browser';
import { SCREENSHOT_DIR } from './html';

async function main(): Promise<void> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error(CHROMIUM_MISSING_REASON);
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 750, height: 1334 } });
    await page.route(/^https?:/, (route) => route.abort());
    for (const file of readdirSync(SCREENSHOT_DIR).filter((name) => name.endsWith('.html'))) {
      await page.goto(`file://${join(SCREENSHOT_DIR, file)}`);
      const out = join(SCREENSHOT_DIR, file.replace(/\.html$/, '.png'));
      await page.screenshot({ path: out, fullPage: true });
      console.log(`wrote ${out}`);
    }
  } finally {
    await browser.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
