/**
 * Shots of the activity pages (render.shot.ts draws them with the others; both are in the gallery):
 * the product page during a live 限时折扣 under a 满减, and the merchant's 营销活动 list. The
 * countdown is drawn at the shots' fixed clock, so the picture is the same on any day.
 */
import { ok } from '../helpers';
import { detailView, sku } from '../shop-browse-fixtures';
import { profileView } from '../fixtures';
import type { Shot } from './shots';

/** The shots' clock (shots.ts SHOT_CLOCK): the catalog answers with it as its server time. */
const NOW = Date.parse('2026-03-15T04:00:00.000Z');
const iso = (offsetMs: number) => new Date(NOW + offsetMs).toISOString();
const ENDS = iso(2 * 86_400_000 + 3 * 3_600_000 + 4 * 60_000 + 5_000);

const discountedProduct = detailView({
  name: '云南普洱熟茶饼 · 十年陈',
  description: '勐海古树原料，2016 年压制，干仓存放。汤色红浓，陈香明显，耐泡。',
  skus: [
    sku('p1-small', '100g 小饼', 6900, 999, {
      stockCapped: true,
      activity: { activityId: 'td1', name: '新春限时折扣', priceFen: 5900, endAt: ENDS },
    }),
    sku('p1-big', '357g 饼', 19900, 3),
  ],
  reductions: [
    {
      activityId: 'fr1',
      name: '茶叶满减',
      endAt: iso(30 * 86_400_000),
      tiers: [
        { thresholdFen: 19900, offFen: 2000, label: '满199减20' },
        { thresholdFen: 29900, offFen: 4000, label: '满299减40' },
      ],
    },
  ],
  serverTime: iso(0),
});

const common = {
  commission: true,
  createdAt: iso(-86_400_000),
  updatedAt: iso(-86_400_000),
};

const activities = [
  {
    activity: {
      ...common,
      id: 'fr1',
      kind: 'fullReduction',
      name: '茶叶满减',
      startAt: iso(-5 * 86_400_000),
      endAt: iso(25 * 86_400_000),
      status: 'active',
      state: 'running',
      scope: { kind: 'categories', categoryIds: ['cat-tea'] },
      tiers: [
        { thresholdFen: 19900, offFen: 2000 },
        { thresholdFen: 29900, offFen: 4000 },
      ],
    },
    results: { orders: 86, units: 214, discountFen: 198_000, paidFen: 2_356_400, commissionFen: 141_384 },
  },
  {
    activity: {
      ...common,
      id: 'td1',
      kind: 'timedDiscount',
      name: '新春限时折扣',
      commission: false,
      startAt: iso(-86_400_000),
      endAt: ENDS,
      status: 'active',
      state: 'running',
      skus: [
        { skuId: 'p1-small', productId: 'p1', priceFen: 5900 },
        { skuId: 'tea-250', productId: 'p-tea', priceFen: 9900 },
      ],
    },
    results: { orders: 41, units: 57, discountFen: 98_300, paidFen: 416_700, commissionFen: 0 },
  },
  {
    activity: {
      ...common,
      id: 'td0',
      kind: 'timedDiscount',
      name: '年货节',
      startAt: iso(-40 * 86_400_000),
      endAt: iso(-20 * 86_400_000),
      status: 'ended',
      state: 'ended',
      skus: [{ skuId: 'n1-a', productId: 'n1', priceFen: 6990 }],
    },
    results: { orders: 203, units: 388, discountFen: 77_600, paidFen: 2_712_120, commissionFen: 162_727 },
  },
];

export const ACTIVITY_SHOTS: Shot[] = [
  {
    name: 'product-activity',
    path: 'shop/product/product',
    answers: { 'catalog.detail': ok(discountedProduct), 'profile.get': ok(profileView()) },
    query: { id: 'p1' },
  },
  {
    name: 'admin-activities',
    path: 'admin/activities/activities',
    answers: { 'admin.listActivities': ok({ items: activities, nextOffset: null }) },
  },
];
