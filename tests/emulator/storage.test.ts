/**
 * Cloud storage through the real wx-server-sdk inside a fixture function: upload, temporary
 * URLs (fetched here), download, delete, the platform's error shapes, and where files live in
 * memory and durable mode.
 */
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { startEmulator } from '../../emulator/src/index';
import { bucketOf } from '../../emulator/src/storage/naming';
import { DEFAULT_DATA_DIR, TEST_FUNCTIONS_BUILD_DIR } from '../../scripts/paths';
import { useEmulator, type EmulatorFixture } from '../helpers/emulator';

type Outcome = { ok: true; result: any } | { ok: false; errCode: number; errMsg: string; code?: string };
type TempFile = { fileID: string; tempFileURL: string; maxAge: number; status: number; errMsg: string };

function storage(f: EmulatorFixture) {
  const call = async (event: Record<string, unknown>): Promise<Outcome> => {
    const { result, error } = await f.emu.call('storageDemo', event, { openid: 'oUPLOADER' });
    if (error) throw new Error(`storageDemo failed: ${error.message}`);
    return result as Outcome;
  };
  const ok = async (event: Record<string, unknown>): Promise<any> => {
    const outcome = await call(event);
    if (!outcome.ok) throw new Error(`${String(event.mode)} failed: ${outcome.errMsg}`);
    return outcome.result;
  };
  return {
    call,
    upload: async (cloudPath: string, bytes: Buffer): Promise<string> =>
      (await ok({ mode: 'upload', cloudPath, base64: bytes.toString('base64') })).fileID as string,
    tempUrl: async (fileList: unknown[]): Promise<TempFile[]> =>
      (await ok({ mode: 'tempUrl', fileList })).fileList as TempFile[],
    download: async (fileID: string): Promise<Buffer> =>
      Buffer.from((await ok({ mode: 'download', fileID })).base64 as string, 'base64'),
    remove: async (fileList: string[]): Promise<Array<{ fileID: string; status: number; errMsg: string }>> =>
      (await ok({ mode: 'delete', fileList })).fileList,
    listed: async (): Promise<any[]> =>
      ((await (await fetch(`${f.emu.url}/_emulator/files`)).json()) as { files: any[] }).files,
  };
}

describe('cloud storage (in-memory mode)', () => {
  const f = useEmulator({ functionsDir: TEST_FUNCTIONS_BUILD_DIR });
  const s = storage(f);
  beforeEach(() => f.emu.reset());

  it('round trip: upload, list, temporary URL, fetch, download in a function, delete, download fails', async () => {
    const bytes = randomBytes(4096);
    const ahead = 3_600_000;
    f.emu.emulator.options.clock.advance(ahead);
    const fileID = await s.upload('posters/u1/poster.png', bytes);
    expect(fileID).toBe(`cloud://${f.emu.envName}.${bucketOf(f.emu.envName)}/posters/u1/poster.png`);
    expect(bucketOf('emulator-env')).toBe('656d-emulator-env-1300000000');

    const [listed] = await s.listed();
    expect(listed).toMatchObject({ fileID, cloudPath: 'posters/u1/poster.png', size: 4096, contentType: 'image/png' });
    expect(Date.parse(listed.uploadedAt)).toBeGreaterThan(Date.now() + ahead - 60_000);

    const [temp] = await s.tempUrl([{ fileID, maxAge: 120 }]);
    expect(temp).toMatchObject({ fileID, status: 0, errMsg: 'ok', maxAge: 120 });
    const response = await fetch(temp!.tempFileURL);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await response.arrayBuffer()).equals(bytes)).toBe(true);

    expect((await s.download(fileID)).equals(bytes)).toBe(true);

    expect(await s.remove([fileID])).toEqual([{ fileID, status: 0, errMsg: 'ok' }]);
    expect(await s.listed()).toEqual([]);
    const failed = await s.call({ mode: 'download', fileID });
    expect(failed).toMatchObject({ ok: false, errCode: -1, code: 'STORAGE_FILE_NONEXIST' });
    expect((failed as { errMsg: string }).errMsg).toBe('downloadFile:fail storage file not exist');
    // A URL handed out before the delete now finds nothing.
    expect((await fetch(temp!.tempFileURL)).status).toBe(404);
  });

  it('answers missing files with STORAGE_FILE_NONEXIST per entry (status -503003)', async () => {
    const missing = `cloud://${f.emu.envName}.${bucketOf(f.emu.envName)}/nope.png`;
    const fileID = await s.upload('present.txt', Buffer.from('here'));
    const list = await s.tempUrl([missing, fileID, 'cloud://other-env.bucket/x.png']);
    expect(list.map((entry) => entry.status)).toEqual([-503003, 0, -503003]);
    expect(list[0]).toMatchObject({ fileID: missing, tempFileURL: '', errMsg: 'storage file not exists' });
    expect(await s.remove([missing, fileID])).toEqual([
      { fileID: missing, status: -503003, errMsg: 'storage file not exists' },
      { fileID, status: 0, errMsg: 'ok' },
    ]);
  });

  it('temporary URLs expire after maxAge by the emulator clock (default 600 s, at most one day) and are signed', async () => {
    const fileID = await s.upload('notes/a.txt', Buffer.from('hello'));
    const [short] = await s.tempUrl([{ fileID, maxAge: 60 }]);
    const [byDefault] = await s.tempUrl([fileID]);
    const [capped] = await s.tempUrl([{ fileID, maxAge: 10 * 86_400 }]);
    expect([short!.maxAge, byDefault!.maxAge, capped!.maxAge]).toEqual([60, 600, 86_400]);
    const first = await fetch(short!.tempFileURL);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await first.text()).toBe('hello');

    const tampered = short!.tempFileURL.replace(/sign=[0-9a-f]/, (match) =>
      match.endsWith('0') ? 'sign=1' : 'sign=0',
    );
    expect((await fetch(tampered)).status).toBe(403);
    const otherFile = short!.tempFileURL.replace('notes/a.txt', 'notes/b.txt');
    expect((await fetch(otherFile)).status).toBe(403);

    f.emu.emulator.options.clock.advance(61_000);
    const expired = await fetch(short!.tempFileURL);
    expect(expired.status).toBe(403);
    expect(await expired.text()).toContain('<Code>AccessDenied</Code>');
    expect((await fetch(byDefault!.tempFileURL)).status).toBe(200);
    f.emu.emulator.options.clock.advance(540_000);
    expect((await fetch(byDefault!.tempFileURL)).status).toBe(403);
  });

  it('keeps paths with spaces and Chinese characters intact through upload, URL and download', async () => {
    const bytes = Buffer.from('{"ok":true}');
    const fileID = await s.upload('海报/用户 1/data.json', bytes);
    expect(fileID.endsWith('/海报/用户 1/data.json')).toBe(true);
    expect((await s.download(fileID)).equals(bytes)).toBe(true);
    const [temp] = await s.tempUrl([fileID]);
    const response = await fetch(temp!.tempFileURL);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(Buffer.from(await response.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('overwrites a file uploaded again to the same path', async () => {
    const fileID = await s.upload('same.bin', Buffer.from('one'));
    expect(await s.upload('same.bin', Buffer.from('two'))).toBe(fileID);
    expect((await s.download(fileID)).toString()).toBe('two');
    expect(await s.listed()).toHaveLength(1);
  });

  it('speaks the upload protocol node-sdk expects: PUT to the metadata URL, COS XML errors once it expires', async () => {
    const metadata = await fetch(f.emu.adminUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        action: 'storage.getUploadMetadata',
        path: 'raw/a.txt',
        method: 'put',
        envName: f.emu.envName,
      }),
    });
    const { data } = (await metadata.json()) as {
      data: { url: string; token: string; authorization: string; fileId: string; cosFileId: string };
    };
    expect(data).toEqual({
      url: expect.any(String),
      token: expect.any(String),
      authorization: expect.any(String),
      fileId: expect.stringMatching(/\/raw\/a\.txt$/),
      cosFileId: expect.any(String),
    });
    const put = await fetch(data.url, { method: 'PUT', body: 'first' });
    expect(put.status).toBe(200);
    expect(await put.text()).toBe('');
    expect((await s.download(data.fileId)).toString()).toBe('first');
    f.emu.emulator.options.clock.advance(601_000);
    const late = await fetch(data.url, { method: 'PUT', body: 'second' });
    expect(late.status).toBe(403);
    expect(await late.text()).toMatch(/<Code>AccessDenied<\/Code>[\s\S]*<RequestId>[\s\S]*<TraceId>/);
    expect((await s.download(data.fileId)).toString()).toBe('first');
  });

  it('refuses invalid cloud paths and more than 50 files per call with INVALID_PARAM', async () => {
    for (const cloudPath of ['../escape.png', '/leading.png', 'a//b.png', 'dir/', 'q?x.png']) {
      const outcome = await s.call({ mode: 'upload', cloudPath, base64: 'AA==' });
      expect(outcome).toMatchObject({ ok: false, code: 'INVALID_PARAM' });
    }
    const tooMany = Array.from(
      { length: 51 },
      (_, i) => `cloud://${f.emu.envName}.${bucketOf(f.emu.envName)}/f${i}.png`,
    );
    // node-sdk throws the wire error itself, so user code sees errCode -1 and the string code.
    expect(await s.call({ mode: 'tempUrl', fileList: tooMany })).toMatchObject({
      ok: false,
      errCode: -1,
      code: 'INVALID_PARAM',
    });
    expect(await s.call({ mode: 'delete', fileList: tooMany })).toMatchObject({
      ok: false,
      errCode: -1,
      code: 'INVALID_PARAM',
    });
    expect(await s.listed()).toEqual([]);
  });

  it('stores a QR code from the open API and serves it back scannable (the poster flow)', async () => {
    const { fileID: qrFileID } = (await storageQr(f, 'ref=u42')) as { fileID: string };
    expect(qrFileID.endsWith('/qrcodes/u42.png')).toBe(true);
    const [temp] = await s.tempUrl([qrFileID]);
    const png = PNG.sync.read(Buffer.from(await (await fetch(temp!.tempFileURL)).arrayBuffer()));
    const code = jsQR(
      new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length),
      png.width,
      png.height,
    );
    expect(new URL(code!.data).searchParams.get('scene')).toBe('ref=u42');
  });

  it('keeps files in memory only: nothing is written to disk, and reset drops them', async () => {
    expect(f.emu.emulator.options.dataDir).toBeUndefined();
    const cloudPath = `memory-only/${randomBytes(6).toString('hex')}.bin`;
    await s.upload(cloudPath, Buffer.from('volatile'));
    expect(existsSync(join(DEFAULT_DATA_DIR, 'storage', cloudPath))).toBe(false);
    expect(await s.listed()).toHaveLength(1);
    f.emu.reset();
    expect(await s.listed()).toEqual([]);
  });
});

async function storageQr(f: EmulatorFixture, scene: string): Promise<unknown> {
  const { result } = await f.emu.call('storageDemo', { mode: 'qrcodeToStorage', scene, cloudPath: 'qrcodes/u42.png' });
  const outcome = result as Outcome;
  if (!outcome.ok) throw new Error(outcome.errMsg);
  return outcome.result;
}

describe('cloud storage (durable mode)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'emulator-storage-'));
  const f = useEmulator({ functionsDir: TEST_FUNCTIONS_BUILD_DIR, dataDir, runScheduler: false });
  const s = storage(f);
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keeps each file as a plain file under <dataDir>/storage/<cloudPath>', async () => {
    const bytes = randomBytes(2048);
    await s.upload('products/p1/cover.jpg', bytes);
    expect(readFileSync(join(dataDir, 'storage', 'products', 'p1', 'cover.jpg')).equals(bytes)).toBe(true);
    expect(await s.listed()).toEqual([
      expect.objectContaining({ cloudPath: 'products/p1/cover.jpg', size: 2048, contentType: 'image/jpeg' }),
    ]);
  });

  it('serves the files to a new emulator started on the same folder', async () => {
    const copy = mkdtempSync(join(tmpdir(), 'emulator-storage-copy-'));
    cpSync(dataDir, copy, { recursive: true });
    const second = await startEmulator({ functionsDir: TEST_FUNCTIONS_BUILD_DIR, dataDir: copy, runScheduler: false });
    try {
      const response = await fetch(`${second.url}/_emulator/files`);
      const { files } = (await response.json()) as { files: Array<{ fileID: string; size: number }> };
      expect(files).toEqual([expect.objectContaining({ cloudPath: 'products/p1/cover.jpg', size: 2048 })]);
      const { result } = await second.call('storageDemo', { mode: 'download', fileID: files[0]!.fileID });
      expect(
        Buffer.from((result as { result: { base64: string } }).result.base64, 'base64').equals(
          readFileSync(join(dataDir, 'storage', 'products', 'p1', 'cover.jpg')),
        ),
      ).toBe(true);
    } finally {
      await second.stop();
      rmSync(copy, { recursive: true, force: true });
    }
  });

  it('deletes the file and its emptied folders, and reset empties the storage folder', async () => {
    const fileID = await s.upload('tmp/deep/x.txt', Buffer.from('x'));
    await s.remove([fileID]);
    expect(existsSync(join(dataDir, 'storage', 'tmp'))).toBe(false);
    expect(existsSync(join(dataDir, 'storage', 'products', 'p1', 'cover.jpg'))).toBe(true);
    f.emu.reset();
    expect(existsSync(join(dataDir, 'storage', 'products'))).toBe(false);
    expect(await s.listed()).toEqual([]);
  });
});
