/** Results of the buying functions (cart, placeOrder, order, address, afterSale) as the pages receive them. */
import type { AddressView } from '@shared/contracts/address';
import type { AfterSaleView, RefundableOutput } from '@shared/contracts/afterSale';
import type { CartLineView, CartView } from '@shared/contracts/cart';
import type { OrderView } from '@shared/contracts/order';
import type { QuoteOutput } from '@shared/contracts/quote';

export function cartLine(overrides: Partial<CartLineView> & { skuId: string }): CartLineView {
  const unitPriceFen = overrides.unitPriceFen === undefined ? 1990 : overrides.unitPriceFen;
  const quantity = overrides.quantity ?? 1;
  return {
    productId: `p-${overrides.skuId}`,
    name: `商品 ${overrides.skuId}`,
    spec: '默认',
    cover: null,
    unitPriceFen,
    quantity,
    stock: 10,
    stockCapped: false,
    status: 'available',
    lineTotalFen: unitPriceFen === null ? null : unitPriceFen * quantity,
    addedAt: '2026-03-01T02:00:00.000Z',
    ...overrides,
  };
}

export function cartView(lines: CartLineView[]): CartView {
  const available = lines.filter((line) => line.status === 'available');
  return {
    lines,
    totals: {
      lineCount: lines.length,
      availableLineCount: available.length,
      quantity: available.reduce((sum, line) => sum + line.quantity, 0),
      goodsFen: available.reduce((sum, line) => sum + (line.lineTotalFen ?? 0), 0),
    },
  };
}

export function addressView(overrides: Partial<AddressView> = {}): AddressView {
  return {
    id: 'addr_1',
    name: '张三',
    phone: '13800138000',
    province: '浙江省',
    city: '杭州市',
    district: '西湖区',
    detail: '文三路 1 号',
    isDefault: true,
    createdAt: '2026-03-01T02:00:00.000Z',
    updatedAt: '2026-03-01T02:00:00.000Z',
    ...overrides,
  };
}

export function quoteView(
  lines: Array<{ skuId: string; quantity: number; unitPriceFen: number }>,
  shippingFen = 800,
): QuoteOutput {
  const quoted = lines.map((line) => ({
    ...line,
    productId: `p-${line.skuId}`,
    name: `商品 ${line.skuId}`,
    spec: '默认',
    image: '',
    lineTotalFen: line.unitPriceFen * line.quantity,
    discountFen: 0,
    paidFen: line.unitPriceFen * line.quantity,
    activity: null,
    discounts: [],
    stock: 10,
  }));
  const goodsFen = quoted.reduce((sum, line) => sum + line.lineTotalFen, 0);
  return {
    lines: quoted,
    goodsFen,
    discountFen: 0,
    discounts: [],
    shippingFen,
    payableFen: goodsFen + shippingFen,
    couponId: null,
    coupons: [],
    balanceFen: 0,
  };
}

export const PAY_PARAMS = {
  timeStamp: '1772330400',
  nonceStr: 'n0nce',
  package: 'prepay_id=wx123',
  signType: 'MD5',
  paySign: 'S1GN',
};

/** The fields of an order that nothing happened to after payment: not shipped, completed or closed. */
export const NOT_SHIPPED: Pick<
  OrderView,
  | 'shipping'
  | 'autoConfirmAt'
  | 'completedAt'
  | 'completedBy'
  | 'returnWindowEndsAt'
  | 'closedAt'
  | 'closeReason'
  | 'strayRefund'
> = {
  shipping: null,
  autoConfirmAt: null,
  completedAt: null,
  completedBy: null,
  returnWindowEndsAt: null,
  closedAt: null,
  closeReason: null,
  strayRefund: null,
};

export function orderView(overrides: Partial<OrderView> = {}): OrderView {
  return {
    id: 'o0123456789abcdef01234567',
    orderNo: '2026030112345678',
    status: 'pending_payment',
    statusLabel: '待付款',
    lines: [
      {
        lineIndex: 0,
        skuId: 'tea-250',
        productId: 'p-tea',
        name: '普洱茶',
        spec: '250g',
        image: '',
        unitPriceFen: 12800,
        quantity: 1,
        lineTotalFen: 12800,
        discountFen: 0,
        paidFen: 12800,
        activity: null,
        discounts: [],
        refundedFen: 0,
        refundedQuantity: 0,
      },
      {
        lineIndex: 1,
        skuId: 'towel-white',
        productId: 'p-towel',
        name: '毛巾',
        spec: '白色',
        image: '',
        unitPriceFen: 3990,
        quantity: 2,
        lineTotalFen: 7980,
        discountFen: 0,
        paidFen: 7980,
        activity: null,
        discounts: [],
        refundedFen: 0,
        refundedQuantity: 0,
      },
    ],
    itemCount: 3,
    goodsFen: 20780,
    discountFen: 0,
    discounts: [],
    shippingFen: 0,
    payableFen: 20780,
    payMethod: 'wechat',
    address: {
      name: '张三',
      phone: '13800138000',
      province: '浙江省',
      city: '杭州市',
      district: '西湖区',
      detail: '文三路 1 号',
    },
    note: '',
    createdAt: '2026-03-01T02:00:00.000Z',
    payDeadline: '2026-03-01T02:30:00.000Z',
    payParams: PAY_PARAMS,
    paidFen: null,
    paidAt: null,
    ...NOT_SHIPPED,
    ...overrides,
  };
}

export function paidOrder(overrides: Partial<OrderView> = {}): OrderView {
  return orderView({
    status: 'paid',
    statusLabel: '待发货',
    payDeadline: null,
    payParams: null,
    paidFen: 20780,
    paidAt: '2026-03-01T02:05:00.000Z',
    ...overrides,
  });
}

export function shippedOrder(overrides: Partial<OrderView> = {}): OrderView {
  return paidOrder({
    status: 'shipped',
    statusLabel: '待收货',
    shipping: { carrier: '顺丰速运', trackingNo: 'SF1234567890', shippedAt: '2026-03-02T02:00:00.000Z' },
    autoConfirmAt: '2026-03-12T02:00:00.000Z',
    ...overrides,
  });
}

export function refundable(overrides: Partial<RefundableOutput> = {}): RefundableOutput {
  return {
    orderId: 'o0123456789abcdef01234567',
    orderStatus: 'shipped',
    canRequest: true,
    canReturn: true,
    openRequests: 0,
    lines: [
      {
        lineIndex: 0,
        skuId: 'tea-250',
        name: '普洱茶',
        spec: '250g',
        image: '',
        quantity: 1,
        paidFen: 12800,
        refundedFen: 0,
        refundedQuantity: 0,
        heldFen: 0,
        heldQuantity: 0,
        remainingFen: 12800,
        remainingQuantity: 1,
      },
      {
        lineIndex: 1,
        skuId: 'towel-white',
        name: '毛巾',
        spec: '白色',
        image: '',
        quantity: 2,
        paidFen: 7981,
        refundedFen: 0,
        refundedQuantity: 0,
        heldFen: 0,
        heldQuantity: 0,
        remainingFen: 7981,
        remainingQuantity: 2,
      },
    ],
    wholeOrder: { lines: [], shippingFen: 0, amountFen: 20781 },
    ...overrides,
  };
}

export function afterSaleView(overrides: Partial<AfterSaleView> = {}): AfterSaleView {
  return {
    id: 's0123456789abcdef01234567',
    orderId: 'o0123456789abcdef01234567',
    kind: 'refundOnly',
    kindLabel: '仅退款',
    status: 'requested',
    statusLabel: '待审核',
    wholeOrder: false,
    lines: [
      {
        lineIndex: 1,
        skuId: 'towel-white',
        name: '毛巾',
        spec: '白色',
        image: '',
        unitPriceFen: 3990,
        quantity: 1,
        amountFen: 3990,
      },
    ],
    shippingFen: 0,
    amountFen: 3990,
    reason: '少发了一件',
    returnShipment: null,
    review: null,
    refundedAt: null,
    createdAt: '2026-03-03T02:00:00.000Z',
    updatedAt: '2026-03-03T02:00:00.000Z',
    cancelledAt: null,
    ...overrides,
  };
}
