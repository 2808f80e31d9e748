/**
 * The catalog: categories, products and SKUs (docs/rules.md section 5).
 *
 * Stock lives on SKU documents of their own, so the guarded decrement of placeOrder is one
 * conditional update per line (`stock >= quantity`) and hot SKUs of one product do not contend.
 * Product ids are short because a product poster's scene (`r=<code>&p=<productId>`) must fit
 * in 32 characters.
 */
import { z } from 'zod';
import type { ProductCommission } from './attribution';

/** Product ids: at most 19 characters of [A-Za-z0-9_-], so `r=<8-char code>&p=<id>` fits a scene. */
export const PRODUCT_ID_PATTERN = /^[A-Za-z0-9_-]{1,19}$/;
export const SKU_ID_PATTERN = /^[A-Za-z0-9_-]{1,40}$/;
/** How many recent order ids a SKU remembers, which makes reserving and returning stock idempotent per order. */
export const SKU_RECENT_ORDERS = 1000;

export const ProductCommissionInput: z.ZodType<ProductCommission> = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('default') }),
  z.object({ mode: z.literal('percent'), ratesBp: z.array(z.number().int().min(0).max(10_000)).min(1).max(3) }),
  z.object({
    mode: z.literal('fixed'),
    fixedFenPerUnit: z.array(z.number().int().min(0).max(100_000_000)).min(1).max(3),
  }),
  z.object({ mode: z.literal('none') }),
]);

export interface CategoryDocument {
  _id: string;
  name: string;
  /** Ascending display order. */
  sortOrder: number;
  /**
   * True: not listed to shoppers (home, 分类); its products stay reachable by search and link.
   * Absent on categories never hidden, which is the same as false.
   */
  hidden?: boolean;
}

export interface ProductDocument {
  /** See PRODUCT_ID_PATTERN. */
  _id: string;
  /** Unique human-readable key (defaults to the id). */
  slug: string;
  categoryId: string;
  name: string;
  description: string;
  /** Gallery images: cloud storage file ids under the product's folder, in display order; the first is the cover. */
  images: string[];
  /**
   * Detail images shown below the description (商品详情), file ids under the product's folder in
   * display order. Absent on products saved before detail images existed, which have none.
   */
  detailImages?: string[];
  /** Only products on sale are listed and can be ordered. */
  onSale: boolean;
  /** Ascending display order inside its category. */
  sortOrder: number;
  /** Lowest and highest SKU price in fen, kept with the SKUs for list pages. */
  minPriceFen: number;
  maxPriceFen: number;
  /** How the product pays commission; a SKU may override it. */
  commission: ProductCommission;
  createdAt: Date;
  updatedAt: Date;
}

export interface SkuDocument {
  /** See SKU_ID_PATTERN. */
  _id: string;
  productId: string;
  /** The specification shown to shoppers, e.g. "250g 罐装". */
  spec: string;
  priceFen: number;
  /**
   * The distributor-exclusive price (分销专属价) per unit, fen, below `priceFen`: what a
   * distributor pays instead of `priceFen` (shared/distributorPrice.ts says who and how it meets
   * the activity prices). Null or absent (SKUs saved before the price existed): none.
   */
  distributorPriceFen?: number | null;
  /**
   * Per distributor grade (grade id → price per unit, fen, each below `priceFen`): a grade's own
   * exclusive price, which wins over `distributorPriceFen` for distributors of that grade. Empty
   * or absent: no grade has its own price. A grade the rules no longer have is ignored.
   */
  distributorPricesByGrade?: Record<string, number>;
  /** Units available; never negative (every decrement is guarded by stock >= quantity). */
  stock: number;
  onSale: boolean;
  /** Overrides the product's commission when set. */
  commission: ProductCommission | null;
  /**
   * Ids of the last SKU_RECENT_ORDERS orders that reserved this SKU (newest last): reserving
   * again for an order already listed is a no-op, so retried reservations never take twice.
   */
  reservedBy: string[];
  /** Ids of orders whose reservation was given back (same window): give-backs happen once. */
  returnedBy: string[];
  /**
   * Request ids of the admin's last stock adjustments (same window; absent on SKUs never
   * adjusted): a resent adjustment applies once.
   */
  adjustedBy?: string[];
  updatedAt: Date;
}

/** How long an upload may wait for the save that references it before the sweep deletes it (24 hours). */
export const UPLOAD_SWEEP_AGE_MS = 24 * 3600 * 1000;

/**
 * One image upload the admin's page announced (admin route prepareProductUpload) before sending
 * the bytes to cloud storage. Cloud functions cannot list storage, so these records are how an
 * upload that no save ever references is found again and deleted: on the product's next save
 * (files it does not reference) or by the sweep after UPLOAD_SWEEP_AGE_MS. A record is removed
 * once its file is referenced by a save or deleted.
 */
export interface ProductUploadDocument {
  /** The file's name inside the product's folder (random), which makes it unique. */
  _id: string;
  productId: string;
  /** `products/<productId>/<_id>`, where the page uploads the bytes. */
  cloudPath: string;
  createdAt: Date;
}
