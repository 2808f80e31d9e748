/**
 * The demo store that `npm start` seeds has real pictures: every product's gallery and detail
 * images are PNG files in the emulator's cloud storage under the product's folder, and the
 * catalog links them: the detail route every picture, the lists each cover.
 */
import { startEmulator, type EmulatorHandle } from '../../emulator/src/index';
import { seedDemoStore } from '../../scripts/seed';

let emu: EmulatorHandle;

beforeAll(async () => {
  emu = await startEmulator({ timers: [], onEmpty: seedDemoStore });
});
afterAll(async () => {
  await emu?.stop();
});

it('lists every product with a link to its cover', async () => {
  const home = (await emu.call('catalog', { $url: 'home' }, { openid: 'oSHOPPER' })).result as {
    data: { sections: Array<{ products: Array<{ cover: string; coverUrl: string | null }> }> };
  };
  const cards = home.data.sections.flatMap((section) => section.products);
  expect(cards.length).toBeGreaterThan(0);
  for (const card of cards) {
    expect(card.coverUrl).toContain(card.cover.replace(/^cloud:\/\/[^/]+\//, ''));
    const response = await fetch(encodeURI(card.coverUrl as string));
    expect(response.headers.get('content-type')).toBe('image/png');
  }
});

it('seeds pictures for every product and serves them through the detail route', async () => {
  const products = emu.emulator.store.scan('products') as Array<{
    _id: string;
    images: string[];
    detailImages: string[];
  }>;
  expect(products.length).toBeGreaterThan(0);
  for (const product of products) {
    expect(product.images.length).toBeGreaterThan(0);
    expect(product.detailImages.length).toBeGreaterThan(0);
    const detail = (await emu.call('catalog', { $url: 'detail', productId: product._id }, { openid: 'oSHOPPER' }))
      .result as { ok: boolean; data: { images: Array<{ fileId: string; url: string }>; detailImages: unknown[] } };
    expect(detail.ok).toBe(true);
    expect(detail.data.images.map((image) => image.fileId)).toEqual(product.images);
    expect(detail.data.images[0]!.fileId).toContain(`/products/${product._id}/`);
    const response = await fetch(encodeURI(detail.data.images[0]!.url));
    expect(response.headers.get('content-type')).toBe('image/png');
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect(bytes.length).toBeGreaterThan(1000);
  }
});
