/**
 * What the catalog shows of live activities (docs/marketing.md section 5): a list card's
 * 限时折扣 price, a SKU's activity price on the product page, and the 满减 tiers that cover the
 * product. Prices are the ones the checkout charges (the same rule, shared/activities.ts
 * discountPricesBySku). Times are ISO strings; `serverTime` is the catalog's clock when it
 * answered, so the page counts down from it rather than from the phone's own clock.
 */
import { z } from 'zod';

/** A product's live 限时折扣 on a list card: the lowest activity price among its SKUs. */
export const CardActivity = z.object({
  activityId: z.string(),
  name: z.string(),
  /** The lowest live 限时折扣 price among the product's SKUs, in fen. */
  priceFen: z.number().int(),
  /** The price of the SKU that has it, in fen (shown struck through). */
  originalPriceFen: z.number().int(),
  /** When that activity ends. */
  endAt: z.string(),
});
export type CardActivity = z.infer<typeof CardActivity>;

/** A SKU's live 限时折扣 on the product page (the SKU's own `priceFen` is the original price). */
export const SkuActivity = z.object({
  activityId: z.string(),
  name: z.string(),
  /** What the order charges per unit, in fen. */
  priceFen: z.number().int(),
  endAt: z.string(),
});

/** A live 满减 whose scope covers the product, with its tiers as shoppers read them ("满199减20"). */
export const ReductionView = z.object({
  activityId: z.string(),
  name: z.string(),
  endAt: z.string(),
  tiers: z.array(z.object({ thresholdFen: z.number().int(), offFen: z.number().int(), label: z.string() })),
});
export type ReductionView = z.infer<typeof ReductionView>;
