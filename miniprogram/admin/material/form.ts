/**
 * The material form (编辑素材): what the merchant types, checked with the same rules as the
 * admin function (shared/materials.ts materialProblems), and turned into `admin.saveMaterial`'s
 * input. An article's body is typed as one text, one paragraph per line. Images are uploaded as
 * product images are (admin/product/media.ts): `admin.prepareMaterialUpload` answers a fresh
 * path under the material's folder, then `wx.cloud.uploadFile` sends the bytes there.
 */
import type { MaterialView } from '@shared/contracts/adminMaterials';
import { materialProblems, paragraphsOf, type MaterialKind } from '@shared/materials';
import { admin, type AdminRouteInput } from '../../services/admin';
import { newRequestId } from '../../utils/request-id';
import { uploadPickedImage, type UploadAnswer } from '../product/media';

export interface MaterialForm {
  mode: 'create' | 'update';
  materialId: string;
  /** null: shop-wide. */
  productId: string | null;
  kind: MaterialKind;
  title: string;
  text: string;
  images: string[];
  /** The article's body, one paragraph per line. */
  body: string;
  sortOrder: string;
  enabled: boolean;
}

export type MaterialErrors = Partial<Record<'title' | 'text' | 'images' | 'body' | 'sortOrder', string>>;

/** A new material; its id is made once, so a save resent after a lost answer is a replay. */
export function newMaterialForm(productId: string | null, now = Date.now()): MaterialForm {
  return {
    mode: 'create',
    materialId: `m-${newRequestId(now)}`,
    productId,
    kind: 'text',
    title: '',
    text: '',
    images: [],
    body: '',
    sortOrder: '0',
    enabled: true,
  };
}

export function formFromMaterial(view: MaterialView): MaterialForm {
  return {
    mode: 'update',
    materialId: view.materialId,
    productId: view.productId,
    kind: view.kind,
    title: view.title,
    text: view.text,
    images: view.images.map((image) => image.fileId),
    body: view.paragraphs.join('\n'),
    sortOrder: String(view.sortOrder),
    enabled: view.enabled,
  };
}

type SaveInput = AdminRouteInput<'saveMaterial'>;

/** The save's input, or what to mark red. Only the chosen kind's content is sent. */
export function checkMaterialForm(form: MaterialForm): { input: SaveInput } | { errors: MaterialErrors } {
  const draft = {
    kind: form.kind,
    title: form.title.trim(),
    text: form.kind === 'text' ? form.text.trim() : '',
    images: form.kind === 'image' ? form.images : [],
    paragraphs: form.kind === 'article' ? paragraphsOf(form.body) : [],
  };
  const errors: MaterialErrors = {};
  for (const problem of materialProblems(draft))
    errors[problem.field === 'paragraphs' ? 'body' : problem.field] ??= problem.message;
  const sortOrder = Number(form.sortOrder.trim() || '0');
  if (!Number.isInteger(sortOrder) || sortOrder < 0 || sortOrder > 1_000_000)
    errors.sortOrder = '排序为 0 到 1000000 的整数';
  if (Object.keys(errors).length > 0) return { errors };
  const { mode, materialId, productId, enabled } = form;
  return { input: { mode, materialId, productId, ...draft, sortOrder, enabled } };
}

/** Uploads one picked file for the material; answers its cloud file id, or what to tell the merchant. */
export function uploadMaterialImage(materialId: string, tempFilePath: string): Promise<UploadAnswer> {
  return uploadPickedImage(tempFilePath, (extension) => admin('prepareMaterialUpload', { materialId, extension }));
}
