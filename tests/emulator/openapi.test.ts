/**
 * Open API through the real wx-server-sdk inside fixture functions: the protobuf envelope,
 * per-function permissions, wxacode.getUnlimited (a real QR code, decoded here) and
 * subscribeMessage.send with its control plane.
 */
import { readFileSync } from 'node:fs';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { APP_JSON_PATH, pagesOf, WXACODE_URL_BASE } from '../../emulator/src/openapi/wxacode';
import { TEST_FUNCTIONS_BUILD_DIR } from '../../scripts/paths';
import { useEmulator } from '../helpers/emulator';

type ApiOutcome = { ok: true; result: Record<string, unknown> } | { ok: false; errCode: number; errMsg: string };

/** The first page of the mini-program, which exists whatever pages are added later. */
const HOME_PAGE = (JSON.parse(readFileSync(APP_JSON_PATH, 'utf8')) as { pages: string[] }).pages[0] as string;

function decodeQr(png: Buffer): URL {
  const image = PNG.sync.read(png);
  const code = jsQR(
    new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length),
    image.width,
    image.height,
  );
  if (!code) throw new Error('no QR code found in the image');
  return new URL(code.data);
}

describe('open API (wx.openApi)', () => {
  const f = useEmulator({ functionsDir: TEST_FUNCTIONS_BUILD_DIR });

  async function callApi(
    api: string,
    params: Record<string, unknown>,
    fn = 'openapiDemo',
    openid = 'oCALLER',
  ): Promise<ApiOutcome> {
    const { result, error } = await f.emu.call(fn, { api, params }, { openid });
    if (error) throw new Error(`${fn} failed: ${error.message}`);
    return result as ApiOutcome;
  }

  async function control(path: string, body?: unknown): Promise<any> {
    const response = await fetch(
      `${f.emu.url}/_emulator${path}`,
      body === undefined
        ? {}
        : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
    );
    expect(response.status).toBe(200);
    return response.json();
  }

  describe('wxacode.getUnlimited', () => {
    it('answers a PNG QR code that encodes scene, page and env_version', async () => {
      const outcome = await callApi('wxacode.getUnlimited', {
        scene: 'r=abc&u=42',
        page: HOME_PAGE,
        width: 300,
        envVersion: 'trial',
      });
      if (!outcome.ok) throw new Error(outcome.errMsg);
      expect(outcome.result).toMatchObject({
        contentType: 'image/png',
        errCode: 0,
        errMsg: 'openapi.wxacode.getUnlimited:ok',
      });
      const png = Buffer.from(outcome.result.buffer as string, 'base64');
      expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
      expect(PNG.sync.read(png).width).toBe(300);
      const url = decodeQr(png);
      expect(`${url.origin}${url.pathname}`).toBe(WXACODE_URL_BASE);
      expect(url.searchParams.get('scene')).toBe('r=abc&u=42');
      expect(url.searchParams.get('page')).toBe(HOME_PAGE);
      expect(url.searchParams.get('env_version')).toBe('trial');
    });

    it('defaults to the home page and the release version', async () => {
      const outcome = await callApi('wxacode.getUnlimited', { scene: 'x' });
      if (!outcome.ok) throw new Error(outcome.errMsg);
      const url = decodeQr(Buffer.from(outcome.result.buffer as string, 'base64'));
      expect(url.searchParams.get('page')).toBe(HOME_PAGE);
      expect(url.searchParams.get('env_version')).toBe('release');
    });

    it('refuses a page the mini-program does not have with 41030, unless check_path is false', async () => {
      const missing = await callApi('wxacode.getUnlimited', { scene: 'a=1', page: 'pages/nope/nope' });
      expect(missing).toMatchObject({ ok: false, errCode: 41030 });
      expect((missing as { errMsg: string }).errMsg).toMatch(/^openapi\.wxacode\.getUnlimited:fail invalid page/);
      // check_path defaults to true: the page must exist; a leading slash is never valid.
      expect(await callApi('wxacode.getUnlimited', { scene: 'a=1', page: `/${HOME_PAGE}` })).toMatchObject({
        ok: false,
        errCode: 41030,
      });
      const unchecked = await callApi('wxacode.getUnlimited', {
        scene: 'a=1',
        page: 'pages/nope/nope',
        checkPath: false,
      });
      if (!unchecked.ok) throw new Error(unchecked.errMsg);
      expect(decodeQr(Buffer.from(unchecked.result.buffer as string, 'base64')).searchParams.get('page')).toBe(
        'pages/nope/nope',
      );
    });

    it('refuses a scene longer than 32 characters or with characters outside the allowed set', async () => {
      expect(await callApi('wxacode.getUnlimited', { scene: 'a'.repeat(32) })).toMatchObject({ ok: true });
      const long = await callApi('wxacode.getUnlimited', { scene: 'a'.repeat(33) });
      expect(long).toMatchObject({ ok: false, errCode: 40169 });
      expect((long as { errMsg: string }).errMsg).toContain('invalid length for scene');
      expect(await callApi('wxacode.getUnlimited', { scene: '' })).toMatchObject({ ok: false, errCode: 40169 });
      expect(await callApi('wxacode.getUnlimited', { scene: '中文' })).toMatchObject({ ok: false, errCode: 40129 });
    });

    it('refuses an unknown env_version', async () => {
      expect(await callApi('wxacode.getUnlimited', { scene: 'a', envVersion: 'beta' })).toMatchObject({
        ok: false,
        errCode: 40097,
      });
    });
  });

  describe('permissions and unknown APIs', () => {
    it('refuses an API missing from the function config.json permissions with -604101', async () => {
      const outcome = await callApi('wxacode.getUnlimited', { scene: 'a' }, 'openapiNoPermission');
      expect(outcome).toMatchObject({ ok: false, errCode: -604101 });
      expect((outcome as { errMsg: string }).errMsg).toContain('error code: -604101');
      // The same function may call what it lists.
      expect(
        await callApi(
          'subscribeMessage.send',
          { touser: 'oX', templateId: 'T', data: { thing1: { value: 'v' } } },
          'openapiNoPermission',
        ),
      ).toMatchObject({ ok: true });
    });

    it('refuses calls from outside any function with -604101', async () => {
      const openapi = f.cloud.openapi as Record<string, Record<string, (params: object) => Promise<unknown>>>;
      await expect(openapi.wxacode!.getUnlimited!({ scene: 'a' })).rejects.toMatchObject({ errCode: -604101 });
    });

    it('answers an API that does not exist with -604100', async () => {
      expect(await callApi('wxacode.notAnApi', {})).toMatchObject({ ok: false, errCode: -604100 });
    });

    it('logs every call with its function and outcome', async () => {
      f.emu.reset();
      await callApi('wxacode.getUnlimited', { scene: 'a' }, 'openapiNoPermission');
      await callApi('wxacode.getUnlimited', { scene: 'a', page: 'pages/nope/nope' });
      const { calls } = await control('/openapi/calls');
      expect(calls).toEqual([
        expect.objectContaining({ api: 'wxacode.getUnlimited', function: 'openapiNoPermission', code: -604101 }),
        expect.objectContaining({ api: 'wxacode.getUnlimited', function: 'openapiDemo', code: 41030 }),
      ]);
    });
  });

  describe('subscribeMessage.send', () => {
    const message = {
      touser: 'oBUYER1',
      templateId: 'TPL_SHIPPED',
      page: 'pages/order/detail?id=1',
      miniprogramState: 'developer',
      data: {
        thing1: { value: '订单已发货' },
        amount2: { value: '¥100.00' },
        characterString3: { value: 'SO20240101' },
      },
    };

    beforeEach(() => f.emu.reset());

    it('records the message with its sender and answers a 19-digit msgid, as the platform does', async () => {
      const outcome = await callApi('subscribeMessage.send', message, 'openapiDemo', 'oSELLER');
      if (!outcome.ok) throw new Error(outcome.errMsg);
      // json-bigint parses the msgid into a BigNumber, and the SDK's key-case conversion then
      // copies it into a plain { s, e, c } object: user code never sees a number or a string.
      expect(outcome.result).toMatchObject({
        errCode: 0,
        errMsg: 'openapi.subscribeMessage.send:ok',
        msgidShape: 'c,e,s',
      });
      const msgid = outcome.result.msgid as string;
      expect(BigInt(msgid) > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
      const { messages } = await control('/messages');
      expect(messages).toHaveLength(1);
      expect(messages[0]).toMatchObject({
        msgid,
        touser: 'oBUYER1',
        templateId: 'TPL_SHIPPED',
        page: 'pages/order/detail?id=1',
        miniprogramState: 'developer',
        lang: 'zh_CN',
        // The SDK converts keys to snake case, so characterString3 arrives as character_string3.
        data: {
          thing1: { value: '订单已发货' },
          amount2: { value: '¥100.00' },
          character_string3: { value: 'SO20240101' },
        },
        function: 'openapiDemo',
        callerOpenid: 'oSELLER',
      });
      expect(new Date(messages[0].sentAt).toISOString()).toBe(messages[0].sentAt);
    });

    it('stamps messages with the emulator clock', async () => {
      const ahead = 20 * 60_000;
      f.emu.emulator.options.clock.advance(ahead);
      const before = Date.now();
      await callApi('subscribeMessage.send', message);
      const { messages } = await control('/messages');
      expect(Date.parse(messages[0].sentAt)).toBeGreaterThanOrEqual(before + ahead);
      expect(Date.parse(messages[0].sentAt)).toBeLessThanOrEqual(Date.now() + ahead);
    });

    it('answers 43101 for a user who refuses, and delivers again once they accept', async () => {
      await control('/messages/refuse', { touser: 'oBUYER1' });
      const refused = await callApi('subscribeMessage.send', message);
      expect(refused).toMatchObject({ ok: false, errCode: 43101 });
      expect((refused as { errMsg: string }).errMsg).toContain('user refuse to accept the msg');
      expect(await callApi('subscribeMessage.send', { ...message, touser: 'oOTHER' })).toMatchObject({ ok: true });
      await control('/messages/accept', { touser: 'oBUYER1' });
      expect(await callApi('subscribeMessage.send', message)).toMatchObject({ ok: true });
      const { messages } = await control('/messages?touser=oBUYER1');
      expect(messages).toHaveLength(1);
    });

    it('validates touser, template_id and data', async () => {
      const { touser: _touser, ...withoutUser } = message;
      expect(await callApi('subscribeMessage.send', withoutUser)).toMatchObject({ ok: false, errCode: 40003 });
      expect(await callApi('subscribeMessage.send', { ...message, templateId: '' })).toMatchObject({
        ok: false,
        errCode: 40037,
      });
      expect(await callApi('subscribeMessage.send', { ...message, data: {} })).toMatchObject({
        ok: false,
        errCode: 47003,
      });
      expect(await callApi('subscribeMessage.send', { ...message, data: { thing1: {} } })).toMatchObject({
        ok: false,
        errCode: 47003,
      });
      expect(
        await callApi('subscribeMessage.send', { ...message, data: { thing1: { value: 'x'.repeat(21) } } }),
      ).toMatchObject({ ok: false, errCode: 47003 });
      expect(await callApi('subscribeMessage.send', { ...message, miniprogramState: 'prod' })).toMatchObject({
        ok: false,
        errCode: 47003,
      });
      expect((await control('/messages')).messages).toEqual([]);
    });
  });
});

describe('app.json pages', () => {
  it('includes subpackage pages under their root and takes entryPagePath as the home page', () => {
    const { home, pages } = pagesOf({
      pages: ['pages/index/index', 'pages/cart/cart'],
      subpackages: [{ root: 'packageA/', pages: ['pages/poster/poster'] }],
      subPackages: [{ root: 'packageB', pages: ['detail'] }],
    });
    expect([...pages]).toEqual([
      'pages/index/index',
      'pages/cart/cart',
      'packageA/pages/poster/poster',
      'packageB/detail',
    ]);
    expect(home).toBe('pages/index/index');
    expect(pagesOf({ pages: ['pages/a'], entryPagePath: 'pages/b' }).home).toBe('pages/b');
  });
});
