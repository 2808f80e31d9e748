/**
 * The product form's pictures: the gallery (商品图片, the first is the cover) and the detail
 * images (详情图片). A picked file is uploaded in two steps: `admin.prepareProductUpload` answers
 * a fresh path under the product's folder (and records the upload, so that the function can
 * delete it if no save ever references it), then `wx.cloud.uploadFile` sends the bytes there.
 * The limits repeat shared/contracts/catalog.ts (MAX_PRODUCT_IMAGES, MAX_DETAIL_IMAGES,
 * IMAGE_EXTENSIONS): importing them as values would bring zod into the mini-program.
 */
import type { AdminRouteInput } from '../../services/admin';
import { admin } from '../../services/admin';
import { isLocalMode } from '../../services/call';
import { adminFailureMessage } from '../gate';

export type ImageList = 'images' | 'detailImages';

/** How many pictures each list holds at most. */
export const MAX_IMAGES: Record<ImageList, number> = { images: 9, detailImages: 20 };

type Extension = AdminRouteInput<'prepareProductUpload'>['extension'];
const EXTENSIONS: ReadonlyArray<Extension> = ['jpg', 'jpeg', 'png', 'webp', 'gif'];

/** The list with the item at `index` moved by `delta` (-1 up, +1 down); unchanged at either end. */
export function moved<T>(items: readonly T[], index: number, delta: number): T[] {
  const target = index + delta;
  if (index < 0 || index >= items.length || target < 0 || target >= items.length) return [...items];
  const copy = [...items];
  [copy[index], copy[target]] = [copy[target] as T, copy[index] as T];
  return copy;
}

/** A picked file's type by its name; photos from the camera are JPEG when the name says nothing. */
function extensionOf(tempFilePath: string): Extension {
  const found = /\.([A-Za-z0-9]+)$/.exec(tempFilePath)?.[1]?.toLowerCase();
  return EXTENSIONS.find((extension) => extension === found) ?? 'jpg';
}

/** What an upload answers: the file's cloud id, or what to tell the merchant. */
export type UploadAnswer = { ok: true; fileId: string } | { ok: false; message: string };

/**
 * Uploads one picked file in the two steps: `prepare` asks the admin function for a fresh path
 * for the file's type (the product's or the material's prepare route), then the bytes go there.
 */
export async function uploadPickedImage(
  tempFilePath: string,
  prepare: (extension: Extension) => ReturnType<typeof admin<'prepareProductUpload' | 'prepareMaterialUpload'>>,
): Promise<UploadAnswer> {
  // The emulator's storage takes uploads from the server SDK only, not from the mini-program.
  if (isLocalMode()) return { ok: false, message: '本地模式暂不支持上传图片' };
  const prepared = await prepare(extensionOf(tempFilePath));
  if (!prepared.ok) return { ok: false, message: adminFailureMessage(prepared.error) };
  try {
    const uploaded = await wx.cloud.uploadFile({ cloudPath: prepared.data.cloudPath, filePath: tempFilePath });
    return { ok: true, fileId: uploaded.fileID };
  } catch {
    return { ok: false, message: '图片上传失败，请稍后重试' };
  }
}

/** Uploads one picked file for the product; answers its cloud file id, or what to tell the merchant. */
export function uploadProductImage(productId: string, tempFilePath: string): Promise<UploadAnswer> {
  return uploadPickedImage(tempFilePath, (extension) => admin('prepareProductUpload', { productId, extension }));
}

/** Lets the merchant pick up to `count` photos from the album or the camera; [] when cancelled. */
export async function chooseImages(count: number): Promise<string[]> {
  try {
    const chosen = await wx.chooseMedia({ count, mediaType: ['image'], sourceType: ['album', 'camera'] });
    return chosen.tempFiles.map((file) => file.tempFilePath);
  } catch {
    return [];
  }
}
