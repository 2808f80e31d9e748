/**
 * npm run screenshot:console — renders the emulator's web console into
 * docs/images/emulator-console.png (the picture in the README). The emulator runs as `npm start`
 * runs it (the built CLI with the demo store, here in memory), a shopper goes through the demo
 * with real calls (home page, product, address, order, payment) and an hour of virtual time
 * fires the timers; the picture shows the invocation log with the order's details open.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { CHROMIUM_ARGS, CHROMIUM_MISSING_REASON, findChromium } from './browser';
import { EMULATOR_BUILD_DIR, PROJECT_ROOT } from './paths';

const SHOPPER = 'oDemoShopper';

/** A control-plane answer, read field by field (`result.data...` of a function call). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the demo's answers are read without their contracts
type Answer = any;

/** Starts the built CLI as `npm start` does (demo store, in memory, a free port) and answers its URL. */
function startDemo(): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, [join(EMULATOR_BUILD_DIR, 'cli.js'), '--in-memory', '--port', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/[\d.]+:\d+)/.exec(output);
      if (match?.[1]) resolve({ url: match[1], stop: () => child.kill('SIGTERM') });
    });
    child.once('exit', (code) => reject(new Error(`the emulator exited with ${code}: ${output}`)));
  });
}

async function control(url: string, method: string, path: string, body?: unknown): Promise<Answer> {
  const response = await fetch(`${url}/_emulator${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = (await response.json()) as { result?: { ok?: boolean } };
  if (!response.ok || data.result?.ok === false) throw new Error(`${path}: ${JSON.stringify(data)}`);
  return data;
}

/** What a shopper does in the mini-program, as the same function calls. */
async function shop(url: string): Promise<void> {
  const as = (name: string, data: object): Promise<Answer> =>
    control(url, 'POST', `/functions/${name}`, { openid: SHOPPER, data });
  await as('profile', { $url: 'get' });
  await as('catalog', { $url: 'home' });
  await as('catalog', { $url: 'detail', productId: 'p-longjing' });
  const saved = await as('address', {
    $url: 'save',
    requestId: 'demo-address-1',
    name: '张三',
    phone: '13800138000',
    province: '浙江省',
    city: '杭州市',
    district: '西湖区',
    detail: '文三路 1 号',
  });
  const placed = await control(url, 'POST', '/functions/placeOrder', {
    openid: SHOPPER,
    data: {
      items: [{ skuId: 'p-longjing-250', quantity: 2 }],
      addressId: saved.result.data.address.id,
      idempotencyKey: 'demo-checkout-1',
    },
  });
  await control(url, 'POST', `/payments/${placed.result.data.orderId as string}/pay`);
  await as('order', { $url: 'list' }).catch(() => undefined);
  await control(url, 'POST', '/clock', { advanceMs: 3_600_000 });
}

async function main(): Promise<void> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error(CHROMIUM_MISSING_REASON);
  const demo = await startDemo();
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  try {
    await shop(demo.url);
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${demo.url}/_emulator/ui`);
    await page.click('[data-tab="Invocations"]');
    const order = page.locator('tr[data-function="placeOrder"]');
    await order.locator('[data-action="details"]').click();
    await page.locator('.details').first().waitFor();
    await page.locator('[data-timer-group]').first().waitFor();
    const out = join(PROJECT_ROOT, 'docs', 'images', 'emulator-console.png');
    await page.screenshot({ path: out, fullPage: true });
    console.log(`wrote ${out}`);
  } finally {
    await browser.close();
    demo.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
