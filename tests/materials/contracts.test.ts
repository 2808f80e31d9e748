/**
 * The materials contracts and their pure validation (shared/materials.ts): each kind needs its
 * own content and carries no other kind's, limits hold, images must be this material's uploads,
 * and the distributor's read takes only a product id.
 */
import { ListMaterialsInput, SaveMaterialInput } from '@shared/contracts/adminMaterials';
import { MaterialsInput } from '@shared/contracts/materials';
import { isMaterialImageFileId, MATERIAL_LIMITS, materialProblems, paragraphsOf } from '@shared/materials';

const FILE = 'cloud://env-1.bucket/materials/m-1/abc-0123456789ab.png';
const BASE = { mode: 'create', materialId: 'm-1', productId: null } as const;

describe('SaveMaterialInput', () => {
  it.each([
    ['a text', { kind: 'text', text: '  好茶  ' }],
    ['images', { kind: 'image', title: '九宫格', images: [FILE] }],
    ['an article', { kind: 'article', title: '指南', paragraphs: ['一', '二'], sortOrder: 3, enabled: false }],
    ['a product text', { kind: 'text', text: '好茶', productId: 'p1' }],
  ])('accepts %s', (_name, change) => {
    expect(SaveMaterialInput.safeParse({ ...BASE, ...change }).success).toBe(true);
  });

  it('trims the text and fills the defaults', () => {
    expect(SaveMaterialInput.parse({ ...BASE, kind: 'text', text: '  好茶 ' })).toEqual({
      ...BASE,
      kind: 'text',
      title: '',
      text: '好茶',
      images: [],
      paragraphs: [],
      sortOrder: 0,
      enabled: true,
    });
  });

  it.each([
    ['an empty text', { kind: 'text', text: '   ' }],
    ['a text with images', { kind: 'text', text: '好茶', images: [FILE] }],
    ['images without images', { kind: 'image' }],
    ['too many images', { kind: 'image', images: Array(MATERIAL_LIMITS.images + 1).fill(FILE) }],
    ["another material's image", { kind: 'image', images: [FILE.replace('m-1', 'm-2')] }],
    ['a product image', { kind: 'image', images: ['cloud://env-1.bucket/products/m-1/a.png'] }],
    ['an article without a title', { kind: 'article', paragraphs: ['一'] }],
    ['an article without a body', { kind: 'article', title: '指南', paragraphs: [' '] }],
    ['an article with text', { kind: 'article', title: '指南', paragraphs: ['一'], text: '好茶' }],
    ['a long title', { kind: 'text', text: '好茶', title: '长'.repeat(MATERIAL_LIMITS.titleChars + 1) }],
    ['a long text', { kind: 'text', text: '长'.repeat(MATERIAL_LIMITS.textChars + 1) }],
    ['an unknown kind', { kind: 'video', text: '好茶' }],
    ['a bad id', { kind: 'text', text: '好茶', materialId: 'm/1' }],
    ['a bad product id', { kind: 'text', text: '好茶', productId: 'p 1' }],
    ['an unknown field', { kind: 'text', text: '好茶', extra: 1 }],
  ])('refuses %s', (_name, change) => {
    expect(SaveMaterialInput.safeParse({ ...BASE, ...change }).success).toBe(false);
  });
});

describe('the other inputs', () => {
  it('lists all, shop-wide or one product', () => {
    expect(ListMaterialsInput.parse({})).toEqual({ limit: 20, offset: 0 });
    expect(ListMaterialsInput.parse({ productId: null }).productId).toBeNull();
    expect(ListMaterialsInput.safeParse({ limit: 51 }).success).toBe(false);
  });

  it("takes a product id or nothing for the distributor's read", () => {
    expect(MaterialsInput.safeParse({}).success).toBe(true);
    expect(MaterialsInput.safeParse({ productId: 'p1' }).success).toBe(true);
    expect(MaterialsInput.safeParse({ productId: null }).success).toBe(false);
    expect(MaterialsInput.safeParse({ openid: 'oX' }).success).toBe(false);
  });
});

describe('pure helpers', () => {
  it('splits an article into its non-empty lines', () => {
    expect(paragraphsOf(' 第一段 \r\n\n第二段\n  ')).toEqual(['第一段', '第二段']);
  });

  it('recognises only uploads under the material folder', () => {
    expect(isMaterialImageFileId(FILE, 'm-1')).toBe(true);
    expect(isMaterialImageFileId(FILE, 'm')).toBe(false);
    expect(isMaterialImageFileId('cloud://env-1.bucket/materials/m-1/', 'm-1')).toBe(false);
    expect(isMaterialImageFileId('https://example.com/materials/m-1/a.png', 'm-1')).toBe(false);
  });

  it('words each problem for the form', () => {
    expect(materialProblems({ kind: 'article', title: '', text: '', images: [], paragraphs: [] })).toEqual([
      { field: 'title', message: '请填写文章标题' },
      { field: 'paragraphs', message: '请填写文章正文' },
    ]);
  });
});
