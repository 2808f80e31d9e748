/**
 * afterSale: the shopper's after-sales (售后), one route per action (`event.$url`):
 * request, requestWholeOrder, refundable, cancel, markReturned, list, detail. Identity comes
 * from getWXContext(); no route takes a user id. Also the views the admin routes answer with and
 * the refund notification onRefundCallback receives. Rules: shared/afterSales.ts.
 */
import { z } from 'zod';
import {
  AFTER_SALE_ID_PATTERN,
  AFTER_SALE_KEY_PATTERN,
  AFTER_SALE_KINDS,
  AFTER_SALE_STATUSES,
  AFTER_SALE_KIND_LABELS,
  AFTER_SALE_STATUS_LABELS,
  type AfterSaleDocument,
} from '../afterSales';

/** An order id is its payment's out_trade_no: 1-32 characters of WeChat Pay's set. */
export const OrderId = z.string().regex(/^[0-9A-Za-z_\-|*@]{1,32}$/, 'not an order id');
/** `s` + 24 hex characters (shared/afterSales.ts AFTER_SALE_ID_PATTERN). */
export const AfterSaleId = z.string().regex(AFTER_SALE_ID_PATTERN, 'not an after-sale id');
export const AfterSaleKind = z.enum(AFTER_SALE_KINDS);
export const AfterSaleStatus = z.enum(AFTER_SALE_STATUSES);
const IdempotencyKey = z.string().regex(AFTER_SALE_KEY_PATTERN, 'idempotencyKey must be 8-64 of A-Z a-z 0-9 _ -');
const Reason = z.string().trim().min(1).max(200);
const Paging = {
  limit: z.number().int().min(1).max(50).default(20),
  offset: z.number().int().min(0).max(10_000).default(0),
};
const IsoTime = z.string();

export const RequestedLineInput = z.strictObject({
  lineIndex: z.number().int().min(0).max(99),
  /** Units returned or not to be shipped; 0 refunds money only (refundOnly). */
  quantity: z.number().int().min(0).max(9_999),
  amountFen: z.number().int().min(1).max(1_000_000_000),
});

/* Route inputs are strict: an unknown field (a typo, or an attempt to pass an identity) is refused. */

// ---- request / requestWholeOrder -----------------------------------------------------------
export const RequestInput = z
  .strictObject({
    orderId: OrderId,
    kind: AfterSaleKind,
    lines: z
      .array(RequestedLineInput)
      .min(1)
      .max(20)
      .refine((lines) => new Set(lines.map((line) => line.lineIndex)).size === lines.length, 'each line at most once'),
    reason: Reason,
    /** Chosen by the client per request: the same key returns the same request. */
    idempotencyKey: IdempotencyKey,
  })
  .refine((input) => input.kind === 'refundOnly' || input.lines.every((line) => line.quantity >= 1), {
    message: 'a return sends back at least one unit per line',
    path: ['lines'],
  });
export type RequestInput = z.input<typeof RequestInput>;

/** Every line's remaining amount and units (see shared/afterSales.ts wholeOrderLines). */
export const RequestWholeOrderInput = z.strictObject({
  orderId: OrderId,
  kind: AfterSaleKind,
  reason: Reason,
  idempotencyKey: IdempotencyKey,
});
export type RequestWholeOrderInput = z.input<typeof RequestWholeOrderInput>;

// ---- views ---------------------------------------------------------------------------------
export const AfterSaleLineView = z.object({
  lineIndex: z.number().int(),
  skuId: z.string(),
  name: z.string(),
  spec: z.string(),
  image: z.string(),
  unitPriceFen: z.number().int(),
  quantity: z.number().int(),
  amountFen: z.number().int(),
});

export const RefundedLineView = z.object({
  lineIndex: z.number().int(),
  amountFen: z.number().int(),
  quantity: z.number().int(),
  refundedFenAfter: z.number().int(),
  refundedQuantityAfter: z.number().int(),
  lastOfLine: z.boolean(),
});

/** A request as the shopper sees it. */
export const AfterSaleView = z.object({
  id: z.string(),
  orderId: z.string(),
  kind: AfterSaleKind,
  kindLabel: z.string(),
  status: AfterSaleStatus,
  statusLabel: z.string(),
  wholeOrder: z.boolean(),
  lines: z.array(AfterSaleLineView),
  shippingFen: z.number().int(),
  amountFen: z.number().int(),
  reason: z.string(),
  returnShipment: z.object({ carrier: z.string(), trackingNo: z.string(), at: IsoTime }).nullable(),
  review: z
    .object({
      decision: z.enum(['approve', 'refuse']),
      at: IsoTime,
      reason: z.string().nullable(),
      goodsReceived: z.boolean(),
    })
    .nullable(),
  /** When the money went back (the refund callback). */
  refundedAt: IsoTime.nullable(),
  createdAt: IsoTime,
  updatedAt: IsoTime,
  cancelledAt: IsoTime.nullable(),
});
export type AfterSaleView = z.infer<typeof AfterSaleView>;

/** A request as the merchant sees it: who asked and decided, and the refund's progress. */
export const AdminAfterSaleView = AfterSaleView.extend({
  buyerId: z.string(),
  orderStatusAtRequest: z.string(),
  reviewedBy: z.string().nullable(),
  refund: z
    .object({
      outRefundNo: z.string(),
      refundId: z.string().nullable(),
      attempts: z.number().int(),
      lastAttemptAt: IsoTime,
      acceptedAt: IsoTime.nullable(),
      lastError: z.string().nullable(),
      succeededAt: IsoTime.nullable(),
    })
    .nullable(),
  applied: z
    .object({ lines: z.array(RefundedLineView), shippingFen: z.number().int(), restock: z.boolean(), at: IsoTime })
    .nullable(),
});
export type AdminAfterSaleView = z.infer<typeof AdminAfterSaleView>;

function iso(value: Date | string | null | undefined): string | null {
  return value === null || value === undefined ? null : new Date(value).toISOString();
}

export function afterSaleView(doc: AfterSaleDocument): AfterSaleView {
  const { review, returnShipment } = doc;
  return {
    id: doc._id,
    orderId: doc.orderId,
    kind: doc.kind,
    kindLabel: AFTER_SALE_KIND_LABELS[doc.kind],
    status: doc.status,
    statusLabel: AFTER_SALE_STATUS_LABELS[doc.status],
    wholeOrder: doc.wholeOrder,
    lines: doc.lines.map(({ lineIndex, skuId, name, spec, image, unitPriceFen, quantity, amountFen }) => ({
      lineIndex,
      skuId,
      name,
      spec,
      image,
      unitPriceFen,
      quantity,
      amountFen,
    })),
    shippingFen: doc.shippingFen,
    amountFen: doc.amountFen,
    reason: doc.reason,
    returnShipment: returnShipment
      ? { carrier: returnShipment.carrier, trackingNo: returnShipment.trackingNo, at: iso(returnShipment.at) as string }
      : null,
    review: review
      ? {
          decision: review.decision,
          at: iso(review.at) as string,
          reason: review.reason,
          goodsReceived: review.goodsReceived,
        }
      : null,
    refundedAt: iso(doc.refund?.succeededAt),
    createdAt: iso(doc.createdAt) as string,
    updatedAt: iso(doc.updatedAt) as string,
    cancelledAt: iso(doc.cancelledAt),
  };
}

export function adminAfterSaleView(doc: AfterSaleDocument): AdminAfterSaleView {
  const { refund, applied } = doc;
  return {
    ...afterSaleView(doc),
    buyerId: doc.buyerId,
    orderStatusAtRequest: doc.orderStatusAtRequest,
    reviewedBy: doc.review?.by ?? null,
    refund: refund
      ? {
          outRefundNo: refund.outRefundNo,
          refundId: refund.refundId,
          attempts: refund.attempts,
          lastAttemptAt: iso(refund.lastAttemptAt) as string,
          acceptedAt: iso(refund.acceptedAt),
          lastError: refund.lastError,
          succeededAt: iso(refund.succeededAt),
        }
      : null,
    applied: applied
      ? {
          lines: applied.lines,
          shippingFen: applied.shippingFen,
          restock: applied.restock,
          at: iso(applied.at) as string,
        }
      : null,
  };
}

export const RequestOutput = z.object({
  /** `replayed`: this idempotency key had already made the request; it is returned as it is now. */
  status: z.enum(['created', 'replayed']),
  afterSale: AfterSaleView,
});
export type RequestOutput = z.infer<typeof RequestOutput>;

// ---- refundable ----------------------------------------------------------------------------
export const RefundableInput = z.strictObject({ orderId: OrderId });
export const RefundableOutput = z.object({
  orderId: z.string(),
  orderStatus: z.string(),
  /** Whether a request may be made now, and whether it may be a return (shipped or completed). */
  canRequest: z.boolean(),
  canReturn: z.boolean(),
  openRequests: z.number().int(),
  lines: z.array(
    z.object({
      lineIndex: z.number().int(),
      skuId: z.string(),
      name: z.string(),
      spec: z.string(),
      image: z.string(),
      quantity: z.number().int(),
      paidFen: z.number().int(),
      refundedFen: z.number().int(),
      refundedQuantity: z.number().int(),
      /** Held by open requests. */
      heldFen: z.number().int(),
      heldQuantity: z.number().int(),
      /** What a new request may ask for: paid − refunded − held. */
      remainingFen: z.number().int(),
      remainingQuantity: z.number().int(),
    }),
  ),
  /** What requestWholeOrder (refundOnly) would ask for now. */
  wholeOrder: z.object({
    lines: z.array(z.object({ lineIndex: z.number().int(), quantity: z.number().int(), amountFen: z.number().int() })),
    shippingFen: z.number().int(),
    amountFen: z.number().int(),
  }),
});
export type RefundableOutput = z.infer<typeof RefundableOutput>;

// ---- cancel / markReturned / list / detail -------------------------------------------------
export const CancelInput = z.strictObject({ afterSaleId: AfterSaleId });
export const CancelOutput = z.object({ status: z.enum(['cancelled', 'unchanged']), afterSale: AfterSaleView });

export const MarkReturnedInput = z.strictObject({
  afterSaleId: AfterSaleId,
  carrier: z.string().trim().min(1).max(30),
  trackingNo: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9-]{4,40}$/, 'trackingNo must be 4-40 letters, digits or dashes'),
});
export const MarkReturnedOutput = z.object({ status: z.enum(['updated', 'unchanged']), afterSale: AfterSaleView });

export const ListInput = z.strictObject({ orderId: OrderId.optional(), ...Paging });
export const ListOutput = z.object({ items: z.array(AfterSaleView), nextOffset: z.number().int().nullable() });

export const DetailInput = z.strictObject({ afterSaleId: AfterSaleId });
export const DetailOutput = z.object({ afterSale: AfterSaleView });

export const AFTER_SALE_CONTRACTS = {
  request: { input: RequestInput, output: RequestOutput },
  requestWholeOrder: { input: RequestWholeOrderInput, output: RequestOutput },
  refundable: { input: RefundableInput, output: RefundableOutput },
  cancel: { input: CancelInput, output: CancelOutput },
  markReturned: { input: MarkReturnedInput, output: MarkReturnedOutput },
  list: { input: ListInput, output: ListOutput },
  detail: { input: DetailInput, output: DetailOutput },
} as const;
export type AfterSaleRoute = keyof typeof AFTER_SALE_CONTRACTS;
export const AFTER_SALE_ROUTES = Object.keys(AFTER_SALE_CONTRACTS) as AfterSaleRoute[];

/** The codes the afterSale function answers with `ok: false` besides the common ones. */
export const AFTER_SALE_ERRORS = [
  'ORDER_NOT_FOUND',
  'ORDER_NOT_REFUNDABLE',
  'NOT_SHIPPED',
  'LINE_NOT_FOUND',
  'AMOUNT_EXCEEDS_REMAINING',
  'QUANTITY_EXCEEDS_REMAINING',
  'NOTHING_TO_REFUND',
  'TOO_MANY_OPEN_REQUESTS',
  'IDEMPOTENCY_KEY_REUSED',
  'BUSY',
  'AFTER_SALE_NOT_FOUND',
  'INVALID_TRANSITION',
] as const;
export type AfterSaleError = (typeof AFTER_SALE_ERRORS)[number];

// ---- admin routes (added to ADMIN_CONTRACTS; use cases in cloudfunctions/admin/afterSales.ts) --
export const ListAfterSalesInput = z.strictObject({
  /** Only requests in this status; all when omitted. Newest first. */
  status: AfterSaleStatus.optional(),
  orderId: OrderId.optional(),
  ...Paging,
});
export const ListAfterSalesOutput = z.object({
  items: z.array(AdminAfterSaleView),
  nextOffset: z.number().int().nullable(),
});

export const ApproveAfterSaleInput = z.strictObject({
  afterSaleId: AfterSaleId,
  /** Required true to approve a returnAndRefund: the admin confirms the returned goods arrived. */
  goodsReceived: z.boolean().default(false),
});
export const ApproveAfterSaleOutput = z.object({
  /** `approved`: WeChat Pay accepted the refund (now refunding); `unchanged`: it was already refunding or refunded. */
  status: z.enum(['approved', 'unchanged']),
  afterSale: AdminAfterSaleView,
});

export const RefuseAfterSaleInput = z.strictObject({ afterSaleId: AfterSaleId, reason: Reason });
export const RefuseAfterSaleOutput = z.object({
  status: z.enum(['refused', 'unchanged']),
  afterSale: AdminAfterSaleView,
});

/** The codes the admin after-sale routes add to ADMIN_ERRORS. */
/** Re-drives an approved or refunding request's refund: the steps of the refund callback, run now. */
export const RedriveAfterSaleRefundInput = z.strictObject({ afterSaleId: AfterSaleId });
export const RedriveAfterSaleRefundOutput = z.object({
  /**
   * `refunded`: finished now or before (refund applied, commissions reversed or clawed back);
   * `notConfirmed`: WeChat Pay has not refunded it (yet), or has no refund for it (approve again);
   * `failedAtBank`: the bank refused it (recorded; settle it in the merchant platform);
   * `notReady`: its commissions are being released; try again in a minute.
   */
  outcome: z.enum(['refunded', 'notConfirmed', 'failedAtBank', 'notReady']),
  /** What happened, in English, for the merchant's support. */
  detail: z.string(),
  afterSale: AdminAfterSaleView,
});

export const ADMIN_AFTER_SALE_ERRORS = [
  'AFTER_SALE_NOT_FOUND',
  'GOODS_NOT_RECEIVED',
  'PAYMENT_UNAVAILABLE',
  'REFUND_FAILED',
  'REFUND_IN_PROGRESS',
] as const;

// ---- onRefundCallback ----------------------------------------------------------------------

const Text = z.union([z.string(), z.number()]).transform(String);

/**
 * The refund notification (docs/platform.md section 6.3): WeChat Pay v2's, after req_info decryption, in
 * camelCase. Whether the platform nests the decrypted fields under `reqInfo` or sends snake_case
 * is not documented, so every spelling is read. Only `outRefundNo` is used: everything else is
 * taken from cloudPay.queryRefund, never from the event.
 */
export const RefundNotification = z
  .looseObject({})
  .transform((event) => {
    const nested = (event.reqInfo ?? event.req_info ?? {}) as Record<string, unknown>;
    const fields = { ...event, ...(typeof nested === 'object' && nested !== null ? nested : {}) };
    return { outRefundNo: fields.outRefundNo ?? fields.out_refund_no };
  })
  .pipe(z.object({ outRefundNo: Text.pipe(z.string().regex(/^[0-9A-Za-z_\-|*@]{2,64}$/)) }));
export type RefundNotification = z.infer<typeof RefundNotification>;

/**
 * onRefundCallback's answers, in the manner of onPayCallback's. `OK` (errcode 0) acknowledges:
 * the refund is recorded (now, or by an earlier delivery). Every other answer makes the platform
 * re-deliver on its schedule (15 s ... 6 h, for about a day).
 */
export const REFUND_CALLBACK_CODES = {
  OK: 0,
  /** The event names no out_refund_no; nothing was read or written. */
  INVALID_INPUT: 400,
  /** Not called by the payment platform (SOURCE is not wx_paycallback); nothing was read or written. */
  FORBIDDEN: 403,
  /** The out_refund_no is none of ours, or its request / stray payment is not stored; nothing was written. */
  NOT_FOUND: 404,
  /** cloudPay.queryRefund does not confirm a successful refund of the expected amount (yet); nothing was written. */
  NOT_CONFIRMED: 409,
  /** A platform or database failure; the next delivery retries from the start (every step is idempotent). */
  ERROR: 500,
  /**
   * The refund is on the order but its commission reversal must wait: a commission it changes is
   * claimed by a release batch that has not finished (or the ledger stayed busy). Nothing of the
   * reversal was written; a later delivery, after the release run finished the batch, claws back.
   */
  NOT_READY: 503,
} as const;
export type RefundCallbackCode = keyof typeof REFUND_CALLBACK_CODES;

export interface RefundCallbackAnswer {
  errcode: number;
  errmsg: string;
}

export function refundAnswer(code: RefundCallbackCode, detail: string): RefundCallbackAnswer {
  return { errcode: REFUND_CALLBACK_CODES[code], errmsg: `${code}: ${detail}` };
}
