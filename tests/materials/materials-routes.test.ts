/**
 * The materials library against the emulator: the admin's routes (list with filters, save with
 * a replayed create, update, enable and disable, delete with the images' files, a non-admin
 * refused, bad input writing nothing) and the distributor's read (enabled material only, the
 * product's and the shop's, refused to a caller who may not promote).
 */
import { COLLECTIONS } from '@shared/collections';
import { useEmulator, type EmulatorFixture } from '../helpers/emulator';
import { seedProduct } from '../helpers/orders';
import { seedRules, seedUsers } from '../helpers/referrals';

type Answer = { ok: boolean; data?: any; error?: { code: string; message: string } };
const ADMIN = 'oADMIN';

const TEXT = { mode: 'create', materialId: 'm-text', productId: 'p1', kind: 'text', text: '明前龙井，豆香浓郁' };
const ARTICLE = {
  mode: 'create',
  materialId: 'm-article',
  productId: null,
  kind: 'article',
  title: '新手推广指南',
  paragraphs: ['第一步：分享商品。', '第二步：生成海报。'],
  sortOrder: 1,
};

function dump(f: EmulatorFixture): string {
  return JSON.stringify(COLLECTIONS.map((collection) => f.emu.emulator.store.scan(collection.name)));
}

async function storedPaths(f: EmulatorFixture): Promise<string[]> {
  const listing = (await (await fetch(`${f.emu.url}/_emulator/files`)).json()) as {
    files: Array<{ cloudPath: string }>;
  };
  return listing.files.map((file) => file.cloudPath);
}

describe('materials library', () => {
  const f = useEmulator({ timers: [] });
  const admin = async ($url: string, input: object = {}, openid = ADMIN): Promise<Answer> =>
    (await f.emu.call('admin', { $url, ...input }, { openid })).result as Answer;
  const read = async (openid: string, input: object = {}): Promise<Answer> =>
    (await f.emu.call('distributor', { $url: 'materials', ...input }, { openid })).result as Answer;

  /** What the admin's page does for one picture: announce it, then upload the bytes to the answered path. */
  async function upload(materialId: string): Promise<string> {
    const prepared = await admin('prepareMaterialUpload', { materialId, extension: 'png' });
    expect(prepared.data.cloudPath).toMatch(new RegExp(`^materials/${materialId}/[a-z0-9]+-[0-9a-f]{12}\\.png$`));
    const { fileID } = await f.cloud.uploadFile({
      cloudPath: prepared.data.cloudPath,
      fileContent: Buffer.from('png'),
    });
    return fileID;
  }

  beforeEach(() => {
    f.emu.reset();
    seedRules(f.emu, { recruitment: 'apply' });
    f.emu.insert('admins', [{ _id: ADMIN, addedBy: 'test', addedAt: new Date(), note: '' }]);
    seedProduct(f.emu, { _id: 'p1', name: '龙井' }, [{ _id: 'p1-a', priceFen: 12_800, stock: 5 }]);
    seedUsers(f.emu, [{ id: 'oPROMO', status: 'approved' }, { id: 'oSHOPPER' }]);
  });

  it('creates, replays, updates and lists material, filtered by product, shop-wide and kind', async () => {
    const created = await admin('saveMaterial', TEXT);
    expect(created).toMatchObject({ ok: true, data: { status: 'created' } });
    expect(created.data.material).toMatchObject({
      materialId: 'm-text',
      productId: 'p1',
      productName: '龙井',
      kind: 'text',
      text: '明前龙井，豆香浓郁',
      images: [],
      paragraphs: [],
      sortOrder: 0,
      enabled: true,
    });
    expect((await admin('saveMaterial', TEXT)).data.status).toBe('replayed');
    expect((await admin('saveMaterial', { ...TEXT, text: '另一段' })).error?.code).toBe('MATERIAL_EXISTS');
    expect((await admin('saveMaterial', ARTICLE)).data.status).toBe('created');

    const updated = await admin('saveMaterial', { ...TEXT, mode: 'update', text: '新茶上市', sortOrder: 5 });
    expect(updated.data).toMatchObject({ status: 'updated', material: { text: '新茶上市', sortOrder: 5 } });
    expect((await admin('getMaterial', { materialId: 'm-text' })).data.material).toEqual(updated.data.material);
    expect((await admin('saveMaterial', { ...TEXT, mode: 'update', text: '新茶上市', sortOrder: 5 })).data.status).toBe(
      'unchanged',
    );

    const ids = (answer: Answer) => answer.data.items.map((item: { materialId: string }) => item.materialId);
    expect(ids(await admin('listMaterials'))).toEqual(['m-article', 'm-text']);
    expect(ids(await admin('listMaterials', { productId: 'p1' }))).toEqual(['m-text']);
    expect(ids(await admin('listMaterials', { productId: null }))).toEqual(['m-article']);
    expect(ids(await admin('listMaterials', { kind: 'article' }))).toEqual(['m-article']);
    const first = await admin('listMaterials', { limit: 1 });
    expect(first.data.nextOffset).toBe(1);
    expect(ids(await admin('listMaterials', { limit: 1, offset: 1 }))).toEqual(['m-text']);
  });

  it('refuses bad input, unknown products and unknown ids, writing nothing, and refuses a non-admin', async () => {
    const before = dump(f);
    const invalid = [
      { ...TEXT, text: '' },
      { ...TEXT, kind: 'image' },
      { ...TEXT, images: ['cloud://env.bucket/products/p1/a.png'] },
      { ...ARTICLE, title: '' },
      { ...ARTICLE, paragraphs: ['  '] },
      { ...TEXT, materialId: 'no spaces' },
      { ...TEXT, sortOrder: -1 },
      { ...TEXT, extra: 1 },
    ];
    for (const input of invalid) expect((await admin('saveMaterial', input)).error?.code).toBe('INVALID_INPUT');
    expect((await admin('saveMaterial', { ...TEXT, productId: 'p404' })).error?.code).toBe('MATERIAL_PRODUCT_UNKNOWN');
    expect((await admin('saveMaterial', { ...TEXT, mode: 'update' })).error?.code).toBe('MATERIAL_NOT_FOUND');
    expect((await admin('getMaterial', { materialId: 'm-x' })).error?.code).toBe('MATERIAL_NOT_FOUND');
    expect((await admin('setMaterialEnabled', { materialId: 'm-x', enabled: false })).error?.code).toBe(
      'MATERIAL_NOT_FOUND',
    );
    const valid: Array<[string, object]> = [
      ['listMaterials', {}],
      ['getMaterial', { materialId: 'm-text' }],
      ['saveMaterial', TEXT],
      ['setMaterialEnabled', { materialId: 'm-text', enabled: false }],
      ['deleteMaterial', { materialId: 'm-text' }],
      ['prepareMaterialUpload', { materialId: 'm-text', extension: 'png' }],
    ];
    for (const [route, input] of valid) expect((await admin(route, input, 'oPROMO')).error?.code).toBe('FORBIDDEN');
    expect(dump(f)).toBe(before);
  });

  it('deletes a material with its images and deletes the images an update drops', async () => {
    const [first, second] = [await upload('m-img'), await upload('m-img')];
    const images = { mode: 'create', materialId: 'm-img', productId: null, kind: 'image', images: [first, second] };
    const created = await admin('saveMaterial', images);
    expect(created.data.material.images).toEqual([
      { fileId: first, url: expect.any(String) },
      { fileId: second, url: expect.any(String) },
    ]);
    expect((await admin('saveMaterial', { ...images, mode: 'update', images: [second] })).data.status).toBe('updated');
    const paths = await storedPaths(f);
    expect(paths.filter((path) => path.startsWith('materials/m-img/'))).toHaveLength(1);
    expect((await admin('deleteMaterial', { materialId: 'm-img' })).data.status).toBe('deleted');
    expect((await admin('deleteMaterial', { materialId: 'm-img' })).data.status).toBe('unchanged');
    expect((await storedPaths(f)).filter((path) => path.startsWith('materials/'))).toEqual([]);
    expect(f.emu.emulator.store.scan('materials')).toEqual([]);
  });

  it("answers a promoter the product's and the shop's enabled material, and refuses everyone else", async () => {
    await admin('saveMaterial', TEXT);
    await admin('saveMaterial', ARTICLE);
    await admin('saveMaterial', { ...TEXT, materialId: 'm-off', text: '已停用的文案', enabled: false });
    await admin('saveMaterial', { ...TEXT, materialId: 'm-first', text: '排在最前', sortOrder: 0 });
    await admin('saveMaterial', { ...TEXT, mode: 'update', sortOrder: 3 });

    const answer = await read('oPROMO', { productId: 'p1' });
    expect(answer.ok).toBe(true);
    expect(answer.data.product).toMatchObject({ productId: 'p1', name: '龙井' });
    expect(answer.data.product.items.map((item: { materialId: string }) => item.materialId)).toEqual([
      'm-first',
      'm-text',
    ]);
    expect(answer.data.shop).toEqual([
      {
        materialId: 'm-article',
        kind: 'article',
        title: '新手推广指南',
        text: '',
        images: [],
        paragraphs: ARTICLE.paragraphs,
      },
    ]);
    // Bounded: the caller, the rules, the product and both groups, read together (no images here, so no links).
    const cost = await f.emu.call('distributor', { $url: 'materials', productId: 'p1' }, { openid: 'oPROMO' });
    expect(cost.invocation.roundTrips.total).toBe(5);
    const shopOnly = await read('oPROMO');
    expect(shopOnly.data.product).toBeNull();
    expect(shopOnly.data.shop).toHaveLength(1);

    expect((await admin('setMaterialEnabled', { materialId: 'm-article', enabled: false })).data.status).toBe(
      'changed',
    );
    expect((await read('oPROMO')).data.shop).toEqual([]);
    expect((await read('oPROMO', { productId: 'p404' })).error?.code).toBe('NOT_FOUND');
    expect((await read('oSHOPPER', { productId: 'p1' })).error?.code).toBe('NOT_DISTRIBUTOR');
    expect((await read('oPROMO', { productId: 'p1', extra: true })).error?.code).toBe('INVALID_INPUT');
  });
});
