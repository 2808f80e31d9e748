/**
 * The web console in a real browser: headless Debian Chromium driven by playwright-core.
 * A shopper's pending order is paid from the console, and the order turns paid.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { PROJECT_ROOT, TEST_FUNCTIONS_BUILD_DIR } from '../../scripts/paths';
import { CHROMIUM_ARGS, CHROMIUM_MISSING_REASON, findChromium } from '../../scripts/browser';
import { useEmulator } from '../helpers/emulator';

const chromiumPath = findChromium();
const describeInBrowser = chromiumPath ? describe : describe.skip;
if (!chromiumPath) console.warn(`web console test ${CHROMIUM_MISSING_REASON}`);

describeInBrowser(`web console${chromiumPath ? '' : ` (${CHROMIUM_MISSING_REASON})`}`, () => {
  const f = useEmulator({ functionsDir: TEST_FUNCTIONS_BUILD_DIR });
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('pays a pending order from the console and shows it paid', async () => {
    const placed = await f.emu.call(
      'shopOrder',
      { orderId: 'ORDER-CONSOLE-1', amountFen: 12800 },
      { openid: 'oShopper' },
    );
    expect(placed.result).toMatchObject({
      resultCode: 'SUCCESS',
      payment: { package: expect.stringMatching(/^prepay_id=/) },
    });

    await page.goto(`${f.emu.url}/_emulator/ui`);
    await page.click('[data-tab="Payments"]');
    const row = page.locator('tr', { hasText: 'ORDER-CONSOLE-1' });
    await row.locator('[data-state="NOTPAY"]').waitFor();
    await row.locator('[data-action="pay"]').click();
    await row.locator('[data-state="SUCCESS"]').waitFor();

    const order = (await f.db.collection('system').doc('ORDER-CONSOLE-1').get()) as unknown as {
      data: { status: string };
    };
    expect(order.data.status).toBe('paid');

    await page.click('[data-tab="Collections"]');
    await page.click('text=system');
    await page.locator('td pre', { hasText: '"status": "paid"' }).waitFor();

    await page.click('[data-tab="Invocations"]');
    await page.locator('tr', { hasText: 'shopPaid' }).first().waitFor();
    mkdirSync(join(PROJECT_ROOT, '.test-output'), { recursive: true });
    await page.screenshot({ path: join(PROJECT_ROOT, '.test-output', 'console.png') });
  });
});
