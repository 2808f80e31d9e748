/**
 * The order document (issue "orders", rulebook sections 5-6). An order is keyed by a
 * deterministic id derived from the buyer and the client's idempotency key, which is also the
 * payment's out_trade_no. It snapshots everything later steps need: prices, the address, the
 * rules version and, per line, the commission attribution of every level.
 */
import type { LineAttribution, ProductCommission } from './attribution';
import type { OrderStatus } from './orderStates';

/** A delivery address: stored per user (addresses) and copied onto each order. */
export interface OrderAddress {
  /** The recipient (收货人). */
  name: string;
  /** Mainland mobile number, 11 digits. */
  phone: string;
  province: string;
  city: string;
  /** District or county; may be empty where the region picker has none. */
  district: string;
  /** Street, building and room. */
  detail: string;
}

export interface OrderLine {
  /** Position in the order, from 0; after-sales and commissions refer to lines by it. */
  lineIndex: number;
  skuId: string;
  productId: string;
  name: string;
  spec: string;
  image: string;
  unitPriceFen: number;
  quantity: number;
  /** unitPriceFen x quantity. */
  lineTotalFen: number;
  /** This line's share of the order discount (largest remainder). */
  discountFen: number;
  /** What the shopper pays for the line: the commission base. */
  paidFen: number;
  commission: ProductCommission;
  attribution: LineAttribution;
  /** Refunded so far on this line, in fen and units (after-sales). */
  refundedFen: number;
  refundedQuantity: number;
}

/**
 * Stock reservation progress: `reserving` while placeOrder takes stock line by line,
 * `reserved` once every line holds its units, `released` once they were given back (closed
 * unpaid, or a line was out of stock).
 */
export type ReservationState = 'reserving' | 'reserved' | 'released';

export interface OrderDocument {
  /** Deterministic from buyer and idempotency key; also the payment's out_trade_no (≤ 32 chars). */
  _id: string;
  buyerId: string;
  idempotencyKey: string;
  status: OrderStatus;
  reservation: ReservationState;
  lines: OrderLine[];
  goodsFen: number;
  discountFen: number;
  shippingFen: number;
  /** What the shopper pays; the payment must match it exactly. */
  payableFen: number;
  address: OrderAddress;
  /** The rules version the order was priced and attributed with. */
  rulesVersion: number;
  /** The beneficiaries chain used (levels 1..n), for audit. */
  chain: string[];
  couponId: string | null;
  note: string;
  createdAt: Date;
  /** When an unpaid order closes automatically. */
  payDeadline: Date;
  payment: {
    /** What wx.requestPayment needs, as unifiedOrder answered it. */
    params: Record<string, string> | null;
    transactionId: string | null;
    paidFen: number | null;
    paidAt: Date | null;
  };
  shipping: { carrier: string; trackingNo: string; shippedAt: Date } | null;
  completedAt: Date | null;
  /** When a shipped order completes by itself (shippedAt + autoConfirmDays); null before shipping. */
  autoConfirmAt: Date | null;
  closedAt: Date | null;
  closeReason: 'UNPAID_TIMEOUT' | 'OUT_OF_STOCK' | 'CANCELLED' | null;
  /** Commission settlement (settleCommission): pending until its records exist. */
  settlement: {
    state: 'none' | 'pending' | 'settled';
    settledAt: Date | null;
    /** Set at settlement: the ancestors whose stats.teamPaidSalesFen got the order's net goods (refunds subtract from the same people). */
    teamIds?: string[];
    /** Set at settlement: the goods net of refunds already applied then, fen, added to the buyer's stats.paidSpendFen. */
    netGoodsFen?: number;
    /** out_refund_no of each refund whose commission reversal and stats change are done: netted by settlement itself, or applied after it (onRefundCallback). */
    reversedRefunds?: string[];
  };
  /**
   * Scheduling the commissions' release at completion: 'pending' is set by the same update that
   * completes the order (the durable request), 'done' once every existing commission of the order
   * has its releaseAt; the release timer re-drives 'pending'. Absent before completion.
   */
  commissionSchedule?: 'pending' | 'done';
  updatedAt: Date;
}
