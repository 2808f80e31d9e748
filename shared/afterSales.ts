/**
 * After-sales (售后: 仅退款 / 退货退款), docs/rules.md sections 5-6: the stored documents and the pure
 * rules on amounts. Functions: `afterSale` (shopper), the admin routes `listAfterSales`,
 * `approveAfterSale`, `refuseAfterSale`, and `onRefundCallback` (WeChat Pay refund results).
 *
 * A request names order lines with an amount (fen) and a quantity each. While it is open
 * (requested / approved / refunding) it HOLDS what it asks for, so for every line at all times:
 *
 *   refundedFen + Σ amountFen of open requests      ≤ paidFen
 *   refundedQuantity + Σ quantity of open requests  ≤ quantity
 *
 * The order's status never changes through a refund (shared/orderStates.ts); what was refunded
 * is recorded per line (`refundedFen`, `refundedQuantity`) and per refund in the order's
 * `refunds` list (OrderRefundEntry), which is also what makes applying a refund happen once.
 */
import type { OrderDocument, OrderLine } from './orders';
import type { OrderStatus } from './orderStates';
import type { StateMachine } from './stateMachine';
import { strayRefundNo } from './contracts/onPayCallback';

export const AFTER_SALE_KINDS = ['refundOnly', 'returnAndRefund'] as const;
export type AfterSaleKind = (typeof AFTER_SALE_KINDS)[number];

/**
 *   requested ──approve──▶ approved ──WeChat Pay accepts──▶ refunding ──refund callback──▶ refunded
 *       │  └──cancel (shopper)──▶ cancelled        │ (refund not accepted: stays approved; approve again)
 *       └──refuse (admin)──▶ refused ◀──refuse─────┘ (only once WeChat Pay confirms it has no such refund)
 */
export const AFTER_SALE_STATUSES = ['requested', 'approved', 'refunding', 'refunded', 'refused', 'cancelled'] as const;
export type AfterSaleStatus = (typeof AFTER_SALE_STATUSES)[number];
export type AfterSaleEvent = 'approve' | 'accept' | 'refund' | 'refuse' | 'cancel';

/**
 * The drawing above as the table the functions run (every status write goes through
 * cloudfunctions/_lib/transitions.ts). A retried approval stays `approved` (one more attempt,
 * conditional on the status but not changing it), so it is not a transition.
 */
export const AFTER_SALE_MACHINE: StateMachine<AfterSaleStatus, AfterSaleEvent, 'afterSales'> = {
  collection: 'afterSales',
  initial: 'requested',
  transitions: {
    /** The merchant's approval (admin approveAfterSale): the review and the refund's number are recorded. */
    approve: { from: ['requested'], to: 'approved' },
    /** WeChat Pay accepted the refund (approveAfterSale, or refuseAfterSale finding it exists). */
    accept: { from: ['approved'], to: 'refunding' },
    /** onRefundCallback: the money went back (a callback may overtake the acceptance). */
    refund: { from: ['approved', 'refunding'], to: 'refunded' },
    /** The merchant's refusal (admin refuseAfterSale); from approved only once no refund exists. */
    refuse: { from: ['requested', 'approved'], to: 'refused' },
    /** The shopper withdraws the request (afterSale cancel). */
    cancel: { from: ['requested'], to: 'cancelled' },
  },
};

/** Statuses that hold amounts and units, and hold the line's commissions (docs/rules.md section 6). */
export const OPEN_AFTER_SALE_STATUSES: readonly AfterSaleStatus[] = ['requested', 'approved', 'refunding'];

export function isOpenAfterSale(status: AfterSaleStatus): boolean {
  return OPEN_AFTER_SALE_STATUSES.includes(status);
}

export const AFTER_SALE_STATUS_LABELS: Readonly<Record<AfterSaleStatus, string>> = {
  requested: '待审核',
  approved: '已同意',
  refunding: '退款中',
  refunded: '已退款',
  refused: '已拒绝',
  cancelled: '已撤销',
};

export const AFTER_SALE_KIND_LABELS: Readonly<Record<AfterSaleKind, string>> = {
  refundOnly: '仅退款',
  returnAndRefund: '退货退款',
};

/** Order statuses in which a request may be made; `returnAndRefund` needs the goods shipped. */
export const REFUNDABLE_ORDER_STATUSES: readonly OrderStatus[] = ['paid', 'shipped', 'completed'];
export const RETURNABLE_ORDER_STATUSES: readonly OrderStatus[] = ['shipped', 'completed'];

/** The client's key per request (the same rule as placeOrder's): with the order id it makes the request's id. */
export const AFTER_SALE_KEY_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;
/** Bounds the documents one order can hold open (and the holds query of afterSaleHolds.ts). */
export const MAX_OPEN_AFTER_SALES_PER_ORDER = 10;

/** One order line in a request, with a snapshot of what the shopper saw. */
export interface AfterSaleLine {
  lineIndex: number;
  skuId: string;
  name: string;
  spec: string;
  image: string;
  unitPriceFen: number;
  /** Units refunded (returned, or not to be shipped); 0 for a price-only refund. */
  quantity: number;
  /** Refunded on this line, fen (≥ 1). */
  amountFen: number;
}

/** A refund as applied to one order line: what the commission ledger reverses from. */
export interface RefundedLine {
  lineIndex: number;
  amountFen: number;
  quantity: number;
  /** The line's `refundedFen` / `refundedQuantity` right after this refund. */
  refundedFenAfter: number;
  refundedQuantityAfter: number;
  /**
   * True for the refund that brings the line's refundedFen to its paidFen: the ledger reverses
   * the rest of the line's commission exactly instead of `floor(c * amountFen / paidFen)`.
   * At most one refund per line has it.
   */
  lastOfLine: boolean;
}

/** One completed refund of an order, in `orders.refunds` (appended once, by onRefundCallback). */
export interface OrderRefundEntry {
  /** The WeChat Pay out_refund_no, `a<afterSaleId>`: unique in the list. */
  outRefundNo: string;
  /** The after-sale request refunded. */
  afterSaleId: string;
  /** Everything refunded by this refund, fen: Σ lines.amountFen + shippingFen. */
  amountFen: number;
  /** The part of amountFen that is the shipping fee, fen (not part of any commission base). */
  shippingFen: number;
  lines: RefundedLine[];
  /** Whether the units went back to stock (goods never shipped, or returned). */
  restock: boolean;
  /** When the refund was applied to the order. */
  at: Date;
}

/** The shopper's shipment of the goods back (returnAndRefund, route markReturned). */
export interface ReturnShipment {
  carrier: string;
  trackingNo: string;
  at: Date;
}

/** The merchant's decision. */
export interface AfterSaleReview {
  decision: 'approve' | 'refuse';
  /** The admin's OPENID. */
  by: string;
  at: Date;
  /** Why it was refused (shown to the shopper); null for an approval. */
  reason: string | null;
  /** The admin confirmed the returned goods arrived (required to approve a returnAndRefund). */
  goodsReceived: boolean;
}

/** The WeChat Pay refund, from approval on. */
export interface AfterSaleRefund {
  /** afterSaleRefundNo(_id): a re-submission is the same refund at WeChat Pay. */
  outRefundNo: string;
  /** WeChat Pay's refund id, once it accepted the refund. */
  refundId: string | null;
  /** Submissions so far (approve, and each retry). */
  attempts: number;
  lastAttemptAt: Date;
  /** When WeChat Pay accepted it. */
  acceptedAt: Date | null;
  /** Why the last submission was not accepted (or the refund failed later); null otherwise. */
  lastError: string | null;
  /** When the refund callback confirmed the money went back. */
  succeededAt: Date | null;
}

/** A document of collection `afterSales`. Amounts in fen. */
export interface AfterSaleDocument {
  /** `s` + 24 hex of SHA-256(orderId, idempotencyKey): a retried request finds its document. */
  _id: string;
  orderId: string;
  /** The shopper's OPENID (the order's buyer). */
  buyerId: string;
  idempotencyKey: string;
  kind: AfterSaleKind;
  /** Made by `requestWholeOrder` (every line's remaining amount). */
  wholeOrder: boolean;
  status: AfterSaleStatus;
  /** The order's status when the request was made. */
  orderStatusAtRequest: OrderStatus;
  lines: AfterSaleLine[];
  /** The shipping fee refunded with the request, fen (see shippingRefundFen). */
  shippingFen: number;
  /** The refund: Σ lines.amountFen + shippingFen, fen. */
  amountFen: number;
  reason: string;
  returnShipment: ReturnShipment | null;
  review: AfterSaleReview | null;
  refund: AfterSaleRefund | null;
  /** The order's refunds entry for this request, copied once it is refunded. */
  applied: OrderRefundEntry | null;
  createdAt: Date;
  updatedAt: Date;
  cancelledAt: Date | null;
}

// ---------------------------------------------------------------------------------------------
// Ids and the out_refund_no namespace
// ---------------------------------------------------------------------------------------------

/** `s` + 24 hex characters of SHA-256(orderId, idempotencyKey), computed by the afterSale function. */
export const AFTER_SALE_ID_PATTERN = /^s[0-9a-f]{24}$/;

/**
 * out_refund_no namespace (WeChat Pay: ≤ 64 characters of [0-9A-Za-z_-|*@]):
 * - `a<afterSaleId>` (`as` + 24 hex) for after-sales;
 * - `<orderId>-stray` (shared/contracts/onPayCallback.ts strayRefundNo) for the automatic
 *   refund of a payment the order did not keep (it arrived after the order closed, or for
 *   another amount); one per order.
 * The two never collide: an after-sale's has no dash. onRefundCallback resolves them with parseRefundNo.
 */
export function afterSaleRefundNo(id: string): string {
  return `a${id}`;
}

/** The suffix strayRefundNo adds to an order id, read from it so the two stay in step. */
const STRAY_SUFFIX = strayRefundNo('');

export type RefundNoTarget =
  { kind: 'afterSale'; afterSaleId: string } | { kind: 'stray'; orderId: string } | { kind: 'unknown' };

export function parseRefundNo(outRefundNo: string): RefundNoTarget {
  const strayOrderId = outRefundNo.slice(0, -STRAY_SUFFIX.length);
  if (strayOrderId.length > 0 && strayRefundNo(strayOrderId) === outRefundNo)
    return { kind: 'stray', orderId: strayOrderId };
  const id = outRefundNo.slice(1);
  if (outRefundNo.startsWith('a') && AFTER_SALE_ID_PATTERN.test(id)) return { kind: 'afterSale', afterSaleId: id };
  return { kind: 'unknown' };
}

// ---------------------------------------------------------------------------------------------
// Holds and what remains
// ---------------------------------------------------------------------------------------------

export interface LineAmount {
  amountFen: number;
  quantity: number;
}

export interface RequestedLine extends LineAmount {
  lineIndex: number;
}

/** What open requests hold, per line index. */
export function heldByOpenRequests(
  requests: ReadonlyArray<Pick<AfterSaleDocument, 'status' | 'lines'>>,
): Map<number, LineAmount> {
  const held = new Map<number, LineAmount>();
  for (const request of requests) {
    if (!isOpenAfterSale(request.status)) continue;
    for (const line of request.lines) {
      const sum = held.get(line.lineIndex) ?? { amountFen: 0, quantity: 0 };
      held.set(line.lineIndex, { amountFen: sum.amountFen + line.amountFen, quantity: sum.quantity + line.quantity });
    }
  }
  return held;
}

/** What a new request may still ask for on a line. */
export function remainingOfLine(line: OrderLine, held: LineAmount | undefined): LineAmount {
  return {
    amountFen: line.paidFen - line.refundedFen - (held?.amountFen ?? 0),
    quantity: line.quantity - line.refundedQuantity - (held?.quantity ?? 0),
  };
}

/**
 * A suggested amount for refunding `quantity` units: the units' share of what was paid, and
 * exactly the rest when they are the line's last units (so the shares add up to paidFen).
 */
export function proportionalAmountFen(line: OrderLine, quantity: number, remaining: LineAmount): number {
  if (quantity >= remaining.quantity) return remaining.amountFen;
  return Math.min(remaining.amountFen, Math.floor((line.paidFen * quantity) / line.quantity));
}

/**
 * The shipping fee is refunded only when nothing was shipped and the request refunds the whole
 * order: the order is `paid`, no line was refunded or is held, and the request takes every
 * line's whole paidFen. Otherwise 0: the carrier was paid, and shipping is never a commission base.
 */
export function shippingRefundFen(
  order: Pick<OrderDocument, 'status' | 'lines' | 'shippingFen'>,
  lines: readonly RequestedLine[],
  held: ReadonlyMap<number, LineAmount>,
): number {
  if (order.status !== 'paid' || order.shippingFen <= 0) return 0;
  const whole = order.lines.every((line) => {
    const asked = lines.find((requested) => requested.lineIndex === line.lineIndex);
    return line.refundedFen === 0 && !held.has(line.lineIndex) && asked?.amountFen === line.paidFen;
  });
  return whole ? order.shippingFen : 0;
}

/** Every line's remaining amount and units (lines with nothing left are left out). */
export function wholeOrderLines(
  order: Pick<OrderDocument, 'lines'>,
  held: ReadonlyMap<number, LineAmount>,
  kind: AfterSaleKind,
): RequestedLine[] {
  return order.lines.flatMap((line) => {
    const remaining = remainingOfLine(line, held.get(line.lineIndex));
    // A return needs units to send back; a line whose units are all refunded keeps its rest.
    if (remaining.amountFen <= 0 || (kind === 'returnAndRefund' && remaining.quantity <= 0)) return [];
    return [{ lineIndex: line.lineIndex, amountFen: remaining.amountFen, quantity: Math.max(remaining.quantity, 0) }];
  });
}

export type RequestRefusal =
  | 'ORDER_NOT_REFUNDABLE'
  | 'NOT_SHIPPED'
  | 'LINE_NOT_FOUND'
  | 'AMOUNT_EXCEEDS_REMAINING'
  | 'QUANTITY_EXCEEDS_REMAINING'
  | 'NOTHING_TO_REFUND';

export type RequestCheck =
  | { ok: true; lines: AfterSaleLine[]; shippingFen: number; amountFen: number }
  | { ok: false; code: RequestRefusal; message: string };

function refusal(code: RequestRefusal, message: string): RequestCheck {
  return { ok: false, code, message };
}

/** Whether `lines` may be requested now; the stored lines and amounts when they may. */
export function checkRequest(
  order: Pick<OrderDocument, 'status' | 'lines' | 'shippingFen'>,
  kind: AfterSaleKind,
  lines: readonly RequestedLine[],
  held: ReadonlyMap<number, LineAmount>,
): RequestCheck {
  if (!REFUNDABLE_ORDER_STATUSES.includes(order.status))
    return refusal(
      'ORDER_NOT_REFUNDABLE',
      `订单状态为 ${order.status}，不能申请售后 (only paid, shipped or completed orders)`,
    );
  if (kind === 'returnAndRefund' && !RETURNABLE_ORDER_STATUSES.includes(order.status))
    return refusal('NOT_SHIPPED', '订单未发货，请申请仅退款 (nothing was shipped: ask for refundOnly)');
  if (lines.length === 0) return refusal('NOTHING_TO_REFUND', '没有可退的金额 (nothing left to refund)');
  const stored: AfterSaleLine[] = [];
  for (const requested of lines) {
    const line = order.lines.find((candidate) => candidate.lineIndex === requested.lineIndex);
    if (!line) return refusal('LINE_NOT_FOUND', `订单没有第 ${requested.lineIndex} 行 (no such line)`);
    const remaining = remainingOfLine(line, held.get(line.lineIndex));
    if (requested.amountFen > remaining.amountFen)
      return refusal(
        'AMOUNT_EXCEEDS_REMAINING',
        `第 ${line.lineIndex} 行最多可退 ${Math.max(remaining.amountFen, 0)} 分 (line ${line.lineIndex}: at most ${Math.max(remaining.amountFen, 0)} fen)`,
      );
    if (requested.quantity > remaining.quantity)
      return refusal(
        'QUANTITY_EXCEEDS_REMAINING',
        `第 ${line.lineIndex} 行最多可退 ${Math.max(remaining.quantity, 0)} 件 (line ${line.lineIndex}: at most ${Math.max(remaining.quantity, 0)} units)`,
      );
    const { skuId, name, spec, image, unitPriceFen } = line;
    stored.push({
      lineIndex: line.lineIndex,
      skuId,
      name,
      spec,
      image,
      unitPriceFen,
      quantity: requested.quantity,
      amountFen: requested.amountFen,
    });
  }
  const shippingFen = shippingRefundFen(order, lines, held);
  const amountFen = stored.reduce((sum, line) => sum + line.amountFen, shippingFen);
  return { ok: true, lines: stored, shippingFen, amountFen };
}

// ---------------------------------------------------------------------------------------------
// Applying a completed refund
// ---------------------------------------------------------------------------------------------

/**
 * The refund of `lines` applied to the order's lines as they are now: each line's totals after
 * it and whether it is the line's last refund. Throws when the refund does not fit: holds make
 * that impossible, so it is a broken invariant, not an expected outcome.
 */
export function applyRefund(orderLines: readonly OrderLine[], lines: readonly RequestedLine[]): RefundedLine[] {
  return lines.map((refunded) => {
    const line = orderLines.find((candidate) => candidate.lineIndex === refunded.lineIndex);
    if (!line) throw new RangeError(`refund names line ${refunded.lineIndex}, which the order does not have`);
    const refundedFenAfter = line.refundedFen + refunded.amountFen;
    const refundedQuantityAfter = line.refundedQuantity + refunded.quantity;
    if (refundedFenAfter > line.paidFen || refundedQuantityAfter > line.quantity) {
      throw new RangeError(
        `refund of line ${line.lineIndex} exceeds what was paid: ${refundedFenAfter}/${line.paidFen} fen, ${refundedQuantityAfter}/${line.quantity} units`,
      );
    }
    const lastOfLine = refunded.amountFen > 0 && refundedFenAfter === line.paidFen;
    return {
      lineIndex: line.lineIndex,
      amountFen: refunded.amountFen,
      quantity: refunded.quantity,
      refundedFenAfter,
      refundedQuantityAfter,
      lastOfLine,
    };
  });
}
