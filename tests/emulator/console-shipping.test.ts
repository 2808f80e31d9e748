/**
 * The web console's Shipping tab, in headless Chromium: it lists the shipping uploads of the open
 * API (company and tracking number, uploads, state) and plays the shopper confirming receipt,
 * after which the platform refuses another upload. Every wait is for a selector, never a time.
 */
import type { Browser, Page } from 'playwright-core';
import { TEST_FUNCTIONS_BUILD_DIR } from '../../scripts/paths';
import { CHROMIUM_ARGS, CHROMIUM_MISSING_REASON, findChromium } from '../../scripts/browser';
import { useEmulator } from '../helpers/emulator';

const chromiumPath = findChromium();
const describeInBrowser = chromiumPath ? describe : describe.skip;
const BUYER = 'oSHIPPER000000000000000002';

describeInBrowser(`web console: shipping uploads${chromiumPath ? '' : ` (${CHROMIUM_MISSING_REASON})`}`, () => {
  const f = useEmulator({ functionsDir: TEST_FUNCTIONS_BUILD_DIR, runScheduler: false });
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await page?.close();
    await browser?.close();
  });

  it('lists an upload and confirms the shopper’s receipt', async () => {
    f.emu.reset();
    await f.emu.call('payDemo', { outTradeNo: 'console-ship-1', totalFee: 500 }, { openid: BUYER });
    const paid = await fetch(`${f.emu.url}/_emulator/payments/console-ship-1/pay`, { method: 'POST' });
    const { transactionId } = (await paid.json()) as { transactionId: string };
    const upload = () =>
      f.emu.call(
        'openapiDemo',
        {
          api: 'wxa.sec.order.uploadShippingInfo',
          params: {
            orderKey: { orderNumberType: 2, transactionId },
            logisticsType: 1,
            deliveryMode: 1,
            shippingList: [{ trackingNo: 'SF0001', expressCompany: 'SF', itemDesc: '龙井*1' }],
            uploadTime: '2026-06-01T10:00:00.000+08:00',
            payer: { openid: BUYER },
          },
        },
        { openid: BUYER },
      );
    expect((await upload()).result).toMatchObject({ ok: true });

    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${f.emu.url}/_emulator/ui`);
    await page.click('[data-tab="Shipping"]');
    await page.locator('td', { hasText: 'SF SF0001' }).waitFor();
    await page.locator('[data-state="shipped"]').waitFor();
    await page.click('[data-action="confirm receipt"]');
    await page.locator('[data-state="confirmed"]').waitFor();
    expect((await upload()).result).toMatchObject({ ok: false, errCode: 10060004 });
  });
});
