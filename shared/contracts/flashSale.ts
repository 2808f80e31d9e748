/**
 * catalog › flashSales: the 秒杀 page's sessions (docs/marketing.md section 7): those running now
 * and the next ones to start, each SKU with its flash price, the SKU's own price and how much of
 * the allotment has sold. Public like the rest of the catalog.
 */
import { z } from 'zod';

/** How many sessions the page lists: the running ones and the next ones, this many in all. */
export const MAX_LISTED_SESSIONS = 4;

export const FlashSalesInput = z.strictObject({});

export const FlashSaleItem = z.object({
  skuId: z.string(),
  productId: z.string(),
  name: z.string(),
  spec: z.string(),
  /** A temporary link to the product's cover, or null. */
  coverUrl: z.string().nullable(),
  /** The flash price, fen. */
  priceFen: z.number().int(),
  /** The SKU's own price, fen (struck through beside the flash price). */
  originalPriceFen: z.number().int(),
  /** Units allotted to the session. */
  stock: z.number().int(),
  /** Units sold so far (allotment − what is left), never below zero. */
  soldCount: z.number().int(),
  /** Units one shopper may buy in the session. */
  perUserLimit: z.number().int(),
});
export type FlashSaleItem = z.infer<typeof FlashSaleItem>;

export const FlashSaleSession = z.object({
  /** The activity id: what placeOrder's item `activityId` takes. */
  id: z.string(),
  name: z.string(),
  startAt: z.string(),
  endAt: z.string(),
  state: z.enum(['running', 'upcoming']),
  /** The listed SKUs still on sale. */
  items: z.array(FlashSaleItem),
});
export type FlashSaleSession = z.infer<typeof FlashSaleSession>;

export const FlashSalesOutput = z.object({
  /** The catalog's clock (ISO): the page's countdowns start from it, not from the phone's. */
  serverTime: z.string(),
  /** Running sessions first (ending first), then the upcoming ones (starting first). */
  sessions: z.array(FlashSaleSession),
});
export type FlashSalesOutput = z.infer<typeof FlashSalesOutput>;
