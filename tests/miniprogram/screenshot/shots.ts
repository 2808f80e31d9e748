/**
 * The pages drawn by `npm run screenshot:miniprogram` (render.shot.ts) and checked against the
 * committed gallery by screenshot-drift.test.ts, each with its example data. The data are the
 * fixtures of the page tests, with Chinese product names; every amount goes through the pages'
 * formatter.
 */
import { DEFAULT_RULES } from '@shared/rules';
import { rulesLimits } from '@shared/rulesLimits';
import { demoPicture } from '../../../scripts/demoImages';
import { alertFixture, dashboardView, orderView, productView, skuView } from '../admin-fixtures';
import { distributorDetail, distributorView } from '../admin-distributor-fixtures';
import { centerView, commissionView, ledgerCenterView, profileView, rankingView, teamMembersPage } from '../fixtures';
import { answerCalls, fail, ok, renderPage, settle, tap, wx, type Rendered } from '../helpers';
import { HOMEWARE, productCard, SNACKS, TEA, detailView, sku } from '../shop-browse-fixtures';
import { addressView, shippedOrder } from '../shop-buy-fixtures';
import { ACTIVITY_SHOTS } from './activityShots';
import { ANALYTICS_SHOTS } from './analyticsShots';
import { FLASH_SALE_SHOTS } from './flashSaleShots';
import { GROUP_SHOTS } from './groupShots';
import { INVITE_SHOTS } from './inviteShots';
import { MATERIALS_SHOTS } from './materialsShots';
import { POINTS_SHOTS } from './pointsShots';
import { TEAM_BONUS_SHOTS } from './teamBonusShots';
import { TEAM_SHOTS } from './teamShots';
import { RISK_SHOTS } from './riskShots';
import { WALLET_SHOTS } from './walletShots';
import { clearInjectedStyles, pageHtml } from './html';

const distributorProfile = profileView({
  distributor: { status: 'approved', isDistributor: true, gradeId: 'silver', gradeName: '银牌分销员' },
  referrer: { nickname: '小红', avatarUrl: '', bindingExpiresAt: null },
});

const home = {
  categories: [TEA, SNACKS, HOMEWARE],
  sections: [
    {
      category: TEA,
      products: [productCard('t1', '明前西湖龙井 250g', 12800), productCard('t2', '云南普洱熟茶饼', 6900, 19900)],
      hasMore: true,
    },
    {
      category: SNACKS,
      products: [
        productCard('n1', '每日坚果礼盒', 8990, 8990, 'cat-snacks'),
        productCard('n2', '芒果干 3 袋装', 3590, 3590, 'cat-snacks'),
      ],
      hasMore: false,
    },
  ],
};

/** 分类管理: five categories, one hidden, one without products. */
const ADMIN_CATEGORIES = [
  { id: 'cat-tea', name: '茶叶', sortOrder: 10, hidden: false, productCount: 12 },
  { id: 'cat-snacks', name: '零食', sortOrder: 20, hidden: false, productCount: 8 },
  { id: 'cat-home', name: '家居', sortOrder: 30, hidden: false, productCount: 5 },
  { id: 'cat-gift', name: '节日礼盒', sortOrder: 40, hidden: true, productCount: 3 },
  { id: 'cat-new', name: '新品', sortOrder: 50, hidden: false, productCount: 0 },
];

/** 分销等级: the default grades and a fourth reached by released commission. */
const GRADE_ANSWERS = {
  'admin.getRules': ok({
    rules: {
      ...DEFAULT_RULES,
      grades: [
        ...DEFAULT_RULES.grades,
        {
          id: 'platinum',
          name: '铂金分销员',
          rank: 3,
          ratesBp: [1800, 900],
          upgradeWhen: { releasedCommissionFen: 5_000_000 },
        },
      ],
    },
    version: 4,
    updatedAt: '2026-03-01T00:00:00.000Z',
    updatedBy: 'o',
  }),
  'admin.rulesLimits': ok(rulesLimits()),
};

const product = detailView({
  name: '云南普洱熟茶饼 · 十年陈',
  description: '勐海古树原料，2016 年压制，干仓存放。汤色红浓，陈香明显，耐泡。',
  skus: [
    sku('p1-small', '100g 小饼', 6900, 999, { stockCapped: true }),
    sku('p1-big', '357g 饼', 19900, 3),
    sku('p1-box', '礼盒装', 19900, 0),
  ],
  commissionEstimate: { minFen: 690, maxFen: 1990 },
});

/**
 * placeOrder › quote for 西湖龙井 × 1 (限时折扣 ¥118.00) and 竹纤维毛巾 × 2 with 满150减15 and a
 * ¥10 coupon, free shipping; the amounts as shared/checkoutPricing.ts apportions them.
 */
const quote = (() => {
  const sale = { id: 'act-sale', kind: 'timedDiscount', name: '春茶限时折扣', priceFen: 11800 };
  const coupon = { source: 'coupon' as const, id: 'cpn-10_oBuyer_1', name: '无门槛减10元' };
  const reduction = { source: 'fullReduction' as const, id: 'act-mj', name: '满150减15' };
  const lines = [
    {
      skuId: 'tea-250',
      productId: 'p-tea',
      name: '明前西湖龙井',
      spec: '250g 罐装',
      unitPriceFen: 12800,
      quantity: 1,
      activity: sale,
      discounts: [
        { source: 'activity' as const, id: sale.id, name: sale.name, amountFen: 1000 },
        { ...reduction, amountFen: 895 },
        { ...coupon, amountFen: 597 },
      ],
    },
    {
      skuId: 'towel-white',
      productId: 'p-towel',
      name: '竹纤维毛巾',
      spec: '白色',
      unitPriceFen: 3990,
      quantity: 2,
      activity: null,
      discounts: [
        { ...reduction, amountFen: 605 },
        { ...coupon, amountFen: 403 },
      ],
    },
  ].map((line) => {
    const discountFen = line.discounts.reduce((sum, discount) => sum + discount.amountFen, 0);
    return {
      ...line,
      image: `cloud://env.bucket/products/${line.productId}/cover.png`,
      lineTotalFen: line.unitPriceFen * line.quantity,
      discountFen,
      paidFen: line.unitPriceFen * line.quantity - discountFen,
      stock: 10,
    };
  });
  const goodsFen = lines.reduce((sum, line) => sum + line.lineTotalFen, 0);
  const discounts = [
    { source: 'activity' as const, id: sale.id, name: sale.name, amountFen: 1000 },
    { ...reduction, amountFen: 1500 },
    { ...coupon, amountFen: 1000 },
  ];
  const discountFen = 3500;
  const coupons = [
    {
      couponId: coupon.id,
      name: coupon.name,
      kind: 'noThreshold' as const,
      thresholdFen: 0,
      offFen: 1000,
      payRateBp: 0,
      maxOffFen: 0,
      validTo: '2026-03-08T00:00:00.000Z',
      amountFen: 1000,
      usable: true,
      reason: null,
    },
  ];
  return {
    lines,
    goodsFen,
    discountFen,
    discounts,
    shippingFen: 0,
    payableFen: goodsFen - discountFen,
    couponId: coupon.id,
    coupons,
    // 余额支付 offered: the balance covers the order.
    balanceFen: 50000,
  };
})();

const shipped = shippedOrder();
const order = {
  ...shipped,
  note: '请尽快发货',
  lines: shipped.lines.map((line) => ({
    ...line,
    name: line.skuId === 'tea-250' ? '明前西湖龙井' : '竹纤维毛巾',
    spec: line.skuId === 'tea-250' ? '250g 罐装' : '白色',
    image: `cloud://env.bucket/products/${line.productId}/cover.png`,
  })),
};

/** 30 days of earnings (fen) with quiet days and a busy weekend, ending on 2026-03-15 (the fixture's today). */
const DAILY_FEN = [
  0, 520, 1290, 0, 860, 2350, 3120, 980, 0, 1450, 640, 1990, 4210, 3880, 1200, 0, 760, 1530, 990, 2640, 5160, 4420,
  1330, 870, 0, 1760, 2080, 3390, 2950, 1250,
];
const earningsChart = DAILY_FEN.map((earnedFen, index) => ({
  day: new Date(Date.UTC(2026, 1, 14 + index)).toISOString().slice(0, 10),
  earnedFen,
}));
const center = ledgerCenterView({
  earningsChart,
  earnings: { todayFen: 1250, monthFen: 29_130, totalFen: 160_555, day: '2026-03-15', month: '2026-03' },
});

/** 领券中心 (opened through 小红's share) and 我的优惠券: one coupon of each kind, one already held. */
const couponCard = (couponId: string, fields: Record<string, unknown>) => ({
  couponId,
  name: '',
  kind: 'threshold',
  headline: '',
  condition: '',
  scope: '全场通用',
  validFrom: null,
  validTo: null,
  validDays: 7,
  remaining: 100,
  perUserLimit: 1,
  held: 0,
  canClaim: true,
  exclusive: false,
  ...fields,
});
const COUPON_CENTER = [
  couponCard('c-vip', {
    name: '小红专属 · 立减15元',
    kind: 'noThreshold',
    headline: '¥15.00',
    condition: '无门槛',
    exclusive: true,
    remaining: 38,
  }),
  couponCard('c-full', { name: '满199减30', headline: '¥30.00', condition: '满¥199.00可用', remaining: 512 }),
  couponCard('c-tea', {
    name: '茶叶 8.5 折',
    kind: 'discount',
    headline: '8.5折',
    condition: '最高减¥50.00',
    scope: '指定分类可用',
    validDays: null,
    validFrom: '2026-03-01T00:00:00+08:00',
    validTo: '2026-03-31T16:00:00.000Z',
    remaining: 80,
    held: 1,
    canClaim: false,
  }),
];
const heldCoupon = (id: string, fields: Record<string, unknown>) => ({
  id,
  couponId: id.split('_')[0],
  name: '',
  headline: '',
  condition: '',
  scope: '全场通用',
  validFrom: '2026-03-10T02:00:00.000Z',
  validTo: '2026-03-17T02:00:00.000Z',
  state: 'available',
  orderId: null,
  claimedAt: '2026-03-10T02:00:00.000Z',
  ...fields,
});
const MY_COUPONS = [
  heldCoupon('c-full_o1_1', { name: '满199减30', headline: '¥30.00', condition: '满¥199.00可用' }),
  heldCoupon('c-vip_o1_1', { name: '小红专属 · 立减15元', headline: '¥15.00', condition: '无门槛' }),
  heldCoupon('c-tea_o1_1', {
    name: '茶叶 8.5 折',
    headline: '8.5折',
    condition: '最高减¥50.00',
    scope: '指定分类可用',
    validTo: '2026-03-31T16:00:00.000Z',
  }),
];

type Answers = Record<string, unknown>;
export interface Shot {
  name: string;
  path: string;
  answers: Answers;
  query?: Record<string, string>;
  /** What a person does before the picture is taken (types an amount, ...). */
  act?: (page: Rendered) => Promise<void>;
  /** What the page needs from WeChat before it loads beyond the cloud's answers (a canvas node). */
  before?: () => void;
}

export const SHOTS: Shot[] = [
  // The gallery (docs/screenshots/, shown in the README).
  { name: 'home', path: 'pages/index/index', answers: { 'catalog.home': ok(home) } },
  {
    name: 'product',
    path: 'shop/product/product',
    answers: { 'catalog.detail': ok(product), 'profile.get': ok(distributorProfile) },
    query: { id: 'p1' },
  },
  {
    name: 'checkout',
    path: 'shop/checkout/checkout',
    answers: { 'placeOrder.quote': ok(quote), 'address.list': ok({ items: [addressView()] }) },
    query: { from: 'cart', items: 'tea-250:1,towel-white:2' },
  },
  {
    name: 'order',
    path: 'shop/order/order',
    answers: { 'order.detail': ok(order), 'afterSale.list': ok({ items: [], nextOffset: null }) },
    query: { id: order.id },
  },
  { name: 'distributor-center', path: 'distributor/center/center', answers: { 'distributor.center': ok(center) } },
  {
    name: 'coupon-center',
    path: 'shop/coupons/coupons',
    query: { r: 'XHS8K2QD' },
    answers: { 'coupon.center': ok({ items: COUPON_CENTER }) },
  },
  {
    name: 'my-coupons',
    path: 'shop/myCoupons/myCoupons',
    answers: { 'coupon.mine': ok({ items: MY_COUPONS, page: 1, hasMore: false }) },
  },
  {
    name: 'commission',
    path: 'distributor/commission/commission',
    answers: { 'distributor.commission': ok({ commission: commissionView() }) },
    query: { id: 'c:o100:0:1' },
  },
  {
    name: 'withdraw',
    path: 'distributor/withdraw/withdraw',
    answers: { 'distributor.center': ok(center) },
    act: async (page) => {
      page.querySelector('.amount-input')?.dispatchEvent('input', { detail: { value: '100' } });
      await settle();
    },
  },
  {
    name: 'admin-dashboard',
    path: 'admin/dashboard/dashboard',
    answers: {
      'admin.dashboard': ok(
        dashboardView({
          alerts: {
            open: 2,
            templateId: 'tpl-alert',
            items: [
              alertFixture(),
              alertFixture({
                id: 'settlement:o20260331',
                kind: 'settlement',
                title: '佣金结算长时间未完成',
                amountFen: 12_800,
                detail: 'order o20260331, paid 2026-03-31 13:05 China time, is still unsettled after 40 minutes',
                action: {
                  text: '系统每 5 分钟自动重试结算；持续出现请查看云函数 sweepSettlements 的日志',
                  button: null,
                  route: null,
                  page: null,
                },
                firstSeenAt: '2026-03-31T05:40:00.000Z',
              }),
            ],
          },
        }),
      ),
    },
  },
  {
    name: 'admin-distributors',
    path: 'admin/distributors/distributors',
    answers: {
      'admin.getRules': ok({ rules: DEFAULT_RULES, version: 3, updatedAt: '2026-03-01T00:00:00.000Z', updatedBy: 'o' }),
      'admin.listDistributors': ok({
        items: [
          distributorView('oRef', { gradeId: 'gold', gradeName: '金牌分销员' }),
          distributorView('oW', {
            nickname: '王芳',
            shareCode: 'P2R4S6U8',
            gradeId: 'silver',
            gradeName: '银牌分销员',
            stats: { paidSpendFen: 8_800, teamPaidSalesFen: 356_000, releasedCommissionFen: 4_200 },
            team: { directMembers: 5, totalMembers: 9 },
            balances: { frozenFen: 1_280, availableFen: 3_300, withdrawingFen: 0, withdrawnFen: 8_000 },
          }),
          distributorView('oZ', {
            nickname: '',
            shareCode: 'H8J9K2M3',
            status: 'disabled',
            stats: { paidSpendFen: 0, teamPaidSalesFen: 0, releasedCommissionFen: 0 },
            team: { directMembers: 0, totalMembers: 0 },
            balances: { frozenFen: 0, availableFen: 640, withdrawingFen: 0, withdrawnFen: 0 },
          }),
        ],
        nextOffset: null,
      }),
    },
  },
  {
    name: 'admin-distributor',
    path: 'admin/distributor/distributor',
    query: { userId: 'oRef' },
    answers: { 'admin.distributorDetail': ok(distributorDetail()) },
  },
  // More pages, for a look at the layout (.test-output only).
  { name: 'me', path: 'pages/me/me', answers: { 'profile.get': ok(distributorProfile) } },
  {
    name: 'distributor-apply',
    path: 'distributor/apply/apply',
    answers: { 'distributor.center': ok(centerView({ status: 'none', isDistributor: false })) },
  },
  {
    name: 'distributor-team',
    path: 'distributor/team/team',
    answers: { 'distributor.teamMembers': ok(teamMembersPage(1, ['小红', '阿强', ''], 'next')) },
  },
  {
    name: 'distributor-ranking',
    path: 'distributor/ranking/ranking',
    answers: { 'distributor.ranking': ok(rankingView()) },
  },
  { name: 'admin-gate', path: 'admin/index/index', answers: { 'admin.listAdmins': fail('FORBIDDEN', '仅管理员可用') } },
  {
    name: 'admin-ledger',
    path: 'admin/ledger/ledger',
    query: { userId: 'oD1xK3' },
    answers: {
      'admin.verifyLedger': ok({
        checked: 128,
        entries: 2_346,
        broken: [
          {
            userId: 'oD9mQ2',
            break: { reason: 'hash', entryId: 'settle:o20260301:oD9mQ2', seq: 7, message: 'changed' },
          },
        ],
        cursor: null,
      }),
    },
    act: async (page) => {
      await tap(page, '.verify-button', '.t-button');
      await settle(10);
    },
  },
  {
    name: 'admin-rules',
    path: 'admin/rules/rules',
    answers: {
      'admin.getRules': ok({ rules: DEFAULT_RULES, version: 3, updatedAt: '2026-03-01T00:00:00.000Z', updatedBy: 'o' }),
      'admin.rulesLimits': ok(rulesLimits()),
    },
  },
  {
    name: 'admin-categories',
    path: 'admin/categories/categories',
    answers: { 'admin.listCategories': ok({ items: ADMIN_CATEGORIES }) },
  },
  { name: 'admin-grades', path: 'admin/grades/grades', answers: GRADE_ANSWERS },
  {
    name: 'admin-grade-form',
    path: 'admin/grades/grades',
    answers: GRADE_ANSWERS,
    act: async (page) => {
      page.querySelectorAll('.edit-button')[1]!.querySelector('.t-button')!.dispatchEvent('tap');
      await settle(10);
      page.querySelectorAll('.rate-input')[0]!.dispatchEvent('input', { detail: { value: '25' } });
      page.querySelectorAll('.rate-input')[1]!.dispatchEvent('input', { detail: { value: '10' } });
      await tap(page, '.save-button', '.t-button');
    },
  },
  {
    // 订单管理 with the ship form open (express companies of WeChat's list, 无需物流), and a shipped
    // order whose report to WeChat failed.
    name: 'admin-ship',
    path: 'admin/orders/orders',
    answers: {
      'admin.listOrders': ok({
        items: [
          orderView('o20260306a'),
          orderView('o20260305b', {
            status: 'shipped',
            statusLabel: '待收货',
            shipping: { carrier: '中通快递', trackingNo: '73100012345678', shippedAt: '2026-03-05T08:00:00.000Z' },
            shippingUpload: {
              state: 'failed',
              attempts: 3,
              lastError: '10060001: 支付单不存在',
              lastAttemptAt: '2026-03-05T08:15:00.000Z',
              acceptedAt: null,
            },
          }),
        ],
        nextOffset: null,
      }),
    },
    act: async (page) => {
      await tap(page, '.ship-button', '.t-button');
      page.querySelectorAll('.express')[0]?.dispatchEvent('tap');
      page.querySelector('.tracking-input')?.dispatchEvent('input', { detail: { value: 'SF1234567890' } });
      await settle();
    },
  },
  {
    name: 'admin-product-form',
    path: 'admin/product/product',
    query: { id: 'p-tea' },
    answers: {
      'admin.listCategories': ok({
        items: [TEA, SNACKS, HOMEWARE].map((category) => ({ ...category, hidden: false, productCount: 3 })),
      }),
      'admin.listProducts': ok({
        items: [
          productView({
            categoryId: TEA.id,
            name: '明前西湖龙井 250g',
            description: '狮峰山产区，清明前手工采摘，一芽一叶。',
            commission: { mode: 'percent', ratesBp: [1500, 500] },
            skus: [
              skuView('tea-250', {
                spec: '250g 罐装',
                priceFen: 12_800,
                stock: 48,
                distributorPriceFen: 9_900,
                distributorPricesByGrade: { gold: 8_800 },
              }),
              skuView('tea-500', {
                spec: '500g 礼盒',
                priceFen: 24_800,
                stock: 12,
                commission: { mode: 'fixed', fixedFenPerUnit: [3000, 1000] },
              }),
            ],
          }),
        ],
        nextOffset: null,
      }),
      'admin.getRules': ok({ rules: DEFAULT_RULES, version: 3, updatedAt: '2026-03-01T00:00:00.000Z', updatedBy: 'o' }),
      'admin.rulesLimits': ok(rulesLimits()),
    },
    // The pictures as the merchant uploaded them; data URIs so that the shot shows them offline.
    act: async (page) => {
      const picture = (variant: number) =>
        `data:image/png;base64,${demoPicture({ title: 'LONGJING', caption: '250G', colour: [76, 140, 74], variant }).toString('base64')}`;
      page.setData({ 'form.images': [0, 1, 2].map(picture), 'form.detailImages': [5, 6].map(picture) });
      await settle(10);
    },
  },
  // 分销专属价 on the product page, as a distributor sees it (outside the gallery).
  {
    name: 'product-distributor-price',
    path: 'shop/product/product',
    answers: {
      'catalog.detail': ok({
        ...product,
        skus: product.skus.map((option) =>
          option.id === 'p1-small' ? { ...option, distributorPriceFen: 5900 } : option,
        ),
      }),
      'profile.get': ok(distributorProfile),
    },
    query: { id: 'p1' },
  },
  // The activity pages (activityShots.ts).
  ...ACTIVITY_SHOTS,
  // The 秒杀 page (flashSaleShots.ts).
  ...FLASH_SALE_SHOTS,
  ...GROUP_SHOTS,
  ...POINTS_SHOTS,
  // The invite reward's settings (inviteShots.ts).
  ...INVITE_SHOTS,
  ...TEAM_BONUS_SHOTS,
  ...TEAM_SHOTS,
  ...RISK_SHOTS,
  // The balance pages (walletShots.ts).
  ...WALLET_SHOTS,
  // The materials library and the poster templates (materialsShots.ts).
  ...MATERIALS_SHOTS,
  // The analytics pages with their charts (analyticsShots.ts).
  ...ANALYTICS_SHOTS,
];

/**
 * The pages' clock during a shot: the fixtures' today (2026-03-15, noon China time), so a page
 * that shows a date or a countdown draws the same picture on any day. Only Date is replaced;
 * the timers stay real because the pages wait on them.
 */
const SHOT_CLOCK = new Date('2026-03-15T04:00:00.000Z');

/** Renders one shot the way a person would see it and returns the page as standalone HTML. */
export async function renderShot(shot: Shot): Promise<{ status: unknown; html: string }> {
  jest.useFakeTimers({
    now: SHOT_CLOCK,
    doNotFake: [
      'hrtime',
      'nextTick',
      'performance',
      'queueMicrotask',
      'requestAnimationFrame',
      'cancelAnimationFrame',
      'requestIdleCallback',
      'cancelIdleCallback',
      'setImmediate',
      'clearImmediate',
      'setInterval',
      'clearInterval',
      'setTimeout',
      'clearTimeout',
    ],
  });
  try {
    wx.clearStorageSync();
    clearInjectedStyles();
    answerCalls(shot.answers);
    shot.before?.();
    const page = await renderPage(shot.path, shot.query ?? {});
    await settle(10);
    if (shot.act) await shot.act(page);
    return { status: page.data.status ?? 'ready', html: pageHtml(page, shot.path) };
  } finally {
    jest.useRealTimers();
  }
}
