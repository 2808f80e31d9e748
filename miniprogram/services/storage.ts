/**
 * Cloud storage for the mini-program: the avatar chosen with WeChat's 头像昵称填写 button is a
 * temporary file that must be uploaded before profile.update can store it (as a cloud:// id).
 */
import type { Result } from '@shared/result';
import { isLocalMode, NETWORK } from './call';

export const NOT_AVAILABLE_LOCALLY = 'NOT_AVAILABLE_LOCALLY';

/** Uploads a temporary image file; answers its cloud file id. */
export async function uploadAvatar(tempFilePath: string): Promise<Result<string>> {
  // The emulator's storage takes uploads from the server SDK only, not from the mini-program.
  if (isLocalMode()) return { ok: false, error: { code: NOT_AVAILABLE_LOCALLY, message: '本地模式暂不支持上传头像' } };
  const extension = /\.(\w+)$/.exec(tempFilePath)?.[1] ?? 'png';
  const cloudPath = `avatars/${Date.now()}-${Math.random().toString(36).slice(2, 10)}.${extension}`;
  try {
    const uploaded = await wx.cloud.uploadFile({ cloudPath, filePath: tempFilePath });
    return { ok: true, data: uploaded.fileID };
  } catch {
    return { ok: false, error: { code: NETWORK, message: '头像上传失败，请稍后重试' } };
  }
}
