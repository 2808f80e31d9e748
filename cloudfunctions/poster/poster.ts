/**
 * The poster use case. A cache hit costs four round trips: three reads sent together (the
 * caller, the rules, the cached code) and one temporary link. A miss adds the open API call,
 * the upload and the cache write. Concurrent misses for the same page draw the same code to
 * the same path and write the same document, so they are harmless.
 */
import { POSTER_URL_MAX_AGE_SECONDS, type PosterError, type PosterOutput } from '@shared/contracts/poster';
import { fail, ok, type Result } from '@shared/result';
import { isDistributor } from '@shared/users';
import { getDoc, setDoc } from '../_lib/db';
import { loadRules } from '../_lib/rules';
import { ensureUser } from '../_lib/users';
import { getTempFileUrl, getUnlimitedCode, uploadFile, type WxacodeEnvVersion } from '../_lib/wx';
import { cacheMatches, posterDocument, posterId, posterTarget, type PosterRequest, type PosterTarget } from './target';

/** Width of the code in px: the platform default; the canvas scales it. */
const CODE_WIDTH_PX = 430;

/**
 * Draws the code and stores it. `checkPath: false` because with `true` the platform accepts
 * only pages of the released version (41030 otherwise): it would refuse the product page until
 * the mini-program version that adds it is released, every code before the first release, and
 * pages only a trial or develop version has yet (see docs/api.md (poster)).
 */
async function drawAndStore(target: PosterTarget): Promise<string> {
  const { image } = await getUnlimitedCode({
    scene: target.scene,
    page: target.pagePath,
    checkPath: false,
    envVersion: target.envVersion,
    width: CODE_WIDTH_PX,
  });
  return uploadFile(target.cloudPath, image);
}

function view(target: PosterTarget, fileID: string, tempFileURL: string): PosterOutput {
  return { fileID, tempFileURL, scene: target.scene, page: target.page };
}

export async function getPoster(
  openid: string,
  request: PosterRequest,
  envVersion: WxacodeEnvVersion,
  now: Date,
): Promise<Result<PosterOutput, PosterError>> {
  // The cache id does not depend on the user document, so the three reads go out together.
  const [user, rules, cached] = await Promise.all([
    ensureUser(openid, now),
    loadRules(),
    getDoc('posters', posterId(openid, request)),
  ]);
  // Checked before the cache, so a distributor who was disabled no longer gets a stored code.
  if (!isDistributor(user, rules)) return fail('NOT_DISTRIBUTOR', '成为推广员后才能生成推广海报');
  const target = posterTarget(openid, user.shareCode, request, envVersion);
  if (cacheMatches(cached, target)) {
    const link = await getTempFileUrl(cached.fileID, POSTER_URL_MAX_AGE_SECONDS);
    if (link.found) return ok(view(target, cached.fileID, link.tempFileURL));
    // The image was deleted from storage (e.g. in the console): draw it again below.
  }
  const fileID = await drawAndStore(target);
  const { _id: id, ...fields } = posterDocument(target, openid, fileID, now);
  await setDoc('posters', id, fields);
  const link = await getTempFileUrl(fileID, POSTER_URL_MAX_AGE_SECONDS);
  if (!link.found) throw new Error(`the poster just uploaded to ${fileID} is missing from storage`);
  return ok(view(target, fileID, link.tempFileURL));
}
