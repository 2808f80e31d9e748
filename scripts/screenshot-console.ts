/**
 * npm run screenshot:console — renders the emulator's web console with a few sandbox payments
 * into docs/images/emulator-console.png (the picture in the README).
 */
import { join } from 'node:path';
import { startEmulator } from '../emulator/src/index';
import { CHROMIUM_ARGS, CHROMIUM_MISSING_REASON, findChromium } from './browser';
import { PROJECT_ROOT, TEST_FUNCTIONS_BUILD_DIR } from './paths';

async function main(): Promise<void> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error(CHROMIUM_MISSING_REASON);
  const emu = await startEmulator({ functionsDir: TEST_FUNCTIONS_BUILD_DIR });
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  try {
    const orders: Array<[string, number]> = [
      ['20261123000101', 12800],
      ['20261123000102', 6900],
      ['20261123000103', 3990],
    ];
    for (const [orderId, amountFen] of orders)
      await emu.call('shopOrder', { orderId, amountFen }, { openid: 'oDemoShopper' });
    await fetch(`${emu.url}/_emulator/payments/20261123000101/pay`, { method: 'POST' });
    const page = await browser.newPage({ viewport: { width: 1280, height: 560 } });
    await page.goto(`${emu.url}/_emulator/ui`);
    await page.click('[data-tab="Payments"]');
    await page.locator('[data-state="SUCCESS"]').waitFor();
    const out = join(PROJECT_ROOT, 'docs', 'images', 'emulator-console.png');
    await page.screenshot({ path: out });
    console.log(`wrote ${out}`);
  } finally {
    await browser.close();
    await emu.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
