/**
 * The materials library's administration (shared/contracts/adminMaterials.ts): the merchant
 * lists, reads, creates, edits, enables or disables and deletes materials (shared/materials.ts).
 *
 * Ids are chosen by the admin's page when its form opens, so a retried create finds what its
 * first attempt wrote: the same content again is a replay, other content under that id is
 * MATERIAL_EXISTS. An update writes the whole material, so repeating it changes nothing.
 * Images are uploaded by the page to the path prepareMaterialUpload answers (the way product
 * images are, cloudfunctions/admin/productMedia.ts); a save or a delete removes the files the
 * material no longer references.
 */
import { randomBytes } from 'node:crypto';
import type { AdminError, AdminInput, AdminOutput } from '@shared/contracts/admin';
import type { MaterialView } from '@shared/contracts/adminMaterials';
import { materialImagePath, type MaterialDocument } from '@shared/materials';
import { fail, ok, type Result } from '@shared/result';
import { _, findWhere, getDoc, insertDoc, removeWhere, updateWhere } from '../_lib/db';
import { pageOf } from '../_lib/paging';
import { deleteFiles, getTempFileUrls } from '../_lib/wx';
import type { AdminContext } from './context';

/** Links to images are for the admin's page open now: an hour is plenty. */
const IMAGE_URL_MAX_AGE_SECONDS = 3600;

type SaveInput = AdminInput<'saveMaterial'>;
type SaveOutput = AdminOutput<'saveMaterial'>;
type Content = Pick<MaterialDocument, 'productId' | 'kind' | 'title' | 'text' | 'images' | 'paragraphs'> &
  Pick<MaterialDocument, 'sortOrder' | 'enabled'>;

function contentOf(input: SaveInput): Content {
  const { productId, kind, title, text, images, paragraphs, sortOrder, enabled } = input;
  return { productId, kind, title, text, images, paragraphs, sortOrder, enabled };
}

/** Content as comparable text, keys in one order. */
function fingerprint(content: Content): string {
  const { productId, kind, title, text, images, paragraphs, sortOrder, enabled } = content;
  return JSON.stringify([productId, kind, title, text, images, paragraphs, sortOrder, enabled]);
}

/** The views of several materials: their products' names and their images' links, read at once. */
async function viewsOf(materials: MaterialDocument[]): Promise<MaterialView[]> {
  const productIds = [...new Set(materials.map((material) => material.productId).filter((id) => id !== null))];
  const fileIds = materials.flatMap((material) => material.images);
  const [products, links] = await Promise.all([
    productIds.length ? findWhere('products', { _id: _.in(productIds) }, { limit: productIds.length }) : [],
    fileIds.length ? getTempFileUrls(fileIds, IMAGE_URL_MAX_AGE_SECONDS) : new Map<string, string>(),
  ]);
  const names = new Map(products.map((product) => [product._id, product.name]));
  return materials.map((material) => ({
    materialId: material._id,
    productId: material.productId,
    productName: material.productId ? (names.get(material.productId) ?? null) : null,
    kind: material.kind,
    title: material.title,
    text: material.text,
    images: material.images.map((fileId) => ({ fileId, url: links.get(fileId) ?? null })),
    paragraphs: material.paragraphs,
    sortOrder: material.sortOrder,
    enabled: material.enabled,
    createdAt: material.createdAt.toISOString(),
    updatedAt: material.updatedAt.toISOString(),
  }));
}

async function viewOf(material: MaterialDocument): Promise<MaterialView> {
  const [view] = await viewsOf([material]);
  return view as MaterialView;
}

export async function listMaterials(
  input: AdminInput<'listMaterials'>,
): Promise<Result<AdminOutput<'listMaterials'>, AdminError>> {
  const where: Record<string, unknown> = {};
  if (input.productId !== undefined) where.productId = input.productId;
  if (input.kind) where.kind = input.kind;
  const rows = await findWhere('materials', where, {
    orderBy: [
      ['sortOrder', 'asc'],
      ['createdAt', 'desc'],
      ['_id', 'asc'],
    ],
    skip: input.offset,
    limit: input.limit + 1,
  });
  const page = pageOf(rows, input.offset, input.limit);
  return ok({ items: await viewsOf(page.items), nextOffset: page.nextOffset });
}

export async function getMaterial(
  input: AdminInput<'getMaterial'>,
): Promise<Result<AdminOutput<'getMaterial'>, AdminError>> {
  const material = await getDoc('materials', input.materialId);
  if (!material) return fail('MATERIAL_NOT_FOUND', '素材不存在');
  return ok({ material: await viewOf(material) });
}

/** Deletes files a material no longer references; a file already gone counts as deleted. */
async function deleteDropped(before: string[], after: string[]): Promise<void> {
  const kept = new Set(after);
  const dropped = before.filter((fileId) => !kept.has(fileId));
  if (dropped.length > 0) await deleteFiles(dropped);
}

async function createMaterial(id: string, content: Content, now: Date): Promise<Result<SaveOutput, AdminError>> {
  const doc: MaterialDocument = { _id: id, ...content, createdAt: now, updatedAt: now };
  const inserted = await insertDoc('materials', doc);
  if (inserted === 'inserted') return ok({ status: 'created', material: await viewOf(doc) });
  const existing = await getDoc('materials', id);
  if (existing && fingerprint(existing) === fingerprint(content))
    return ok({ status: 'replayed', material: await viewOf(existing) });
  return fail('MATERIAL_EXISTS', '素材编号已被使用');
}

async function updateMaterial(
  existing: MaterialDocument,
  content: Content,
  now: Date,
): Promise<Result<SaveOutput, AdminError>> {
  if (fingerprint(existing) === fingerprint(content))
    return ok({ status: 'unchanged', material: await viewOf(existing) });
  const { images, paragraphs, ...scalars } = content;
  // _.set: a plain array would be merged element by element, leaving a shortened list's tail behind.
  await updateWhere(
    'materials',
    { _id: existing._id },
    { ...scalars, images: _.set(images), paragraphs: _.set(paragraphs), updatedAt: now },
  );
  await deleteDropped(existing.images, images);
  return ok({ status: 'updated', material: await viewOf({ ...existing, ...content, updatedAt: now }) });
}

export async function saveMaterial(context: AdminContext, input: SaveInput): Promise<Result<SaveOutput, AdminError>> {
  const [existing, product] = await Promise.all([
    input.mode === 'update' ? getDoc('materials', input.materialId) : null,
    input.productId ? getDoc('products', input.productId) : null,
  ]);
  if (input.mode === 'update' && !existing) return fail('MATERIAL_NOT_FOUND', '素材不存在');
  if (input.productId && !product) return fail('MATERIAL_PRODUCT_UNKNOWN', '素材所属的商品不存在');
  const content = contentOf(input);
  return existing
    ? updateMaterial(existing, content, context.now)
    : createMaterial(input.materialId, content, context.now);
}

export async function setMaterialEnabled(
  context: AdminContext,
  input: AdminInput<'setMaterialEnabled'>,
): Promise<Result<AdminOutput<'setMaterialEnabled'>, AdminError>> {
  const material = await getDoc('materials', input.materialId);
  if (!material) return fail('MATERIAL_NOT_FOUND', '素材不存在');
  if (material.enabled === input.enabled) return ok({ status: 'unchanged', material: await viewOf(material) });
  await updateWhere('materials', { _id: material._id }, { enabled: input.enabled, updatedAt: context.now });
  return ok({
    status: 'changed',
    material: await viewOf({ ...material, enabled: input.enabled, updatedAt: context.now }),
  });
}

/** Deletes the material and its images; deleting one already gone is a replay. */
export async function deleteMaterial(
  input: AdminInput<'deleteMaterial'>,
): Promise<Result<AdminOutput<'deleteMaterial'>, AdminError>> {
  const material = await getDoc('materials', input.materialId);
  if (!material) return ok({ status: 'unchanged', materialId: input.materialId });
  await removeWhere('materials', { _id: material._id });
  await deleteDropped(material.images, []);
  return ok({ status: 'deleted', materialId: material._id });
}

/**
 * A fresh path under the material's folder for the page's upload. Nothing is recorded: an image
 * uploaded for a form that is then abandoned stays in storage unreferenced (docs/team.md section 6).
 */
export async function prepareMaterialUpload(
  context: AdminContext,
  input: AdminInput<'prepareMaterialUpload'>,
): Promise<Result<AdminOutput<'prepareMaterialUpload'>, AdminError>> {
  const name = `${context.now.getTime().toString(36)}-${randomBytes(6).toString('hex')}.${input.extension}`;
  return ok({ cloudPath: materialImagePath(input.materialId, name) });
}
