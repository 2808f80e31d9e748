/**
 * Screenshots of the pages, for people to look at (not a test of behaviour): `npm run
 * screenshot:miniprogram` renders each page here with example data into
 * .test-output/miniprogram/<name>.html, then capture.ts turns them into PNGs with Chromium and
 * copies the gallery's (GALLERY in gallery.ts) to docs/screenshots/. The data are the fixtures
 * of the page tests, with Chinese product names; every amount goes through the pages' formatter.
 * The `.shot.ts` suffix keeps this file out of `npm test` (jest matches `*.test.ts` only).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_RULES } from '@shared/rules';
import { rulesLimits } from '@shared/rulesLimits';
import { demoPicture } from '../../../scripts/demoImages';
import { alertFixture, dashboardView, productView, skuView } from '../admin-fixtures';
import { centerView, commissionView, ledgerCenterView, profileView, rankingView, teamPage } from '../fixtures';
import { answerCalls, fail, ok, renderPage, settle, tap, wx, type Rendered } from '../helpers';
import { HOMEWARE, productCard, SNACKS, TEA, detailView, sku } from '../shop-browse-fixtures';
import { addressView, shippedOrder } from '../shop-buy-fixtures';
import { GALLERY } from './gallery';
import { clearInjectedStyles, pageHtml, SCREENSHOT_DIR } from './html';

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

/** placeOrder › quote for 西湖龙井 × 1 and 竹纤维毛巾 × 2, free shipping. */
const quote = (() => {
  const lines = [
    { skuId: 'tea-250', productId: 'p-tea', name: '明前西湖龙井', spec: '250g 罐装', unitPriceFen: 12800, quantity: 1 },
    { skuId: 'towel-white', productId: 'p-towel', name: '竹纤维毛巾', spec: '白色', unitPriceFen: 3990, quantity: 2 },
  ].map((line) => ({
    ...line,
    image: `cloud://env.bucket/products/${line.productId}/cover.png`,
    lineTotalFen: line.unitPriceFen * line.quantity,
    discountFen: 0,
    paidFen: line.unitPriceFen * line.quantity,
    stock: 10,
  }));
  const goodsFen = lines.reduce((sum, line) => sum + line.lineTotalFen, 0);
  return { lines, goodsFen, discountFen: 0, shippingFen: 0, payableFen: goodsFen };
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

type Answers = Record<string, unknown>;
interface Shot {
  name: string;
  path: string;
  answers: Answers;
  query?: Record<string, string>;
  /** What a person does before the picture is taken (types an amount, ...). */
  act?: (page: Rendered) => Promise<void>;
}

const SHOTS: Shot[] = [
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
    answers: { 'distributor.team': ok(teamPage(1, ['小红', '阿强', ''], true)) },
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
    name: 'admin-product-form',
    path: 'admin/product/product',
    query: { id: 'p-tea' },
    answers: {
      'catalog.categories': ok({ items: [TEA, SNACKS, HOMEWARE] }),
      'admin.listProducts': ok({
        items: [
          productView({
            categoryId: TEA.id,
            name: '明前西湖龙井 250g',
            description: '狮峰山产区，清明前手工采摘，一芽一叶。',
            commission: { mode: 'percent', ratesBp: [1500, 500] },
            skus: [
              skuView('tea-250', { spec: '250g 罐装', priceFen: 12_800, stock: 48 }),
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
];

beforeAll(() => mkdirSync(SCREENSHOT_DIR, { recursive: true }));

it('has a shot for every page of the gallery', () => {
  expect(GALLERY.map((entry) => entry.name).filter((name) => !SHOTS.some((shot) => shot.name === name))).toEqual([]);
});

it.each(SHOTS.map((shot) => [shot.name, shot] as const))('renders %s', async (name, shot) => {
  wx.clearStorageSync();
  clearInjectedStyles();
  answerCalls(shot.answers);
  const page = await renderPage(shot.path, shot.query ?? {});
  await settle(10);
  if (shot.act) await shot.act(page);
  // A page that made a call without an answer shows its error state: that is not a picture.
  expect(page.data.status ?? 'ready').toBe('ready');
  writeFileSync(join(SCREENSHOT_DIR, `${name}.html`), pageHtml(page, shot.path));
});
