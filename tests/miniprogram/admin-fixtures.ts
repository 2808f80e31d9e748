/** Results of the admin function as the merchant pages receive them, shaped by shared/contracts. */
import type { AdminAfterSaleView } from '@shared/contracts/afterSale';
import type { AlertView } from '@shared/contracts/alerts';
import type { AdminProductView, AdminSkuView } from '@shared/contracts/catalog';
import type { DashboardOutput } from '@shared/contracts/dashboard';
import type { AdminOrderView } from '@shared/contracts/adminOrders';
import type { AdminWithdrawalView } from '@shared/contracts/withdraw';
import { NOT_SHIPPED } from './shop-buy-fixtures';

export const FORBIDDEN = { ok: false as const, error: { code: 'FORBIDDEN', message: '仅管理员可用 (admins only)' } };

export function dashboardView(overrides: Partial<DashboardOutput> = {}): DashboardOutput {
  return {
    day: '2026-03-31',
    month: '2026-03',
    sales: { today: { netGoodsFen: 16_000, orders: 2 }, month: { netGoodsFen: 1_234_567, orders: 40 } },
    orders: { pendingPayment: 1, toShip: 3, shipped: 2, completed: 30, closed: 4 },
    topUps: { today: { count: 3, amountFen: 70_000, bonusFen: 9_000 } },
    afterSalesOpen: 2,
    commission: { frozenFen: 1_100, availableFen: 150, withdrawingFen: 300, owedFen: 1_550 },
    pending: { applications: 2, withdrawals: 1, afterSales: 0, riskCases: 0 },
    // 14:30 in China on the dashboard's day.
    totalsAt: '2026-03-31T06:30:00.000Z',
    alerts: { open: 0, items: [], templateId: null },
    ...overrides,
  };
}

/** An open alert as the dashboard lists it (a refund WeChat Pay did not accept, by default). */
export function alertFixture(overrides: Partial<AlertView> = {}): AlertView {
  return {
    id: 'refund:s000000000000000000000001',
    kind: 'refund',
    ref: 's000000000000000000000001',
    condition: 'refused',
    state: 'open',
    title: '退款未被微信支付受理',
    detail: 'after-sale s000000000000000000000001 of order o1: WeChat Pay did not accept the refund: NOTENOUGH',
    amountFen: 123_456,
    action: {
      text: '查看原因（如商户号余额不足）处理后重新发起，同一笔退款不会重复退',
      button: '重新发起退款',
      route: { name: 'approveAfterSale', input: { afterSaleId: 's000000000000000000000001' } },
      page: null,
    },
    since: '2026-03-31T05:00:00.000Z',
    // 14:10 in China on the dashboard's day.
    firstSeenAt: '2026-03-31T06:10:00.000Z',
    lastSeenAt: '2026-03-31T06:30:00.000Z',
    resolvedAt: null,
    resolvedBy: null,
    notifiedAt: '2026-03-31T06:10:00.000Z',
    ...overrides,
  };
}

export function skuView(id: string, overrides: Partial<AdminSkuView> = {}): AdminSkuView {
  return {
    id,
    productId: 'p-tea',
    spec: id === 'tea-250' ? '250g' : '500g',
    priceFen: 12_800,
    stock: 20,
    onSale: true,
    commission: null,
    updatedAt: '2026-03-01T00:00:00.000Z',
    ...overrides,
  };
}

export function productView(overrides: Partial<AdminProductView> = {}): AdminProductView {
  return {
    id: 'p-tea',
    slug: 'p-tea',
    categoryId: 'cat-tea',
    name: '明前龙井',
    description: '当季新茶',
    images: [],
    detailImages: [],
    onSale: true,
    sortOrder: 0,
    minPriceFen: 12_800,
    maxPriceFen: 24_800,
    commission: { mode: 'default' },
    createdAt: '2026-03-01T00:00:00.000Z',
    updatedAt: '2026-03-01T00:00:00.000Z',
    skus: [skuView('tea-250'), skuView('tea-500', { spec: '500g', priceFen: 24_800, stock: 5 })],
    ...overrides,
  };
}

export function orderView(id: string, overrides: Partial<AdminOrderView> = {}): AdminOrderView {
  return {
    id,
    // What the server shows for an order placed before readable numbers existed: its id.
    orderNo: id,
    status: 'paid',
    statusLabel: '待发货',
    lines: [
      {
        lineIndex: 0,
        skuId: 'tea-250',
        productId: 'p-tea',
        name: '明前龙井',
        spec: '250g',
        image: '',
        unitPriceFen: 12_800,
        quantity: 2,
        lineTotalFen: 25_600,
        discountFen: 0,
        paidFen: 25_600,
        refundedFen: 0,
        refundedQuantity: 0,
        commission: { mode: 'default' },
        attribution: { baseFen: 25_600, quantity: 2, capFen: 0, capApplied: false, levels: [], totalFen: 0 },
      },
    ],
    itemCount: 2,
    goodsFen: 25_600,
    discountFen: 0,
    shippingFen: 0,
    payableFen: 25_600,
    address: {
      name: '张三',
      phone: '13800000000',
      province: '浙江省',
      city: '杭州市',
      district: '西湖区',
      detail: '文三路 1 号',
    },
    note: '',
    createdAt: '2026-03-05T06:30:00.000Z',
    payDeadline: null,
    payParams: null,
    paidFen: 25_600,
    paidAt: '2026-03-05T06:31:00.000Z',
    ...NOT_SHIPPED,
    buyerId: 'oBuyer',
    buyerNickname: '小明',
    rulesVersion: 1,
    chain: [],
    reservation: 'reserved',
    transactionId: 'tx-1',
    settlement: { state: 'none', settledAt: null },
    strayPayment: null,
    couponId: null,
    updatedAt: '2026-03-05T06:31:00.000Z',
    shippingUpload: null,
    ...overrides,
  } as AdminOrderView;
}

export function afterSaleView(id: string, overrides: Partial<AdminAfterSaleView> = {}): AdminAfterSaleView {
  return {
    id,
    orderId: 'o-1001',
    kind: 'returnAndRefund',
    kindLabel: '退货退款',
    status: 'requested',
    statusLabel: '待审核',
    wholeOrder: false,
    lines: [
      {
        lineIndex: 0,
        skuId: 'tea-250',
        name: '明前龙井',
        spec: '250g',
        image: '',
        unitPriceFen: 12_800,
        quantity: 1,
        amountFen: 12_800,
      },
    ],
    shippingFen: 0,
    amountFen: 12_800,
    reason: '包装破损',
    returnShipment: { carrier: '顺丰速运', trackingNo: 'SF1234567', at: '2026-03-06T02:00:00.000Z' },
    review: null,
    refundedAt: null,
    createdAt: '2026-03-06T01:00:00.000Z',
    updatedAt: '2026-03-06T02:00:00.000Z',
    cancelledAt: null,
    buyerId: 'oBuyer',
    orderStatusAtRequest: 'shipped',
    reviewedBy: null,
    refund: null,
    applied: null,
    ...overrides,
  };
}

export function withdrawalView(id: string, overrides: Partial<AdminWithdrawalView> = {}): AdminWithdrawalView {
  return {
    id,
    amountFen: 10_000,
    feeFen: 100,
    payoutFen: 9_900,
    channel: 'wechatTransfer',
    status: 'reviewing',
    transferState: null,
    reason: null,
    awaitsConfirmation: false,
    history: [
      { status: 'reviewing', transferRef: null, selfReview: false, at: '2026-03-07T02:00:00.000Z', note: null },
    ],
    createdAt: '2026-03-07T02:00:00.000Z',
    updatedAt: '2026-03-07T02:00:00.000Z',
    userId: 'oD1',
    nickname: '小红',
    rulesVersion: 1,
    outBillNo: null,
    transferBillNo: null,
    historyBy: ['oD1'],
    ...overrides,
  };
}
