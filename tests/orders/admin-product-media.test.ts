/**
 * Product images and per-product commission through the admin function: uploads are announced
 * (prepareProductUpload), saved in order as gallery and detail images, files a save drops or never
 * references are deleted, an upload abandoned for a day is swept, and commission settings outside
 * the limits are refused with INVALID_INPUT.
 */
import { useEmulator, type EmulatorFixture } from '../helpers/emulator';

type Answer = { ok: boolean; data?: any; error?: any };

const ADMIN = 'oADMIN';
const DAY_MS = 24 * 3600 * 1000;

async function admin(f: EmulatorFixture, route: string, input: object): Promise<Answer> {
  const response = await f.emu.call('admin', { $url: route, ...input }, { openid: ADMIN });
  if (response.error) throw new Error(`admin ${route} failed: ${response.error.message}`);
  return response.result as Answer;
}

async function storedPaths(f: EmulatorFixture): Promise<string[]> {
  const listing = (await (await fetch(`${f.emu.url}/_emulator/files`)).json()) as {
    files: Array<{ cloudPath: string }>;
  };
  return listing.files.map((file) => file.cloudPath);
}

/** What the admin's page does for one picture: announce it, then upload the bytes to the answered path. */
async function upload(f: EmulatorFixture, productId: string, bytes = 'picture'): Promise<string> {
  const prepared = await admin(f, 'prepareProductUpload', { productId, extension: 'png' });
  expect(prepared.ok).toBe(true);
  const { fileID } = await f.cloud.uploadFile({ cloudPath: prepared.data.cloudPath, fileContent: Buffer.from(bytes) });
  return fileID;
}

const pathOf = (fileId: string): string => fileId.replace(/^cloud:\/\/[^/]+\//, '');

function saveInput(mode: 'create' | 'update', images: string[], detailImages: string[], commission?: object) {
  return {
    mode,
    product: { id: 'p1', categoryId: 'cat-tea', name: '龙井', onSale: true, images, detailImages, commission },
    skus: [{ id: 'p1-a', spec: '250g', priceFen: 12_800 }],
  };
}

describe('admin product media', () => {
  const f = useEmulator({ timers: [] });

  beforeAll(async () => {
    f.emu.insert('admins', [{ _id: ADMIN, addedBy: 'test', addedAt: new Date(), note: '' }]);
    expect((await admin(f, 'saveCategory', { mode: 'create', id: 'cat-tea', name: '茶叶' })).ok).toBe(true);
  });

  it('saves gallery and detail images in order and deletes the upload no save references', async () => {
    const first = await upload(f, 'p1');
    const second = await upload(f, 'p1');
    const detail = await upload(f, 'p1');
    const abandoned = await upload(f, 'p1');
    expect(pathOf(first)).toMatch(/^products\/p1\/[a-z0-9]+-[0-9a-f]{12}\.png$/);
    const saved = await admin(f, 'saveProduct', saveInput('create', [second, first], [detail]));
    expect(saved).toMatchObject({ ok: true, data: { status: 'created' } });
    expect(saved.data.product.images).toEqual([second, first]);
    expect(saved.data.product.detailImages).toEqual([detail]);
    const paths = await storedPaths(f);
    expect(paths).toEqual(expect.arrayContaining([first, second, detail].map(pathOf)));
    expect(paths).not.toContain(pathOf(abandoned));
    expect(f.emu.emulator.store.scan('productUploads')).toEqual([]);

    // The shopper's detail page links both lists, in order.
    const shown = (await f.emu.call('catalog', { $url: 'detail', productId: 'p1' }, { openid: 'oSHOPPER' }))
      .result as Answer;
    expect(shown.data.images.map((image: { fileId: string }) => image.fileId)).toEqual([second, first]);
    expect(shown.data.detailImages).toEqual([{ fileId: detail, url: expect.stringContaining(pathOf(detail)) }]);

    // Removing an image from the product deletes its file.
    const edited = await admin(f, 'saveProduct', saveInput('update', [second], [detail]));
    expect(edited).toMatchObject({ ok: true, data: { status: 'updated' } });
    expect(await storedPaths(f)).not.toContain(pathOf(first));
    expect(await storedPaths(f)).toContain(pathOf(second));
  });

  it('sweeps an upload for a product never created once it is a day old', async () => {
    const orphan = await upload(f, 'p-never');
    await f.emu.advanceClock(DAY_MS / 2);
    await upload(f, 'p1');
    expect(await storedPaths(f)).toContain(pathOf(orphan));
    await f.emu.advanceClock(DAY_MS);
    const fresh = await upload(f, 'p1');
    expect(await storedPaths(f)).not.toContain(pathOf(orphan));
    expect(await storedPaths(f)).toContain(pathOf(fresh));
    expect(f.emu.emulator.store.scan('productUploads').map((row) => row.productId)).not.toContain('p-never');
  });

  it('refuses images of another product, files never uploaded and unknown image types', async () => {
    const foreign = await upload(f, 'p2');
    const refused = await admin(f, 'saveProduct', saveInput('update', [], [foreign]));
    expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const missing = foreign.replace('/p2/', '/p1/');
    expect(await admin(f, 'saveProduct', saveInput('update', [], [missing]))).toMatchObject({
      ok: false,
      error: { code: 'IMAGE_NOT_FOUND' },
    });
    expect(await admin(f, 'prepareProductUpload', { productId: 'p1', extension: 'svg' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
  });

  it.each([
    ['a rate above 100%', { mode: 'percent', ratesBp: [10_001] }],
    ['a negative rate', { mode: 'percent', ratesBp: [-1] }],
    ['a fractional rate', { mode: 'percent', ratesBp: [12.5] }],
    ['four levels', { mode: 'percent', ratesBp: [100, 100, 100, 100] }],
    ['no level', { mode: 'fixed', fixedFenPerUnit: [] }],
    ['a negative amount', { mode: 'fixed', fixedFenPerUnit: [-100] }],
    ['an amount above ¥1,000,000', { mode: 'fixed', fixedFenPerUnit: [100_000_001] }],
    ['an unknown mode', { mode: 'bonus' }],
  ])('refuses commission with %s', async (_name, commission) => {
    const refused = await admin(f, 'saveProduct', saveInput('update', [], [], commission));
    expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('stores each commission mode on the product and a SKU override', async () => {
    for (const commission of [
      { mode: 'percent', ratesBp: [1500, 500] },
      { mode: 'fixed', fixedFenPerUnit: [800, 300, 100] },
      { mode: 'none' },
      { mode: 'default' },
    ]) {
      const saved = await admin(f, 'saveProduct', saveInput('update', [], [], commission));
      expect(saved.ok).toBe(true);
      expect(saved.data.product.commission).toEqual(commission);
    }
    const input = saveInput('update', [], []);
    const override = { mode: 'fixed', fixedFenPerUnit: [500] };
    const saved = await admin(f, 'saveProduct', { ...input, skus: [{ ...input.skus[0], commission: override }] });
    expect(saved.data.product.skus[0].commission).toEqual(override);
  });
});
