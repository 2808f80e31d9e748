/**
 * Rendered pages (.html) to PNGs with Debian's Chromium (playwright-core; network requests are
 * blocked, so nothing remote shows). Shared by capture.ts (`npm run screenshot:miniprogram`) and
 * screenshot-drift.test.ts, so both draw with the same browser settings.
 *
 * The viewport is a 375 pt phone at 2x (750 px wide); its height grows to the page's, so the
 * whole page is in the picture and fixed bars (tab bar, action bars) sit at its bottom.
 */
import { join } from 'node:path';
import { CHROMIUM_ARGS, CHROMIUM_MISSING_REASON, findChromium } from '../../../scripts/browser';

const PHONE = { width: 750, height: 1334 };

/** Draws each `<dir>/<name>.html` to `<dir>/<name>.png` and returns the PNG paths. */
export async function shootHtml(dir: string, names: readonly string[]): Promise<string[]> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error(CHROMIUM_MISSING_REASON);
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  const written: string[] = [];
  try {
    const page = await browser.newPage({ viewport: PHONE });
    await page.route(/^https?:/, (route) => route.abort());
    for (const name of names) {
      await page.setViewportSize(PHONE);
      await page.goto(`file://${join(dir, `${name}.html`)}`);
      const height = await page.evaluate(() => document.documentElement.scrollHeight);
      await page.setViewportSize({ width: PHONE.width, height: Math.max(PHONE.height, height) });
      const out = join(dir, `${name}.png`);
      await page.screenshot({ path: out });
      written.push(out);
    }
  } finally {
    await browser.close();
  }
  return written;
}
