/**
 * The web console as a data tool, in headless Chromium: a collection filtered by a query and
 * paged, documents edited, added and deleted, an invocation's input, result and console output,
 * the log filtered by function and user with timer firings grouped, stored images, the fault form.
 * Every wait is for a selector or a text, never a fixed time.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { PROJECT_ROOT, TEST_FUNCTIONS_BUILD_DIR } from '../../scripts/paths';
import { CHROMIUM_ARGS, CHROMIUM_MISSING_REASON, findChromium } from '../../scripts/browser';
import { useEmulator } from '../helpers/emulator';

const chromiumPath = findChromium();
const describeInBrowser = chromiumPath ? describe : describe.skip;

describeInBrowser(`web console as a data tool${chromiumPath ? '' : ` (${CHROMIUM_MISSING_REASON})`}`, () => {
  const f = useEmulator({ functionsDir: TEST_FUNCTIONS_BUILD_DIR, timers: ['hourlyTick'] });
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS });
  });
  beforeEach(async () => {
    f.emu.reset();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  });
  afterEach(async () => {
    mkdirSync(join(PROJECT_ROOT, '.test-output'), { recursive: true });
    const name =
      expect
        .getState()
        .currentTestName?.replace(/[^a-z0-9]+/gi, '-')
        .slice(-60) ?? 'console';
    await page.screenshot({ path: join(PROJECT_ROOT, '.test-output', `console-${name}.png`), fullPage: true });
    await page.close();
  });
  afterAll(async () => {
    await browser?.close();
  });

  const open = async (tab: string): Promise<void> => {
    await page.goto(`${f.emu.url}/_emulator/ui`);
    await page.click(`[data-tab="${tab}"]`);
  };
  const categories = (): Array<Record<string, unknown>> =>
    f.emu.emulator.store.scan('categories') as Array<Record<string, unknown>>;

  it('filters a collection with a query, sorted and paged, and shows a bad query as an error', async () => {
    f.emu.insert(
      'categories',
      Array.from({ length: 30 }, (_, i) => ({
        _id: `cat-${String(i).padStart(2, '0')}`,
        kind: i % 2 === 0 ? 'even' : 'odd',
        n: i,
      })),
    );
    await open('Collections');
    await page.click('[data-collection="categories"]');
    await page.locator('h2', { hasText: '30 documents' }).waitFor();

    await page.fill('[data-field="filter"]', '{"kind": "odd", "n": {"$gte": 5}}');
    await page.fill('[data-field="sort"]', '{"n": -1}');
    await page.click('[data-action="query"]');
    await page.locator('h2', { hasText: '13 of 30 match' }).waitFor();
    const ids = async (): Promise<string[]> =>
      page
        .locator('table.documents tr[data-id]')
        .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-id') ?? ''));
    expect((await ids()).slice(0, 3)).toEqual(['cat-29', 'cat-27', 'cat-25']);
    expect(await ids()).toHaveLength(13);

    // Paging: 20 per page.
    await page.fill('[data-field="filter"]', '{}');
    await page.press('[data-field="filter"]', 'Enter');
    await page.locator('[data-range="1–20"]').waitFor();
    await page.click('[data-action="next"]');
    await page.locator('[data-range="21–30"]').waitFor();
    expect(await ids()).toEqual([
      'cat-09',
      'cat-08',
      'cat-07',
      'cat-06',
      'cat-05',
      'cat-04',
      'cat-03',
      'cat-02',
      'cat-01',
      'cat-00',
    ]);

    await page.fill('[data-field="filter"]', '{"n": {"$nope": 1}}');
    await page.click('[data-action="query"]');
    await page.locator('[data-error="query"]', { hasText: '$nope' }).waitFor();
  });

  it('edits a document as EJSON, adds one and deletes one', async () => {
    f.emu.insert('categories', [
      { _id: 'cat-tea', name: '茶叶', sortOrder: 1, createdAt: new Date('2026-01-01T00:00:00Z') },
      { _id: 'cat-home', name: '家居', sortOrder: 2 },
    ]);
    await open('Collections');
    await page.click('[data-collection="categories"]');
    const tea = page.locator('tr[data-id="cat-tea"]');
    await tea.locator('[data-action="edit"]').click();
    const editor = tea.locator('[data-field="editor"]');
    expect(JSON.parse(await editor.inputValue())).toEqual({
      _id: 'cat-tea',
      name: '茶叶',
      sortOrder: 1,
      createdAt: { $date: '2026-01-01T00:00:00Z' },
    });

    await editor.fill('{"name": "茶叶", "sortOrder": ');
    await tea.locator('[data-action="save"]').click();
    await tea.locator('[data-error="editor"]').waitFor();
    expect(categories().find((doc) => doc._id === 'cat-tea')?.sortOrder).toBe(1);

    await editor.fill('{"name": "好茶", "sortOrder": 5, "createdAt": {"$date": "2026-02-01T08:00:00Z"}}');
    await tea.locator('[data-action="save"]').click();
    await tea.locator('pre', { hasText: '"name": "好茶"' }).waitFor();
    const saved = categories().find((doc) => doc._id === 'cat-tea');
    expect(saved).toEqual({ _id: 'cat-tea', name: '好茶', sortOrder: 5, createdAt: expect.any(Date) });
    expect((saved?.createdAt as Date).toISOString()).toBe('2026-02-01T08:00:00.000Z');

    await page.click('[data-action="new document"]');
    await page.locator('[data-field="editor"]').fill('{"_id": "cat-new", "name": "新品", "sortOrder": 9}');
    await page.click('[data-action="save"]');
    await page.locator('tr[data-id="cat-new"]').waitFor();
    expect(categories().find((doc) => doc._id === 'cat-new')).toEqual({ _id: 'cat-new', name: '新品', sortOrder: 9 });

    const home = page.locator('tr[data-id="cat-home"]');
    await home.locator('[data-action="delete"]').click();
    await home.locator('[data-action="confirm delete"]').click();
    await home.waitFor({ state: 'detached' });
    expect(
      categories()
        .map((doc) => doc._id)
        .sort(),
    ).toEqual(['cat-new', 'cat-tea']);
  });

  it("shows an invocation's input, result and console output, filtered by function and user", async () => {
    await f.emu.call('logger', { message: 'boom' }, { openid: 'oAlice' });
    await f.emu.call('probe', { mode: 'identity' }, { openid: 'oBob' });
    await f.emu.call('shopOrder', { orderId: 'ORDER-LOG-1', amountFen: 100 }, { openid: 'oAlice' });
    await f.emu.advanceClock(3 * 3_600_000);
    await open('Invocations');
    await page.locator('tr[data-function="shopOrder"]').waitFor();

    await page.selectOption('[data-field="function"]', 'logger');
    await page.locator('tr[data-function="shopOrder"]').waitFor({ state: 'detached' });
    await page.fill('[data-field="openid"]', 'oAlice');
    await page.press('[data-field="openid"]', 'Enter');
    await page.locator('[data-range="1–1"]').waitFor();
    const row = page.locator('tr[data-function="logger"]');
    expect(await row.count()).toBe(1);
    await row.locator('[data-action="details"]').click();

    const details = page.locator('.details');
    await details.waitFor();
    await details.locator('pre', { hasText: '"message": "boom"' }).waitFor();
    await details.locator('pre', { hasText: '"openId": "oAlice"' }).waitFor();
    await details.locator('pre', { hasText: '"logged": 4' }).waitFor();
    const lines = await details
      .locator('.log')
      .evaluateAll((nodes) =>
        nodes.map((node) => ({ level: node.className.replace('log ', ''), text: node.textContent ?? '' })),
      );
    expect(lines).toEqual([
      { level: 'log', text: expect.stringMatching(/ log logger log \{ n: 1 \}$/) },
      { level: 'info', text: expect.stringMatching(/ info logger info$/) },
      { level: 'warn', text: expect.stringMatching(/ warn logger warn$/) },
      { level: 'error', text: expect.stringContaining('Error: boom') },
    ]);

    // The three hourly firings are one line, and expand into their records.
    const group = page.locator('[data-timer-group="hourlyTick"]');
    await page.selectOption('[data-field="function"]', 'hourlyTick');
    await group.locator('[data-count="3"]').waitFor();
    await group.locator('[data-action="expand"]').click();
    await page.locator('tr[data-function="hourlyTick"]').nth(2).waitFor();
  });

  it('shows stored images in the storage browser', async () => {
    const uploaded = await f.emu.call('storageDemo', {
      mode: 'qrcodeToStorage',
      scene: 'ref=oAlice',
      cloudPath: 'posters/oAlice.png',
    });
    expect(uploaded.result).toMatchObject({ ok: true });
    await open('Storage');
    await page.locator('[data-file="posters/oAlice.png"]').waitFor();
    // The QR code (430 px wide by default) is loaded and drawn, not a broken image.
    await page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('img.thumb');
      return img !== null && img.complete && img.naturalWidth === 430;
    });
    expect(await page.locator('img.thumb').getAttribute('src')).toBe('/_emulator/files/posters/oAlice.png');
  });

  it('lists the fault kinds and adds and removes a rule from the form', async () => {
    await open('Faults');
    // The kinds arrive from GET /_emulator/faults/kinds after the tab opens: wait for them, not for a while.
    await page.locator('[data-field="kind"] option[value="pause"]').waitFor({ state: 'attached' });
    const kinds = await page
      .locator('[data-field="kind"] option')
      .evaluateAll((nodes) => nodes.map((node) => (node as HTMLOptionElement).value));
    expect(kinds).toEqual(['fail', 'delay', 'loseResponse', 'killInstance', 'pause']);

    await page.selectOption('[data-field="kind"]', 'fail');
    await page.locator('[data-kind-help="fail"]').waitFor();
    await page.fill('[data-field="action"]', 'database.getDocument');
    await page.fill('[data-field="code"]', 'DATABASE_TIMEOUT');
    await page.click('[data-action="add fault"]');
    await page.locator('td', { hasText: 'database.getDocument' }).waitFor();
    expect(f.emu.emulator.faults.list()).toEqual([
      expect.objectContaining({ kind: 'fail', action: 'database.getDocument', code: 'DATABASE_TIMEOUT', nth: 1 }),
    ]);

    await page.selectOption('[data-field="kind"]', 'delay');
    await page.locator('[data-field="delayMs"]').waitFor();
    await page.fill('[data-field="action"]', '');
    await page.click('[data-action="add fault"]');
    await page.locator('[data-error="fault"]', { hasText: 'delay needs delayMs' }).waitFor();

    await page.click('[data-action="remove"]');
    await page.locator('p', { hasText: 'no rules' }).waitFor();
    expect(f.emu.emulator.faults.list()).toEqual([]);
  });
});
