/**
 * order: the shopper's own orders (我的订单), one route per operation (`event.$url`):
 * list, counts, detail, cancel, confirmReceipt, payWithBalance. Identity comes from getWXContext(); a shopper
 * only ever sees and changes their own orders (anyone else's is ORDER_NOT_FOUND).
 *
 * Also here: the views of a stored order (shared/orders.ts OrderDocument), which the admin
 * function's order routes extend (shared/contracts/adminOrders.ts).
 */
import { z } from 'zod';
import { ORDER_STATUS_LABELS, type OrderStatus } from '../orderStates';
import { AddressView } from './address';
import { displayOrderNo, PAY_METHODS, type OrderDocument, type OrderLine } from '../orders';

// ---------------------------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------------------------

export const ORDER_STATUSES = [
  'pending_payment',
  'paid',
  'shipped',
  'completed',
  'closed',
] as const satisfies readonly OrderStatus[];
export const OrderStatusSchema = z.enum(ORDER_STATUSES);

/** Why an order closed (shared/orders.ts closeReason). */
export const CloseReasonSchema = z.enum([
  'UNPAID_TIMEOUT',
  'OUT_OF_STOCK',
  'CANCELLED',
  'COUPON_INVALID',
  'FLASH_SOLD_OUT',
  'FLASH_LIMIT_REACHED',
  'GROUP_FULL',
  'GROUP_FAILED',
  'POINTS_INSUFFICIENT',
] as const satisfies ReadonlyArray<NonNullable<OrderDocument['closeReason']>>);

/** Order ids are payment out_trade_nos: 1-32 letters, digits, `_` or `-`. */
export const OrderId = z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'not an order id');

/** Offset paging: `nextOffset` is null on the last page. */
export const Paging = {
  limit: z.number().int().min(1).max(50).default(10),
  offset: z.number().int().min(0).max(10_000).default(0),
};

export const ListOrdersInput = z.strictObject({
  /** Only orders in this state (a tab of 我的订单); every order when omitted. Newest first. */
  status: OrderStatusSchema.optional(),
  ...Paging,
});
export const CountOrdersInput = z.strictObject({});
export const OrderDetailInput = z.strictObject({ orderId: OrderId });
export const CancelOrderInput = z.strictObject({ orderId: OrderId });
export const ConfirmReceiptInput = z.strictObject({ orderId: OrderId });
export const PayWithBalanceInput = z.strictObject({ orderId: OrderId });

// ---------------------------------------------------------------------------------------------
// Views (times ISO strings, money fen)
// ---------------------------------------------------------------------------------------------

const IsoTime = z.string();

/** One discount (docs/marketing.md): on a line its share, on the order its whole amount, in fen. */
export const DiscountView = z.object({
  /** `distributorPrice`: the distributor-exclusive price (分销专属价), id `distributorPrice`; `points`: 积分抵扣, id `points`. */
  source: z.enum(['activity', 'distributorPrice', 'fullReduction', 'coupon', 'points']),
  /** The activity's id, the coupon's userCoupons id, `distributorPrice` for the distributor price, or `points` for points. */
  id: z.string(),
  /** The activity's or coupon's name as the shopper saw it. */
  name: z.string(),
  amountFen: z.number().int(),
});

/** The activity that priced a line: its id, kind, name and unit price in fen. */
export const LineActivityView = z.object({
  id: z.string(),
  kind: z.string(),
  name: z.string(),
  priceFen: z.number().int(),
});

export const OrderLineView = z.object({
  lineIndex: z.number().int(),
  skuId: z.string(),
  productId: z.string(),
  name: z.string(),
  spec: z.string(),
  image: z.string(),
  unitPriceFen: z.number().int(),
  quantity: z.number().int(),
  lineTotalFen: z.number().int(),
  /** Every discount on the line, fen: the sum of `discounts`. */
  discountFen: z.number().int(),
  paidFen: z.number().int(),
  /** The activity that priced the line (限时折扣), or null. */
  activity: LineActivityView.nullable(),
  /** The discounts that make up discountFen, each with this line's share. */
  discounts: z.array(DiscountView),
  refundedFen: z.number().int(),
  refundedQuantity: z.number().int(),
});

export const OrderView = z.object({
  id: z.string(),
  /** The readable order number (订单号); the id for orders placed before numbers existed. */
  orderNo: z.string(),
  status: OrderStatusSchema,
  /** The state's name on screen (待付款, 待发货, ...). */
  statusLabel: z.string(),
  lines: z.array(OrderLineView),
  /** Units over all lines. */
  itemCount: z.number().int(),
  goodsFen: z.number().int(),
  discountFen: z.number().int(),
  /** Every discount of the order with its name and whole amount (限时折扣, 满减, 优惠券); empty on older orders. */
  discounts: z.array(DiscountView),
  shippingFen: z.number().int(),
  payableFen: z.number().int(),
  /** How the order is (to be) paid: 微信支付 or 余额支付 (docs/wallet.md section 2). */
  payMethod: z.enum(PAY_METHODS),
  // The delivery address as the order keeps it: the address book's fields without its own id.
  address: AddressView.pick({ name: true, phone: true, province: true, city: true, district: true, detail: true }),
  note: z.string(),
  createdAt: IsoTime,
  /** While pending_payment: when it closes unpaid. */
  payDeadline: IsoTime.nullable(),
  /** While pending_payment: what wx.requestPayment needs to pay it (null when the payment was never opened). */
  payParams: z
    .object({
      timeStamp: z.string(),
      nonceStr: z.string(),
      package: z.string(),
      signType: z.string(),
      paySign: z.string(),
    })
    .nullable(),
  paidFen: z.number().int().nullable(),
  paidAt: IsoTime.nullable(),
  shipping: z.object({ carrier: z.string(), trackingNo: z.string(), shippedAt: IsoTime }).nullable(),
  /** While shipped: when it completes automatically unless the shopper confirms first. */
  autoConfirmAt: IsoTime.nullable(),
  completedAt: IsoTime.nullable(),
  completedBy: z.enum(['shopper', 'auto']).nullable(),
  returnWindowEndsAt: IsoTime.nullable(),
  closedAt: IsoTime.nullable(),
  closeReason: CloseReasonSchema.nullable(),
  /** A payment the order did not keep, and its refund (shown as 已退款 / 退款中). */
  strayRefund: z
    .object({ amountFen: z.number().int(), state: z.enum(['pending', 'requested', 'refunded']) })
    .nullable(),
});
export type OrderView = z.infer<typeof OrderView>;

export const ListOrdersOutput = z.object({ items: z.array(OrderView), nextOffset: z.number().int().nullable() });
/** Orders per state, for the badges of the 我的订单 tabs; every state is present (0 when none). */
export const CountOrdersOutput = z.object({ counts: z.record(OrderStatusSchema, z.number().int()) });
export const OrderDetailOutput = OrderView;
export const CancelOrderOutput = z.object({
  /** `unchanged`: it was already cancelled (a replay). */
  status: z.enum(['cancelled', 'unchanged']),
  order: OrderView,
});
export const PayWithBalanceOutput = z.object({
  /** `unchanged`: it was already paid (a replay, or a concurrent call paid it). */
  status: z.enum(['paid', 'unchanged']),
  order: OrderView,
});
export const ConfirmReceiptOutput = z.object({
  /** `unchanged`: it was already completed (a replay, or the timer got there first). */
  status: z.enum(['completed', 'unchanged']),
  order: OrderView,
});

/** The order function's route table (cloudfunctions/order/index.ts serves it). */
export const ORDER_CONTRACTS = {
  /** Newest first, optionally one state; `nextOffset` is null on the last page. */
  list: { input: ListOrdersInput, output: ListOrdersOutput },
  /** Orders per state (the badges of 我的订单). */
  counts: { input: CountOrdersInput, output: CountOrdersOutput },
  detail: { input: OrderDetailInput, output: OrderDetailOutput },
  /** Cancels an unpaid order; a replay answers `unchanged`. */
  cancel: { input: CancelOrderInput, output: CancelOrderOutput },
  /** 确认收货 of a shipped order; a replay answers `unchanged`. */
  confirmReceipt: { input: ConfirmReceiptInput, output: ConfirmReceiptOutput },
  /** 余额支付 of the caller's unpaid balance order (placed with payMethod `balance`); a replay answers `unchanged`. */
  payWithBalance: { input: PayWithBalanceInput, output: PayWithBalanceOutput },
} as const;
export type OrderRoute = keyof typeof ORDER_CONTRACTS;

/**
 * The codes the order function answers with `ok: false` besides the common ones:
 * ORDER_NOT_FOUND: no order with this id belongs to the caller;
 * INVALID_TRANSITION: the order is not in a state the operation applies to (cancel: pending_payment; confirmReceipt: shipped);
 * PAYMENT_IN_PROGRESS: cancel, but the shopper has paid (or is paying right now); the payment is being confirmed;
 * BALANCE_INSUFFICIENT: payWithBalance, but the balance does not cover the order (it stays unpaid);
 * BUSY: payWithBalance, but too many payments from the balance ran at once (retry).
 */
export const ORDER_ERRORS = [
  'ORDER_NOT_FOUND',
  'INVALID_TRANSITION',
  'PAYMENT_IN_PROGRESS',
  'BALANCE_INSUFFICIENT',
  'BUSY',
] as const;
export type OrderError = (typeof ORDER_ERRORS)[number];

/** A stored time as an ISO string; null when absent (also the admin order view's). */
export function iso(value: Date | string | null | undefined): string | null {
  return value === null || value === undefined ? null : new Date(value).toISOString();
}

function strayRefund(order: OrderDocument): OrderView['strayRefund'] {
  const stray = order.strayPayment;
  if (!stray || stray.decision !== 'refund') return null;
  return {
    amountFen: stray.paidFen,
    state: stray.refundedAt ? 'refunded' : stray.refundRequestedAt ? 'requested' : 'pending',
  };
}

function payParams(order: OrderDocument): OrderView['payParams'] {
  const params = order.payment.params;
  if (order.status !== 'pending_payment' || !params || order.strayPayment) return null;
  return {
    timeStamp: params.timeStamp ?? '',
    nonceStr: params.nonceStr ?? '',
    package: params.package ?? '',
    signType: params.signType ?? '',
    paySign: params.paySign ?? '',
  };
}

/** The shopper's view of an order line, which the admin order view extends. */
export function lineView(line: OrderLine): z.infer<typeof OrderLineView> {
  return {
    lineIndex: line.lineIndex,
    skuId: line.skuId,
    productId: line.productId,
    name: line.name,
    spec: line.spec,
    image: line.image,
    unitPriceFen: line.unitPriceFen,
    quantity: line.quantity,
    lineTotalFen: line.lineTotalFen,
    discountFen: line.discountFen,
    paidFen: line.paidFen,
    activity: line.activity ?? null,
    discounts: line.discounts ?? [],
    refundedFen: line.refundedFen,
    refundedQuantity: line.refundedQuantity,
  };
}

/** The shopper's view of a stored order: no attribution, chain or payment internals. */
export function orderView(order: OrderDocument): OrderView {
  return {
    id: order._id,
    orderNo: displayOrderNo(order),
    status: order.status,
    statusLabel: ORDER_STATUS_LABELS[order.status],
    lines: order.lines.map(lineView),
    itemCount: order.lines.reduce((sum, line) => sum + line.quantity, 0),
    goodsFen: order.goodsFen,
    discountFen: order.discountFen,
    discounts: order.discounts ?? [],
    shippingFen: order.shippingFen,
    payableFen: order.payableFen,
    payMethod: order.payMethod ?? 'wechat',
    address: {
      name: order.address.name,
      phone: order.address.phone,
      province: order.address.province,
      city: order.address.city,
      district: order.address.district,
      detail: order.address.detail,
    },
    note: order.note,
    createdAt: iso(order.createdAt) as string,
    payDeadline: order.status === 'pending_payment' ? iso(order.payDeadline) : null,
    payParams: payParams(order),
    paidFen: order.payment.paidFen,
    paidAt: iso(order.payment.paidAt),
    shipping: order.shipping
      ? {
          carrier: order.shipping.carrier,
          trackingNo: order.shipping.trackingNo,
          shippedAt: iso(order.shipping.shippedAt) as string,
        }
      : null,
    autoConfirmAt: order.status === 'shipped' ? iso(order.autoConfirmAt) : null,
    completedAt: iso(order.completedAt),
    completedBy: order.completedBy ?? null,
    returnWindowEndsAt: iso(order.returnWindowEndsAt),
    closedAt: iso(order.closedAt),
    closeReason: order.closeReason,
    strayRefund: strayRefund(order),
  };
}
