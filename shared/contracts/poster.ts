/**
 * poster: the caller's mini-program code (小程序码) for the home page or a product, carrying
 * their share code in the scene, for the poster (推广海报) the mini-program draws on a canvas.
 * Identity comes from getWXContext(); the event names only the page.
 */
import { z } from 'zod';
import { encodeScene, SHARE_CODE_ALPHABET, SHARE_CODE_LENGTH } from '../shareCode';

/** Which page a scan of the poster opens. */
export const PosterPage = z.enum(['home', 'product']);
export type PosterPage = z.infer<typeof PosterPage>;

/**
 * Characters of a product id in a scene: letters, digits, `_` and `-`. The platform allows a
 * few more, but `&` and `=` separate the scene's fields and the rest gains nothing.
 */
const PRODUCT_ID_PATTERN = /^[A-Za-z0-9_-]+$/;

/** A share code of full length, only to measure a scene (every code has the same length). */
const LONGEST_SHARE_CODE = (SHARE_CODE_ALPHABET[0] as string).repeat(SHARE_CODE_LENGTH);

/** True when `r=<code>&p=<productId>` fits the 32 characters of a scene; encodeScene is the judge. */
export function productIdFitsScene(productId: string): boolean {
  try {
    encodeScene({ shareCode: LONGEST_SHARE_CODE, productId });
    return true;
  } catch (error) {
    if (error instanceof RangeError) return false;
    throw error;
  }
}

/** A cached mini-program code of collection `posters`, written only by the poster function. */
export interface PosterDocument {
  /** `<openid>:home` or `<openid>:product:<productId>` (see posterId). */
  _id: string;
  /** OPENID of the distributor whose share code the code carries. */
  userId: string;
  page: PosterPage;
  /** The product a product poster opens; null for the home page. */
  productId: string | null;
  /** The scene the code carries, `r=<share code>[&p=<productId>]`. */
  scene: string;
  /** The mini-program page a scan opens (shared/pages.ts), without a leading slash. */
  pagePath: string;
  /** The mini-program version a scan opens (`env_version` of wxacode.getUnlimited). */
  envVersion: 'release' | 'trial' | 'develop';
  /** Cloud storage file ID of the PNG image. */
  fileID: string;
  /** When this code was generated and uploaded (a regeneration sets it again). */
  createdAt: Date;
}

export const PosterInput = z
  .strictObject({
    page: PosterPage,
    /** Required for `product`, refused for `home`: at most 19 characters so the scene fits. */
    productId: z
      .string()
      .regex(PRODUCT_ID_PATTERN, 'productId: letters, digits, _ or - only')
      .refine(productIdFitsScene, 'productId is too long for the scene of a mini-program code')
      .optional(),
  })
  .superRefine((input, context) => {
    if (input.page === 'product' && input.productId === undefined) {
      context.addIssue({ code: 'custom', path: ['productId'], message: 'a product poster needs a productId' });
    }
    if (input.page === 'home' && input.productId !== undefined) {
      context.addIssue({ code: 'custom', path: ['productId'], message: 'a home poster takes no productId' });
    }
  });
export type PosterInput = z.input<typeof PosterInput>;

/**
 * How long a poster's temporary link stays valid, in seconds. An hour covers a poster page left
 * open before the user saves the image; a later call hands out a fresh link at no cost.
 */
export const POSTER_URL_MAX_AGE_SECONDS = 3600;

export const PosterOutput = z.object({
  /** Cloud storage file ID of the PNG code; stable for a distributor and page. */
  fileID: z.string(),
  /** HTTPS link to the PNG for the canvas (canvas cannot draw cloud:// IDs); valid POSTER_URL_MAX_AGE_SECONDS. */
  tempFileURL: z.string(),
  /** The scene the code carries: `r=<share code>` or `r=<share code>&p=<productId>`. */
  scene: z.string(),
  page: PosterPage,
});
export type PosterOutput = z.infer<typeof PosterOutput>;

/** The function's one operation (cloudfunctions/poster/index.ts serves it). */
export const POSTER_CONTRACT = { input: PosterInput, output: PosterOutput } as const;

/** The codes poster answers with `ok: false` besides the common ones. */
export const POSTER_ERRORS = ['NOT_DISTRIBUTOR'] as const;
export type PosterError = (typeof POSTER_ERRORS)[number];
