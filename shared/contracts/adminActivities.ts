/**
 * The merchant's activities (function `admin`, registered in shared/contracts/admin.ts):
 * listActivities, saveActivity, setActivityStatus and getActivity. The stored document is
 * shared/activities.ts's ActivityDocument; docs/api.md (admin › Activities) and
 * docs/marketing.md section 5 describe the rules.
 *
 * The input is checked here as far as it can be without the database: the window, the tiers
 * (1..5, thresholds and amounts strictly increasing, each amount below its threshold), the SKUs
 * (1..100, each once, activity price at least 1 fen). What needs the database (the scope's ids
 * exist, each activity price is below its SKU's price) is checked by the use case, with its own
 * codes (ADMIN_ACTIVITY_ERRORS).
 */
import { z } from 'zod';
import { CategoryId, MAX_PRICE_FEN, ProductId, SkuId, Text } from './catalog';

export const MAX_REDUCTION_TIERS = 5;
export const MAX_DISCOUNTED_SKUS = 100;
/** Ids of a scope: as many as an admin can pick on the page. */
const MAX_SCOPE_IDS = 100;

export const ACTIVITY_ID_PATTERN = /^[A-Za-z0-9_-]{1,40}$/;
const ActivityId = z.string().regex(ACTIVITY_ID_PATTERN, 'id: 1-40 of A-Z a-z 0-9 _ -');
const Instant = z.iso.datetime({ offset: true }).transform((text) => new Date(text));
const Fen = z.number().int().min(1).max(MAX_PRICE_FEN);

export const ACTIVITY_STATES = ['upcoming', 'running', 'paused', 'ended'] as const;
const State = z.enum(ACTIVITY_STATES);

const ScopeInput = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('shop') }),
  z.strictObject({ kind: z.literal('categories'), categoryIds: z.array(CategoryId).min(1).max(MAX_SCOPE_IDS) }),
  z.strictObject({ kind: z.literal('products'), productIds: z.array(ProductId).min(1).max(MAX_SCOPE_IDS) }),
]);

const Tier = z
  .strictObject({ thresholdFen: Fen, offFen: Fen })
  .refine((tier) => tier.offFen < tier.thresholdFen, 'offFen must be below thresholdFen');

/** Tiers in increasing order: each threshold and each amount above the previous one's. */
const Tiers = z
  .array(Tier)
  .min(1)
  .max(MAX_REDUCTION_TIERS)
  .refine(
    (tiers) =>
      tiers.every(
        (tier, index) =>
          index === 0 ||
          (tier.thresholdFen > (tiers[index - 1]?.thresholdFen ?? 0) && tier.offFen > (tiers[index - 1]?.offFen ?? 0)),
      ),
    'tiers: thresholds and amounts strictly increasing',
  );

const DiscountedSkuInput = z.strictObject({ skuId: SkuId, priceFen: Fen });
const DiscountedSkus = z
  .array(DiscountedSkuInput)
  .min(1)
  .max(MAX_DISCOUNTED_SKUS)
  .refine((skus) => new Set(skus.map((sku) => sku.skuId)).size === skus.length, 'each SKU at most once');

/** How many SKUs one 秒杀 session may list. */
export const MAX_FLASH_SKUS = 20;
/** The largest allotment of one 秒杀 SKU and the largest per-user limit. */
const MAX_FLASH_STOCK = 1_000_000;

const FlashSkuInput = z.strictObject({
  skuId: SkuId,
  priceFen: Fen,
  /** Units allotted to the session: 1..the SKU's stock when saved; after the start, only raised. */
  stock: z.number().int().min(1).max(MAX_FLASH_STOCK),
  perUserLimit: z.number().int().min(1).max(MAX_FLASH_STOCK),
});
const FlashSkus = z
  .array(FlashSkuInput)
  .min(1)
  .max(MAX_FLASH_SKUS)
  .refine((skus) => new Set(skus.map((sku) => sku.skuId)).size === skus.length, 'each SKU at most once');
/** 拼团: the group's size and time limit, the leader's bonus (shared/activities.ts GroupBuyTerms). */
const GroupTerms = {
  groupSize: z.number().int().min(2).max(10),
  /** 5 minutes to 7 days. */
  timeLimitMinutes: z
    .number()
    .int()
    .min(5)
    .max(7 * 24 * 60),
  leaderBonusFen: z.number().int().min(0).max(MAX_PRICE_FEN).default(0),
};

const Common = {
  /** `create` refuses an id in use (unless it is a replay of the same activity); `update` an unknown or ended one. */
  mode: z.enum(['create', 'update']),
  id: ActivityId,
  name: Text(1, 30),
  startAt: Instant,
  endAt: Instant,
  /** Whether distributors earn commission on what the activity prices or discounts. */
  commission: z.boolean(),
};

export const SaveActivityInput = z
  .discriminatedUnion('kind', [
    z.strictObject({ ...Common, kind: z.literal('fullReduction'), scope: ScopeInput, tiers: Tiers }),
    z.strictObject({ ...Common, kind: z.literal('timedDiscount'), skus: DiscountedSkus }),
    /** A 秒杀 session: the window is the session's start and end. */
    z.strictObject({ ...Common, kind: z.literal('flashSale'), skus: FlashSkus }),
    z.strictObject({ ...Common, kind: z.literal('groupBuy'), skus: DiscountedSkus, ...GroupTerms }),
  ])
  .refine((input) => input.startAt.getTime() < input.endAt.getTime(), {
    message: 'startAt must be before endAt',
    path: ['endAt'],
  })
  .refine((input) => input.kind !== 'groupBuy' || input.skus.every((sku) => sku.priceFen > input.leaderBonusFen), {
    message: 'leaderBonusFen must leave the leader at least 1 fen per unit',
    path: ['leaderBonusFen'],
  });
export type SaveActivityInput = z.infer<typeof SaveActivityInput>;

const IsoTime = z.string();

/** What an activity did, over its orders that were paid (closed unpaid orders do not count). */
export const ActivityResults = z.object({
  /** Paid orders with at least one line the activity priced or discounted. */
  orders: z.number().int(),
  /** Units on those lines. */
  units: z.number().int(),
  /** What the activity took off those lines, in fen. */
  discountFen: z.number().int(),
  /** What the shoppers paid for those lines, in fen. */
  paidFen: z.number().int(),
  /** Commission on those lines, in fen, net of what refunds took back. */
  commissionFen: z.number().int(),
});
export type ActivityResults = z.infer<typeof ActivityResults>;

const ViewCommon = {
  id: z.string(),
  name: z.string(),
  startAt: IsoTime,
  endAt: IsoTime,
  status: z.enum(['active', 'paused', 'ended']),
  state: State,
  commission: z.boolean(),
  createdAt: IsoTime,
  updatedAt: IsoTime,
};
export const ActivityView = z.discriminatedUnion('kind', [
  z.object({
    ...ViewCommon,
    kind: z.literal('fullReduction'),
    scope: ScopeInput,
    tiers: z.array(z.object({ thresholdFen: z.number().int(), offFen: z.number().int() })),
  }),
  z.object({
    ...ViewCommon,
    kind: z.literal('timedDiscount'),
    skus: z.array(z.object({ skuId: z.string(), productId: z.string(), priceFen: z.number().int() })),
  }),
  z.object({
    ...ViewCommon,
    kind: z.literal('flashSale'),
    skus: z.array(
      z.object({
        skuId: z.string(),
        productId: z.string(),
        priceFen: z.number().int(),
        stock: z.number().int(),
        perUserLimit: z.number().int(),
      }),
    ),
  }),
  z.object({
    ...ViewCommon,
    kind: z.literal('groupBuy'),
    productId: z.string(),
    skus: z.array(z.object({ skuId: z.string(), priceFen: z.number().int() })),
    groupSize: z.number().int(),
    timeLimitMinutes: z.number().int(),
    leaderBonusFen: z.number().int(),
  }),
]);
export type ActivityView = z.infer<typeof ActivityView>;

export const SaveActivityOutput = z.object({
  /** `unchanged`: the activity was exactly this already (a replay). */
  status: z.enum(['created', 'updated', 'unchanged']),
  activity: ActivityView,
});

export const ListActivitiesInput = z.strictObject({
  kind: z.enum(['fullReduction', 'timedDiscount', 'flashSale', 'groupBuy']).optional(),
  state: State.optional(),
  limit: z.number().int().min(1).max(50).default(20),
  offset: z.number().int().min(0).max(10_000).default(0),
});
export const ListActivitiesOutput = z.object({
  /** Newest first (by startAt, then id), each with its results. */
  items: z.array(z.object({ activity: ActivityView, results: ActivityResults })),
  nextOffset: z.number().int().nullable(),
});

export const SetActivityStatusInput = z.strictObject({
  id: ActivityId,
  /** pause: active → paused; resume: paused → active; end: active or paused → ended, for good. */
  action: z.enum(['pause', 'resume', 'end']),
});
export const SetActivityStatusOutput = z.object({
  /** `unchanged`: the activity was already in the state the action leads to (a replay). */
  status: z.enum(['changed', 'unchanged']),
  activity: ActivityView,
});

export const GetActivityInput = z.strictObject({ id: ActivityId });
export const GetActivityOutput = z.object({
  activity: ActivityView,
  results: ActivityResults,
  /** For a 限时折扣: each listed SKU with its product's name, its spec and its current price (null when the SKU is gone). */
  skuDetails: z.array(
    z.object({
      skuId: z.string(),
      productName: z.string(),
      spec: z.string(),
      originalPriceFen: z.number().int().nullable(),
    }),
  ),
});

/** The admin routes of activities, merged into ADMIN_CONTRACTS. */
export const ADMIN_ACTIVITY_CONTRACTS = {
  listActivities: { input: ListActivitiesInput, output: ListActivitiesOutput },
  saveActivity: { input: SaveActivityInput, output: SaveActivityOutput },
  setActivityStatus: { input: SetActivityStatusInput, output: SetActivityStatusOutput },
  getActivity: { input: GetActivityInput, output: GetActivityOutput },
} as const;

/** The codes the activity routes add to ADMIN_ERRORS. */
export const ADMIN_ACTIVITY_ERRORS = [
  'ACTIVITY_EXISTS',
  'ACTIVITY_NOT_FOUND',
  /** An ended activity is never edited, paused or resumed again. */
  'ACTIVITY_ENDED',
  /** An update may not turn a 满减 into a 限时折扣 or back. */
  'ACTIVITY_KIND_CHANGED',
  /** The window is already over when the activity is saved. */
  'ACTIVITY_WINDOW_OVER',
  /** An activity price is not below its SKU's current price. */
  'ACTIVITY_PRICE_NOT_BELOW',
  /** A 秒杀 allotment above the SKU's stock at save, or lowered after the session started. */
  'FLASH_STOCK_INVALID',
  /** A 拼团 lists SKUs of more than one product. */
  'GROUP_PRODUCTS_MIXED',
  /** shipOrder: a 拼团 order ships only once its group is filled (every place taken and paid). */
  'GROUP_NOT_FILLED',
] as const;
