/**
 * The admin's materials routes (素材管理): list the library, read one material, save a material (create or
 * update), enable or disable one, delete one, and announce an image upload. Use cases in
 * cloudfunctions/admin/materials.ts; docs/api.md (admin, materials) describes them and
 * shared/materials.ts holds the kinds, the limits and the validation both the form and these
 * contracts apply.
 */
import { z } from 'zod';
import { isMaterialImageFileId, MATERIAL_ID_PATTERN, MATERIAL_KINDS, materialProblems } from '../materials';
import { IMAGE_EXTENSIONS, ProductId } from './catalog';

const strict = z.strictObject;
const IsoTime = z.string();

const MaterialId = z.string().trim().regex(MATERIAL_ID_PATTERN, 'letters, digits and - only, at most 40');
const Kind = z.enum(MATERIAL_KINDS);

/** An image as the pages show it: its file id and a temporary link (null when the file is gone). */
export const MaterialImageView = z.object({ fileId: z.string(), url: z.string().nullable() });

export const MaterialView = z.object({
  materialId: z.string(),
  /** null: shop-wide. */
  productId: z.string().nullable(),
  /** The product's name, null for shop-wide material or a product since deleted. */
  productName: z.string().nullable(),
  kind: Kind,
  title: z.string(),
  text: z.string(),
  images: z.array(MaterialImageView),
  paragraphs: z.array(z.string()),
  sortOrder: z.number().int(),
  enabled: z.boolean(),
  createdAt: IsoTime,
  updatedAt: IsoTime,
});
export type MaterialView = z.infer<typeof MaterialView>;

export const ListMaterialsInput = strict({
  /** Absent: every material; null: shop-wide only; an id: that product's only. */
  productId: ProductId.nullable().optional(),
  kind: Kind.optional(),
  limit: z.number().int().min(1).max(50).default(20),
  offset: z.number().int().min(0).max(10_000).default(0),
});
export const ListMaterialsOutput = z.object({
  /** By sortOrder, then newest first. */
  items: z.array(MaterialView),
  nextOffset: z.number().int().nullable(),
});

export const GetMaterialInput = strict({ materialId: MaterialId });
export const GetMaterialOutput = z.object({ material: MaterialView });

export const SaveMaterialInput = strict({
  /** `create` refuses an id holding other content (the same content again is a replay); `update` an unknown id. */
  mode: z.enum(['create', 'update']),
  materialId: MaterialId,
  productId: ProductId.nullable(),
  kind: Kind,
  title: z.string().trim().default(''),
  text: z.string().trim().default(''),
  images: z.array(z.string().max(500)).default([]),
  paragraphs: z.array(z.string().trim()).default([]),
  sortOrder: z.number().int().min(0).max(1_000_000).default(0),
  enabled: z.boolean().default(true),
}).superRefine((input, context) => {
  for (const problem of materialProblems(input))
    context.addIssue({ code: 'custom', path: [problem.field], message: problem.message });
  input.images.forEach((fileId, index) => {
    if (!isMaterialImageFileId(fileId, input.materialId))
      context.addIssue({ code: 'custom', path: ['images', index], message: 'not an image uploaded for this material' });
  });
});
export type SaveMaterialInput = z.input<typeof SaveMaterialInput>;

export const SaveMaterialOutput = z.object({
  /** `replayed`: this very content was already stored (a retried create); `unchanged`: an update that changed nothing. */
  status: z.enum(['created', 'updated', 'replayed', 'unchanged']),
  material: MaterialView,
});

export const SetMaterialEnabledInput = strict({ materialId: MaterialId, enabled: z.boolean() });
export const SetMaterialEnabledOutput = z.object({
  /** `unchanged`: it was already so (a replay). */
  status: z.enum(['changed', 'unchanged']),
  material: MaterialView,
});

export const DeleteMaterialInput = strict({ materialId: MaterialId });
export const DeleteMaterialOutput = z.object({
  /** `unchanged`: there was no such material (already deleted: a replay). */
  status: z.enum(['deleted', 'unchanged']),
  materialId: z.string(),
});

export const PrepareMaterialUploadInput = strict({
  /** The material the image is for; it need not exist yet (a material being created). */
  materialId: MaterialId,
  extension: z.enum(IMAGE_EXTENSIONS),
});
export const PrepareMaterialUploadOutput = z.object({
  /** Where to upload (`wx.cloud.uploadFile({ cloudPath })`): a fresh name under the material's folder. */
  cloudPath: z.string(),
});

export const ADMIN_MATERIAL_CONTRACTS = {
  listMaterials: { input: ListMaterialsInput, output: ListMaterialsOutput },
  getMaterial: { input: GetMaterialInput, output: GetMaterialOutput },
  saveMaterial: { input: SaveMaterialInput, output: SaveMaterialOutput },
  setMaterialEnabled: { input: SetMaterialEnabledInput, output: SetMaterialEnabledOutput },
  deleteMaterial: { input: DeleteMaterialInput, output: DeleteMaterialOutput },
  prepareMaterialUpload: { input: PrepareMaterialUploadInput, output: PrepareMaterialUploadOutput },
} as const;

export const ADMIN_MATERIAL_ERRORS = [
  'MATERIAL_NOT_FOUND',
  /** create: the id holds other content. */
  'MATERIAL_EXISTS',
  /** The product a material is for does not exist. */
  'MATERIAL_PRODUCT_UNKNOWN',
] as const;
