/**
 * catalog › group: one 拼团 group as its shared page shows it (docs/marketing.md section 8).
 * Public like the rest of the catalog, so a friend opening the share sees the group before
 * signing in; members are shown by nickname and avatar only, never by their OPENID.
 */
import { z } from 'zod';

export const GroupInput = z.strictObject({ groupId: z.string().regex(/^g[0-9a-f]{24}$/) });

export const GroupMemberView = z.object({
  nickname: z.string(),
  /** Empty when the member has none: the page shows a placeholder. */
  avatarUrl: z.string(),
  leader: z.boolean(),
  paid: z.boolean(),
});

export const GroupOutput = z.object({
  id: z.string(),
  activityId: z.string(),
  activityName: z.string(),
  productId: z.string(),
  /** The group price per unit of each listed SKU, fen (what a member who joins pays). */
  skus: z.array(z.object({ skuId: z.string(), priceFen: z.number().int() })),
  size: z.number().int(),
  /** Places not yet taken (an unpaid member holds a place until their order closes). */
  placesLeft: z.number().int(),
  status: z.enum(['forming', 'filled', 'failed']),
  /** Whether a shopper may still join now: forming, not expired, a place left. */
  joinable: z.boolean(),
  expiresAt: z.string(),
  /** The server's time of the answer, ISO: the page counts down from it, not from the phone's clock. */
  serverTime: z.string(),
  members: z.array(GroupMemberView),
});
export type GroupOutput = z.infer<typeof GroupOutput>;

/** catalog › detail's `groupBuy`: the live 拼团 of the product, for 发起拼团 on its page. */
export const GroupOffer = z.object({
  activityId: z.string(),
  name: z.string(),
  groupSize: z.number().int(),
  /** Taken off each unit of the group price for the shopper who opens a group. */
  leaderBonusFen: z.number().int(),
  /** The group price per unit of each SKU it lists, fen. */
  skus: z.array(z.object({ skuId: z.string(), priceFen: z.number().int() })),
  endAt: z.string(),
});
export type GroupOffer = z.infer<typeof GroupOffer>;
