/**
 * The order document (docs/rules.md sections 5-6). An order is keyed by a
 * deterministic id derived from the buyer and the client's idempotency key, which is also the
 * payment's out_trade_no. It snapshots everything later steps need: prices, the address, the
 * rules version and, per line, the commission attribution of every level.
 */
import type { InviteSkipReason } from './inviteReward';
import type { OrderRefundEntry } from './afterSales';
import type { LineAttribution, ProductCommission } from './attribution';
import type { NamedDiscount } from './checkoutPricing';
import type { StrayReason } from './contracts/onPayCallback';
import type { OrderStatus } from './orderStates';
import type { RiskCaseStatus } from './risk';

/** The ways an order can be paid (OrderDocument.payMethod). */
export const PAY_METHODS = ['wechat', 'balance'] as const;
export type PayMethod = (typeof PAY_METHODS)[number];

/**
 * An order's points (积分, docs/wallet.md section 4). placeOrder writes it when points are on:
 * what the order spent and the earning rate it was placed under; settlement, the release and
 * refunds complete it. Absent when points were off.
 */
export interface OrderPoints {
  /** Points spent on the order at checkout (0: none). */
  usedPoints: number;
  /** What they took off the goods, fen (the `points` discount, apportioned to the lines). */
  offFen: number;
  /** Points per whole yuan of paid goods the order earns (the rules' earnPerYuan when placed). */
  earnPerYuan: number;
  /** Points credited to frozen at settlement: floor(net paid goods in yuan) × earnPerYuan. */
  earnedPoints?: number;
  /** Of earnedPoints, taken back by refunds so far (cumulative; shortfalls included). */
  earnedBackPoints?: number;
  /** frozen from settlement (when earnedPoints > 0) until the release after the return window. */
  earnState?: 'frozen' | 'released';
  /** Of usedPoints, given back so far (a refund, or all of them when the order closed unpaid). */
  spentBackPoints?: number;
}

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

/**
 * The activity that priced an order line (docs/marketing.md): today a 限时折扣. Kept on the line so
 * the order shows it and the activity's results can be counted from the orders.
 */
export interface OrderLineActivity {
  /** The activity's `_id` (collection `activities`). */
  id: string;
  kind: string;
  name: string;
  /** The activity's unit price, fen; the line's `unitPriceFen` stays the SKU's original price. */
  priceFen: number;
}

/**
 * One discount on an order (docs/marketing.md): its source, the activity's `_id` or the coupon's
 * userCoupons `_id` (`distributorPrice` for the distributor-exclusive price, source
 * `distributorPrice`, named 分销专属价), its name, and the amount in fen (on a line: that line's share; on the
 * order: the whole discount).
 */
export type OrderDiscount = NamedDiscount;

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
  /**
   * Every discount on this line, fen: the line price's difference (its activity's or the
   * distributor-exclusive price's) plus its shares of 满减 and coupon (largest remainder).
   */
  discountFen: number;
  /** What the shopper pays for the line, fen: lineTotalFen − discountFen, the commission base. */
  paidFen: number;
  /**
   * The activity that priced the line, or null (also when the distributor-exclusive price beat its
   * 限时折扣). Absent on orders placed before activities existed.
   */
  activity?: OrderLineActivity | null;
  /**
   * The discounts that make up `discountFen`, each with its share of this line in fen (at most one
   * per source: activity or distributorPrice, fullReduction, coupon); they sum to `discountFen`. Absent on orders placed
   * before activities existed.
   */
  discounts?: OrderDiscount[];
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

/**
 * A confirmed payment the order did not keep: it arrived after the order closed, or for
 * another amount. It is refunded (out_refund_no `strayRefundNo(orderId)`), or, for a closed
 * order when the merchant's rule `revivePaidClosedOrders` is on and stock allows, the order is
 * revived to paid. Written once by a conditional update (the first delivery that gets there
 * decides); later deliveries continue the recorded decision.
 */
export interface StrayPayment {
  reason: StrayReason;
  /** `revive` may turn into `refund` (stock ran out); never the other way. */
  decision: 'refund' | 'revive';
  transactionId: string;
  /** What the shopper paid, in fen (refunded in full). */
  paidFen: number;
  paidAt: Date;
  decidedAt: Date;
  /** The order's close reason when the payment arrived (null for a mismatch on an open order). */
  closeReason: OrderDocument['closeReason'];
  /** out_refund_no of the refund: `<orderId>-stray`. */
  refundNo: string;
  /** The platform's refund id, once it accepted the refund. */
  refundId: string | null;
  /** When the platform accepted the refund (completion is reported to onRefundCallback). */
  refundRequestedAt: Date | null;
  /** When the refund completed; set by onRefundCallback. */
  refundedAt: Date | null;
  /** When the order was revived to paid with this payment. */
  revivedAt: Date | null;
}

/**
 * The report of an order's shipping to WeChat (`wxa.sec.order.uploadShippingInfo`,
 * cloudfunctions/_lib/shippingUpload.ts). shipOrder writes it `pending` with the shipping and
 * tries at once; the uploadShipping timer retries `pending` and `failed` ones when
 * `nextAttemptAt` has come, until WeChat accepts it.
 */
export interface ShippingUpload {
  state: 'pending' | 'accepted' | 'failed';
  /** Upload attempts made so far (0 before the first one). */
  attempts: number;
  /** The platform's errcode and message of the last failed attempt; null when none failed. */
  lastError: string | null;
  lastAttemptAt: Date | null;
  /** When the timer may try again (backoff after each failure); null once accepted, or when retrying cannot help. */
  nextAttemptAt: Date | null;
  acceptedAt: Date | null;
}

/** How a shipped order left the shop. */
export interface OrderShipping {
  /** The express company's name, or the no-logistics label (shared/express.ts NO_LOGISTICS). */
  carrier: string;
  /** The tracking number; '' without logistics. */
  trackingNo: string;
  shippedAt: Date;
  /** Set when shipped without logistics (virtual goods, or picked up); absent or null for an express company. */
  noLogistics?: 'virtual' | 'pickup' | null;
  /** The report to WeChat; absent on orders shipped before reports existed. */
  upload?: ShippingUpload;
}

/**
 * A document of collection `orders`, as placeOrder writes it and the lifecycle, settlement and
 * after-sales complete it. Amounts in fen. The optional fields are absent until the step that
 * owns them first writes them (placeOrder never writes them).
 */
export interface OrderDocument {
  /** Deterministic from buyer and idempotency key; also the payment's out_trade_no (≤ 32 chars). */
  _id: string;
  /**
   * The readable order number (订单号) shoppers and the merchant see: the order's China day and
   * eight digits, e.g. `2026120738475012`, unique through its orderNumbers document. Absent on
   * orders placed before numbers existed (they show their id: displayOrderNo).
   */
  orderNo?: string;
  /** The shopper's OPENID. */
  buyerId: string;
  /** The client's key for this order: a retried placeOrder finds the same order. */
  idempotencyKey: string;
  status: OrderStatus;
  reservation: ReservationState;
  lines: OrderLine[];
  /** Σ lineTotalFen, fen. */
  goodsFen: number;
  /** Every discount together, fen (at most goodsFen; the sum of the lines' discountFen). */
  discountFen: number;
  /**
   * The discounts of the order, each with its whole amount in fen: line prices (one entry per
   * activity, one for the distributor-exclusive price), each 满减 that applied, the coupon. Per source they equal the sum of the lines'
   * shares. Absent on orders placed before activities existed.
   */
  discounts?: OrderDiscount[];
  /** The shipping fee, fen (never a commission base). */
  shippingFen: number;
  /** What the shopper pays, fen: goodsFen − discountFen + shippingFen; the payment must match it exactly. */
  payableFen: number;
  address: OrderAddress;
  /** The shopper's client IP when placing the order, when the platform gave a public one (risk holds). */
  clientIp?: string;
  /** The rules version the order was priced and attributed with. */
  rulesVersion: number;
  /** The beneficiaries chain used (levels 1..n), for audit. */
  chain: string[];
  /**
   * The coupon the order holds: the shopper's userCoupons `_id` (taken by placeOrder, given back
   * if the order closes unpaid while it is still valid); null without a coupon.
   */
  couponId: string | null;
  /** The shopper's note to the merchant. */
  note: string;
  /**
   * How the shopper pays (docs/wallet.md): `wechat` (WeChat Pay, the payment callback marks the
   * order paid) or `balance` (余额支付: one transaction takes the balance and marks the order paid;
   * refunds go back to the balance). One order is paid by one method, never split. Absent on
   * orders placed before balance payment existed: read as `wechat`.
   */
  payMethod?: PayMethod;
  /**
   * A balance-paid order: what its refunds credited back to the balance so far, fen (never more
   * than `payment.paidFen`); written with each credit. Absent before the first one.
   */
  balanceRefundedFen?: number;
  createdAt: Date;
  /** When an unpaid order closes automatically. */
  payDeadline: Date;
  payment: {
    /** What wx.requestPayment needs, as unifiedOrder answered it. */
    params: Record<string, string> | null;
    /** The platform's transaction id, once the order holds a confirmed payment. */
    transactionId: string | null;
    /** What the platform confirms was paid, fen (equals payableFen). */
    paidFen: number | null;
    paidAt: Date | null;
  };
  shipping: OrderShipping | null;
  completedAt: Date | null;
  /** Who completed the order: the shopper (confirmReceipt) or the timer (autoConfirmOrders). Absent before completion. */
  completedBy?: 'shopper' | 'auto' | null;
  /** When a shipped order completes by itself (shippedAt + autoConfirmDays); null before shipping. */
  autoConfirmAt: Date | null;
  /**
   * completedAt + returnWindowDays of the order's rules version: when the return window ends
   * and the order's commissions may be released (docs/rules.md section 6). Absent before completion.
   */
  returnWindowEndsAt?: Date | null;
  closedAt: Date | null;
  /**
   * COUPON_INVALID: placeOrder lost its coupon to another order between its read and taking it.
   * FLASH_SOLD_OUT / FLASH_LIMIT_REACHED: a 秒杀 line found its session sold out or the shopper's
   * limit reached. GROUP_FULL: placeOrder lost the group's last place to another member;
   * GROUP_FAILED: its group did not fill in time. POINTS_INSUFFICIENT: placeOrder found fewer
   * available points than the order spends when taking them (another order spent them first).
   */
  closeReason:
    | 'UNPAID_TIMEOUT'
    | 'OUT_OF_STOCK'
    | 'CANCELLED'
    | 'COUPON_INVALID'
    | 'FLASH_SOLD_OUT'
    | 'FLASH_LIMIT_REACHED'
    | 'GROUP_FULL'
    | 'GROUP_FAILED'
    | 'POINTS_INSUFFICIENT'
    | null;
  /** A confirmed payment the order did not keep, and its refund or revival. Absent (or null) when there was none. */
  strayPayment?: StrayPayment | null;
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
    /**
     * The invite reward's decision for the order (docs/team.md section 3): 'pending' is written by
     * the settlement transaction when the invite reward is on (or the rules could not be read) and
     * someone other than the buyer stands in the chain; the step after the commit (or the
     * settlement sweep, after a crash) replaces it with what was decided: 'granted', 'capped' (the
     * referrer's daily cap was full), 'rewarded' (the invitee earned a reward before),
     * 'riskVoided' (the merchant had voided the order's risk case) or an InviteSkipReason. Absent: nothing to decide.
     */
    invite?: 'pending' | 'granted' | 'capped' | 'rewarded' | 'riskVoided' | InviteSkipReason;
    /**
     * The order's risk case (`risk:<orderId>`, docs/rules.md section 9): 'open' written by the
     * settlement that opened it, then the merchant's decision. The team bonus waits for an open
     * case and never counts a voided one. Absent: no case.
     */
    risk?: RiskCaseStatus;
  };
  /**
   * Scheduling the commissions' release at completion: 'pending' is set by the same update that
   * completes the order (the durable request), 'done' once every existing commission of the order
   * has its releaseAt; the release timer re-drives 'pending'. Absent before completion.
   */
  commissionSchedule?: 'pending' | 'done';
  /** Completed refunds (after-sales), in the order they were applied. Absent until the first one. */
  refunds?: OrderRefundEntry[];
  /** Points spent and earned (OrderPoints); absent when points were off when it was placed. */
  points?: OrderPoints;
  /** The 拼团 group the order holds a place in (shared/groupBuy.ts); absent on other orders. */
  groupId?: string;
  /** After-sale requests ever made on the order: the request transaction writes it (its lock on the order). Absent until the first one. */
  afterSaleCount?: number;
  updatedAt: Date;
}

/**
 * A document of collection `orderNumbers`: the reservation that makes an order number unique.
 * placeOrder inserts it (its `_id` is the number) before the order; a number already taken by
 * another order makes it try the next candidate.
 */
export interface OrderNumberDocument {
  /** The order number itself (OrderDocument.orderNo). */
  _id: string;
  /** The order that holds the number. */
  orderId: string;
  createdAt: Date;
}

/** The number to show for an order: its readable number, or its id when it was placed before numbers existed. */
export function displayOrderNo(order: { _id: string; orderNo?: string }): string {
  return order.orderNo ?? order._id;
}

/** The order's goods as paid, net of refunds so far, fen (shipping is not sales). */
export function netGoodsFen(order: { lines: ReadonlyArray<Pick<OrderLine, 'paidFen' | 'refundedFen'>> }): number {
  return order.lines.reduce((sum, line) => sum + line.paidFen - line.refundedFen, 0);
}
