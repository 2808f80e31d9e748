/**
 * The admin's order routes of the `admin` function: shipOrder, listOrders, orderDetail
 * (registered in shared/contracts/admin.ts ADMIN_CONTRACTS; use cases in cloudfunctions/admin/orders.ts).
 * The merchant's order view extends the shopper's (shared/contracts/order.ts OrderView).
 */
import { z } from 'zod';
import { ProductCommissionInput } from '../catalog';
import type { OrderDocument } from '../orders';
import {
  CloseReasonSchema,
  iso,
  lineView,
  OrderId,
  OrderLineView,
  OrderStatusSchema,
  orderView,
  OrderView,
} from './order';

const IsoTime = z.string();

const LevelCommissionView = z.object({
  level: z.number().int(),
  beneficiaryId: z.string(),
  basis: z.union([
    z.object({ kind: z.literal('rate'), rateBp: z.number().int() }),
    z.object({ kind: z.literal('fixed'), fixedFenPerUnit: z.number().int() }),
  ]),
  uncappedFen: z.number().int(),
  amountFen: z.number().int(),
  skipped: z.enum(['NOT_DISTRIBUTOR', 'NO_RATE']).optional(),
});

export const AdminOrderLineView = OrderLineView.extend({
  commission: ProductCommissionInput,
  attribution: z.object({
    baseFen: z.number().int(),
    quantity: z.number().int(),
    capFen: z.number().int(),
    capApplied: z.boolean(),
    levels: z.array(LevelCommissionView),
    totalFen: z.number().int(),
  }),
});

export const StrayPaymentView = z.object({
  reason: z.enum(['ORDER_CLOSED', 'AMOUNT_MISMATCH']),
  decision: z.enum(['refund', 'revive']),
  transactionId: z.string(),
  paidFen: z.number().int(),
  paidAt: IsoTime,
  decidedAt: IsoTime,
  closeReason: CloseReasonSchema.nullable(),
  refundNo: z.string(),
  refundId: z.string().nullable(),
  refundRequestedAt: IsoTime.nullable(),
  refundedAt: IsoTime.nullable(),
  revivedAt: IsoTime.nullable(),
});

export const ShippingUploadView = z.object({
  state: z.enum(['pending', 'accepted', 'failed']),
  attempts: z.number().int(),
  /** The platform's errcode and message of the last failed attempt. */
  lastError: z.string().nullable(),
  lastAttemptAt: IsoTime.nullable(),
  acceptedAt: IsoTime.nullable(),
});

/** The merchant's view: the shopper's view plus buyer, attribution, payment and settlement internals. */
export const AdminOrderView = OrderView.extend({
  lines: z.array(AdminOrderLineView),
  buyerId: z.string(),
  /** The buyer's nickname now ('' when they set none; null without a user document). */
  buyerNickname: z.string().nullable(),
  rulesVersion: z.number().int(),
  /** The beneficiaries of levels 1..n when the order was placed. */
  chain: z.array(z.string()),
  reservation: z.enum(['reserving', 'reserved', 'released']),
  transactionId: z.string().nullable(),
  settlement: z.object({ state: z.enum(['none', 'pending', 'settled']), settledAt: IsoTime.nullable() }),
  strayPayment: StrayPaymentView.nullable(),
  couponId: z.string().nullable(),
  updatedAt: IsoTime,
  /** The report of the shipping to WeChat (null before shipping, and for orders shipped before reports existed). */
  shippingUpload: ShippingUploadView.nullable(),
});
export type AdminOrderView = z.infer<typeof AdminOrderView>;

export function adminOrderView(order: OrderDocument, buyerNickname: string | null): AdminOrderView {
  const stray = order.strayPayment ?? null;
  return {
    ...orderView(order),
    lines: order.lines.map((line) => ({
      ...lineView(line),
      commission: line.commission,
      attribution: line.attribution,
    })),
    buyerId: order.buyerId,
    buyerNickname,
    rulesVersion: order.rulesVersion,
    chain: [...order.chain],
    reservation: order.reservation,
    transactionId: order.payment.transactionId,
    settlement: { state: order.settlement.state, settledAt: iso(order.settlement.settledAt) },
    strayPayment: stray && {
      ...stray,
      paidAt: iso(stray.paidAt) as string,
      decidedAt: iso(stray.decidedAt) as string,
      refundRequestedAt: iso(stray.refundRequestedAt),
      refundedAt: iso(stray.refundedAt),
      revivedAt: iso(stray.revivedAt),
    },
    couponId: order.couponId,
    updatedAt: iso(order.updatedAt) as string,
    shippingUpload: shippingUploadView(order),
  };
}

function shippingUploadView(order: OrderDocument): z.infer<typeof ShippingUploadView> | null {
  const upload = order.shipping?.upload;
  if (!upload) return null;
  return {
    state: upload.state,
    attempts: upload.attempts,
    lastError: upload.lastError,
    lastAttemptAt: iso(upload.lastAttemptAt),
    acceptedAt: iso(upload.acceptedAt),
  };
}

/** Express carrier as the merchant types it (顺丰速运, 中通快递, ...). */
const Carrier = z.string().trim().min(1).max(20);
/** Tracking numbers: 4-40 letters, digits or dashes (spaces removed). */
const TrackingNo = z
  .string()
  .transform((text) => text.replace(/\s/g, ''))
  .pipe(z.string().regex(/^[A-Za-z0-9-]{4,40}$/, 'trackingNo: 4-40 letters, digits or -'));
const Instant = z.iso.datetime({ offset: true }).transform((text) => new Date(text));

/**
 * Shipped by an express company (its name: one of shared/express.ts, whose delivery_id the
 * upload to WeChat uses, or typed), with the tracking number; or without logistics
 * (`noLogistics`: virtual goods, or picked up by the shopper), with neither.
 */
export const ShipOrderInput = z.union([
  z.strictObject({ orderId: OrderId, carrier: Carrier, trackingNo: TrackingNo }),
  z.strictObject({ orderId: OrderId, noLogistics: z.enum(['virtual', 'pickup']) }),
]);
export const ShipOrderOutput = z.object({
  /** `unchanged`: it was already shipped the same way (carrier and tracking number, or no logistics): a replay. */
  status: z.enum(['shipped', 'unchanged']),
  order: AdminOrderView,
});

export const AdminListOrdersInput = z
  .strictObject({
    status: OrderStatusSchema.optional(),
    /** Only this buyer's orders (OPENID). */
    buyerId: z.string().trim().min(1).max(128).optional(),
    /** Created at or after this instant (ISO 8601 with offset, e.g. 2026-03-01T00:00:00+08:00). */
    createdFrom: Instant.optional(),
    /** Created before this instant. */
    createdTo: Instant.optional(),
    /** The beginning of an order number: the readable number when all digits, otherwise the order id. */
    search: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9_-]{1,32}$/, 'search: the first characters of an order number')
      .optional(),
    limit: z.number().int().min(1).max(50).default(20),
    offset: z.number().int().min(0).max(10_000).default(0),
  })
  .refine((input) => !input.createdFrom || !input.createdTo || input.createdFrom < input.createdTo, {
    message: 'createdFrom must be before createdTo',
    path: ['createdTo'],
  });
export const AdminListOrdersOutput = z.object({
  items: z.array(AdminOrderView),
  nextOffset: z.number().int().nullable(),
});

export const RetryShippingUploadInput = z.strictObject({ orderId: OrderId });
export const RetryShippingUploadOutput = z.object({
  /** `accepted`: WeChat has the shipping now (or had it already); `failed`: it refused again (see the order's lastError). */
  status: z.enum(['accepted', 'failed']),
  order: AdminOrderView,
});

export const AdminOrderDetailInput = z.strictObject({ orderId: OrderId });
export const AdminOrderDetailOutput = AdminOrderView;

/** Codes of the admin order routes besides the admin function's common ones. */
export const ADMIN_ORDER_ERRORS = ['ORDER_NOT_FOUND', 'INVALID_TRANSITION', 'NOT_SHIPPED'] as const;
