/**
 * The console's export and import buttons in headless Chromium: the whole local state is
 * downloaded as one file, the state changes, and uploading the file brings everything back
 * (documents with their dates, stored files, a pending payment).
 */
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { TEST_FUNCTIONS_BUILD_DIR } from '../../scripts/paths';
import { CHROMIUM_ARGS, CHROMIUM_MISSING_REASON, findChromium } from '../../scripts/browser';
import { useEmulator } from '../helpers/emulator';

const chromiumPath = findChromium();
const describeInBrowser = chromiumPath ? describe : describe.skip;

describeInBrowser(`web console export and import${chromiumPath ? '' : ` (${CHROMIUM_MISSING_REASON})`}`, () => {
  const f = useEmulator({ functionsDir: TEST_FUNCTIONS_BUILD_DIR });
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  });
  afterAll(async () => {
    await browser?.close();
  });

  const categories = (): Array<Record<string, unknown>> =>
    f.emu.emulator.store.scan('categories') as Array<Record<string, unknown>>;
  const files = async (): Promise<string[]> => {
    const body = (await (await fetch(`${f.emu.url}/_emulator/files`)).json()) as {
      files: Array<{ cloudPath: string }>;
    };
    return body.files.map((file) => file.cloudPath);
  };
  const payments = async (): Promise<Array<{ outTradeNo: string; state: string }>> =>
    ((await (await fetch(`${f.emu.url}/_emulator/payments`)).json()) as { payments: [] }).payments;

  it('exports the whole state as one file and imports it back', async () => {
    f.emu.insert('categories', [{ _id: 'cat-tea', name: '茶叶', createdAt: new Date('2026-01-01T00:00:00Z') }]);
    const qr = await f.emu.call('storageDemo', { mode: 'qrcodeToStorage', scene: 'a=1', cloudPath: 'posters/a.png' });
    expect(qr.result).toMatchObject({ ok: true });
    const order = await f.emu.call('shopOrder', { orderId: 'ORDER-STATE-1', amountFen: 100 }, { openid: 'oShopper' });
    expect(order.result).toMatchObject({ resultCode: 'SUCCESS' });

    await page.goto(`${f.emu.url}/_emulator/ui`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-action="export state"]')]);
    expect(download.suggestedFilename()).toMatch(/^emulator-state-\d{8}T\d{6}\.json$/);
    const path = await download.path();
    const exported = JSON.parse(readFileSync(path, 'utf8')) as {
      format: string;
      collections: Array<{ name: string; documents: unknown[] }>;
    };
    expect(exported.format).toBe('cloudbase-emulator-state');
    expect(exported.collections.find((c) => c.name === 'categories')?.documents).toHaveLength(1);

    // The state moves on: the document is gone, another appears, the file and the payment are dropped.
    f.emu.reset();
    f.emu.insert('categories', [{ _id: 'cat-other', name: '其他' }]);
    expect(await files()).toEqual([]);

    await page.setInputFiles('[data-field="import"]', path);
    await page.locator('#notice', { hasText: 'state imported' }).waitFor();
    expect(categories()).toEqual([{ _id: 'cat-tea', name: '茶叶', createdAt: new Date('2026-01-01T00:00:00Z') }]);
    expect(await files()).toEqual(['posters/a.png']);
    expect(await payments()).toEqual([expect.objectContaining({ outTradeNo: 'ORDER-STATE-1', state: 'NOTPAY' })]);

    // The console shows the imported data.
    await page.click('[data-tab="Collections"]');
    await page.click('[data-collection="categories"]');
    await page.locator('tr[data-id="cat-tea"]').waitFor();
  });

  it('refuses a file that is not a state file and keeps the state', async () => {
    f.emu.reset();
    f.emu.insert('categories', [{ _id: 'cat-keep', name: '保留' }]);
    await page.goto(`${f.emu.url}/_emulator/ui`);
    await page.setInputFiles('[data-field="import"]', {
      name: 'notes.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{"hello": "world"}'),
    });
    await page.locator('#notice.bad', { hasText: 'import failed: not a state file' }).waitFor();
    expect(categories()).toEqual([{ _id: 'cat-keep', name: '保留' }]);
  });
});
