/**
 * What a poster's code must be: its scene, the page and mini-program version a scan opens, where
 * the image is stored, and the cache document that remembers it. Pure (no SDK), so the rules of
 * the cache can be read and tested on their own.
 */
import type { PosterDocument, PosterPage } from '@shared/contracts/poster';
import { HOME_PAGE, PRODUCT_PAGE } from '@shared/pages';
import { encodeScene } from '@shared/shareCode';
import type { WxacodeEnvVersion } from '../_lib/wx';

const ENV_VERSIONS: readonly WxacodeEnvVersion[] = ['release', 'trial', 'develop'];

/**
 * The version of the mini-program a scanned code opens, from the function's environment
 * variable `MINIPROGRAM_ENV_VERSION`: unset or empty means `release`. The merchant sets `trial`
 * (体验版) or `develop` while testing before the first release, when no released version exists
 * to open. Any other value is a broken deployment, so it throws rather than hand out codes that
 * open the wrong version.
 */
export function readEnvVersion(value: string | undefined): WxacodeEnvVersion {
  if (value === undefined || value === '') return 'release';
  const version = ENV_VERSIONS.find((known) => known === value);
  if (!version)
    throw new Error(`MINIPROGRAM_ENV_VERSION must be release, trial or develop, not ${JSON.stringify(value)}`);
  return version;
}

/** A request for a poster, as parsed by the contract (productId present exactly for `product`). */
export interface PosterRequest {
  page: PosterPage;
  productId?: string | undefined;
}

/** The cache document's id: one per distributor and page, so a retried write is idempotent. */
export function posterId(openid: string, request: PosterRequest): string {
  return request.page === 'product' ? `${openid}:product:${request.productId}` : `${openid}:home`;
}

export interface PosterTarget {
  id: string;
  page: PosterPage;
  productId: string | null;
  scene: string;
  pagePath: string;
  envVersion: WxacodeEnvVersion;
  /** `posters/<openid>/home.png` or `posters/<openid>/product-<productId>.png`. */
  cloudPath: string;
}

export function posterTarget(
  openid: string,
  shareCode: string,
  request: PosterRequest,
  envVersion: WxacodeEnvVersion,
): PosterTarget {
  const productId = request.page === 'product' ? request.productId : undefined;
  if (request.page === 'product' && !productId)
    throw new Error('a product poster needs a productId (the contract guarantees it)');
  return {
    id: posterId(openid, request),
    page: request.page,
    productId: productId ?? null,
    // Throws a RangeError when the scene is too long: the contract already refused such ids.
    scene: encodeScene(productId ? { shareCode, productId } : { shareCode }),
    pagePath: productId ? PRODUCT_PAGE : HOME_PAGE,
    envVersion,
    cloudPath: productId ? `posters/${openid}/product-${productId}.png` : `posters/${openid}/home.png`,
  };
}

/**
 * True when the cached code is the one the target needs. A different scene (the share code
 * changed), page path (a page moved) or version (the merchant went from trial to release)
 * would send scanners to the wrong place, so such an entry counts as a miss.
 */
export function cacheMatches(cached: PosterDocument | null, target: PosterTarget): cached is PosterDocument {
  return (
    cached !== null &&
    cached.scene === target.scene &&
    cached.pagePath === target.pagePath &&
    cached.envVersion === target.envVersion
  );
}

export function posterDocument(target: PosterTarget, userId: string, fileID: string, now: Date): PosterDocument {
  const { id, page, productId, scene, pagePath, envVersion } = target;
  return { _id: id, userId, page, productId, scene, pagePath, envVersion, fileID, createdAt: now };
}
