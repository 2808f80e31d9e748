/**
 * The materials library for distributors (推广素材, route `materials`): the enabled material of
 * one product and of the whole shop, by sortOrder, with temporary links to the images. Only for
 * callers who may promote, decided as the poster function decides (shared/users.ts
 * isDistributor). Round trips: four reads sent together (the caller, the rules, and the two
 * groups of material, plus the product for its name) and one batch of image links.
 */
import type { DistributorError } from '@shared/contracts/distributor';
import { MATERIALS_PER_GROUP, type MaterialItem, type MaterialsOutput } from '@shared/contracts/materials';
import type { MaterialDocument } from '@shared/materials';
import { fail, ok, type Result } from '@shared/result';
import { isDistributor } from '@shared/users';
import { findWhere, getDoc } from '../_lib/db';
import { loadRules } from '../_lib/rules';
import { ensureUser } from '../_lib/users';
import { getTempFileUrls } from '../_lib/wx';

/** An hour covers a page left open before the distributor saves the images. */
const IMAGE_URL_MAX_AGE_SECONDS = 3600;

/** Enabled material of one product, or the shop's (productId null), in display order. */
function enabledOf(productId: string | null): Promise<MaterialDocument[]> {
  return findWhere(
    'materials',
    { productId, enabled: true },
    {
      orderBy: [
        ['sortOrder', 'asc'],
        ['createdAt', 'desc'],
        ['_id', 'asc'],
      ],
      limit: MATERIALS_PER_GROUP,
    },
  );
}

function itemOf(material: MaterialDocument, links: Map<string, string>): MaterialItem {
  const { _id: materialId, kind, title, text, paragraphs } = material;
  const images = material.images.map((fileId) => ({ fileId, url: links.get(fileId) ?? null }));
  return { materialId, kind, title, text, images, paragraphs };
}

export async function materials(
  openid: string,
  productId: string | undefined,
  now: Date,
): Promise<Result<MaterialsOutput, DistributorError>> {
  const [user, rules, product, productMaterials, shopMaterials] = await Promise.all([
    ensureUser(openid, now),
    loadRules(),
    productId ? getDoc('products', productId) : null,
    productId ? enabledOf(productId) : [],
    enabledOf(null),
  ]);
  if (!isDistributor(user, rules)) return fail('NOT_DISTRIBUTOR', '成为推广员后才能使用推广素材');
  if (productId && !product) return fail('NOT_FOUND', '商品不存在');
  const fileIds = [...productMaterials, ...shopMaterials].flatMap((material) => material.images);
  const links = fileIds.length ? await getTempFileUrls(fileIds, IMAGE_URL_MAX_AGE_SECONDS) : new Map<string, string>();
  return ok({
    product: product
      ? { productId: product._id, name: product.name, items: productMaterials.map((m) => itemOf(m, links)) }
      : null,
    shop: shopMaterials.map((material) => itemOf(material, links)),
  });
}
