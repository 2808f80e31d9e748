/**
 * poster: a distributor's mini-program code for the home page or a product, drawn by the
 * emulated `wxacode.getUnlimited` (a real QR code, decoded here), stored in cloud storage and
 * cached in `posters` per distributor and page.
 */
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { bucketOf } from '../../emulator/src/storage/naming';
import { readEnvVersion } from '../../cloudfunctions/poster/target';
import { useEmulator, type EmulatorFixture } from '../helpers/emulator';
import { seedRules, seedUsers, userDoc } from '../helpers/referrals';

interface PosterData {
  fileID: string;
  tempFileURL: string;
  scene: string;
  page: 'home' | 'product';
}

interface StoredFile {
  fileID: string;
  cloudPath: string;
  size: number;
  uploadedAt: string;
}

/** The address a scan opens, as the emulator encodes it into the QR code. */
interface Scan {
  page: string | null;
  scene: string | null;
  envVersion: string | null;
}

function decodeQr(png: Buffer): Scan {
  const image = PNG.sync.read(png);
  const code = jsQR(
    new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length),
    image.width,
    image.height,
  );
  if (!code) throw new Error('no QR code found in the image');
  const url = new URL(code.data);
  expect(`${url.origin}${url.pathname}`).toBe('https://emulator.invalid/wxacode');
  return {
    page: url.searchParams.get('page'),
    scene: url.searchParams.get('scene'),
    envVersion: url.searchParams.get('env_version'),
  };
}

/** Fetches the image behind a temporary URL, as the mini-program's canvas would. */
async function fetchImage(tempFileURL: string): Promise<Buffer> {
  const response = await fetch(tempFileURL);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('image/png');
  return Buffer.from(await response.arrayBuffer());
}

function helpers(f: EmulatorFixture) {
  const fileIdOf = (cloudPath: string): string => `cloud://${f.emu.envName}.${bucketOf(f.emu.envName)}/${cloudPath}`;
  const poster = async (data: unknown, openid: string | undefined) => {
    const response = await f.emu.call('poster', data, openid === undefined ? {} : { openid });
    if (response.error) throw new Error(`poster failed: ${response.error.message}`);
    return response;
  };
  const posterData = async (data: unknown, openid: string): Promise<PosterData> => {
    const { result } = await poster(data, openid);
    const outcome = result as { ok: boolean; data: PosterData; error?: unknown };
    if (!outcome.ok) throw new Error(`poster refused: ${JSON.stringify(outcome.error)}`);
    return outcome.data;
  };
  const files = async (): Promise<StoredFile[]> =>
    ((await (await fetch(`${f.emu.url}/_emulator/files`)).json()) as { files: StoredFile[] }).files;
  const posterDocs = (): Array<Record<string, unknown>> =>
    f.emu.emulator.store.scan('posters') as Array<Record<string, unknown>>;
  const actions = (): Record<string, number> => f.emu.emulator.stats.snapshot().actions;
  return { fileIdOf, poster, posterData, files, posterDocs, actions };
}

describe('poster', () => {
  const f = useEmulator();
  const h = helpers(f);

  beforeEach(() => {
    f.emu.reset();
  });

  describe('a distributor gets their code', () => {
    it('for the home page: a PNG whose QR code opens the home page with scene r=<share code>', async () => {
      seedRules(f.emu);
      const [dist] = seedUsers(f.emu, [{ id: 'oDIST', status: 'approved' }]);
      const { result, invocation } = await h.poster({ page: 'home' }, 'oDIST');
      const scene = `r=${dist!.shareCode}`;
      const fileID = h.fileIdOf('posters/oDIST/home.png');
      expect(result).toEqual({
        ok: true,
        data: {
          fileID,
          tempFileURL: expect.stringMatching(
            /^http:\/\/127\.0\.0\.1:\d+\/_emulator\/storage\/files\/posters\/oDIST\/home\.png\?/,
          ),
          scene,
          page: 'home',
        },
      });
      const data = (result as { data: PosterData }).data;
      const png = await fetchImage(data.tempFileURL);
      expect(PNG.sync.read(png).width).toBe(430);
      expect(decodeQr(png)).toEqual({ page: 'pages/index/index', scene, envVersion: 'release' });

      expect(h.posterDocs()).toEqual([
        {
          _id: 'oDIST:home',
          userId: 'oDIST',
          page: 'home',
          productId: null,
          scene,
          pagePath: 'pages/index/index',
          envVersion: 'release',
          fileID,
          createdAt: expect.any(Date),
        },
      ]);
      expect(await h.files()).toEqual([
        expect.objectContaining({ fileID, cloudPath: 'posters/oDIST/home.png', size: png.length }),
      ]);
      // Three reads together, the open API, the upload, the cache write and the temporary link.
      expect(invocation.roundTrips.byAction).toEqual({
        'database.getDocument': 3,
        'wx.openApi': 1,
        'storage.getUploadMetadata': 1,
        'database.modifyDocument': 1,
        'storage.batchGetDownloadUrl': 1,
      });
    });

    it('for a product: the product page with scene r=<share code>&p=<productId>', async () => {
      seedRules(f.emu);
      const [dist] = seedUsers(f.emu, [{ id: 'oDIST', status: 'approved' }]);
      const data = await h.posterData({ page: 'product', productId: 'p123' }, 'oDIST');
      const scene = `r=${dist!.shareCode}&p=p123`;
      const fileID = h.fileIdOf('posters/oDIST/product-p123.png');
      expect(data).toEqual({ fileID, tempFileURL: expect.any(String), scene, page: 'product' });
      expect(decodeQr(await fetchImage(data.tempFileURL))).toEqual({
        page: 'shop/product/product',
        scene,
        envVersion: 'release',
      });
      expect(h.posterDocs()).toEqual([
        {
          _id: 'oDIST:product:p123',
          userId: 'oDIST',
          page: 'product',
          productId: 'p123',
          scene,
          pagePath: 'shop/product/product',
          envVersion: 'release',
          fileID,
          createdAt: expect.any(Date),
        },
      ]);
    });

    it('for a product id of 19 characters, the longest whose scene fits 32 characters', async () => {
      seedRules(f.emu);
      const [dist] = seedUsers(f.emu, [{ id: 'oDIST', status: 'approved' }]);
      const productId = 'Ab3_-Ab3_-Ab3_-Ab3_';
      const data = await h.posterData({ page: 'product', productId }, 'oDIST');
      expect(data.scene).toBe(`r=${dist!.shareCode}&p=${productId}`);
      expect(data.scene).toHaveLength(32);
      expect(decodeQr(await fetchImage(data.tempFileURL)).scene).toBe(data.scene);
    });

    it('under the everyone mode, for a user who never applied and for a brand-new caller', async () => {
      seedRules(f.emu, { recruitment: 'everyone' });
      const [user] = seedUsers(f.emu, [{ id: 'oPLAIN', status: 'none' }]);
      expect((await h.posterData({ page: 'home' }, 'oPLAIN')).scene).toBe(`r=${user!.shareCode}`);
      const fresh = await h.posterData({ page: 'home' }, 'oFRESH');
      const created = await userDoc(f.emu, 'oFRESH');
      expect(created?.shareCode).toMatch(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$/);
      expect(fresh).toEqual({
        fileID: h.fileIdOf('posters/oFRESH/home.png'),
        tempFileURL: expect.any(String),
        scene: `r=${created!.shareCode}`,
        page: 'home',
      });
    });

    it('each distributor and page in a file of its own', async () => {
      seedRules(f.emu);
      const [a, b] = seedUsers(f.emu, [
        { id: 'oA', status: 'approved' },
        { id: 'oB', status: 'approved' },
      ]);
      const homeA = await h.posterData({ page: 'home' }, 'oA');
      const homeB = await h.posterData({ page: 'home' }, 'oB');
      const productA = await h.posterData({ page: 'product', productId: 'p1' }, 'oA');
      const productA2 = await h.posterData({ page: 'product', productId: 'p2' }, 'oA');
      expect([homeA.fileID, homeB.fileID, productA.fileID, productA2.fileID]).toEqual([
        h.fileIdOf('posters/oA/home.png'),
        h.fileIdOf('posters/oB/home.png'),
        h.fileIdOf('posters/oA/product-p1.png'),
        h.fileIdOf('posters/oA/product-p2.png'),
      ]);
      expect(decodeQr(await fetchImage(homeA.tempFileURL)).scene).toBe(`r=${a!.shareCode}`);
      expect(decodeQr(await fetchImage(homeB.tempFileURL)).scene).toBe(`r=${b!.shareCode}`);
      expect(decodeQr(await fetchImage(productA2.tempFileURL)).scene).toBe(`r=${a!.shareCode}&p=p2`);
      expect((await h.files()).map((file) => file.cloudPath).sort()).toEqual([
        'posters/oA/home.png',
        'posters/oA/product-p1.png',
        'posters/oA/product-p2.png',
        'posters/oB/home.png',
      ]);
      expect(
        h
          .posterDocs()
          .map((doc) => doc._id)
          .sort(),
      ).toEqual(['oA:home', 'oA:product:p1', 'oA:product:p2', 'oB:home']);
    });
  });

  describe('the cache', () => {
    it('answers a second call from the cache: no open API call, no upload, fewer round trips', async () => {
      seedRules(f.emu);
      seedUsers(f.emu, [{ id: 'oDIST', status: 'approved' }]);
      const first = await h.poster({ page: 'product', productId: 'p9' }, 'oDIST');
      const firstData = (first.result as { data: PosterData }).data;
      const firstImage = await fetchImage(firstData.tempFileURL);
      const [docBefore] = h.posterDocs();
      const filesBefore = await h.files();
      const actionsBefore = h.actions();

      const second = await h.poster({ page: 'product', productId: 'p9' }, 'oDIST');
      const secondData = (second.result as { data: PosterData }).data;
      expect(secondData).toEqual({ ...firstData, tempFileURL: expect.any(String) });
      expect(second.invocation.roundTrips.byAction).toEqual({
        'database.getDocument': 3,
        'storage.batchGetDownloadUrl': 1,
      });
      expect(second.invocation.roundTrips.total).toBe(4);
      expect(first.invocation.roundTrips.total).toBe(7);
      const actionsAfter = h.actions();
      expect(actionsAfter['wx.openApi']).toBe(actionsBefore['wx.openApi']);
      expect(actionsAfter['storage.getUploadMetadata']).toBe(actionsBefore['storage.getUploadMetadata']);
      expect(actionsAfter['database.modifyDocument']).toBe(actionsBefore['database.modifyDocument']);
      expect(h.posterDocs()).toEqual([docBefore]);
      expect(await h.files()).toEqual(filesBefore);
      expect((await fetchImage(secondData.tempFileURL)).equals(firstImage)).toBe(true);
    });

    it('draws the code again when the share code changed, at the same file', async () => {
      seedRules(f.emu);
      seedUsers(f.emu, [{ id: 'oDIST', status: 'approved' }]);
      const before = await h.posterData({ page: 'home' }, 'oDIST');
      await f.db
        .collection('users')
        .doc('oDIST')
        .update({ data: { shareCode: 'ZZZZ2222' } });
      const { result, invocation } = await h.poster({ page: 'home' }, 'oDIST');
      const after = (result as { data: PosterData }).data;
      expect(after).toEqual({
        fileID: before.fileID,
        tempFileURL: expect.any(String),
        scene: 'r=ZZZZ2222',
        page: 'home',
      });
      expect(invocation.roundTrips.byAction['wx.openApi']).toBe(1);
      expect(decodeQr(await fetchImage(after.tempFileURL)).scene).toBe('r=ZZZZ2222');
      expect(h.posterDocs()).toEqual([
        expect.objectContaining({ _id: 'oDIST:home', scene: 'r=ZZZZ2222', fileID: before.fileID }),
      ]);
      expect(await h.files()).toHaveLength(1);
    });

    it('draws the code again when the cached one opens another mini-program version', async () => {
      seedRules(f.emu);
      seedUsers(f.emu, [{ id: 'oDIST', status: 'approved' }]);
      await h.posterData({ page: 'home' }, 'oDIST');
      // As if the code had been drawn while the deployment still pointed at the trial version.
      await f.db
        .collection('posters')
        .doc('oDIST:home')
        .update({ data: { envVersion: 'trial' } });
      const { invocation } = await h.poster({ page: 'home' }, 'oDIST');
      expect(invocation.roundTrips.byAction['wx.openApi']).toBe(1);
      expect(h.posterDocs()).toEqual([expect.objectContaining({ _id: 'oDIST:home', envVersion: 'release' })]);
    });

    it('draws the code again when its image was deleted from storage', async () => {
      seedRules(f.emu);
      const [dist] = seedUsers(f.emu, [{ id: 'oDIST', status: 'approved' }]);
      const before = await h.posterData({ page: 'home' }, 'oDIST');
      await f.cloud.deleteFile({ fileList: [before.fileID] });
      expect(await h.files()).toEqual([]);
      const { result, invocation } = await h.poster({ page: 'home' }, 'oDIST');
      const after = (result as { data: PosterData }).data;
      expect(after.fileID).toBe(before.fileID);
      expect(invocation.roundTrips.byAction).toEqual({
        'database.getDocument': 3,
        'storage.batchGetDownloadUrl': 2,
        'wx.openApi': 1,
        'storage.getUploadMetadata': 1,
        'database.modifyDocument': 1,
      });
      expect(decodeQr(await fetchImage(after.tempFileURL)).scene).toBe(`r=${dist!.shareCode}`);
    });
  });

  describe('refusals', () => {
    it('refuses every user who is not a distributor under the current rules, writing and uploading nothing', async () => {
      seedRules(f.emu, { recruitment: 'apply' });
      const users = seedUsers(f.emu, [
        { id: 'oNONE', status: 'none' },
        { id: 'oPENDING', status: 'pending' },
        { id: 'oREJECTED', status: 'rejected' },
        { id: 'oDISABLED', status: 'disabled' },
        { id: 'oEXITED', status: 'exited' },
      ]);
      const actionsBefore = h.actions();
      for (const user of users) {
        const { result, invocation } = await h.poster({ page: 'home' }, user._id);
        expect(result).toEqual({
          ok: false,
          error: { code: 'NOT_DISTRIBUTOR', message: '成为推广员后才能生成推广海报' },
        });
        expect(invocation.roundTrips.byAction).toEqual({ 'database.getDocument': 3 });
        expect(await userDoc(f.emu, user._id)).toEqual(user);
      }
      // Every request the five calls sent was a read: no open API call, no upload, no write.
      const actionsAfter = h.actions();
      const sent = Object.fromEntries(
        Object.keys(actionsAfter)
          .map((action) => [action, (actionsAfter[action] ?? 0) - (actionsBefore[action] ?? 0)])
          .filter(([, n]) => n !== 0),
      );
      expect(sent).toEqual({ 'database.getDocument': 15 });
      expect(h.posterDocs()).toEqual([]);
      expect(await h.files()).toEqual([]);
    });

    it('refuses a brand-new caller under the apply mode and stores no poster', async () => {
      seedRules(f.emu, { recruitment: 'apply' });
      const { result } = await h.poster({ page: 'product', productId: 'p1' }, 'oNEWCOMER');
      expect(result).toMatchObject({ ok: false, error: { code: 'NOT_DISTRIBUTOR' } });
      expect(h.posterDocs()).toEqual([]);
      expect(await h.files()).toEqual([]);
    });

    it('no longer serves a cached code to a distributor who was disabled', async () => {
      seedRules(f.emu);
      seedUsers(f.emu, [{ id: 'oDIST', status: 'approved' }]);
      await h.posterData({ page: 'home' }, 'oDIST');
      await f.db
        .collection('users')
        .doc('oDIST')
        .update({ data: { 'distributor.status': 'disabled' } });
      const { result, invocation } = await h.poster({ page: 'home' }, 'oDIST');
      expect(result).toMatchObject({ ok: false, error: { code: 'NOT_DISTRIBUTOR' } });
      expect(invocation.roundTrips.byAction).toEqual({ 'database.getDocument': 3 });
    });

    it.each([
      ['no page', {}, 'page'],
      ['an unknown page', { page: 'cart' }, 'page'],
      ['a product page without productId', { page: 'product' }, 'productId: a product poster needs a productId'],
      ['an empty productId', { page: 'product', productId: '' }, 'productId'],
      [
        'a productId too long for the scene (20 characters)',
        { page: 'product', productId: 'p'.repeat(20) },
        'productId: productId is too long for the scene of a mini-program code',
      ],
      [
        'a productId with & or =',
        { page: 'product', productId: 'a&p=b' },
        'productId: productId: letters, digits, _ or - only',
      ],
      ['a productId that is not a string', { page: 'product', productId: 42 }, 'productId'],
      [
        'a home page with a productId',
        { page: 'home', productId: 'p1' },
        'productId: a home poster takes no productId',
      ],
    ])('refuses %s with INVALID_INPUT, reading and writing nothing', async (_label, event, message) => {
      seedRules(f.emu);
      seedUsers(f.emu, [{ id: 'oDIST', status: 'approved' }]);
      const { result, invocation } = await h.poster(event, 'oDIST');
      expect(result).toEqual({
        ok: false,
        error: { code: 'INVALID_INPUT', message: expect.stringContaining(message) },
      });
      expect(invocation.roundTrips.total).toBe(0);
      expect(h.posterDocs()).toEqual([]);
    });

    it('refuses a caller without an OPENID with UNAUTHENTICATED', async () => {
      seedRules(f.emu);
      const { result, invocation } = await h.poster({ page: 'home' }, undefined);
      expect(result).toEqual({
        ok: false,
        error: { code: 'UNAUTHENTICATED', message: 'poster must be called from the mini-program' },
      });
      expect(invocation.roundTrips.total).toBe(0);
    });
  });
});

describe('poster with MINIPROGRAM_ENV_VERSION=trial', () => {
  const f = useEmulator({ functionEnv: { MINIPROGRAM_ENV_VERSION: 'trial' } });
  const h = helpers(f);

  it('draws codes that open the trial version and caches them as such', async () => {
    seedRules(f.emu);
    const [dist] = seedUsers(f.emu, [{ id: 'oDIST', status: 'approved' }]);
    const data = await h.posterData({ page: 'product', productId: 'p1' }, 'oDIST');
    expect(decodeQr(await fetchImage(data.tempFileURL))).toEqual({
      page: 'shop/product/product',
      scene: `r=${dist!.shareCode}&p=p1`,
      envVersion: 'trial',
    });
    expect(h.posterDocs()).toEqual([expect.objectContaining({ _id: 'oDIST:product:p1', envVersion: 'trial' })]);
  });
});

describe('readEnvVersion', () => {
  it('defaults to release and accepts the three versions', () => {
    expect([undefined, '', 'release', 'trial', 'develop'].map(readEnvVersion)).toEqual([
      'release',
      'release',
      'release',
      'trial',
      'develop',
    ]);
  });

  it('throws on anything else, naming the variable', () => {
    expect(() => readEnvVersion('beta')).toThrow(
      'MINIPROGRAM_ENV_VERSION must be release, trial or develop, not "beta"',
    );
  });
});
