/**
 * @jest-environment-options {"customExportConditions": ["node", "require", "default"]}
 */
/**
 * Product pictures end to end against the emulator: the product form (admin/product/product)
 * picks photos (wx.chooseMedia), uploads them through admin.prepareProductUpload and
 * wx.cloud.uploadFile, reorders and removes them and saves; the shop's product page
 * (shop/product/product) shows them and previews them on tap. An upload the merchant abandons is
 * deleted a day later.
 *
 * The pages' wx.cloud calls go to a real emulator: callFunction runs the built functions as the
 * admin, and uploadFile stores the bytes in the emulator's storage through the server SDK (the
 * emulator takes uploads from the server SDK only), at the path the page asked for. The
 * environment option above makes jsdom load the Node builds of the emulator's dependencies.
 */
import { get as httpGet } from 'node:http';
import { startEmulator, type EmulatorHandle } from '../../emulator/src/index';
import { renderPage, settle, tap, wx, type Rendered } from './helpers';

const ADMIN = 'oADMIN';
const DAY_MS = 24 * 3600 * 1000;
const platform = wx as unknown as { chooseMedia: jest.Mock; previewImage: jest.Mock };

let emu: EmulatorHandle;
let cloud: typeof import('wx-server-sdk');

beforeAll(async () => {
  emu = await startEmulator({ timers: [], runScheduler: false });
  cloud = emu.sdk();
  emu.insert('admins', [{ _id: ADMIN, addedBy: 'test', addedAt: new Date(), note: '' }]);
  expect(
    (await emu.call('admin', { $url: 'saveCategory', mode: 'create', id: 'cat-tea', name: '茶叶' }, { openid: ADMIN }))
      .result,
  ).toMatchObject({ ok: true });
});
afterAll(async () => {
  await emu?.stop();
});

beforeEach(() => {
  jest.clearAllMocks();
  wx.cloud.callFunction.mockImplementation(async ({ name, data }: { name: string; data: object }) => {
    const response = await emu.call(name, data, { openid: ADMIN });
    if (response.error) throw Object.assign(new Error(response.error.message), { errMsg: response.error.message });
    return { result: response.result, errMsg: 'cloud.callFunction:ok', requestID: 'test' };
  });
  wx.cloud.uploadFile.mockImplementation(async ({ cloudPath, filePath }: { cloudPath: string; filePath: string }) => {
    const { fileID } = await cloud.uploadFile({ cloudPath, fileContent: Buffer.from(`bytes of ${filePath}`) });
    return { fileID, statusCode: 200, errMsg: 'cloud.uploadFile:ok' };
  });
  platform.chooseMedia = jest.fn();
  platform.previewImage = jest.fn(async () => ({ errMsg: 'previewImage:ok' }));
});

function picks(...paths: string[]): void {
  platform.chooseMedia.mockResolvedValueOnce({ tempFiles: paths.map((tempFilePath) => ({ tempFilePath, size: 1 })) });
}

/** The body of a GET (jsdom has no fetch). */
function download(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    httpGet(url, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    }).on('error', reject);
  });
}

async function storedPaths(): Promise<string[]> {
  const listing = JSON.parse(await download(`${emu.url}/_emulator/files`)) as { files: Array<{ cloudPath: string }> };
  return listing.files.map((file) => file.cloudPath);
}

const pathOf = (fileId: string): string => fileId.replace(/^cloud:\/\/[^/]+\//, '');
const storedContent = async (fileId: string): Promise<string> =>
  (await download(`${emu.url}/_emulator/files/${pathOf(fileId)}`)).replace('bytes of ', '');

/** Waits until the page has loaded (its first calls go to the emulator, which takes a few ticks). */
async function loaded(page: Rendered): Promise<Rendered> {
  for (let waited = 0; waited < 200 && page.data.status === 'loading'; waited += 1) await settle(25);
  await settle(25);
  return page;
}

/** Waits until the page has no upload in flight (each upload is two round trips to the emulator). */
async function uploadsDone(page: Rendered): Promise<void> {
  for (let waited = 0; waited < 200 && page.data.uploading > 0; waited += 1) await settle(25);
  await settle(25);
}

function input(page: Rendered, selector: string, value: string): void {
  page.querySelector(selector)!.dispatchEvent('input', { detail: { value } });
}

async function newProductForm(id: string): Promise<Rendered> {
  const page = await loaded(await renderPage('admin/product/product'));
  input(page, '.product-id', id);
  input(page, '.name', '明前龙井');
  page.querySelector('.category')!.dispatchEvent('change', { detail: { value: 0 } });
  input(page, '.sku-spec', '250g');
  input(page, '.sku-price', '128');
  input(page, '.sku-stock', '10');
  await settle();
  return page;
}

describe('product pictures against the emulator', () => {
  it('uploads, reorders, removes and saves; the product page shows and previews them', async () => {
    const page = await newProductForm('p-tea');
    picks('http://tmp/first.png', 'http://tmp/second.jpg', 'http://tmp/third.png');
    await tap(page, '.add-gallery');
    await uploadsDone(page);
    expect(platform.chooseMedia).toHaveBeenCalledWith(expect.objectContaining({ count: 9, mediaType: ['image'] }));
    const [first, second, third] = page.data.form.images as string[];
    expect(page.data.form.images).toHaveLength(3);
    expect(await storedContent(first!)).toBe('http://tmp/first.png');
    expect(pathOf(second!)).toMatch(/^products\/p-tea\/.+\.jpg$/);
    // Once pictures are in the product's folder its id can no longer change.
    expect(page.querySelector('.product-id')).toBeUndefined();

    picks('http://tmp/detail.png');
    await tap(page, '.add-detail');
    await uploadsDone(page);
    const [detail] = page.data.form.detailImages as string[];

    await tap(page, '.gallery-tile .move-down'); // swaps the first two
    expect(page.data.form.images).toEqual([second, first, third]);
    page.querySelectorAll('.gallery-tile .remove-image')[2]!.dispatchEvent('tap');
    await settle(10);
    expect(page.data.form.images).toEqual([second, first]);
    expect(page.querySelectorAll('.cover-badge')).toHaveLength(1);

    await tap(page, '.save-button', '.t-button');
    for (let waited = 0; waited < 200 && page.data.saving; waited += 1) await settle(25);
    expect(page.data.serverError).toBe('');
    expect(wx.showToast).toHaveBeenCalledWith({ title: '已创建', icon: 'success' });
    const stored = emu.emulator.store.scan('products').find((row) => row._id === 'p-tea');
    expect(stored).toMatchObject({ images: [second, first], detailImages: [detail] });
    // The removed picture was deleted with the save; the saved ones stay.
    const paths = await storedPaths();
    expect(paths).not.toContain(pathOf(third!));
    expect(paths).toEqual(expect.arrayContaining([second, first, detail].map((fileId) => pathOf(fileId!))));

    const shop = await loaded(await renderPage('shop/product/product', { id: 'p-tea' }));
    expect(shop.data.product.images.map((image: { fileId: string }) => image.fileId)).toEqual([second, first]);
    const tiles = shop.querySelectorAll('.gallery-item');
    expect(tiles).toHaveLength(2);
    tiles[1]!.dispatchEvent('tap');
    await settle();
    const urls = shop.data.product.images.map((image: { url: string }) => image.url);
    expect(urls.every((url: string) => url.startsWith(emu.url))).toBe(true);
    expect(platform.previewImage).toHaveBeenLastCalledWith({ urls, current: urls[1] });
    shop.querySelector('.detail-image')!.dispatchEvent('tap');
    await settle();
    const detailUrl = shop.data.product.detailImages[0].url as string;
    expect(platform.previewImage).toHaveBeenLastCalledWith({ urls: [detailUrl], current: detailUrl });
    // The link serves the uploaded bytes.
    expect(await download(encodeURI(urls[0]))).toBe('bytes of http://tmp/second.jpg');
  });

  it('deletes the pictures of a form left without saving a day later', async () => {
    const page = await newProductForm('p-left');
    picks('http://tmp/left.png');
    await tap(page, '.add-gallery');
    await uploadsDone(page);
    const [left] = page.data.form.images as string[];
    expect(await storedPaths()).toContain(pathOf(left!));

    await emu.advanceClock(DAY_MS + 60_000);
    // The next upload anywhere sweeps it.
    const other = await newProductForm('p-other');
    picks('http://tmp/other.png');
    await tap(other, '.add-gallery');
    await uploadsDone(other);
    expect(await storedPaths()).not.toContain(pathOf(left!));
    expect(await storedPaths()).toContain(pathOf(other.data.form.images[0]));
  });
});
