/**
 * @jest-environment-options {"customExportConditions": ["node", "require", "default"]}
 */
/**
 * The materials library's pages against the emulator: 推广素材 for a promoter (texts copied with
 * one tap, images saved to the album, an article read in full; disabled material hidden), refused
 * to a shopper; 素材管理 (filters, 停用, 删除) and the form (编辑素材) creating and editing
 * material; and the entries from the product page, the distributor center and 商家管理.
 */
import type { EmulatorHandle } from '../../emulator/src/index';
import { seedProduct } from '../helpers/orders';
import { seedRules, seedUsers } from '../helpers/referrals';
import { loaded, until, useCouponEmulator } from './coupons-fixtures';
import { renderPage, settle, stateText, tap, text, texts, wx, type Rendered } from './helpers';

const ADMIN = 'oADMIN';
const f = useCouponEmulator();

function material(id: string, fields: Record<string, unknown>): Record<string, unknown> {
  const now = new Date();
  return {
    _id: id,
    productId: null,
    kind: 'text',
    title: '',
    text: '',
    images: [],
    paragraphs: [],
    sortOrder: 0,
    enabled: true,
    createdAt: now,
    updatedAt: now,
    ...fields,
  };
}

/** Stores a picture in the emulator's storage the way the admin page's upload does; answers its file id. */
async function uploadPicture(emu: EmulatorHandle, cloudPath: string): Promise<string> {
  const uploaded = (await emu.sdk().uploadFile({ cloudPath, fileContent: Buffer.from('png') })) as { fileID: string };
  return uploaded.fileID;
}

async function seedShop(emu: EmulatorHandle): Promise<void> {
  seedRules(emu, { recruitment: 'apply' });
  emu.insert('admins', [{ _id: ADMIN, addedBy: 'test', addedAt: new Date(), note: '' }]);
  seedProduct(emu, { _id: 'p1', name: '明前龙井' }, [{ _id: 'p1-a', priceFen: 12_800, stock: 5 }]);
  seedUsers(emu, [{ id: 'oPROMO', status: 'approved', nickname: '阿明' }, { id: 'oSHOPPER' }]);
  const picture = await uploadPicture(emu, 'materials/m-img/a.png');
  emu.insert('materials', [
    material('m-text', { productId: 'p1', title: '卖点一', text: '明前采摘，豆香浓郁', sortOrder: 1 }),
    material('m-img', { productId: 'p1', kind: 'image', title: '产品图', images: [picture] }),
    material('m-off', { productId: 'p1', text: '已停用的文案', enabled: false }),
    material('m-article', {
      kind: 'article',
      title: '新手推广指南',
      paragraphs: ['第一步：分享商品。', '第二步：生成海报。'],
    }),
  ]);
}

/** wx.downloadFile (not in the shared mock) answering every link with a temporary file. */
function provideDownload(tempFilePath: string): void {
  (wx as typeof wx & { downloadFile: jest.Mock }).downloadFile = jest.fn(
    (options: { success: (answer: object) => void }) => options.success({ statusCode: 200, tempFilePath }),
  );
}

function input(page: Rendered, selector: string, value: string): void {
  page.querySelector(selector)!.dispatchEvent('input', { detail: { value } });
}

function choose(page: Rendered, selector: string, value: string): void {
  page.querySelector(selector)!.dispatchEvent('change', { detail: { value } });
}

describe('distributor/materials/materials', () => {
  it("shows a promoter the product's and the shop's enabled material by kind, copies, saves and reads", async () => {
    await seedShop(f.emu);
    f.as('oPROMO');
    const page = await renderPage('distributor/materials/materials', { productId: 'p1' });
    await loaded(page);
    expect(text(page, '.product-line')).toBe('明前龙井 的素材与通用素材');
    expect(texts(page, '.section-title')).toEqual(['文案', '图片', '培训文章']);
    expect(texts(page, '.material-text')).toEqual(['明前采摘，豆香浓郁']);
    expect(texts(page, '.origin')).toEqual(['本商品', '本商品', '通用']);
    expect(page.querySelectorAll('.material-image')).toHaveLength(1);

    await tap(page, '.copy-button', '.t-button');
    expect(wx.setClipboardData).toHaveBeenCalledWith({ data: '明前采摘，豆香浓郁' });

    provideDownload('http://tmp/material-1.png');
    await tap(page, '.save-images-button', '.t-button');
    await until(() => !page.data.savingKey);
    expect(wx.saveImageToPhotosAlbum).toHaveBeenCalledWith({ filePath: 'http://tmp/material-1.png' });
    expect(wx.showToast).toHaveBeenCalledWith({ title: '已保存 1 张图片', icon: 'success' });

    page.querySelector('.article-row')!.dispatchEvent('tap');
    await settle();
    expect(text(page, '.article-title')).toBe('新手推广指南');
    expect(texts(page, '.paragraph')).toEqual(['第一步：分享商品。', '第二步：生成海报。']);
    await tap(page, '.back-button', '.t-button');
    expect(page.querySelector('.article-title')).toBeUndefined();
    expect(page.querySelector('.privacy-popup')).toBeDefined();
  });

  it('leads to the settings when the album permission was refused', async () => {
    await seedShop(f.emu);
    f.as('oPROMO');
    const page = await renderPage('distributor/materials/materials', { productId: 'p1' });
    await loaded(page);
    provideDownload('http://tmp/material-1.png');
    wx.saveImageToPhotosAlbum.mockRejectedValueOnce({ errMsg: 'saveImageToPhotosAlbum:fail auth deny' });
    wx.showModal.mockResolvedValueOnce({ confirm: true, cancel: false });
    await tap(page, '.save-images-button', '.t-button');
    await until(() => !page.data.savingKey);
    expect(wx.showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '需要相册权限' }));
    expect(wx.openSetting).toHaveBeenCalled();
    expect(wx.showToast).not.toHaveBeenCalledWith(expect.objectContaining({ icon: 'success' }));
  });

  it('shows only shop-wide material from the distributor center, and refuses a shopper', async () => {
    await seedShop(f.emu);
    f.as('oPROMO');
    const shopOnly = await renderPage('distributor/materials/materials');
    await loaded(shopOnly);
    expect(texts(shopOnly, '.section-title')).toEqual(['培训文章']);
    expect(shopOnly.querySelector('.product-line')).toBeUndefined();

    f.as('oSHOPPER');
    const refused = await renderPage('distributor/materials/materials', { productId: 'p1' });
    await loaded(refused);
    expect(stateText(refused)).toBe('加载失败 成为推广员后才能使用推广素材');
  });

  it('says so when the merchant has prepared nothing', async () => {
    seedRules(f.emu, { recruitment: 'apply' });
    seedUsers(f.emu, [{ id: 'oPROMO', status: 'approved' }]);
    f.as('oPROMO');
    const page = await renderPage('distributor/materials/materials');
    await loaded(page);
    expect(stateText(page)).toBe('商家还没有准备推广素材');
  });
});

describe('admin/materials/materials', () => {
  it('lists the library, filters shop-wide and per product, disables and deletes', async () => {
    await seedShop(f.emu);
    f.as(ADMIN);
    const page = await renderPage('admin/materials/materials', {
      productId: 'p1',
      productName: encodeURIComponent('明前龙井'),
    });
    page.instance.onShow();
    await loaded(page);
    expect(texts(page, '.filter')).toEqual(['全部', '通用', '明前龙井']);
    expect(texts(page, '.material-title')).toEqual(['产品图', '文案', '卖点一']);
    expect(texts(page, '.material-status')).toEqual(['推广员可见', '已停用', '推广员可见']);

    page.querySelectorAll('.filter')[1]!.dispatchEvent('tap');
    await until(() => page.data.status !== 'loading' && page.data.rows[0]?.id === 'm-article');
    expect(texts(page, '.material-title')).toEqual(['新手推广指南']);
    expect(texts(page, '.scope-tag')).toEqual(['通用']);

    await tap(page, '.enabled-button', '.t-button');
    await until(() => !page.data.busyId);
    expect(texts(page, '.material-status')).toEqual(['已停用']);
    expect(f.emu.emulator.store.scan('materials').find((doc) => doc._id === 'm-article')?.enabled).toBe(false);

    wx.showModal.mockResolvedValueOnce({ confirm: true, cancel: false });
    await tap(page, '.delete-button', '.t-button');
    await until(() => page.data.rows.length === 0);
    expect(f.emu.emulator.store.scan('materials').map((doc) => doc._id)).not.toContain('m-article');

    await tap(page, '.create-button', '.t-button');
    expect(wx.navigateTo).toHaveBeenLastCalledWith({
      url: `/admin/material/material?productId=p1&productName=${encodeURIComponent('明前龙井')}`,
    });
  });
});

describe('admin/material/material', () => {
  it("creates a product's selling-point text, refusing an empty one first", async () => {
    await seedShop(f.emu);
    f.as(ADMIN);
    const page = await renderPage('admin/material/material', {
      productId: 'p1',
      productName: encodeURIComponent('明前龙井'),
    });
    await loaded(page);
    await tap(page, '.save-button', '.t-button');
    expect(text(page, '.text-error')).toBe('请填写文案');
    input(page, '.text', '  一芽一叶，鲜爽回甘  ');
    input(page, '.sort-order', '3');
    await tap(page, '.save-button', '.t-button');
    await until(() => !page.data.saving);
    const id = page.data.form.materialId as string;
    expect(f.emu.emulator.store.scan('materials').find((doc) => doc._id === id)).toMatchObject({
      productId: 'p1',
      kind: 'text',
      text: '一芽一叶，鲜爽回甘',
      sortOrder: 3,
      enabled: true,
    });
    expect(page.data.form.mode).toBe('update');
    expect(wx.showToast).toHaveBeenCalledWith({ title: '已创建', icon: 'success' });
  });

  it('edits an article into shop-wide material that distributors no longer see', async () => {
    await seedShop(f.emu);
    f.as(ADMIN);
    const page = await renderPage('admin/material/material', { id: 'm-article' });
    await loaded(page);
    expect(page.data.form.body).toBe('第一步：分享商品。\n第二步：生成海报。');
    expect(text(page, '.scope-text')).toBe('通用（全店）');
    input(page, '.body', '第一步：分享商品。\n\n第三步：复盘。');
    page.querySelector('.enabled')!.dispatchEvent('change', { detail: { value: false } });
    await tap(page, '.save-button', '.t-button');
    await until(() => !page.data.saving);
    expect(f.emu.emulator.store.scan('materials').find((doc) => doc._id === 'm-article')).toMatchObject({
      paragraphs: ['第一步：分享商品。', '第三步：复盘。'],
      enabled: false,
    });
    expect(wx.showToast).toHaveBeenCalledWith({ title: '已保存', icon: 'success' });
  });

  it('asks for images before saving an image material', async () => {
    await seedShop(f.emu);
    f.as(ADMIN);
    const page = await renderPage('admin/material/material');
    await loaded(page);
    expect(text(page, '.scope-text')).toBe('通用（全店）');
    choose(page, '.kind', 'image');
    await settle();
    await tap(page, '.save-button', '.t-button');
    expect(text(page, '.images-error')).toBe('请上传图片');
    expect(f.emu.emulator.store.scan('materials')).toHaveLength(4);
  });
  it('uploads a picked photo into the material’s folder and saves it as an image material', async () => {
    await seedShop(f.emu);
    f.as(ADMIN);
    wx.cloud.uploadFile.mockImplementation(async ({ cloudPath }: { cloudPath: string }) => ({
      fileID: await uploadPicture(f.emu, cloudPath),
      statusCode: 200,
      errMsg: 'cloud.uploadFile:ok',
    }));
    const platform = wx as unknown as { chooseMedia: jest.Mock };
    platform.chooseMedia = jest.fn(async () => ({ tempFiles: [{ tempFilePath: 'http://tmp/photo.PNG', size: 1 }] }));
    const page = await renderPage('admin/material/material');
    await loaded(page);
    choose(page, '.kind', 'image');
    input(page, '.title', '冲泡示意');
    await settle();
    await tap(page, '.add-image');
    await until(() => page.data.uploading === 0 && page.data.form.images.length === 1);
    const [fileId] = page.data.form.images as string[];
    const materialId = page.data.form.materialId as string;
    expect(fileId).toMatch(new RegExp(`/materials/${materialId}/[^/]+\\.png$`));
    await tap(page, '.save-button', '.t-button');
    await until(() => f.emu.emulator.store.scan('materials').length === 5);
    expect(f.emu.emulator.store.scan('materials').find((doc) => doc._id === materialId)).toMatchObject({
      kind: 'image',
      images: [fileId],
    });
  });
});

describe('entries', () => {
  it('opens 素材管理 from 商家管理 and 推广素材 from the distributor center', async () => {
    await seedShop(f.emu);
    f.as(ADMIN);
    const index = await renderPage('admin/index/index', { manage: '1' });
    await loaded(index);
    await tap(index, '.materials-link', '.t-cell');
    expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/admin/materials/materials' });

    f.as('oPROMO');
    const center = await renderPage('distributor/center/center');
    await loaded(center);
    await tap(center, '.materials-link', '.t-cell');
    expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/distributor/materials/materials' });
  });
});
