/**
 * placeOrder: turns SKU ids and quantities into an order priced on the server, reserves stock
 * and opens the payment. The client sends only what the shopper chose; identity comes from
 * getWXContext().
 */
import { z } from 'zod';
import { SKU_ID_PATTERN } from '../catalog';
import { PAY_METHODS } from '../orders';

export const MAX_ORDER_LINES = 20;
export const MAX_LINE_QUANTITY = 99;

/**
 * A 拼团 purchase (shared/groupBuy.ts): the groupBuy activity, and the group to join, or null to
 * open a new group as its leader. An order with a group item has that one item.
 */
const GroupChoice = z
  .object({
    activityId: z.string().min(1).max(40),
    groupId: z
      .string()
      .regex(/^g[0-9a-f]{24}$/)
      .nullable(),
  })
  .strict();

export const PlaceOrderInput = z
  .object({
    items: z
      .array(
        z
          .object({
            skuId: z.string().regex(SKU_ID_PATTERN),
            quantity: z.number().int().min(1).max(MAX_LINE_QUANTITY),
            /**
             * A 秒杀 purchase: the id of a live flash-sale session listing the SKU, whose price the
             * line then takes (FLASH_NOT_LIVE otherwise); absent or null for a purchase at the
             * regular price.
             */
            activityId: z.string().min(1).max(40).nullable().optional(),
            group: GroupChoice.optional(),
          })
          .strict(),
      )
      .min(1)
      .max(MAX_ORDER_LINES)
      .refine((items) => new Set(items.map((item) => item.skuId)).size === items.length, 'each SKU at most once')
      .refine((items) => items.length === 1 || items.every((item) => !item.group), 'a group purchase has one item')
      .refine((items) => items.every((item) => !(item.activityId && item.group)), 'a 秒杀 item is not a 拼团 item'),
    addressId: z.string().min(1).max(64),
    /**
     * The coupon to use: one of the caller's userCoupons ids, available, valid now and usable on
     * these items (COUPON_INVALID otherwise, also when another order takes it first); null for none.
     */
    couponId: z.string().min(1).max(64).nullable().default(null),
    /**
     * Spend points (积分抵扣) when the rules have points on: the most the shopper's available points
     * and the rules' maximum share allow, last after every other discount (docs/wallet.md section 4).
     */
    usePoints: z.boolean().default(false),
    /** Chosen by the client per checkout: the same key returns the same order. */
    idempotencyKey: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
    note: z.string().max(200).default(''),
    /**
     * How the order is paid (docs/wallet.md section 2): `wechat` opens a WeChat Pay payment (the
     * default, so older callers are unchanged); `balance` pays it from the shopper's balance (余额)
     * at once, or answers BALANCE_INSUFFICIENT and leaves the order unpaid. A replay must name the
     * same method (IDEMPOTENCY_KEY_REUSED otherwise).
     */
    payMethod: z.enum(PAY_METHODS).default('wechat'),
  })
  .strict();
export type PlaceOrderInput = z.input<typeof PlaceOrderInput>;

export const PlaceOrderOutput = z.object({
  orderId: z.string(),
  payableFen: z.number().int(),
  payMethod: z.enum(PAY_METHODS),
  /** True once the order is paid: at once for a balance payment, never here for WeChat Pay. */
  paid: z.boolean(),
  /** Pass to wx.requestPayment as is; null for a balance payment (no WeChat payment is opened). */
  payment: z
    .object({
      timeStamp: z.string(),
      nonceStr: z.string(),
      package: z.string(),
      signType: z.string(),
      paySign: z.string(),
    })
    .nullable(),
  /** ISO time after which the unpaid order closes. */
  payDeadline: z.string(),
});
export type PlaceOrderOutput = z.infer<typeof PlaceOrderOutput>;

/** The codes placing an order answers with `ok: false` besides the common ones. */
export const PLACE_ORDER_ERRORS = [
  'ADDRESS_NOT_FOUND',
  'SKU_NOT_FOUND',
  'NOT_ON_SALE',
  'OUT_OF_STOCK',
  'COUPON_INVALID',
  /** A 秒杀 item whose session is not live, or does not list the SKU. */
  'FLASH_NOT_LIVE',
  /** A 秒杀 item whose session has fewer units left than asked. */
  'FLASH_SOLD_OUT',
  /** A 秒杀 item beyond what the shopper may still buy in the session. */
  'FLASH_LIMIT_REACHED',
  'IDEMPOTENCY_KEY_REUSED',
  'ORDER_CLOSED',
  'PAYMENT_UNAVAILABLE',
  /** The group activity is not live or does not list the SKU. */
  'GROUP_ACTIVITY_INVALID',
  'GROUP_NOT_FOUND',
  /** The group failed, filled or expired. */
  'GROUP_CLOSED',
  /** Every place of the group is taken (also when another shopper took the last one first). */
  'GROUP_FULL',
  'GROUP_ALREADY_JOINED',
  /** Another order spent the points this one was priced with, before it could take them. */
  'POINTS_INSUFFICIENT',
  /**
   * A balance payment the shopper's balance does not cover: the order is placed and stays unpaid
   * (it closes by the unpaid timer, or is paid later with order › payWithBalance).
   */
  'BALANCE_INSUFFICIENT',
  /** Too many payments from one balance at once: retry with the same key. */
  'BUSY',
] as const;
export type PlaceOrderError = (typeof PLACE_ORDER_ERRORS)[number];
