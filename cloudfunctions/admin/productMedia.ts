/**
 * Product images in cloud storage: where the admin's page uploads them (prepareProductUpload)
 * and how files no product references are removed again.
 *
 * Cloud functions cannot list cloud storage, so every upload is announced first: the route
 * records it in `productUploads` (shared/catalog.ts ProductUploadDocument) and answers a fresh
 * path under the product's folder, to which the page uploads the picture itself. The page's
 * upload creates the file, so the merchant owns it under the platform's default storage rule
 * (only the creator may write); the function writes nothing to storage here.
 *
 * An upload ends in one of two ways:
 * - a save of the product references it: the record goes, the file stays;
 * - nothing references it: the product's next save deletes it (cleanUpAfterSave), or, for a
 *   product whose form was abandoned (even one never created), the sweep deletes it once it is
 *   older than UPLOAD_SWEEP_AGE_MS. The sweep runs a little at a time inside the admin's own
 *   product calls (each upload and each save), so it needs no timer of its own.
 * A save also deletes the files the product referenced before and no longer does (a removed image).
 *
 * Deleting needs file ids, and a function cannot build one from a path (the bucket's name is the
 * platform's). Every file id of the environment starts alike (`cloud://<env>.<bucket>/`), so the
 * prefix is taken from a file id the function has seen: one of the save, or any stored product's
 * image. Until the shop has a single saved image there is nothing to learn it from; the records
 * then wait for the next attempt.
 */
import { randomBytes } from 'node:crypto';
import { UPLOAD_SWEEP_AGE_MS, type ProductDocument, type ProductUploadDocument } from '@shared/catalog';
import type { AdminError, AdminInput, AdminOutput } from '@shared/contracts/admin';
import { productImagePath } from '@shared/contracts/catalog';
import { ok, type Result } from '@shared/result';
import { _, findWhere, getDoc, insertDoc, removeWhere } from '../_lib/db';
import { deleteFiles } from '../_lib/wx';
import type { AdminContext } from './context';

/** How many expired uploads one call sweeps at most, so a backlog never slows a call much. */
const SWEEP_BATCH = 20;

/** Every file a product references (gallery and detail images). */
export function referencedImages(product: Pick<ProductDocument, 'images' | 'detailImages'> | null): string[] {
  return product ? [...product.images, ...(product.detailImages ?? [])] : [];
}

export async function prepareProductUpload(
  context: AdminContext,
  input: AdminInput<'prepareProductUpload'>,
): Promise<Result<AdminOutput<'prepareProductUpload'>, AdminError>> {
  await sweepExpiredUploads(context.now);
  const name = `${context.now.getTime().toString(36)}-${randomBytes(6).toString('hex')}.${input.extension}`;
  const cloudPath = productImagePath(input.productId, name);
  const upload: ProductUploadDocument = { _id: name, productId: input.productId, cloudPath, createdAt: context.now };
  await insertDoc('productUploads', upload);
  return ok({ cloudPath });
}

/** `cloud://<env>.<bucket>/` of a product image's file id, or null for anything else. */
function prefixOf(fileId: string): string | null {
  return /^(cloud:\/\/[^/]+\/)products\//.exec(fileId)?.[1] ?? null;
}

/** The environment's file id prefix: from the ids at hand, else from any stored product's image. */
async function fileIdPrefix(known: string[]): Promise<string | null> {
  for (const fileId of known) {
    const prefix = prefixOf(fileId);
    if (prefix) return prefix;
  }
  const [product] = await findWhere('products', { 'images.0': _.exists(true) }, { limit: 1 });
  return product ? prefixOf(product.images[0] as string) : null;
}

/**
 * Deletes the announced uploads not in `keep` and removes the records of those deleted or kept;
 * without a known file id prefix the records stay for a later attempt.
 */
async function settleUploads(uploads: ProductUploadDocument[], keep: Set<string>, known: string[]): Promise<void> {
  if (uploads.length === 0) return;
  const prefix = await fileIdPrefix(known);
  if (!prefix) return;
  const fileIdOf = (upload: ProductUploadDocument) => `${prefix}${upload.cloudPath}`;
  const refused = new Set(await deleteInBatches(uploads.map(fileIdOf).filter((fileId) => !keep.has(fileId))));
  const settled = uploads.filter((upload) => !refused.has(fileIdOf(upload))).map((upload) => upload._id);
  if (settled.length > 0) await removeWhere('productUploads', { _id: _.in(settled) });
}

/**
 * After a successful save: the product's announced uploads are settled (kept when referenced,
 * deleted otherwise) and the files the save dropped from the product are deleted. Deleting a
 * file that is already gone counts as done, so a retried save repeats this harmlessly.
 */
export async function cleanUpAfterSave(productId: string, before: string[], after: string[], now: Date): Promise<void> {
  const kept = new Set(after);
  await deleteInBatches(before.filter((fileId) => !kept.has(fileId)));
  const uploads = await findWhere('productUploads', { productId }, { limit: 100 });
  await settleUploads(uploads, kept, [...after, ...before]);
  await sweepExpiredUploads(now);
}

/** Uploads older than UPLOAD_SWEEP_AGE_MS: deleted unless their product references them now. */
async function sweepExpiredUploads(now: Date): Promise<void> {
  const expired = await findWhere(
    'productUploads',
    { createdAt: _.lt(new Date(now.getTime() - UPLOAD_SWEEP_AGE_MS)) },
    { limit: SWEEP_BATCH, orderBy: [['createdAt', 'asc']] },
  );
  if (expired.length === 0) return;
  const productIds = [...new Set(expired.map((upload) => upload.productId))];
  const products = await Promise.all(productIds.map((id) => getDoc('products', id)));
  const referenced = products.flatMap((product) => referencedImages(product));
  await settleUploads(expired, new Set(referenced), referenced);
}

async function deleteInBatches(fileIds: string[]): Promise<string[]> {
  const refused: string[] = [];
  for (let start = 0; start < fileIds.length; start += 50)
    refused.push(...(await deleteFiles(fileIds.slice(start, start + 50))));
  return refused;
}
