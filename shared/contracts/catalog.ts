/**
 * The catalog as shoppers see it (the `catalog` function, routes in `event.$url`) and
 * the contracts of the admin's product routes (registered in shared/contracts/admin.ts). The
 * stored documents are shared/catalog.ts's; see docs/api.md (catalog, admin › Products).
 *
 * Images are cloud storage file ids. The mini-program's `<image>` takes a `cloud://` id as
 * `src` directly, so list pages get ids only; the detail page also gets temporary HTTPS links
 * (for previewing and for drawing posters on a canvas, which needs a downloadable URL).
 */
import { z } from 'zod';
import { CardActivity, ReductionView, SkuActivity } from './catalogActivities';
import { FlashSalesInput, FlashSalesOutput } from './flashSale';
import { GroupInput, GroupOffer, GroupOutput } from './groupBuy';
import { PRODUCT_ID_PATTERN, ProductCommissionInput, SKU_ID_PATTERN, type SkuDocument } from '../catalog';

/** Category ids are chosen by the admin, like product ids: letters, digits, `_` and `-`. */
export const CATEGORY_ID_PATTERN = /^[A-Za-z0-9_-]{1,40}$/;
/** The home page shows this many products per category; the category page pages through the rest. */
export const HOME_PRODUCTS_PER_CATEGORY = 6;
/** At most this many categories exist (the home page reads them all in one request). */
export const MAX_CATEGORIES = 50;
/** Stock is shown exactly up to this number; above it the view says `stockCapped` (shown as 999+). */
export const STOCK_DISPLAY_CAP = 999;
/** How long the detail page's image links stay valid, in seconds. */
export const IMAGE_URL_MAX_AGE_SECONDS = 3600;
export const MAX_PRODUCT_IMAGES = 9;
/** At most this many detail images (商品详情) per product. */
export const MAX_DETAIL_IMAGES = 20;
/** The image types the admin page uploads, by file extension. */
export const IMAGE_EXTENSIONS = ['jpg', 'jpeg', 'png', 'webp', 'gif'] as const;
export const MAX_SKUS_PER_PRODUCT = 50;
/** The highest price of a SKU, in fen (¥1,000,000). */
export const MAX_PRICE_FEN = 100_000_000;
/** The highest stock of a SKU, in units. */
export const MAX_STOCK = 10_000_000;

const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;
const codePoints = (text: string): number => Array.from(text).length;

/** Trimmed text of `min`-`max` characters (code points), without control characters. */
export function Text(min: number, max: number, multiline = false) {
  return z
    .string()
    .trim()
    .refine((text) => codePoints(text) >= min && codePoints(text) <= max, `must be ${min}-${max} characters`)
    .refine(
      (text) => !(multiline ? /[\u0000-\u0009\u000b-\u001f\u007f]/ : CONTROL_CHARACTERS).test(text),
      'must not contain control characters',
    );
}

export const ProductId = z.string().regex(PRODUCT_ID_PATTERN, 'productId: 1-19 of A-Z a-z 0-9 _ -');
export const SkuId = z.string().regex(SKU_ID_PATTERN, 'skuId: 1-40 of A-Z a-z 0-9 _ -');
export const CategoryId = z.string().regex(CATEGORY_ID_PATTERN, 'categoryId: 1-40 of A-Z a-z 0-9 _ -');

// ---------------------------------------------------------------------------------------------
// Pure rules shared by the functions and the mini-program
// ---------------------------------------------------------------------------------------------

/** Where the admin page uploads a product image (`wx.cloud.uploadFile({ cloudPath })`). */
export function productImagePath(productId: string, fileName: string): string {
  return `products/${productId}/${fileName}`;
}

/** File names inside a product's folder: what cloud storage accepts and nothing that needs escaping. */
const IMAGE_NAME = /^[A-Za-z0-9_.-]{1,100}$/;

/** True for a `cloud://<env>.<bucket>/products/<productId>/<name>` file id (the upload path above). */
export function isProductImageFileId(fileId: string, productId: string): boolean {
  const match = /^cloud:\/\/[A-Za-z0-9_.-]+\/products\/([^/]+)\/([^/]+)$/.exec(fileId);
  return (
    match !== null && match[1] === productId && IMAGE_NAME.test(match[2] as string) && !/^\.+$/.test(match[2] as string)
  );
}

/**
 * A product's price range, kept on the product for list pages: over its SKUs on sale, or over
 * all its SKUs while none is on sale (the product is then not orderable, but still priced).
 */
export function priceRange(skus: ReadonlyArray<Pick<SkuDocument, 'priceFen' | 'onSale'>>): {
  minPriceFen: number;
  maxPriceFen: number;
} {
  const onSale = skus.filter((sku) => sku.onSale);
  const prices = (onSale.length > 0 ? onSale : skus).map((sku) => sku.priceFen);
  if (prices.length === 0) return { minPriceFen: 0, maxPriceFen: 0 };
  return { minPriceFen: Math.min(...prices), maxPriceFen: Math.max(...prices) };
}

/** Stock as shown to shoppers: exact up to STOCK_DISPLAY_CAP, so the real figure of big stocks stays private. */
export function shownStock(stock: number): { stock: number; stockCapped: boolean } {
  return stock > STOCK_DISPLAY_CAP
    ? { stock: STOCK_DISPLAY_CAP, stockCapped: true }
    : { stock: Math.max(0, stock), stockCapped: false };
}

/** SKUs in display order: cheapest first, then by id. */
export function compareSkus(
  a: Pick<SkuDocument, '_id' | 'priceFen'>,
  b: Pick<SkuDocument, '_id' | 'priceFen'>,
): number {
  return a.priceFen - b.priceFen || (a._id < b._id ? -1 : a._id > b._id ? 1 : 0);
}

// ---------------------------------------------------------------------------------------------
// Shopper routes (function `catalog`)
// ---------------------------------------------------------------------------------------------

export const CategoryView = z.object({ id: z.string(), name: z.string(), sortOrder: z.number().int() });
export type CategoryView = z.infer<typeof CategoryView>;

/**
 * A card's distributor-exclusive price (分销专属价), only for a caller who gets it: the lowest
 * price they would pay among the product's SKUs on sale, when an exclusive price gives it.
 */
export const CardDistributorPrice = z.object({
  /** The exclusive price per unit, fen. */
  priceFen: z.number().int(),
  /** The price of the SKU that has it, fen (shown struck through). */
  originalPriceFen: z.number().int(),
});
export type CardDistributorPrice = z.infer<typeof CardDistributorPrice>;

/** A product on a list page. */
export const ProductCard = z.object({
  id: z.string(),
  categoryId: z.string(),
  name: z.string(),
  /** The cover's file id (the first image), usable as `<image src>`; null without images. */
  cover: z.string().nullable(),
  /**
   * A temporary HTTPS link to the cover (IMAGE_URL_MAX_AGE_SECONDS), which also loads where
   * `cloud://` ids do not (the emulator in local mode); null without images or when the file is missing.
   */
  coverUrl: z.string().nullable(),
  minPriceFen: z.number().int(),
  maxPriceFen: z.number().int(),
  /** Present only while a 限时折扣 lists one of the product's SKUs. */
  activity: CardActivity.optional(),
  /**
   * Present only for a caller who gets a distributor-exclusive price below everything else on the
   * card (decided on the server from the caller's identity); the card then shows it instead.
   */
  distributorPrice: CardDistributorPrice.optional(),
});
export type ProductCard = z.infer<typeof ProductCard>;

const Page = z.number().int().min(1).max(500).default(1);
const PageSize = z.number().int().min(1).max(50).default(20);
const paged = <T extends z.ZodType>(item: T) => ({
  items: z.array(item),
  page: z.number().int(),
  pageSize: z.number().int(),
  hasMore: z.boolean(),
});

export const HomeInput = z.strictObject({});
export const HomeOutput = z.object({
  /** Every category, by sortOrder (the category bar). */
  categories: z.array(CategoryView),
  /**
   * One section per category with products on sale, in category order: its first
   * HOME_PRODUCTS_PER_CATEGORY products and whether the category page has more. Banners and
   * other blocks will be further fields beside `sections`.
   */
  sections: z.array(z.object({ category: CategoryView, products: z.array(ProductCard), hasMore: z.boolean() })),
});
export type HomeOutput = z.infer<typeof HomeOutput>;

export const CategoriesInput = z.strictObject({});
export const CategoriesOutput = z.object({ items: z.array(CategoryView) });
export type CategoriesOutput = z.infer<typeof CategoriesOutput>;

export const ProductsInput = z.strictObject({ categoryId: CategoryId, page: Page, pageSize: PageSize });
export const ProductsOutput = z.object({ category: CategoryView, ...paged(ProductCard) });
export type ProductsOutput = z.infer<typeof ProductsOutput>;

export const SearchInput = z.strictObject({
  /** Part of a product name, any case; searched literally (no patterns). */
  keyword: Text(1, 30),
  page: Page,
  pageSize: PageSize,
});
export const SearchOutput = z.object({ keyword: z.string(), ...paged(ProductCard) });
export type SearchOutput = z.infer<typeof SearchOutput>;

export const DetailInput = z.strictObject({
  productId: ProductId,
  /**
   * The product page's first load sends true: the view is counted for the merchant's analytics
   * funnel (one increment, docs/team.md section 7). Refreshes, share previews and other readers
   * leave it out, and then the call reads only.
   */
  countView: z.boolean().optional(),
});
export const SkuView = z.object({
  id: z.string(),
  spec: z.string(),
  priceFen: z.number().int(),
  /** Units available, at most STOCK_DISPLAY_CAP; `stockCapped` when there are more. */
  stock: z.number().int(),
  stockCapped: z.boolean(),
  /**
   * Only for a caller who may earn commission now (a distributor under the current rules): what
   * they would earn on level 1, in fen, when a shopper they referred buys one unit at this
   * price (分享预计赚). Absent for everyone else.
   */
  commissionEstimateFen: z.number().int().optional(),
  /** Present only while a live 限时折扣 lists the SKU: the price the order charges and the end of the window. */
  activity: SkuActivity.optional(),
  /**
   * Present only for a caller who gets the SKU's distributor-exclusive price (分销专属价) and
   * when the checkout would charge it (it is below the live 限时折扣, if any): the price per
   * unit, fen. Decided on the server from the caller's identity; everyone else never sees it.
   */
  distributorPriceFen: z.number().int().optional(),
});
export type SkuView = z.infer<typeof SkuView>;
export const DetailOutput = z.object({
  id: z.string(),
  categoryId: z.string(),
  name: z.string(),
  description: z.string(),
  /** In order, the first being the cover; `url` is a temporary link (IMAGE_URL_MAX_AGE_SECONDS), null when the file is missing. */
  images: z.array(z.object({ fileId: z.string(), url: z.string().nullable() })),
  /** The detail images shown below the description, in order, linked like `images`. */
  detailImages: z.array(z.object({ fileId: z.string(), url: z.string().nullable() })),
  minPriceFen: z.number().int(),
  maxPriceFen: z.number().int(),
  /** The SKUs on sale, cheapest first; empty when none is on sale (the page shows 暂无可售规格). */
  skus: z.array(SkuView),
  /** With `commissionEstimateFen` on the SKUs: the lowest and highest of them, in fen. Absent when they are. */
  commissionEstimate: z.object({ minFen: z.number().int(), maxFen: z.number().int() }).optional(),
  /** The live 满减 covering the product, in the order the checkout applies them; absent when there is none. */
  reductions: z.array(ReductionView).optional(),
  /** The live 拼团 of the product (发起拼团); absent when there is none. */
  groupBuy: GroupOffer.optional(),
  /** The catalog's clock (ISO), present with any activity: the page's countdowns start from it. */
  serverTime: z.string().optional(),
});
export type DetailOutput = z.infer<typeof DetailOutput>;

/** Every code `catalog` answers with `ok: false`. */
/** The catalog function's route table (cloudfunctions/catalog/index.ts serves it). */
export const CATALOG_CONTRACTS = {
  home: { input: HomeInput, output: HomeOutput },
  categories: { input: CategoriesInput, output: CategoriesOutput },
  products: { input: ProductsInput, output: ProductsOutput },
  search: { input: SearchInput, output: SearchOutput },
  detail: { input: DetailInput, output: DetailOutput },
  /** The 秒杀 page's sessions (shared/contracts/flashSale.ts). */
  flashSales: { input: FlashSalesInput, output: FlashSalesOutput },
  /** A 拼团 group for its shared page (shared/contracts/groupBuy.ts). */
  group: { input: GroupInput, output: GroupOutput },
} as const;
export type CatalogRoute = keyof typeof CATALOG_CONTRACTS;

/** The codes the catalog function answers with `ok: false` besides the common ones. */
export const CATALOG_ERRORS = ['CATEGORY_NOT_FOUND', 'PRODUCT_NOT_FOUND', 'NOT_ON_SALE', 'GROUP_NOT_FOUND'] as const;
export type CatalogError = (typeof CATALOG_ERRORS)[number];

// ---------------------------------------------------------------------------------------------
// Admin routes (function `admin`; listed in ADMIN_CONTRACTS)
// ---------------------------------------------------------------------------------------------

const IsoTime = z.string();
const Mode = z.enum(['create', 'update']);

export const SaveCategoryInput = z.strictObject({
  /** `create` refuses an id in use (unless it is a replay of the same category); `update` an unknown id. */
  mode: Mode,
  id: CategoryId,
  name: Text(1, 20),
  sortOrder: z.number().int().min(0).max(1_000_000).default(0),
});
export const SaveCategoryOutput = z.object({
  status: z.enum(['created', 'updated', 'unchanged']),
  category: CategoryView,
});

/** Grade ids as the rules spell them (shared/rules.ts Grade). */
const GradeIdKey = z.string().regex(/^[a-z0-9_-]{1,32}$/, 'grade id: 1-32 lowercase letters, digits, _ or -');
/** At most this many grades have their own exclusive price on one SKU (the rules allow at most 10 grades). */
export const MAX_GRADE_PRICES = 10;

export const SkuInput = z
  .strictObject({
    id: SkuId,
    spec: Text(1, 40),
    priceFen: z.number().int().min(1).max(MAX_PRICE_FEN),
    onSale: z.boolean().default(true),
    /** null: the product's commission applies. */
    commission: ProductCommissionInput.nullable().default(null),
    /** Stock of a SKU this call creates; ignored for existing SKUs (their stock moves only through setStock/adjustStock). */
    initialStock: z.number().int().min(0).max(MAX_STOCK).default(0),
    /**
     * The distributor-exclusive price (分销专属价) per unit, fen, below `priceFen`; null: none.
     * Absent: the stored one stays (none for a SKU this call creates), so a client that does not
     * know the field never drops it.
     */
    distributorPriceFen: z.number().int().min(1).max(MAX_PRICE_FEN).nullable().optional(),
    /**
     * Per grade id, that grade's own exclusive price per unit, fen, below `priceFen`; wins over the
     * general one. Replaces the stored ones whole ({} removes them); absent: the stored ones stay.
     */
    distributorPricesByGrade: z
      .record(GradeIdKey, z.number().int().min(1).max(MAX_PRICE_FEN))
      .refine((prices) => Object.keys(prices).length <= MAX_GRADE_PRICES, `at most ${MAX_GRADE_PRICES} grade prices`)
      .optional(),
  })
  .superRefine((sku, context) => {
    if (typeof sku.distributorPriceFen === 'number' && sku.distributorPriceFen >= sku.priceFen)
      context.addIssue({
        code: 'custom',
        path: ['distributorPriceFen'],
        message: 'the distributor price must be below the SKU price',
      });
    for (const [gradeId, priceFen] of Object.entries(sku.distributorPricesByGrade ?? {}))
      if (priceFen >= sku.priceFen)
        context.addIssue({
          code: 'custom',
          path: ['distributorPricesByGrade', gradeId],
          message: 'a grade price must be below the SKU price',
        });
  });
export type SkuInput = z.infer<typeof SkuInput>;

export const ProductInput = z.strictObject({
  id: ProductId,
  /** Unique; defaults to the id. */
  slug: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'slug: 1-64 of A-Z a-z 0-9 _ -')
    .optional(),
  categoryId: CategoryId,
  name: Text(1, 60),
  description: Text(0, 2000, true).default(''),
  /** File ids from `wx.cloud.uploadFile` to productImagePath(id, name); the first is the cover. */
  images: z.array(z.string().max(500)).max(MAX_PRODUCT_IMAGES).default([]),
  /** Detail images (商品详情), uploaded like `images`, in display order. */
  detailImages: z.array(z.string().max(500)).max(MAX_DETAIL_IMAGES).default([]),
  onSale: z.boolean(),
  sortOrder: z.number().int().min(0).max(1_000_000).default(0),
  commission: ProductCommissionInput.default({ mode: 'default' }),
});
export type ProductInput = z.infer<typeof ProductInput>;

export const SaveProductInput = z
  .strictObject({
    mode: Mode,
    product: ProductInput,
    /** SKUs to create or edit; existing SKUs left out stay as they are (SKUs are never deleted: take them off sale). */
    skus: z.array(SkuInput).min(1).max(MAX_SKUS_PER_PRODUCT),
  })
  .superRefine((input, context) => {
    if (new Set(input.skus.map((sku) => sku.id)).size !== input.skus.length)
      context.addIssue({ code: 'custom', path: ['skus'], message: 'each SKU id at most once' });
    for (const field of ['images', 'detailImages'] as const) {
      const fileIds = input.product[field];
      if (new Set(fileIds).size !== fileIds.length)
        context.addIssue({ code: 'custom', path: ['product', field], message: 'each image at most once' });
      fileIds.forEach((fileId, index) => {
        if (!isProductImageFileId(fileId, input.product.id)) {
          context.addIssue({
            code: 'custom',
            path: ['product', field, index],
            message: `must be a cloud:// file id under ${productImagePath(input.product.id, '')}`,
          });
        }
      });
    }
  });
export type SaveProductInput = z.infer<typeof SaveProductInput>;

export const AdminSkuView = z.object({
  id: z.string(),
  productId: z.string(),
  spec: z.string(),
  priceFen: z.number().int(),
  /** The exact stock (admins see it uncapped). */
  stock: z.number().int(),
  onSale: z.boolean(),
  commission: ProductCommissionInput.nullable(),
  /** The distributor-exclusive price, fen (shared/catalog.ts); absent when the SKU has none. */
  distributorPriceFen: z.number().int().optional(),
  /** Grade id → that grade's exclusive price, fen; absent when no grade has one. */
  distributorPricesByGrade: z.record(z.string(), z.number().int()).optional(),
  updatedAt: IsoTime,
});
export type AdminSkuView = z.infer<typeof AdminSkuView>;

export const AdminProductView = z.object({
  id: z.string(),
  slug: z.string(),
  categoryId: z.string(),
  name: z.string(),
  description: z.string(),
  images: z.array(z.string()),
  detailImages: z.array(z.string()),
  onSale: z.boolean(),
  sortOrder: z.number().int(),
  minPriceFen: z.number().int(),
  maxPriceFen: z.number().int(),
  commission: ProductCommissionInput,
  createdAt: IsoTime,
  updatedAt: IsoTime,
  /** Every SKU, on sale or not, cheapest first. */
  skus: z.array(AdminSkuView),
});
export type AdminProductView = z.infer<typeof AdminProductView>;

export const SaveProductOutput = z.object({
  /** `unchanged`: the product and SKUs were exactly these already (a replay). */
  status: z.enum(['created', 'updated', 'unchanged']),
  product: AdminProductView,
});

export const PrepareProductUploadInput = z.strictObject({
  /** The product the image is for; it need not exist yet (a product being created). */
  productId: ProductId,
  extension: z.enum(IMAGE_EXTENSIONS),
});
export const PrepareProductUploadOutput = z.object({
  /** Where to upload (`wx.cloud.uploadFile({ cloudPath })`): a fresh name under the product's folder. */
  cloudPath: z.string(),
});

export const SetStockInput = z.strictObject({
  skuId: SkuId,
  /** The stock the admin's page showed: the write happens only if the stock is still this. */
  expectedStock: z.number().int().min(0).max(MAX_STOCK),
  stock: z.number().int().min(0).max(MAX_STOCK),
});
export const SetStockOutput = z.object({ status: z.enum(['updated', 'unchanged']), sku: AdminSkuView });

export const AdjustStockInput = z.strictObject({
  skuId: SkuId,
  /** Chosen by the admin page per adjustment: a resent request (lost response) adjusts once. */
  requestId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
  /** Units to add (goods received) or, negative, to take away (damaged, counted short); never 0. */
  delta: z
    .number()
    .int()
    .min(-MAX_STOCK)
    .max(MAX_STOCK)
    .refine((delta) => delta !== 0, 'delta must not be 0'),
});
export const AdjustStockOutput = z.object({
  /** `unchanged`: this requestId was applied before (a replay). */
  status: z.enum(['adjusted', 'unchanged']),
  sku: AdminSkuView,
});

export const SetOnSaleInput = z
  .strictObject({ target: z.enum(['product', 'sku']), id: z.string(), onSale: z.boolean() })
  .refine((input) => (input.target === 'product' ? PRODUCT_ID_PATTERN : SKU_ID_PATTERN).test(input.id), {
    message: 'not a product or SKU id',
    path: ['id'],
  });
export const SetOnSaleOutput = z.object({
  /** `unchanged`: it was already so (a replay). */
  status: z.enum(['changed', 'unchanged']),
  target: z.enum(['product', 'sku']),
  id: z.string(),
  onSale: z.boolean(),
});

export const ListProductsInput = z.strictObject({
  categoryId: CategoryId.optional(),
  /** Part of a product name (any case), or a whole product id. */
  search: Text(1, 30).optional(),
  /** Only products on sale (true) or off sale (false); both when omitted. */
  onSale: z.boolean().optional(),
  limit: z.number().int().min(1).max(50).default(20),
  offset: z.number().int().min(0).max(10_000).default(0),
});
export const ListProductsOutput = z.object({
  items: z.array(AdminProductView),
  nextOffset: z.number().int().nullable(),
});

/** The codes the admin's product routes add to ADMIN_ERRORS. */
export const ADMIN_CATALOG_ERRORS = [
  'CATEGORY_EXISTS',
  'CATEGORY_NOT_FOUND',
  'TOO_MANY_CATEGORIES',
  'CATEGORY_IN_USE',
  'PRODUCT_EXISTS',
  'PRODUCT_NOT_FOUND',
  'SLUG_TAKEN',
  'SKU_TAKEN',
  'TOO_MANY_SKUS',
  'IMAGE_NOT_FOUND',
  // A lowered SKU price would leave a stored distributor-exclusive price at or above it.
  'DISTRIBUTOR_PRICE_NOT_BELOW',
  'SKU_NOT_FOUND',
  'STOCK_CHANGED',
  'INSUFFICIENT_STOCK',
] as const;
