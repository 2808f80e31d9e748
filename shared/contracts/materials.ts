/**
 * The distributor's read of the materials library (推广素材, route `distributor.materials`):
 * the enabled material of one product and of the whole shop, for callers who may promote (the
 * same test as the poster function's). The admin's routes are in adminMaterials.ts.
 */
import { z } from 'zod';
import { MATERIAL_KINDS } from '../materials';
import { MaterialImageView } from './adminMaterials';
import { ProductId } from './catalog';

export const MaterialsInput = z.strictObject({
  /** The product page's material; absent: shop-wide material only (the distributor center). */
  productId: ProductId.optional(),
});
export type MaterialsInput = z.input<typeof MaterialsInput>;

export const MaterialItem = z.object({
  materialId: z.string(),
  kind: z.enum(MATERIAL_KINDS),
  title: z.string(),
  text: z.string(),
  images: z.array(MaterialImageView),
  paragraphs: z.array(z.string()),
});
export type MaterialItem = z.infer<typeof MaterialItem>;

export const MaterialsOutput = z.object({
  /** The product's name and its material, by sortOrder; null when no productId was asked for. */
  product: z.object({ productId: z.string(), name: z.string(), items: z.array(MaterialItem) }).nullable(),
  /** Shop-wide material, by sortOrder. */
  shop: z.array(MaterialItem),
});
export type MaterialsOutput = z.infer<typeof MaterialsOutput>;

/** How many materials each group answers at most, so one read stays bounded. */
export const MATERIALS_PER_GROUP = 50;
